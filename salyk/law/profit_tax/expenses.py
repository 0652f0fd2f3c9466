"""Deductible expenses for profit tax with their limits (TC arts. 193-198).

* Only documented expenses connected with earning income, the excess of negative over positive
  exchange differences and bad debts are deducted (art. 193(1)); prepaid expenses in the period
  they belong to (193(2)); an expense once (193(3)).
* Business trips: actual travel and lodging, per diems within the Government norms (194(1));
  representation expenses, for which the seed text sets no cap (194(2)).
* Training: only for staff employees, by domestic providers, raising qualification within the
  taxpayer's activity (195(2)).
* Interest: on borrowings used in economic activity (196(1)); interest connected with acquiring or
  creating depreciable assets before they are put into use is not deducted but increases their
  value (196(2), 198(1)). Art. 196(1) speaks of "the limits provided in this article", but the
  article sets none (READINGS.md, "Profit tax: limits").
* Research and design (197(1)); the part spent on fixed assets goes through depreciation (197(2));
  exploration paid from the depletion fund is not deducted (197(6)).
* Fixed assets and intangibles are deducted only through depreciation (198(6)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from salyk.law.citation import Citation, tc
from salyk.law.money import ZERO
from salyk.law.trace import N_, Msg, Trace, msg, param, som


class ExpenseKind(str, Enum):
    GENERAL = "general"  # 193(1): documented, connected with earning income
    BAD_DEBT = "bad_debt"  # 193(1), 153(34)
    BUSINESS_TRIP_TRAVEL = "business_trip_travel"  # 194(1)(1)
    BUSINESS_TRIP_LODGING = "business_trip_lodging"  # 194(1)(2)
    REPRESENTATION = "representation"  # 194(2)
    RESEARCH = "research"  # 197(1)
    LOW_VALUE_ASSETS = "low_value_assets"  # 199(1)-(2): assets of 100 indices or less, expensed (reading)
    FIXED_ASSET_COST = "fixed_asset_cost"  # 198(6), 197(2): only through depreciation
    FUND_FINANCED_EXPLORATION = "fund_financed_exploration"  # 197(6): not deducted


EXPENSE_WORDS = {
    ExpenseKind.GENERAL: N_("Expenses"),
    ExpenseKind.BAD_DEBT: N_("Bad debts"),
    ExpenseKind.BUSINESS_TRIP_TRAVEL: N_("Business-trip travel"),
    ExpenseKind.BUSINESS_TRIP_LODGING: N_("Business-trip lodging"),
    ExpenseKind.REPRESENTATION: N_("Representation expenses"),
    ExpenseKind.RESEARCH: N_("Research expenses"),
    ExpenseKind.LOW_VALUE_ASSETS: N_("Low-value assets"),
    ExpenseKind.FIXED_ASSET_COST: N_("Cost of fixed assets"),
    ExpenseKind.FUND_FINANCED_EXPLORATION: N_("Exploration financed from the depletion fund"),
}

CITATION: dict[ExpenseKind, Citation] = {
    ExpenseKind.GENERAL: tc(193, 1),
    ExpenseKind.BAD_DEBT: tc(193, 1),
    ExpenseKind.BUSINESS_TRIP_TRAVEL: tc(194, 1, 1),
    ExpenseKind.BUSINESS_TRIP_LODGING: tc(194, 1, 2),
    ExpenseKind.REPRESENTATION: tc(194, 2),
    ExpenseKind.RESEARCH: tc(197, 1),
    ExpenseKind.LOW_VALUE_ASSETS: tc(199, 2),
    ExpenseKind.FIXED_ASSET_COST: tc(198, 6),
    ExpenseKind.FUND_FINANCED_EXPLORATION: tc(197, 6),
}


@dataclass(frozen=True)
class Expense:
    kind: ExpenseKind
    amount: Decimal
    documented: bool = True
    connected_with_income: bool = True
    belongs_to_year: int | None = None  # a prepaid expense of another period (193(2)); None: this year
    description: str = ""


@dataclass(frozen=True)
class PerDiem:
    """Per diems paid for business trips (TC art. 194(1)(3))."""

    person_days: int
    paid: Decimal
    norm_per_day: Decimal | None = None  # None: the Government norm for trips inside the KR (parameter)
    description: str = ""


@dataclass(frozen=True)
class Training:
    """Training, qualification raising or retraining of personnel (TC art. 195)."""

    amount: Decimal
    raises_qualification: bool = True  # helps raise qualification or use the trainee better in the activity (195(2)(1))
    trainees_on_staff: bool = True  # (195(2)(2))
    domestic_provider: bool = True  # (195(2)(3))
    description: str = ""


@dataclass(frozen=True)
class InterestExpense:
    """Interest accrued or paid under the taxpayer's accounting method (TC art. 196)."""

    amount: Decimal
    before_commissioning_of_assets: Decimal = ZERO  # part connected with depreciable assets not yet in use (196(2))
    used_for_economic_activity: bool = True
    description: str = ""


@dataclass(frozen=True)
class ExpenseLine:
    """One expense as claimed and as allowed, with the rule that decided it."""

    label: Any  # the taxpayer's description, or a Msg naming the kind
    claimed: Decimal
    deductible: Decimal
    citation: Citation
    reason: Msg | None = None  # why less than claimed is deducted


def general_expense(e: Expense, tax_year: int) -> ExpenseLine:
    label = e.description or msg(EXPENSE_WORDS[e.kind])
    cite = CITATION[e.kind]
    if e.amount < 0:
        raise ValueError("an expense cannot be negative")
    if e.kind is ExpenseKind.FIXED_ASSET_COST:
        return ExpenseLine(label, e.amount, ZERO, cite, msg(N_("fixed assets and intangibles are deducted only through depreciation")))
    if e.kind is ExpenseKind.FUND_FINANCED_EXPLORATION:
        return ExpenseLine(label, e.amount, ZERO, cite, msg(N_("exploration financed from the depletion fund is not deducted")))
    if not e.documented:
        return ExpenseLine(label, e.amount, ZERO, tc(193, 1), msg(N_("not confirmed by documents")))
    if not e.connected_with_income:
        return ExpenseLine(label, e.amount, ZERO, tc(193, 1), msg(N_("not connected with earning income")))
    if e.belongs_to_year is not None and e.belongs_to_year != tax_year:
        return ExpenseLine(label, e.amount, ZERO, tc(193, 2), msg(N_("belongs to {year}"), year=e.belongs_to_year))
    return ExpenseLine(label, e.amount, e.amount, cite)


def per_diem_expense(p: PerDiem, on: dt.date, trace: Trace | None = None) -> ExpenseLine:
    norm = p.norm_per_day if p.norm_per_day is not None else param(trace, "business_trip_per_diem_norm", on)
    cap = norm * p.person_days
    allowed = min(p.paid, cap)
    label = p.description or msg(N_("per diems, {days} person-day(s)"), days=p.person_days)
    reason = msg(N_("within the norm {days} × {norm} = {cap}"), days=p.person_days, norm=som(norm), cap=som(cap)) if p.paid > cap else None
    return ExpenseLine(label, p.paid, allowed, tc(194, 1, 3), reason)


def training_expense(t: Training) -> ExpenseLine:
    label = t.description or msg(N_("training of personnel"))
    if not t.domestic_provider:
        return ExpenseLine(label, t.amount, ZERO, tc(195, 2, 3), msg(N_("educational services not provided by a domestic organisation")))
    if not t.trainees_on_staff:
        return ExpenseLine(label, t.amount, ZERO, tc(195, 2, 2), msg(N_("trainees are not on the taxpayer's staff")))
    if not t.raises_qualification:
        return ExpenseLine(label, t.amount, ZERO, tc(195, 2, 1), msg(N_("the programme does not serve the taxpayer's activity")))
    return ExpenseLine(label, t.amount, t.amount, tc(195, 2))


def interest_expense(i: InterestExpense) -> ExpenseLine:
    label = i.description or msg(N_("interest"))
    if not ZERO <= i.before_commissioning_of_assets <= i.amount:
        raise ValueError("the capitalised part of interest lies within the interest")
    if not i.used_for_economic_activity:
        return ExpenseLine(label, i.amount, ZERO, tc(196, 1), msg(N_("borrowing not used for economic activity")))
    allowed = i.amount - i.before_commissioning_of_assets
    reason = msg(N_("{amount} increases the value of the assets"), amount=som(i.before_commissioning_of_assets)) if i.before_commissioning_of_assets else None
    return ExpenseLine(label, i.amount, allowed, tc(196, 2) if reason else tc(196, 1), reason)
