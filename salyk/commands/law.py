"""``salyk law``: explain a computation of the law engine, step by step, with its citations.

    salyk law explain interest --arrears 10000 --due 2024-03-20 --paid 2024-05-04
    salyk law explain deadline --period 2024-03 [--kind report|advance|declaration|payment|amended|limitation]
    salyk law explain deferral-interest --amount 600000 --start 2017-03-01 --end 2017-05-30
    salyk law explain income-tax --month 2024-04 --income 30000 --social-insurance 3000 --dependants 2
    salyk law explain income-tax --year 2024 --income 460000 --social-insurance 36000 --withheld 31500
    salyk law explain profit-tax --year 2024 --income 12100000 --expenses 9530000 --depreciation 262500
    salyk law explain depreciation --year 2024 --group 2 --value 1000000 --last-depreciation 250000 --add 480000@2024-05-10

Each prints a Rich table of the steps, the parameters used with their effective dates, and the
result; ``--json`` prints the same trace as JSON. Runnable on its own as
``python -m salyk.commands.law explain ...``.

To add an explanation: write a function decorated with ``@explain.command("name")`` that calls
the law function inside ``with explaining(json_) as trace:``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


@contextmanager
def explaining(as_json: bool) -> Iterator[Trace]:
    """A trace for the law function to fill, rendered at the end; the law's refusal (a ValueError or
    LookupError, e.g. a date before any parameter is in force) is printed instead, exit code 2."""
    trace = Trace()
    try:
        yield trace
    except (ValueError, LookupError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    render(trace, as_json)


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

    with explaining(json_) as trace:
        late_payment_interest(parse_money(arrears, "arrears"), parse_date(due, "due"), parse_date(paid, "paid"), trace=trace)


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
    with explaining(json_) as trace:
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
    with explaining(json_) as trace:
        deferral_interest(ground, changes, s, parse_date(end, "end"), trace=trace)


def _month(value: str, name: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a month YYYY-MM", param_hint=f"--{name}") from None
    return day.year, day.month


@explain.command("income-tax")
def explain_income_tax(
    income: Annotated[str, typer.Option(help="agent: the month's pay; annual: the year's aggregate income, in som")],
    month: Annotated[Optional[str], typer.Option(help="agent's monthly withholding for this month, YYYY-MM")] = None,
    year: Annotated[Optional[int], typer.Option(help="the individual's annual computation for this year")] = None,
    since: Annotated[Optional[str], typer.Option(help="agent: the same pay every month from this month, YYYY-MM")] = None,
    social_insurance: Annotated[str, typer.Option(help="SI contributions (a month's or the year's)")] = "0",
    dependants: Annotated[int, typer.Option(help="dependants (all months of the period)")] = 0,
    days: Annotated[Optional[int], typer.Option(help="agent: days of the month covered by the labour relations")] = None,
    minimum_income: Annotated[Optional[str], typer.Option(help="agent: the district's minimum calculated income")] = None,
    education: Annotated[str, typer.Option(help="annual: education paid to a licensed KR school")] = "0",
    mortgage: Annotated[str, typer.Option(help="annual: mortgage interest paid from own funds")] = "0",
    withheld: Annotated[str, typer.Option(help="annual: tax withheld by agents")] = "0",
    non_citizen: Annotated[bool, typer.Option("--non-citizen", help="not a KR citizen")] = False,
    non_resident: Annotated[bool, typer.Option("--non-resident", help="a non-resident (TC art. 23(3))")] = False,
    json_: JsonFlag = False,
) -> None:
    """Income tax: the agent's monthly withholding (TC art. 176) or the annual tax (TC arts. 163-175)."""
    from salyk.law import income_tax as it

    if (month is None) == (year is None):
        raise typer.BadParameter("give either --month (agent) or --year (annual)", param_hint="--month/--year")
    pay = parse_money(income, "income")
    si = parse_money(social_insurance, "social-insurance")
    with explaining(json_) as trace:
        if month is not None:
            y, m = _month(month, "month")
            first = _month(since, "since") if since else (y, m)
            if first[0] != y or first[1] > m:
                raise typer.BadParameter("--since is a month of the same year, not after --month", param_hint="--since")
            employee = it.Employee(citizen=not non_citizen, resident=not non_resident, dependants=dependants)
            payments = tuple(
                it.MonthlyPayment(k, pay, social_insurance=si, employment_days=days if k == m else None) for k in range(first[1], m + 1)
            )
            mei = parse_money(minimum_income, "minimum-income") if minimum_income else None
            it.agent_monthly_withholding(it.AgentMonthlyInput(y, employee, payments, minimum_calculated_income=mei), trace)
        else:
            assert year is not None
            person = it.Individual(citizen=not non_citizen, resident=not non_resident)
            school, interest = parse_money(education, "education"), parse_money(mortgage, "mortgage")
            claims = it.DeductionClaims(
                standard=it.StandardDeductionClaim(dependant_months=(12,) * dependants, social_insurance=si),
                education=(it.EducationPayment(school),) if school else (),
                mortgages=(it.MortgageInterest(interest),) if interest else (),
            )
            it.annual_income_tax(
                it.AnnualIncomeTaxInput(
                    year, person, (it.IncomeItem(it.IncomeKind.OTHER, pay),), claims, parse_money(withheld, "withheld")
                ),
                trace,
            )


@explain.command("profit-tax")
def explain_profit_tax(
    year: Annotated[int, typer.Option(help="the tax year")],
    income: Annotated[str, typer.Option(help="taxable income (sales and other), in som")],
    expenses: Annotated[str, typer.Option(help="documented expenses connected with income")] = "0",
    exempt_dividends: Annotated[str, typer.Option(help="dividends from domestic organisations (TC art. 189(1)(4))")] = "0",
    depreciation: Annotated[str, typer.Option(help="depreciation for the year (TC art. 200)")] = "0",
    mining: Annotated[bool, typer.Option("--mining", help="a mining enterprise (TC art. 197(3))")] = False,
    json_: JsonFlag = False,
) -> None:
    """Profit tax: base and tax (TC arts. 186-197); the rate is a sample, beyond the seed text."""
    from salyk.law import profit_tax as pt

    incomes = [pt.ProfitIncome(pt.ProfitIncomeKind.SALES, parse_money(income, "income"))]
    dividends = parse_money(exempt_dividends, "exempt-dividends")
    if dividends:
        incomes.append(pt.ProfitIncome(pt.ProfitIncomeKind.DIVIDENDS, dividends, exemption="4"))
    with explaining(json_) as trace:
        pt.profit_tax(
            pt.ProfitTaxInput(
                tax_year=year,
                incomes=tuple(incomes),
                expenses=(pt.Expense(pt.ExpenseKind.GENERAL, parse_money(expenses, "expenses")),),
                depreciation=parse_money(depreciation, "depreciation"),
                mining_enterprise=mining,
            ),
            trace,
        )


@explain.command("depreciation")
def explain_depreciation(
    year: Annotated[int, typer.Option(help="the tax year")],
    group: Annotated[int, typer.Option(help="the depreciation group, 1-6 (TC art. 200(1))")],
    value: Annotated[str, typer.Option(help="the group's tax value at the end of last year")] = "0",
    last_depreciation: Annotated[str, typer.Option(help="last year's depreciation of the group")] = "0",
    remainder: Annotated[str, typer.Option(help="the rest of last year's additions (TC art. 200(5)(3))")] = "0",
    add: Annotated[Optional[list[str]], typer.Option(help="an asset added, COST@YYYY-MM-DD in use from (repeatable)")] = None,
    structure: Annotated[Optional[str], typer.Option(help="group 5: the building's name")] = None,
    commissioned: Annotated[Optional[str], typer.Option(help="group 5: the day it was put into use, YYYY-MM-DD")] = None,
    cost: Annotated[Optional[str], typer.Option(help="group 5: the building's cost")] = None,
    json_: JsonFlag = False,
) -> None:
    """Depreciation of one group for a year (TC arts. 199-200; the text stops inside 200(6))."""
    from salyk.law import profit_tax as pt

    additions = []
    for item in add or []:
        amount, sep, day = item.partition("@")
        if not sep:
            raise typer.BadParameter(f"{item!r} is not COST@YYYY-MM-DD", param_hint="--add")
        additions.append(pt.AssetAddition(group, parse_money(amount, "add"), parse_date(day, "add"), pool=structure))
    opening: tuple[pt.PoolBalance, ...] = ()
    tax_value, rest = parse_money(value, "value"), parse_money(remainder, "remainder")
    if tax_value or rest or commissioned:
        opening = (
            pt.PoolBalance(
                group,
                tax_value,
                parse_money(last_depreciation, "last-depreciation"),
                addition_remainders=rest,
                pool=structure,
                commissioned_on=parse_date(commissioned, "commissioned") if commissioned else None,
                cost=parse_money(cost, "cost") if cost else None,
            ),
        )
    with explaining(json_) as trace:
        pt.depreciation_for_year(pt.DepreciationInput(year, opening, tuple(additions)), trace)


if __name__ == "__main__":
    app()
