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


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="handle what is due, then stop")] = False,
    poll: Annotated[float, typer.Option(help="seconds between polls when idle")] = 1.0,
) -> None:
    """Run the outbox worker (notices, reminders, timers) until stopped; any number may run on PostgreSQL."""
    import signal

    from salyk.kernel.worker import Worker
    from salyk.modules import outbox_handlers, scheduled_jobs

    runtime = _runtime()
    w = Worker(runtime, outbox_handlers(), scheduled_jobs(), poll_seconds=poll)
    if once:
        console.print(f"handled {w.run_once()} outbox message(s)")
        return
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: w.stop.set())
    console.print(f"worker running against {_safe_url(runtime.settings.database_url)}")
    w.run_forever()


def _mount_subcommands() -> None:
    # Each module names its own sub-commands (Module.cli).
    from salyk.kernel.module import load
    from salyk.modules import MODULES

    for module in MODULES:
        for name, target in module.cli:
            sub = load(target)
            app.add_typer(sub, name=name, help=sub.info.help)


_mount_subcommands()


def main() -> None:
    app()
