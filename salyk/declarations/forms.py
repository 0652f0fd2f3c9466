"""The forms catalogue (issue 5 item 1): what each report contains, how its values are checked and,
where the seed text of the Code gives the computation, how the tax is computed with the law engine.

* ``income_tax_agent``: the tax agent's monthly income tax report (TC art. 176-178), one row per
  employee; the tax withheld is computed by :func:`salyk.law.income_tax.agent.agent_monthly_withholding`.
* ``unified_declaration_individual``: the single tax declaration of an individual (TC art. 92), with
  the year's income tax computed by :func:`salyk.law.income_tax.computation.annual_income_tax`.
* ``unified_declaration_organization``: the single tax declaration of an organisation (TC art. 92):
  financial information, no tax of its own.
* ``profit_tax``: the annual profit tax return, computed by :func:`salyk.law.profit_tax.base.profit_tax`.
* ``vat`` and ``sales_tax``: monthly; their chapters lie beyond the seed text, so the taxpayer enters
  the tax due (TC art. 86(5): the taxpayer answers for what the report states).

A report is accepted without checking its content beyond its form (TC art. 86(8)); the checks here
are those of the form itself (TC art. 89(3)(4)): known fields, right types, no negative amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from salyk.declarations.results import RegistrationKind
from salyk.kernel.errors import ValidationFailed
from salyk.law.income_tax.minimum_income import LOCALITY_WORDS as LOCALITY_WORDS  # the localities' names the pages show
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.periods import Kind as PeriodKind, TaxPeriod
from salyk.law.trace import N_, Trace

if TYPE_CHECKING:
    from salyk.law.income_tax.agent import MonthlyPayment

# The agent's earlier months of the year, each employee's (by ИСН) payments (TC art. 176(3)).
AgentHistory = dict[str, list["MonthlyPayment"]]

_MONEY = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?")
MAX_ROWS = 1000

INDIVIDUAL = "individual"
ENTREPRENEUR = "individual_entrepreneur"
ORGANIZATION = "organization"


class ValuesInvalid(ValueError):
    """The values do not fit the form: ``field`` (a dotted path) and a machine ``reason``."""

    def __init__(self, field_name: str, reason: str, **limits: Any):
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason
        self.limits = {k: v for k, v in limits.items() if v is not None}  # min / max: the message says what is wanted

    def error(self, form: "Form | None" = None) -> ValidationFailed:
        """The service's answer: ``INVALID_VALUES`` naming the field and the reason; with the form,
        the message names the field by the form's own ky/ru title (``salyk.kernel.labels``)."""
        titles = form.field_titles(self.field) if form is not None else None
        extra: dict[str, Any] = {"field_labels": titles} if titles else {}
        return ValidationFailed("INVALID_VALUES", "The values do not fit the form: {field} ({reason}).", {"field": self.field, "reason": self.reason} | self.limits,
                                field=self.field, reason=self.reason, **extra)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # money | integer | boolean | rows | code | tin | text (``maximum``: its length)
    ky: str
    ru: str
    required: bool = False  # in a non-zero filing
    minimum: int | None = None
    maximum: int | None = None
    citation: str | None = None
    rows: tuple["Field", ...] = ()
    options: tuple[str, ...] = ()  # type "code": the values allowed


@dataclass(frozen=True)
class Computation:
    """What the form derives from its values: the tax due, the figures shown, and their explanation."""

    tax_due: Decimal
    figures: dict[str, Decimal] = field(default_factory=dict)  # each to the tyiyn
    trace: Trace | None = None  # the law's explanation as data; the faces render it (salyk.explanations.trace_view)
    entered: bool = False  # the taxpayer entered the tax due (no computation in the seed text)
    overpaid: Decimal = ZERO  # tax withheld by agents above the year's tax: an overpayment (TC art. 175(1), 81(1))
    months: dict[str, Decimal] = field(default_factory=dict)  # the agent's report: the tax withheld in each month ("2024-04")


@dataclass(frozen=True)
class Form:
    code: str
    tax: str | None  # the contract's tax identifier; None for a report with no tax of its own
    period_kind: PeriodKind
    ky: str
    ru: str
    citation: tuple[str, ...]
    fields: tuple[Field, ...]
    taxpayer_kinds: tuple[str, ...]
    compute: Callable[["Form", TaxPeriod, dict[str, Any], str], Computation]
    computes_tax: bool
    deadline_rule: str  # how the law engine gives the deadline (see salyk.declarations.deadlines)
    registration: str | None = None  # a registration that creates the obligation
    zero_allowed: bool = True
    note: str | None = None  # a msgid: what the taxpayer must enter themselves (forms whose chapter is beyond the seed text)

    def field_titles(self, path: str) -> dict[str, str] | None:
        """A value's title in ky and ru: "employment_income" or "employees[0].income_paid" (row 1)."""
        m = re.fullmatch(r"(\w+)(?:\[(\d+)\]\.(\w+))?", path)
        if m is None:
            return None
        spec = next((f for f in self.fields if f.name == m.group(1)), None)
        if spec is None:
            return None
        if m.group(2) is None:
            return {"ky": spec.ky, "ru": spec.ru}
        sub = next((f for f in spec.rows if f.name == m.group(3)), None)
        if sub is None:
            return None
        n = int(m.group(2)) + 1
        return {"ky": f"{spec.ky}, {n}-сап: {sub.ky}", "ru": f"{spec.ru}, строка {n}: {sub.ru}"}


# --- values ---------------------------------------------------------------------------------


def _value(spec: Field, raw: Any, path: str) -> Any:
    if spec.type == "money":
        if not isinstance(raw, str) or not _MONEY.fullmatch(raw):
            if isinstance(raw, str) and re.fullmatch(r"-[0-9]+(\.[0-9]+)?", raw):
                raise ValuesInvalid(path, "negative")
            if isinstance(raw, str) and re.fullmatch(r"[0-9]+\.[0-9]{3,}", raw):
                raise ValuesInvalid(path, "more_than_two_decimals")
            raise ValuesInvalid(path, "not_an_amount")
        return Decimal(raw).quantize(Decimal("0.01"))
    if spec.type == "integer":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValuesInvalid(path, "not_an_integer")
        if (spec.minimum is not None and raw < spec.minimum) or (spec.maximum is not None and raw > spec.maximum):
            raise ValuesInvalid(path, "out_of_range", min=spec.minimum, max=spec.maximum)
        return raw
    if spec.type == "text":
        if not isinstance(raw, str):
            raise ValuesInvalid(path, "not_a_string")
        if spec.maximum is not None and len(raw) > spec.maximum:
            raise ValuesInvalid(path, "too_long", max=spec.maximum)
        if not raw.isprintable():
            raise ValuesInvalid(path, "control_characters")
        return raw.strip()
    if spec.type == "boolean":
        if not isinstance(raw, bool):
            raise ValuesInvalid(path, "not_a_boolean")
        return raw
    if spec.type == "code":
        if raw == "":
            return ""
        if not isinstance(raw, str) or raw not in spec.options:
            raise ValuesInvalid(path, "not_allowed")
        return raw
    if spec.type == "tin":
        from salyk.law.tin import is_valid_tin

        if raw == "":
            return ""
        if not isinstance(raw, str) or not is_valid_tin(raw):
            raise ValuesInvalid(path, "not_a_tin")
        return raw
    if spec.type == "rows":
        if not isinstance(raw, list):
            raise ValuesInvalid(path, "not_a_list")
        if len(raw) > MAX_ROWS:
            raise ValuesInvalid(path, "too_many_rows", max=MAX_ROWS)
        return [_object(spec.rows, row, f"{path}[{i}]") for i, row in enumerate(raw)]
    raise AssertionError(spec.type)  # pragma: no cover


def _empty(spec: Field) -> Any:
    return {"money": ZERO, "integer": 0, "boolean": False, "rows": [], "tin": "", "code": "", "text": ""}[spec.type]


def _object(specs: tuple[Field, ...], raw: Any, path: str, *, require: bool = False) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValuesInvalid(path or "values", "not_an_object")
    known = {s.name: s for s in specs}
    for name in raw:
        if name not in known:
            raise ValuesInvalid(f"{path}.{name}" if path else name, "unknown_field")
    out = {}
    for spec in specs:
        name = f"{path}.{spec.name}" if path else spec.name
        if spec.name in raw:
            out[spec.name] = _value(spec, raw[spec.name], name)
        elif require and spec.required:
            raise ValuesInvalid(name, "missing")
        else:
            out[spec.name] = _empty(spec)
    return out


def _is_zero(value: Any) -> bool:
    if isinstance(value, list):
        return not value
    if isinstance(value, dict):
        return all(_is_zero(v) for v in value.values())
    return not value


def parse_values(form: Form, raw: Any, zero: bool) -> dict[str, Any]:
    """The typed values of a report; ``ValuesInvalid`` names the first field that does not fit.

    A zero report (Offer 3.1) states no non-zero value; missing fields count as zero.
    """
    values = _object(form.fields, raw, "", require=not zero)
    if zero:
        if not form.zero_allowed:
            raise ValuesInvalid("zero", "zero_not_allowed")
        for name, value in values.items():
            if not _is_zero(value):
                raise ValuesInvalid(name, "not_zero")
    return values


def period_fits(form: Form, period: TaxPeriod) -> bool:
    """The period's kind is the form's, or a quarter for the tax agent's report (a quarterly agent,
    TC art. 178(1-1); the filing checks the agent's size category)."""
    return period.kind == form.period_kind or (form.code == "income_tax_agent" and period.kind == "quarter")


def compute(form: Form, period: TaxPeriod, values: dict[str, Any], taxpayer_kind: str, history: AgentHistory | None = None) -> Computation:
    """``history``: for the agent's report, each employee's (by ИСН) payments of the earlier months
    of the year as the agent reported them (TC art. 176(3): the tax is cumulative)."""
    # only the agent's report builds on earlier months; the catalogue's computations take four arguments
    result = _agent(form, period, values, taxpayer_kind, history) if form.code == "income_tax_agent" else form.compute(form, period, values, taxpayer_kind)
    if result.tax_due < 0:
        raise ValuesInvalid("tax_due", "negative")
    return result


# --- computations -------------------------------------------------------------------------------


def _figures(result: Any, *names: str) -> dict[str, Decimal]:
    """The law result's amounts shown in the report's summary, in this order."""
    return {name: round_tyiyn(getattr(result, name)) for name in names}


def _entered(form: Form, period: TaxPeriod, values: dict[str, Any], kind: str) -> Computation:
    tax = values.get("tax_due", ZERO)
    return Computation(tax, {"tax_due": round_tyiyn(tax)}, None, entered=True)


def _no_tax(form: Form, period: TaxPeriod, values: dict[str, Any], kind: str) -> Computation:
    return Computation(ZERO, {}, None)


def agent_payment(month: int, year: int, row: dict[str, Any]) -> MonthlyPayment:
    """One employee's row of the agent's report as the law's monthly payment: the days of labour
    relations give both the 15-day test of 176(5) and the share of the month worked for the
    minimum calculated income (163(6), calendar days as spec Ex. 3 counts)."""
    import calendar as _calendar

    from salyk.law.income_tax.agent import MonthlyPayment

    days = row["employment_days"] or None
    month_days = _calendar.monthrange(year, month)[1]
    fraction = Decimal(1) if days is None or days >= month_days else Decimal(days) / Decimal(month_days)
    return MonthlyPayment(month=month, income_paid=row["income_paid"], exempt_income=row["exempt_income"],
                          social_insurance=row["social_insurance"], pension_contributions=row["pension_contributions"],
                          employment_days=days, worked_fraction=fraction, dependants=row["dependants"])


def _agent(form: Form, period: TaxPeriod, values: dict[str, Any], kind: str, history: AgentHistory | None = None) -> Computation:
    """Each employee's tax for the month, one row per employee (TC art. 176): the tax on the income
    from the start of the year less what was withheld before (176(3)). ``history`` holds each
    employee's earlier months as the agent reported them; withheld before is what those reports
    computed (READINGS.md, "Declarations: the tax agent's report").

    A quarterly report (a small, medium or non-commercial agent, TC art. 178(1-1)) has the rows of
    the quarter's three months, each row naming its ``month``; the months are computed in order,
    each on the ones before (READINGS.md, "Tax agent: quarterly agents")."""
    from salyk.law.income_tax.agent import AgentMonthlyInput, Employee, agent_monthly_withholding
    from salyk.law.income_tax.minimum_income import minimum_calculated_income

    trace = Trace()
    trace.titled(N_("Income tax withheld by the tax agent, {period}"), period=str(period))
    if period.kind == "quarter":
        months = [TaxPeriod.of_month(period.year, m) for m in range(3 * period.index - 2, 3 * period.index + 1)]
    else:
        months = [period]
    rows: dict[int, list[tuple[int, dict[str, Any]]]] = {m.index: [] for m in months}
    for i, row in enumerate(values["employees"]):
        month = row.get("month") or (period.index if period.kind == "month" else 0)
        if month == 0:
            raise ValuesInvalid(f"employees[{i}].month", "missing")
        if month not in rows:
            raise ValuesInvalid(f"employees[{i}].month", "out_of_range")
        rows[month].append((i, row))
    history = {tin: list(p) for tin, p in (history or {}).items()}
    total = withheld_income = ZERO
    per_month: dict[str, Decimal] = {}
    for m in months:
        # 163(3): the minimum calculated income of the agent's district or city, when it names one
        mei = minimum_calculated_income(values["locality"] or None, m.start, trace)
        seen: set[str] = set()
        month_tax = ZERO
        for i, row in rows[m.index]:
            if row["tin"]:
                if row["tin"] in seen:
                    raise ValuesInvalid(f"employees[{i}].tin", "duplicate")
                seen.add(row["tin"])
            employee = Employee(
                citizen=not row["non_citizen"],
                resident=not row["non_resident"],
                employment_contract=not row["not_labour_contract"],
                concurrent_job=row["concurrent_job"],
                dependants=row["dependants"],
                minimum_income_excluded=row["minimum_income_excluded"],
            )
            if row["exempt_income"] > row["income_paid"]:
                raise ValuesInvalid(f"employees[{i}].exempt_income", "above_income")
            payment = agent_payment(m.index, m.year, row)
            earlier = tuple(history.get(row["tin"], ())) if row["tin"] else ()
            sub = Trace()
            result = agent_monthly_withholding(AgentMonthlyInput(m.year, employee, (*earlier, payment), minimum_calculated_income=mei), sub)
            if row["tin"]:
                history.setdefault(row["tin"], []).append(payment)  # the next month of a quarterly report builds on it
            trace.step(N_("Employee {n}"), None, None, n=i + 1)
            trace.steps.extend(sub.steps)
            for p in sub.parameters:
                if p not in trace.parameters:
                    trace.parameters.append(p)
            month_tax += result.tax_withheld
            withheld_income += row["income_paid"]
        per_month[str(m)] = month_tax
        total += month_tax
    trace.result = total
    return Computation(total, {"income_paid": round_tyiyn(withheld_income), "tax_withheld": round_tyiyn(total)}, trace, months=per_month)


def _individual(form: Form, period: TaxPeriod, values: dict[str, Any], kind: str) -> Computation:
    from salyk.law.income_tax.computation import AnnualIncomeTaxInput, annual_income_tax
    from salyk.law.income_tax.deductions import DeductionClaims, EducationPayment, MortgageInterest, StandardDeductionClaim
    from salyk.law.income_tax.foreign_credit import ForeignTax
    from salyk.law.income_tax.income import IncomeItem, IncomeKind, Source
    from salyk.law.income_tax.residency import Individual

    incomes = []
    if values["employment_income"]:
        incomes.append(IncomeItem(IncomeKind.EMPLOYMENT, values["employment_income"]))
    if values["other_income"]:
        incomes.append(IncomeItem(IncomeKind.OTHER, values["other_income"]))
    claims = DeductionClaims(
        standard=StandardDeductionClaim(
            months=values["months"] if values["months"] else 12,
            dependant_months=(12,) * values["dependants"],
            social_insurance=values["social_insurance"],
            pension_contributions=values["pension_contributions"],
        ),
        # 171: own education at any age, a dependant's up to 24 (READINGS.md)
        education=(EducationPayment(values["education_paid"], values["education_dependant_age"] or None),) if values["education_paid"] else (),
        mortgages=(MortgageInterest(values["mortgage_interest"]),) if values["mortgage_interest"] else (),  # 172
    )
    if values["foreign_tax_paid"] and not values["foreign_income"]:
        raise ValuesInvalid("foreign_income", "empty")
    if values["foreign_income"]:
        incomes.append(IncomeItem(IncomeKind.OTHER, values["foreign_income"], source=Source.FOREIGN))
    foreign = (ForeignTax("abroad", values["foreign_income"], values["foreign_tax_paid"], treaty_in_force=values["foreign_treaty"]),) \
        if values["foreign_tax_paid"] else ()  # 182
    person = Individual(citizen=not values["non_citizen"], resident=not values["non_resident"])
    trace = Trace()
    result = annual_income_tax(
        AnnualIncomeTaxInput(period.year, person, tuple(incomes), claims, withheld_by_agents=values["withheld_by_agents"], foreign_taxes=foreign),
        trace,
    )
    summary = _figures(result, "aggregate_income", "total_deductions", "education_deduction", "property_deduction", "tax_base", "tax",
                       "foreign_tax_credit", "withheld_by_agents", "final_amount", "payable", "overpaid")
    return Computation(result.payable, summary, trace, overpaid=result.overpaid)


def _profit(form: Form, period: TaxPeriod, values: dict[str, Any], kind: str) -> Computation:
    from salyk.law.profit_tax.base import ProfitTaxInput, profit_tax
    from salyk.law.profit_tax.expenses import Expense, ExpenseKind
    from salyk.law.profit_tax.income import Payer, ProfitIncome, ProfitIncomeKind

    incomes = []
    if values["sales_income"]:
        incomes.append(ProfitIncome(ProfitIncomeKind.SALES, values["sales_income"]))
    if values["other_income"]:
        incomes.append(ProfitIncome(ProfitIncomeKind.OTHER, values["other_income"]))
    expenses = (Expense(ExpenseKind.GENERAL, values["expenses"]),) if values["expenses"] else ()
    payer = Payer.INDIVIDUAL_ENTREPRENEUR if kind == ENTREPRENEUR else Payer.DOMESTIC_ORGANISATION
    trace = Trace()
    result = profit_tax(
        ProfitTaxInput(period.year, payer, tuple(incomes), expenses, depreciation=values["depreciation"], mining_enterprise=values["mining_enterprise"]),
        trace,
    )
    return Computation(result.tax, _figures(result, "aggregate_income", "deductible_expenses", "profit", "loss", "tax_base", "tax"), trace)


# --- the catalogue ------------------------------------------------------------------------------

# VAT and sales tax: the chapters with their rates and base lie beyond the seed text of the Code, so
# the service cannot compute the tax; it computes what the text allows: the report's deadline
# (TC art. 87(4)), the payment date (38(1), READINGS.md) and the туум of late payment (71).
ENTERED_NOTE = N_("The rates and base of this tax are set by chapters of the Tax Code that this service does not hold, so it does not compute "
                  "the tax: enter the tax due for the month yourself (you answer for what the report states, TC art. 86(5)). The service "
                  "computes the deadline of the report, the payment date and the туум of late payment.")

_TAX_DUE = Field("tax_due", "money", "Төлөнүүчү салыктын суммасы", "Сумма налога к уплате", required=True)
_NON_CITIZEN = Field("non_citizen", "boolean", "Кыргыз Республикасынын жараны эмес", "Не гражданин Кыргызской Республики", citation="TC art. 161")
_NON_RESIDENT = Field("non_resident", "boolean", "Резидент эмес", "Нерезидент", citation="TC art. 162")

def _localities() -> tuple[str, ...]:
    import datetime as dt

    from salyk.law.income_tax.minimum_income import localities

    return localities(dt.date(2100, 1, 1))  # every locality the dated table knows


_LOCALITIES = _localities()

_EMPLOYEE_ROW = (
    Field("name", "text", "Кызматкердин аты-жөнү", "Ф.И.О. работника", maximum=300, citation="TC art. 176(3)"),
    Field("tin", "tin", "Кызматкердин ИСНи", "ИНН работника", citation="TC art. 176(3)"),
    Field("income_paid", "money", "Төлөнгөн киреше", "Выплаченный доход", required=True, citation="TC art. 176(2)"),
    Field("month", "integer", "Киреше төлөнгөн ай (кварталдык отчетто)", "Месяц выплаты дохода (в квартальном отчёте)", minimum=0, maximum=12,
          citation="TC art. 178(1-1)"),
    Field("exempt_income", "money", "Салыктан бошотулган киреше", "Освобождённый от налога доход", citation="TC art. 176(4)"),
    Field("social_insurance", "money", "Социалдык камсыздандыруу төгүмдөрү", "Взносы на социальное страхование", citation="TC art. 170(3)"),
    Field("pension_contributions", "money", "Мамлекеттик эмес пенсиялык фондго төгүмдөр", "Взносы в негосударственный пенсионный фонд", citation="TC art. 170(4)"),
    Field("dependants", "integer", "Багуусундагы адамдардын саны", "Число иждивенцев", minimum=0, maximum=20, citation="TC art. 170(2)"),
    Field("employment_days", "integer", "Айдагы эмгек мамилелеринин күндөрү (0 - толук ай)", "Дни трудовых отношений в месяце (0 - весь месяц)", minimum=0, maximum=31, citation="TC art. 176(5)"),
    Field("not_labour_contract", "boolean", "Эмгек келишими боюнча эмес", "Не по трудовому договору", citation="TC art. 176(5)"),
    Field("concurrent_job", "boolean", "Айкалыштырып иштөө", "Работа по совместительству", citation="TC art. 176(5)"),
    Field("minimum_income_excluded", "boolean", "Эң төмөнкү эсептик киреше колдонулбайт (163(4))", "Минимальный расчётный доход не применяется (163(4))", citation="TC art. 163(4)"),
    _NON_CITIZEN,
    _NON_RESIDENT,
)

FORMS: dict[str, Form] = {
    f.code: f
    for f in (
        Form(
            code="income_tax_agent",
            tax="income_tax",
            period_kind="month",
            ky="Салык агентинин киреше салыгы боюнча отчету",
            ru="Отчёт налогового агента по подоходному налогу",
            citation=("TC art. 176", "TC art. 177", "TC art. 178", "TC art. 87(4)(3)", "TC art. 178(1-1)"),
            fields=(
                Field("locality", "code", "Район же шаар (эң төмөнкү эсептик киреше үчүн)", "Район или город (для минимального расчётного дохода)",
                      citation="TC art. 163(3)", options=_LOCALITIES),
                Field("employees", "rows", "Кызматкерлер", "Работники", citation="TC art. 176", rows=_EMPLOYEE_ROW),
            ),
            taxpayer_kinds=(ORGANIZATION, ENTREPRENEUR),
            compute=_agent,
            computes_tax=True,
            deadline_rule="tax_agent",
            registration="income_tax_agent",
        ),
        Form(
            code="unified_declaration_individual",
            tax="income_tax",
            period_kind="year",
            ky="Жеке адамдын бирдиктүү салык декларациясы",
            ru="Единая налоговая декларация физического лица",
            citation=("TC art. 92", "TC art. 163", "TC art. 173", "TC art. 174", "TC art. 175"),
            fields=(
                Field("employment_income", "money", "Эмгек акы түрүндөгү киреше", "Доход в виде оплаты труда", citation="TC art. 165(1)(1)"),
                Field("other_income", "money", "Башка кирешелер", "Прочие доходы", citation="TC art. 165(1)"),
                Field("months", "integer", "Салык мезгилинин айлары (0 - 12 ай)", "Месяцы налогового периода (0 - 12 месяцев)", minimum=0, maximum=12, citation="TC art. 170(1)"),
                Field("dependants", "integer", "Багуусундагы адамдардын саны", "Число иждивенцев", minimum=0, maximum=20, citation="TC art. 170(2)"),
                Field("social_insurance", "money", "Социалдык камсыздандыруу төгүмдөрү", "Взносы на социальное страхование", citation="TC art. 170(3)"),
                Field("pension_contributions", "money", "Мамлекеттик эмес пенсиялык фондго төгүмдөр", "Взносы в негосударственный пенсионный фонд", citation="TC art. 170(4)"),
                Field("withheld_by_agents", "money", "Салык агенттери кармап калган салык", "Налог, удержанный налоговыми агентами", citation="TC art. 175(1)"),
                Field("education_paid", "money", "Билим алуу үчүн төлөнгөн сумма", "Оплата за обучение", citation="TC art. 171"),
                Field("education_dependant_age", "integer", "Багуусундагы адамдын жашы (0 - өзүнүн билими)", "Возраст иждивенца (0 - собственное обучение)", minimum=0, maximum=120, citation="TC art. 171(1)"),
                Field("mortgage_interest", "money", "Ипотекалык кредит боюнча төлөнгөн пайыздар", "Проценты, уплаченные по ипотечному кредиту", citation="TC art. 172"),
                Field("foreign_income", "money", "Чет өлкөдөгү киреше", "Доход за рубежом", citation="TC art. 182"),
                Field("foreign_tax_paid", "money", "Чет өлкөдө төлөнгөн киреше салыгы", "Подоходный налог, уплаченный за рубежом", citation="TC art. 182(1)"),
                Field("foreign_treaty", "boolean", "Кош салык салуу жөнүндө келишим күчүндө", "Действует соглашение об избежании двойного налогообложения", citation="TC art. 182(1)"),
                _NON_CITIZEN,
                _NON_RESIDENT,
            ),
            taxpayer_kinds=(INDIVIDUAL, ENTREPRENEUR),
            compute=_individual,
            computes_tax=True,
            deadline_rule="single_individual",
        ),
        Form(
            code="unified_declaration_organization",
            tax=None,
            period_kind="year",
            ky="Уюмдун бирдиктүү салык декларациясы",
            ru="Единая налоговая декларация организации",
            citation=("TC art. 92",),
            fields=(
                Field("revenue", "money", "Жылдык киреше", "Годовая выручка", citation="TC art. 92(4)"),
                Field("expenses", "money", "Чыгымдар", "Расходы", citation="TC art. 92(4)"),
                Field("assets", "money", "Активдер", "Активы", citation="TC art. 92(4)"),
                Field("liabilities", "money", "Милдеттенмелер", "Обязательства", citation="TC art. 92(4)"),
                Field("employees", "integer", "Кызматкерлердин саны", "Численность работников", minimum=0, maximum=10_000_000, citation="TC art. 92(4)"),
            ),
            taxpayer_kinds=(ORGANIZATION,),
            compute=_no_tax,
            computes_tax=False,
            deadline_rule="single_organisation",
        ),
        Form(
            code="profit_tax",
            tax="profit_tax",
            period_kind="year",
            ky="Пайдага салык боюнча декларация",
            ru="Декларация по налогу на прибыль",
            citation=("TC art. 184", "TC art. 186", "TC art. 188", "TC art. 193", "TC art. 87(4)(2)"),
            fields=(
                Field("sales_income", "money", "Товарларды, жумуштарды, кызмат көрсөтүүлөрдү сатуудан киреше", "Доход от реализации товаров, работ, услуг", citation="TC art. 188(1)(1)"),
                Field("other_income", "money", "Башка кирешелер", "Прочие доходы", citation="TC art. 188(1)"),
                Field("expenses", "money", "Документ менен тастыкталган чыгымдар", "Документально подтверждённые расходы", citation="TC art. 193(1)"),
                Field("depreciation", "money", "Амортизация", "Амортизация", citation="TC art. 198"),
                Field("mining_enterprise", "boolean", "Тоо-кен ишканасы", "Горнодобывающее предприятие", citation="TC art. 197(3)"),
            ),
            taxpayer_kinds=(ORGANIZATION, ENTREPRENEUR),
            compute=_profit,
            computes_tax=True,
            deadline_rule="year",
        ),
        Form(
            code="vat",
            tax="vat",
            period_kind="month",
            ky="Кошумча нарк салыгы боюнча отчет",
            ru="Отчёт по налогу на добавленную стоимость",
            citation=("TC art. 86(11)", "TC art. 87(4)(3)"),
            fields=(
                Field("taxable_supplies", "money", "Салык салынуучу жеткирүүлөр", "Облагаемые поставки"),
                Field("output_vat", "money", "Эсептелген КНС", "Начисленный НДС"),
                Field("input_vat", "money", "Эсепке алынуучу КНС", "НДС к зачёту"),
                _TAX_DUE,
            ),
            taxpayer_kinds=(ORGANIZATION, ENTREPRENEUR),
            compute=_entered,
            computes_tax=False,
            deadline_rule="month",
            registration="vat",
            note=ENTERED_NOTE,
        ),
        Form(
            code="sales_tax",
            tax="sales_tax",
            period_kind="month",
            ky="Сатуудан салык боюнча отчет",
            ru="Отчёт по налогу с продаж",
            citation=("TC art. 87(4)(3)",),
            fields=(
                Field("revenue", "money", "Сатуудан түшкөн каражат", "Выручка от реализации"),
                _TAX_DUE,
            ),
            taxpayer_kinds=(ORGANIZATION, ENTREPRENEUR),
            compute=_entered,
            computes_tax=False,
            deadline_rule="month",
            registration="sales_tax",
            note=ENTERED_NOTE,
        ),
    )
}

REGISTRATIONS = tuple(RegistrationKind)


def find_form(code: object) -> Form | None:
    return FORMS.get(code) if isinstance(code, str) else None


def catalogue() -> list[Form]:
    return list(FORMS.values())
