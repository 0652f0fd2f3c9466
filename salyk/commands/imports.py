"""What the CLI's file imports share (``salyk payments import``, ``salyk registry import``): the run
against the configured database with a progress bar, and the report of what was accepted and refused.

Both commands answer the same way, so an operator reads them alike: a summary table (accepted,
duplicates, refused), then the first refused lines, and exit status 1 when any line was refused.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

if TYPE_CHECKING:  # the runtime (SQLAlchemy and all) loads when an import runs, not when the CLI starts
    from salyk.kernel.principal import SystemPrincipal
    from salyk.kernel.runtime import Runtime

console = Console()
R = TypeVar("R")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Outcome(Protocol[T_co]):
    """An import's result: how many lines were accepted and how many were duplicates; the refused ones."""

    @property
    def accepted(self) -> int: ...

    @property
    def duplicates(self) -> int: ...

    @property
    def rejected(self) -> Sequence[T_co]: ...


def run_import(label: str, total: int, run: Callable[[Runtime, SystemPrincipal, Callable[[int], None]], R]) -> R:
    """``run(rt, actor, advance)`` against the database of the environment's settings, as the system
    actor ``cli:<login name>``, with a progress bar of ``total`` lines that ``advance(n)`` moves."""
    from salyk.kernel.config import Settings
    from salyk.kernel.principal import SystemPrincipal
    from salyk.kernel.runtime import Runtime

    rt = Runtime.from_settings(Settings.from_env())
    actor = SystemPrincipal(f"cli:{_user()}")
    try:
        with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console) as progress:
            task = progress.add_task("import", total=total)
            return run(rt, actor, lambda n: progress.advance(task, n))
    finally:
        rt.db.dispose()


def report(title: str, result: Outcome[T], refused_title: str, columns: Sequence[str], row: Callable[[T], Sequence[str]], show: int) -> None:
    """Prints the summary and the first ``show`` refused lines (``row`` gives a refused line's cells
    under ``columns``); exit status 1 when any line was refused."""
    summary = Table(title=title)
    for column in ("accepted", "duplicates", "refused"):
        summary.add_column(column, justify="right")
    summary.add_row(str(result.accepted), str(result.duplicates), str(len(result.rejected)))
    console.print(summary)
    if result.rejected:
        refused = Table(title=refused_title + (f" (first {show})" if len(result.rejected) > show else ""))
        for column in columns:
            refused.add_column(column)
        for rejected in result.rejected[:show]:
            refused.add_row(*row(rejected))
        console.print(refused)
        raise typer.Exit(1)


def details(values: dict[str, object]) -> str:
    """A refused line's error details as ``key=value, ...``."""
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
