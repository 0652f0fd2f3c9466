"""Profit tax of an organisation or individual entrepreneur for a tax period (TC arts. 184-197),
as the profit tax return (form ``profit_tax``) states it.

* Profit = the positive difference between aggregate annual income (arts. 188-192) and the
  expenses deductible under Section VIII (arts. 193-200) for the period (art. 186(2)).
* A mining enterprise's taxable base is reduced by 15%, held in a special fund (art. 197(3)).
* Tax = base × rate. **The rate is not in the seed text**: it stops inside art. 200(6). The
  rate parameter is a sample (READINGS.md, "Profit tax: where the text stops").

Not computed, because the articles lie beyond the seed text: loss carry-forward (a loss is
reported, never carried), advance payments, filing and payment deadlines, the rate for a foreign
organisation without a permanent establishment (its base alone, art. 186(3)), and the special
rules for banks, insurers, free economic zones and the like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.parameters import definition
from salyk.law.profit_tax.expenses import (
    Expense,
    ExpenseLine,
    InterestExpense,
    PerDiem,
    Training,
    general_expense,
    interest_expense,
    per_diem_expense,
    training_expense,
)
from salyk.law.profit_tax.income import Payer, ProfitIncome, profit_aggregate_income
from salyk.law.trace import N_, Trace, msg, param, som
from salyk.law.trace import rate as as_rate


class BeyondSeedText(LookupError):
    """The rule asked for lies beyond the end of the seed text (inside TC art. 200(6))."""


def tax_period(year: int, registered_on: dt.date | None = None, ended_on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The profit tax period (TC art. 187): the calendar year, from state registration when it
    happened during the year (187(2)), to the completion of liquidation or reorganisation when
    that happened during the year (187(3)), or both (187(4))."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if registered_on is not None and registered_on.year == year:
        start = registered_on
    if ended_on is not None and ended_on.year == year:
        end = ended_on
    if end < start:
        raise ValueError("the period ends before it begins")
    return start, end


@dataclass(frozen=True)
class ProfitTaxInput:
    tax_year: int
    payer: Payer = Payer.DOMESTIC_ORGANISATION
    incomes: tuple[ProfitIncome, ...] = ()
    expenses: tuple[Expense, ...] = ()
    per_diems: tuple[PerDiem, ...] = ()
    training: tuple[Training, ...] = ()
    interest: tuple[InterestExpense, ...] = ()
    positive_exchange_differences: Decimal = ZERO  # 188(1)(5) / 193(1): only the net is income or expense
    negative_exchange_differences: Decimal = ZERO
    depreciation: Decimal = ZERO  # from depreciation_for_year(...).total_depreciation (198(6), 200)
    negative_group_values: Decimal = ZERO  # from depreciation_for_year(...).negative_balance_income (188(1)(14))
    mining_enterprise: bool = False  # holds the 15% reduction in the special fund (197(3))
    registered_on: dt.date | None = None  # state registration during the year (187(2))
    ended_on: dt.date | None = None  # liquidation or reorganisation completed during the year (187(3))


@dataclass(frozen=True)
class ProfitTaxResult:
    tax_year: int
    payer: Payer
    period_start: dt.date
    period_end: dt.date
    gross_income: Decimal
    exempt_income: Decimal
    aggregate_income: Decimal  # includes net exchange gains and negative group values
    expense_lines: tuple[ExpenseLine, ...]
    deductible_expenses: Decimal
    profit: Decimal  # the positive difference (186(2))
    loss: Decimal  # the excess of expenses; its carry-forward lies beyond the seed text
    mining_reduction: Decimal
    tax_base: Decimal
    rate: Decimal
    tax: Decimal
    capitalised_interest: Decimal  # adds to the value of the assets (196(2)), not to expenses
    trace: Trace | None = None


def profit_tax(inputs: ProfitTaxInput, trace: Trace | None = None) -> ProfitTaxResult:
    """Profit tax for a tax period (TC arts. 184-200 as far as the seed text goes)."""
    start, end = tax_period(inputs.tax_year, inputs.registered_on, inputs.ended_on)
    on = end
    if trace is not None:
        trace.titled(N_("Profit tax for {year}"), year=inputs.tax_year)
    if inputs.payer is Payer.FOREIGN_WITHOUT_PERMANENT_ESTABLISHMENT:
        raise BeyondSeedText(
            "a foreign organisation without a permanent establishment is taxed on its gross income without "
            "deductions (TC art. 186(3)), at a rate beyond the end of the seed text; use foreign_organisation_base()"
        )
    if trace is not None and (start, end) != (dt.date(inputs.tax_year, 1, 1), dt.date(inputs.tax_year, 12, 31)):
        trace.step(N_("Tax period {start} to {end}"), None, tc(187), start=start, end=end)

    if inputs.payer is Payer.NOT_A_PAYER:
        if trace is not None:
            trace.step(N_("Not a profit tax payer"), ZERO, tc(184, 3))
            trace.result = ZERO
        return ProfitTaxResult(inputs.tax_year, inputs.payer, start, end, ZERO, ZERO, ZERO, (), ZERO, ZERO, ZERO, ZERO, ZERO, param(trace, "profit_tax_rate", on), ZERO, ZERO, trace)

    income = profit_aggregate_income(inputs.incomes, inputs.payer, on, trace)
    aggregate = income.aggregate
    net_exchange = inputs.positive_exchange_differences - inputs.negative_exchange_differences
    if net_exchange > 0:
        aggregate += net_exchange
        if trace is not None:
            trace.step(N_("Excess of positive over negative exchange differences"), net_exchange, tc(188, 1, 5))
    if inputs.negative_group_values:
        aggregate += inputs.negative_group_values
        if trace is not None:
            trace.step(N_("Negative tax values of depreciation groups at year end"), inputs.negative_group_values, tc(188, 1, 14))
    if trace is not None and aggregate != income.aggregate:
        trace.step(N_("Aggregate annual income"), aggregate, tc(188, 1))

    lines: list[ExpenseLine] = [general_expense(e, inputs.tax_year) for e in inputs.expenses]
    lines += [per_diem_expense(p, on, trace) for p in inputs.per_diems]
    lines += [training_expense(t) for t in inputs.training]
    lines += [interest_expense(i) for i in inputs.interest]
    if net_exchange < 0:
        lines.append(ExpenseLine("excess of negative over positive exchange differences", -net_exchange, -net_exchange, tc(193, 1)))
    if inputs.depreciation:
        lines.append(ExpenseLine(msg(N_("Depreciation")), inputs.depreciation, inputs.depreciation, tc(198, 6)))
    capitalised = sum((i.before_commissioning_of_assets for i in inputs.interest if i.used_for_economic_activity), ZERO)
    deductible = sum((line.deductible for line in lines), ZERO)
    if trace is not None:
        for line in lines:
            if line.reason:
                trace.step(N_("{label}: claimed {claimed}; {reason}"), line.deductible, line.citation, label=line.label, claimed=som(line.claimed),
                           reason=line.reason)
            else:
                trace.step(N_("{label}: claimed {claimed}"), line.deductible, line.citation, label=line.label, claimed=som(line.claimed))
        trace.step(N_("Deductible expenses"), deductible, tc(193, 1))

    difference = aggregate - deductible
    profit = max(ZERO, difference)
    loss = max(ZERO, -difference)
    if trace is not None:
        trace.step(N_("Profit: the positive difference {income} − {expenses}"), profit, tc(186, 2), income=som(aggregate), expenses=som(deductible))
        if loss:
            trace.step(N_("Loss: carrying it forward is not computed here (the rules on it were not available to us)"), loss, tc(186, 2))

    reduction = ZERO
    if inputs.mining_enterprise and profit > 0:
        share = param(trace, "profit_tax_mining_base_reduction", on)
        reduction = round_tyiyn(profit * share)
        if trace is not None:
            trace.step(N_("Mining enterprise: base reduced by {share} × {profit}, held in the special fund"), reduction, tc(197, 3), share=as_rate(share), profit=som(profit))
    base = round_tyiyn(profit - reduction)
    rate = param(trace, "profit_tax_rate", on)
    tax = round_tyiyn(base * rate)
    if trace is not None:
        trace.step(N_("Profit tax: {base} × {rate} (a sample rate: the article that sets it was not available to us; check it before relying on it)"), tax,
                   definition("profit_tax_rate").citation, base=som(base), rate=as_rate(rate))
        trace.result = tax
    return ProfitTaxResult(
        tax_year=inputs.tax_year,
        payer=inputs.payer,
        period_start=start,
        period_end=end,
        gross_income=income.gross,
        exempt_income=income.exempt,
        aggregate_income=aggregate,
        expense_lines=tuple(lines),
        deductible_expenses=deductible,
        profit=profit,
        loss=loss,
        mining_reduction=reduction,
        tax_base=base,
        rate=rate,
        tax=tax,
        capitalised_interest=capitalised,
        trace=trace,
    )


def foreign_organisation_base(incomes: tuple[ProfitIncome, ...], on: dt.date, trace: Trace | None = None) -> Decimal:
    """Base of a foreign organisation's KR-source income not connected with a permanent
    establishment: the income without deductions (TC art. 186(3)). Its rate is beyond the seed text."""
    income = profit_aggregate_income(incomes, Payer.FOREIGN_WITHOUT_PERMANENT_ESTABLISHMENT, on, trace)
    if trace is not None:
        trace.step(N_("Base: the income without deductions"), income.aggregate, tc(186, 3))
    return income.aggregate
