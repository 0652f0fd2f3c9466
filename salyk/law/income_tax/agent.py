"""The tax agent's monthly income tax (TC art. 163(2)-(6), TC art. 176, 180, 181), as the tax agent's
income tax report (form ``income_tax_agent``) states it for one employee.

* Base = income paid − standard deductions (art. 176(2)); exempt income is not counted (176(4)).
* Standard deductions only for payments under a labour contract whose relations cover at least
  15 days of the month in which the payment is made; with fewer days, or for a job combined with
  another, only the social insurance contributions (176(5)). A non-citizen non-resident gets no
  deduction (181(1)); a non-citizen resident gets them (180).
* The base may not be below the minimum calculated income (MEI, art. 163(2)); both are summed
  from the start of the tax year over the months the employee actually worked (176(3)), the MEI
  pro-rated to time actually worked (163(6)) and not applied to the categories of 163(4).
* This month's tax = 10% × max(cumulative base, cumulative MEI) − tax already withheld this year.

Readings (READINGS.md, "Income tax: tax agent"): the 15 days are calendar days of the month of
payment, as the text says; a month whose deductions exceed its income lowers the cumulative base
(the annual computation does the same); the agent never withholds less than zero: tax withheld
above the cumulative tax is settled in the annual declaration (175(1)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.income_tax.deductions import dependant_deduction, pension_deduction, personal_deduction
from salyk.law.income_tax.residency import Individual, TaxScope, deductions_allowed, income_tax_scope
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som
from salyk.law.trace import rate as as_rate

ONE = Decimal(1)


@dataclass(frozen=True)
class Employee:
    """The facts about an employee that the agent's computation depends on."""

    citizen: bool = True
    resident: bool = True
    employment_contract: bool = True  # payments under a labour contract (Labour Code relations)
    concurrent_job: bool = False  # work combined with another job (176(5), 163(4)(2))
    dependants: int = 0
    minimum_income_excluded: bool = False  # one of the other categories of art. 163(4): budget-funded, junior service staff, ...


@dataclass(frozen=True)
class MonthlyPayment:
    """What the agent paid the employee in one month of the tax year."""

    month: int  # 1-12, the month in which the income is paid
    income_paid: Decimal
    exempt_income: Decimal = ZERO  # part of income_paid exempt under art. 167 (176(4))
    social_insurance: Decimal = ZERO  # the employee's SI contributions on taxable income (170(3))
    pension_contributions: Decimal = ZERO  # non-state pension fund (170(4))
    employment_days: int | None = None  # days of the month covered by the labour relations; None: the whole month
    worked_fraction: Decimal = ONE  # share of the month actually worked, for the MEI (163(6))
    dependants: int | None = None  # dependants this month, when they differ from the employee's


@dataclass(frozen=True)
class AgentMonthlyInput:
    tax_year: int
    employee: Employee
    payments: tuple[MonthlyPayment, ...]  # the months of this year up to and including the current one
    withheld_before: Decimal | None = None  # tax actually withheld in the earlier months; None: as computed here
    minimum_calculated_income: Decimal | None = None  # the district's monthly MEI; None: the parameter (a sample)


@dataclass(frozen=True)
class MonthlyDeductions:
    personal: Decimal = ZERO
    dependants: Decimal = ZERO
    social_insurance: Decimal = ZERO
    pension: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.personal + self.dependants + self.social_insurance + self.pension


@dataclass(frozen=True)
class AgentMonthlyResult:
    tax_year: int
    month: int
    income_paid: Decimal
    exempt_income: Decimal
    deductions: MonthlyDeductions
    month_base: Decimal  # this month's income less exempt income and deductions
    minimum_income: Decimal  # this month's MEI, pro-rated; 0 where it does not apply
    cumulative_base: Decimal
    cumulative_minimum_income: Decimal
    cumulative_taxable_base: Decimal  # max(cumulative base, cumulative MEI, 0)
    cumulative_tax: Decimal
    withheld_before: Decimal
    tax_withheld: Decimal  # to withhold this month
    over_withheld: Decimal  # withheld before above the cumulative tax: settled by the annual declaration
    net_pay: Decimal  # income paid less SI contributions and the tax withheld
    trace: Trace | None = None


def _month_figures(employee: Employee, p: MonthlyPayment, on: dt.date, mei: Decimal, trace: Trace | None) -> tuple[MonthlyDeductions, Decimal, Decimal]:
    if not 1 <= p.month <= 12:
        raise ValueError(f"a month is 1-12, not {p.month}")
    if p.income_paid < 0 or not ZERO <= p.exempt_income <= p.income_paid:
        raise ValueError("income paid must be positive and its exempt part within it")
    if not ZERO <= p.worked_fraction <= ONE:
        raise ValueError("the worked fraction of a month lies between 0 and 1")
    person = Individual(citizen=employee.citizen, resident=employee.resident)
    min_days = param(trace, "income_tax_agent_min_employment_days", on)
    days_ok = p.employment_days is None or p.employment_days >= min_days
    full = employee.employment_contract and not employee.concurrent_job and days_ok
    income = p.income_paid - p.exempt_income
    if not deductions_allowed(person):
        deductions = MonthlyDeductions()
        if trace is not None:
            trace.step(N_("Month {month}: non-citizen non-resident, no deductions"), ZERO, tc(181, 1), month=p.month)
    elif full:
        dependants = employee.dependants if p.dependants is None else p.dependants
        personal = personal_deduction(1, on, trace)
        dep = dependant_deduction([1] * dependants, on, trace)
        pension, _cap = pension_deduction(p.pension_contributions, income - personal - dep - p.social_insurance, on, trace)
        deductions = MonthlyDeductions(personal, dep, p.social_insurance, pension)
    else:
        deductions = MonthlyDeductions(social_insurance=p.social_insurance)
        if trace is not None:
            if not employee.employment_contract:
                trace.step(N_("Month {month}: not a labour contract; only social insurance contributions are deducted"), p.social_insurance, tc(176, 5),
                           month=p.month)
            elif employee.concurrent_job:
                trace.step(N_("Month {month}: a job combined with another; only social insurance contributions are deducted"), p.social_insurance,
                           tc(176, 5), month=p.month)
            else:
                trace.step(N_("Month {month}: labour relations cover {days} day(s), fewer than {min_days}; only social insurance contributions are deducted"),
                           p.social_insurance, tc(176, 5), month=p.month, days=p.employment_days, min_days=min_days)
    base = income - deductions.total
    mei_applies = employee.employment_contract and not employee.concurrent_job and not employee.minimum_income_excluded
    month_mei = round_tyiyn(mei * p.worked_fraction) if mei_applies else ZERO
    if trace is not None:
        trace.step(N_("Month {month}: base {income} − exempt {exempt} − deductions {deductions}"), base, tc(176, 2), month=p.month,
                   income=som(p.income_paid), exempt=som(p.exempt_income), deductions=som(deductions.total))
        if mei_applies:
            trace.step(N_("Month {month}: minimum calculated income {mei} × {fraction} worked"), month_mei, tc(163, 6) if p.worked_fraction != ONE else tc(163, 2),
                       month=p.month, mei=som(mei), fraction=p.worked_fraction)
        elif employee.concurrent_job or employee.minimum_income_excluded:
            trace.step(N_("Month {month}: the minimum calculated income does not apply"), ZERO, tc(163, 4), month=p.month)
    return deductions, base, month_mei


def agent_monthly_withholding(inputs: AgentMonthlyInput, trace: Trace | None = None) -> AgentMonthlyResult:
    """Income tax the agent withholds from an employee this month (TC arts. 163, 176, 180, 181)."""
    if not inputs.payments:
        raise ValueError("at least the current month's payment is needed")
    payments = sorted(inputs.payments, key=lambda p: p.month)
    months = [p.month for p in payments]
    if len(set(months)) != len(months):
        raise ValueError("one entry per month: add up a month's payments")
    current = payments[-1]
    on = dt.date(inputs.tax_year, current.month, 1)
    if trace is not None:
        trace.titled(N_("Income tax withheld by the agent, {period}"), period=f"{inputs.tax_year}-{current.month:02d}")
    rate = param(trace, "income_tax_rate", on)
    mei = inputs.minimum_calculated_income
    if mei is None:
        mei = param(trace, "income_tax_minimum_calculated_income", on)

    cum_base = cum_mei = withheld = ZERO
    cum_tax = ZERO
    for p in payments:
        is_current = p is current
        step_trace = trace if is_current else None
        deductions, base, month_mei = _month_figures(inputs.employee, p, dt.date(inputs.tax_year, p.month, 1), mei, step_trace)
        cum_base += base
        cum_mei += month_mei
        taxable = max(cum_base, cum_mei, ZERO)
        cum_tax = round_tyiyn(round_tyiyn(taxable) * rate)
        if not is_current:
            withheld += max(ZERO, cum_tax - withheld)
    withheld_before = withheld if inputs.withheld_before is None else inputs.withheld_before
    to_withhold = max(ZERO, cum_tax - withheld_before)
    over = max(ZERO, withheld_before - cum_tax)
    taxable = round_tyiyn(max(cum_base, cum_mei, ZERO))
    if trace is not None:
        trace.step(N_("Cumulative base, months {first}–{last}"), cum_base, tc(176, 3), first=months[0], last=current.month)
        trace.step(N_("Cumulative minimum calculated income for the months worked"), cum_mei, tc(176, 3))
        trace.step(N_("Taxable: the larger of the two"), taxable, tc(176, 3))
        trace.step(N_("Cumulative tax: {base} × {rate}"), cum_tax, tc(173), base=som(taxable), rate=as_rate(rate))
        trace.step(N_("Tax withheld in earlier months"), withheld_before, tc(176, 3))
        trace.step(N_("Tax to withhold this month"), to_withhold, tc(176, 1))
        if over:
            trace.step(N_("Withheld above the cumulative tax; settled by the annual declaration"), over, tc(175, 1))
        trace.result = to_withhold
    return AgentMonthlyResult(
        tax_year=inputs.tax_year,
        month=current.month,
        income_paid=current.income_paid,
        exempt_income=current.exempt_income,
        deductions=deductions,
        month_base=base,
        minimum_income=month_mei,
        cumulative_base=cum_base,
        cumulative_minimum_income=cum_mei,
        cumulative_taxable_base=taxable,
        cumulative_tax=cum_tax,
        withheld_before=withheld_before,
        tax_withheld=to_withhold,
        over_withheld=over,
        net_pay=current.income_paid - current.social_insurance - to_withhold,
        trace=trace,
    )


# --- Payments to individuals other than employees ----------------------------------------------


@dataclass(frozen=True)
class AgentPaymentInput:
    """A payment of KR-source income to an individual outside a labour contract (services, royalty, ...)."""

    paid_on: dt.date
    amount: Decimal
    payee: Individual
    payee_is_entrepreneur: bool = False  # an individual entrepreneur: no withholding (161(2), 177(4))
    exempt_amount: Decimal = ZERO
    social_insurance: Decimal = ZERO  # SI contributions on the payment, the only deduction allowed (176(5))


@dataclass(frozen=True)
class AgentPaymentResult:
    base: Decimal
    tax_withheld: Decimal
    net_payment: Decimal
    trace: Trace | None = None


def agent_payment_withholding(inputs: AgentPaymentInput, trace: Trace | None = None) -> AgentPaymentResult:
    """Income tax withheld from a payment outside a labour contract (TC arts. 176(5), 177(3)-(4), 181)."""
    if trace is not None:
        trace.titled(N_("Income tax withheld from a payment on {day}"), day=inputs.paid_on)
    if inputs.payee_is_entrepreneur:
        if trace is not None:
            trace.step(N_("Payee is an individual entrepreneur: not an income tax payer, nothing withheld"), ZERO, tc(161, 2))
            trace.result = ZERO
        return AgentPaymentResult(ZERO, ZERO, inputs.amount, trace)
    scope = income_tax_scope(inputs.payee, trace)
    if scope is TaxScope.NONE:
        if trace is not None:
            trace.result = ZERO
        return AgentPaymentResult(ZERO, ZERO, inputs.amount, trace)
    income = inputs.amount - inputs.exempt_amount
    if deductions_allowed(inputs.payee):
        base = max(ZERO, income - inputs.social_insurance)
        if trace is not None:
            trace.step(N_("Not under a labour contract: only social insurance contributions are deducted: {income} − {social_insurance}"), base, tc(176, 5),
                       income=som(income), social_insurance=som(inputs.social_insurance))
    else:
        base = income
        if trace is not None:
            trace.step(N_("Non-citizen non-resident: KR-source income taxed without deductions, wherever paid"), base, tc(181, 1))
    rate = param(trace, "income_tax_rate", inputs.paid_on)
    tax = round_tyiyn(base * rate)
    if trace is not None:
        trace.step(N_("Tax withheld: {base} × {rate}"), tax, tc(173), base=som(base), rate=as_rate(rate))
        trace.result = tax
    return AgentPaymentResult(base, tax, inputs.amount - inputs.social_insurance - tax, trace)
