"""Income and deductions of long-term contracts (TC art. 192).

A long-term contract is one for manufacturing, installation or construction (or services that go
with them) not completed in the tax period in which the work began, except contracts expected to
be completed within 12 months of the start of work (art. 192(1)). Under the accrual method the
year's income follows the percentage of completion: costs incurred to the year end over the
contract's total estimated costs (192(2)); under the simple method, the works actually performed
and paid in the year (192(3)), which are plain amounts for the caller.

The text gives the percentage but not how the years follow each other; we recognise the
cumulative income to date less what earlier years recognised (READINGS.md, "Profit tax:
long-term contracts").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_long_term_contract(work_started: dt.date, expected_completion: dt.date, trace: Trace | None = None) -> bool:
    """Whether a contract is long-term (TC art. 192(1))."""
    months = param(trace, "profit_tax_long_term_contract_months", work_started)
    within = expected_completion <= _add_months(work_started, months)
    ends_in_start_year = expected_completion.year == work_started.year
    long_term = not within and not ends_in_start_year
    if trace is not None:
        trace.step(
            N_("Work from {start}, expected to end {end}: a long-term contract") if long_term
            else N_("Work from {start}, expected to end {end}: not a long-term contract"),
            long_term,
            tc(192, 1),
            start=work_started, end=expected_completion,
        )
    return long_term


@dataclass(frozen=True)
class LongTermContract:
    price: Decimal
    total_estimated_costs: Decimal
    costs_to_year_end: Decimal  # costs incurred from the start to the end of this tax year
    income_recognised_before: Decimal = ZERO  # recognised in earlier years


@dataclass(frozen=True)
class LongTermContractYear:
    completion: Decimal  # the share of the contract completed
    income_to_date: Decimal
    income_this_year: Decimal


def long_term_contract_income(contract: LongTermContract, trace: Trace | None = None) -> LongTermContractYear:
    """Income of a long-term contract for the year under the accrual method (TC art. 192(2))."""
    if contract.total_estimated_costs <= 0:
        raise ValueError("the contract's total estimated costs must be positive")
    completion = min(Decimal(1), contract.costs_to_year_end / contract.total_estimated_costs)
    to_date = round_tyiyn(contract.price * completion)
    this_year = to_date - contract.income_recognised_before
    if trace is not None:
        trace.step(N_("Completion: {costs} / {total}"), completion, tc(192, 2), costs=som(contract.costs_to_year_end), total=som(contract.total_estimated_costs))
        trace.step(N_("Income to date: {price} × completion"), to_date, tc(192, 2), price=som(contract.price))
        trace.step(N_("Income this year: {to_date} − {before} recognised before"), this_year, tc(192, 2), to_date=som(to_date), before=som(contract.income_recognised_before))
    return LongTermContractYear(completion, to_date, this_year)
