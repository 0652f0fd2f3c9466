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

from pathlib import Path
from typing import Annotated

import typer

from salyk.commands.imports import console, details, report, run_import

app = typer.Typer(no_args_is_help=True, help="Bank payments: import a statement file (TC art. 59-60).")


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
    from salyk.kernel.errors import SalykError
    from salyk.ledger.bank_file import COLUMNS, read_payment_file
    from salyk.ledger.payments import import_payments

    try:
        payments = read_payment_file(file.read_bytes())
    except OSError as exc:
        console.print(f"[red]cannot read {file}[/red]: {exc}")
        raise typer.Exit(2) from None
    except SalykError:
        console.print(f"[red]cannot read {file}[/red]: not a bank payment file (columns {','.join(COLUMNS)})")
        raise typer.Exit(2) from None

    result = run_import("payments", len(payments), lambda rt, actor, advance: import_payments(
        rt, actor, payments, chunk_size=chunk_size, progress=advance))
    report(f"{file.name}: {len(payments)} lines", result, "refused lines", ("bank_reference", "code", "details"),
           lambda r: (str(r.bank_reference), r.error.code, details(r.error.details)), show)


if __name__ == "__main__":
    app()
