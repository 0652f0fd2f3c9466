"""``salyk registry import vehicles|real-estate FILE.csv``: the registries' monthly files (TC art. 125).

The file has a header row naming the record's fields (any order; UTF-8, a BOM is accepted):
vehicles ``registry_id,version,tin,plate,vin,make,model,year,engine_cc,kind,book_value,owned_from,owned_to``,
real estate ``registry_id,version,tin,eni,address,purpose,area_m2,share,locality,owned_from,owned_to``
(``book_value`` and ``owned_to`` may be empty). The rules are those of the API
(``salyk.property.feed``); rows are committed in chunks, so an interrupted import can be run again.

Exit status: 0 when every row was accepted or a duplicate; 1 when some row was refused (listed);
2 when the file cannot be read (nothing is imported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salyk.commands.imports import console, details, report, run_import

app = typer.Typer(no_args_is_help=True, help="Vehicle and real-estate registries: import their files (TC art. 125).")
KINDS = {"vehicles": "vehicle", "real-estate": "real_estate"}


@app.callback()
def _group() -> None:
    """Vehicle and real-estate registries: import their files (TC art. 125)."""


@app.command("import")
def import_file(
    kind: Annotated[str, typer.Argument(help="vehicles or real-estate")],
    file: Annotated[Path, typer.Argument(help="CSV with a header row of the record's fields")],
    chunk_size: Annotated[int, typer.Option(help="rows per transaction", min=1, max=10_000)] = 1000,
    show: Annotated[int, typer.Option(help="how many refused rows to list")] = 20,
) -> None:
    """Import a registry file; prints accepted, duplicates and refused rows."""
    from salyk.property.csvfile import FileRefused, read_rows
    from salyk.property.feed import import_rows

    if kind not in KINDS:
        console.print(f"[red]unknown registry {kind!r}[/red]: use vehicles or real-estate")
        raise typer.Exit(2)
    try:
        rows = read_rows(KINDS[kind], file.read_bytes())
    except (OSError, FileRefused) as exc:
        console.print(f"[red]cannot read {file}[/red]: {exc}")
        raise typer.Exit(2) from None

    result = run_import(kind, len(rows), lambda rt, actor, advance: import_rows(
        rt, actor, KINDS[kind], rows, chunk_size=chunk_size, progress=advance))
    report(f"{file.name}: {len(rows)} rows", result, "refused rows", ("line", "registry_id", "code", "details"),
           lambda r: (str((r.line or 0) + 1), str(r.registry_id), r.error.code, details(r.error.details)), show)
