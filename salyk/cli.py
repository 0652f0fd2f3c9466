"""The ``salyk`` command (Typer + Rich): serve, migrate, create staff, load demo data, explain the law."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from salyk.kernel.config import Settings
from salyk.kernel.runtime import Runtime

app = typer.Typer(no_args_is_help=True, help="Salyk: the taxpayer cabinet of the Kyrgyz Republic.")
db_app = typer.Typer(no_args_is_help=True, help="Database migrations.")
officer_app = typer.Typer(no_args_is_help=True, help="Tax-office users.")
app.add_typer(db_app, name="db")
app.add_typer(officer_app, name="officer")
console = Console()


def _runtime() -> Runtime:
    return Runtime.from_settings(Settings.from_env())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to SALYK_DATABASE_URL."""
    from salyk.db.migrate import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url)
    console.print(f"[green]database is up to date[/green] ({_safe_url(settings.database_url)})")


@officer_app.command("create")
def officer_create(
    login: Annotated[str, typer.Option(help="the officer's login")],
    password: Annotated[str, typer.Option(help="the officer's password")],
    role: Annotated[str, typer.Option(help="officer or admin")] = "officer",
) -> None:
    """Create a tax-office user (idempotent on login: an existing user gets this password and role)."""
    from salyk.kernel.errors import SalykError
    from salyk.registry.officers import ensure_officer

    try:
        officer, created = ensure_officer(_runtime(), login, password, role)
    except SalykError as exc:
        console.print(f"[red]{exc.code}[/red] {exc.details or exc.message}")
        raise typer.Exit(2) from None
    console.print(f"{'created' if created else 'updated'} {officer.role} [bold]{officer.login}[/bold]")


@app.command()
def demo() -> None:
    """Load demo data (idempotent) and print the demo logins."""
    from salyk.demo import load

    rows = load(_runtime())
    table = Table(title="Demo logins")
    for column in ("who", "login", "password"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
) -> None:
    """Start the API and the web cabinet; applies pending migrations first."""
    import uvicorn

    from salyk.api.app import create_app
    from salyk.db.migrate import upgrade

    runtime = _runtime()
    upgrade(runtime.settings.database_url)
    console.print(f"Salyk on http://{host}:{port}/  (API /api/v1, OpenAPI /api/v1/openapi.json)")
    uvicorn.run(create_app(runtime), host=host, port=port, log_level="info", proxy_headers=False)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _mount_subcommands() -> None:
    # Sub-commands owned by other packages live in salyk/commands/.
    from salyk.commands.law import app as law_app
    from salyk.commands.payments import app as payments_app

    app.add_typer(law_app, name="law", help="The law engine: explain a computation with its citations.")
    app.add_typer(payments_app, name="payments", help="Bank payments: import a statement file.")


_mount_subcommands()


def main() -> None:
    app()
