"""``salyk law``: explain a computation of the law engine, step by step, with its citations.

    salyk law explain interest --arrears 10000 --due 2024-03-20 --paid 2024-05-04
    salyk law explain deadline --period 2024-03 [--kind report|advance|declaration|payment|amended|limitation]
    salyk law explain deferral-interest --amount 600000 --start 2017-03-01 --end 2017-05-30

Each prints a Rich table of the steps, the parameters used with their effective dates, and the
result; ``--json`` prints the same trace as JSON. Runnable on its own as
``python -m salyk.commands.law explain ...``.

To add an explanation: write a function decorated with ``@explain.command("name")`` that builds
a :class:`~salyk.law.trace.Trace` through the law function and ends with ``render(trace, json_)``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from salyk.law.money import parse_som
from salyk.law.trace import Trace

app = typer.Typer(no_args_is_help=True, help="The law engine: explain a computation with its citations.")
explain = typer.Typer(no_args_is_help=True, help="Explain how a number or a date is computed.")
app.add_typer(explain, name="explain")

JsonFlag = Annotated[bool, typer.Option("--json", help="print the trace as JSON")]


@app.callback()
def _law() -> None:
    """The Tax Code of the Kyrgyz Republic as cited, tested, dated code."""


# --- helpers shared by every explanation -----------------------------------------------------


def parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=f"--{name}") from None


def parse_money(value: str, name: str) -> Decimal:
    try:
        return parse_som(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an amount in som (at most two decimals)", param_hint=f"--{name}") from None


def _json_default(value: object) -> object:
    # Table parameters arrive as read-only mappings/tuples and money as Decimal.
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dumps(data: object, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)


def _show(plain: object) -> str:
    if plain is None:
        return ""
    if isinstance(plain, (list, tuple, dict, Mapping)):
        return _dumps(plain)
    return str(plain)


def render(trace: Trace, as_json: bool, console: Console | None = None) -> None:
    """Print a trace: JSON on stdout, or Rich tables of steps and parameters."""
    data = trace.as_dict()
    if as_json:
        typer.echo(_dumps(data, indent=2))
        return
    console = console or Console()
    steps = Table(title=data["title"] or "Explanation")
    steps.add_column("#", justify="right")
    steps.add_column("step")
    steps.add_column("value", justify="right")
    steps.add_column("citation")
    for n, step in enumerate(data["steps"], start=1):
        steps.add_row(str(n), step["text"], _show(step.get("value")), step.get("citation", ""))
    console.print(steps)
    if data["parameters"]:
        params = Table(title="Parameters used")
        for col in ("parameter", "value", "in force from", "citation", ""):
            params.add_column(col)
        for p in data["parameters"]:
            params.add_row(p["name"], _show(p["value"]), p["effective_from"], p["citation"], "SAMPLE" if p["sample"] else "")
        console.print(params)
    console.print(f"[bold]Result:[/bold] {_show(data['result'])}")


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


# --- explanations ------------------------------------------------------------------------------


@explain.command("interest")
def explain_interest(
    arrears: Annotated[str, typer.Option(help="the arrears in som, e.g. 10000 or 10000.50")],
    due: Annotated[str, typer.Option(help="the (rolled-forward) due date, YYYY-MM-DD")],
    paid: Annotated[str, typer.Option(help="the payment date, YYYY-MM-DD")],
    json_: JsonFlag = False,
) -> None:
    """Late-payment interest (туум) on one arrears amount, TC art. 71."""
    from salyk.law.interest import late_payment_interest

    trace = Trace()
    try:
        late_payment_interest(parse_money(arrears, "arrears"), parse_date(due, "due"), parse_date(paid, "paid"), trace=trace)
    except (ValueError, LookupError) as exc:
        _fail(exc)
    render(trace, json_)


DEADLINE_KINDS = ("report", "advance", "declaration", "payment", "amended", "limitation")


@explain.command("deadline")
def explain_deadline(
    period: Annotated[str, typer.Option(help='the tax period: "2024", "2024-Q1" or "2024-03"')],
    kind: Annotated[str, typer.Option(help="report (87(4)), advance (87(4)(1)), declaration (92(6)), payment, amended (90(1)), limitation (58)")] = "report",
    filer: Annotated[str, typer.Option(help="declaration: organisation or individual")] = "organisation",
    tax: Annotated[str, typer.Option(help="payment: the tax identifier")] = "income_tax",
    payer: Annotated[str, typer.Option(help="payment: taxpayer or tax_agent")] = "taxpayer",
    json_: JsonFlag = False,
) -> None:
    """A filing deadline, payment term or limitation date, moved off non-working days (TC art. 16(6))."""
    from salyk.law import deadlines
    from salyk.law.limitation import period_limitation_end
    from salyk.law.periods import TaxPeriod

    if kind not in DEADLINE_KINDS:
        raise typer.BadParameter(f"one of {', '.join(DEADLINE_KINDS)}", param_hint="--kind")
    try:
        p = TaxPeriod.parse(period)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None
    trace = Trace()
    try:
        if kind == "report":
            deadlines.filing_deadline(p, trace=trace)
        elif kind == "advance":
            deadlines.filing_deadline(p, advance=True, trace=trace)
        elif kind == "declaration":
            deadlines.single_tax_declaration_deadline(p, filer, trace=trace)  # type: ignore[arg-type]
        elif kind == "payment":
            deadlines.payment_due_date(tax, p, payer=payer, trace=trace)  # type: ignore[arg-type]
        elif kind == "amended":
            trace.title = f"Amended reports for {p}"
            deadlines.amended_report_deadline(p, trace=trace)
        else:
            trace.title = f"Limitation period for {p}"
            period_limitation_end(p, trace=trace)
    except (ValueError, LookupError) as exc:
        _fail(exc)
    render(trace, json_)


@explain.command("deferral-interest")
def explain_deferral_interest(
    amount: Annotated[str, typer.Option(help="the deferred debt in som")],
    start: Annotated[str, typer.Option(help="the decision's effective date, YYYY-MM-DD")],
    end: Annotated[str, typer.Option(help="the last day of the plan (or of the computation), YYYY-MM-DD")],
    ground: Annotated[str, typer.Option(help="force_majeure, late_budget_financing or financial_position")] = "financial_position",
    instalment: Annotated[
        Optional[list[str]], typer.Option(help="an instalment paid, DATE=AMOUNT (repeatable)")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Interest on a deferred or instalment debt, TC art. 79(4) (twice the NBKR discount rate)."""
    from salyk.law.deferral import deferral_interest

    s = parse_date(start, "start")
    changes = [(s, parse_money(amount, "amount"))]
    for item in instalment or []:
        day, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r} is not DATE=AMOUNT", param_hint="--instalment")
        changes.append((parse_date(day, "instalment"), -parse_money(value, "instalment")))
    trace = Trace()
    try:
        deferral_interest(ground, changes, s, parse_date(end, "end"), trace=trace)
    except (ValueError, LookupError) as exc:
        _fail(exc)
    render(trace, json_)


if __name__ == "__main__":
    app()
