"""``salyk payments import FILE.csv``: load a bank statement file into the ledger.

The file has a header row with the columns ``bank_reference,tin,tax,amount,paid_on`` (any
order; UTF-8, a BOM is accepted). Each line is posted exactly once per bank reference, as
``POST /officer/payments`` does (``salyk.ledger.payments``): a repeated line is a duplicate,
a known reference with other content is refused (``REFERENCE_CONFLICT``), an unknown ИСН or tax
is reported, never guessed. Lines are committed in chunks, so an interrupted import can simply
be run again.

Exit status: 0 when every line was accepted or a duplicate; 1 when some line was refused
(listed); 2 when the file cannot be read.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

app = typer.Typer(no_args_is_help=True, help="Bank payments: import a statement file (TC art. 59-60).")
console = Console()


@app.callback()
def _group() -> None:
    """Bank payments: import a statement file (TC art. 59-60)."""


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV with columns bank_reference,tin,tax,amount,paid_on", exists=False)],
    chunk_size: Annotated[int, typer.Option(help="lines per transaction", min=1, max=10_000)] = 1000,
    show: Annotated[int, typer.Option(help="how many refused lines to list")] = 20,
) -> None:
    """Import a bank statement file; prints accepted, duplicates and refused lines."""
    from salyk.kernel.config import Settings
    from salyk.kernel.errors import SalykError
    from salyk.ledger.bank_file import COLUMNS, read_payment_file
    from salyk.ledger.payments import import_payments
    from salyk.kernel.principal import SystemPrincipal
    from salyk.kernel.runtime import Runtime

    try:
        payments = read_payment_file(file.read_bytes())
    except OSError as exc:
        console.print(f"[red]cannot read {file}[/red]: {exc}")
        raise typer.Exit(2) from None
    except SalykError:
        console.print(f"[red]cannot read {file}[/red]: not a bank payment file (columns {','.join(COLUMNS)})")
        raise typer.Exit(2) from None

    rt = Runtime.from_settings(Settings.from_env())
    actor = SystemPrincipal(f"cli:{_user()}")
    try:
        with Progress(TextColumn("[bold]payments"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console) as progress:
            task = progress.add_task("import", total=len(payments))
            result = import_payments(rt, actor, payments, chunk_size=chunk_size, progress=lambda n: progress.advance(task, n))
    finally:
        rt.db.dispose()

    summary = Table(title=f"{file.name}: {len(payments)} lines")
    for column in ("accepted", "duplicates", "refused"):
        summary.add_column(column, justify="right")
    summary.add_row(str(result.accepted), str(result.duplicates), str(len(result.rejected)))
    console.print(summary)
    if result.rejected:
        refused = Table(title="refused lines" + (f" (first {show})" if len(result.rejected) > show else ""))
        for column in ("bank_reference", "code", "details"):
            refused.add_column(column)
        for r in result.rejected[:show]:
            refused.add_row(str(r.bank_reference), r.error.code, ", ".join(f"{k}={v}" for k, v in r.error.details.items()))
        console.print(refused)
        raise typer.Exit(1)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


if __name__ == "__main__":
    app()
