"""Deferral and instalment plans (кийинкиге жылдыруу / бөлүп төлөө), TC art. 76-80.

TC art. 76: a change of the payment term moves it later; only under this chapter; with a bank
guarantee (76(5)); never for excise-tax debt (76(6)). TC art. 77: refused (or cancelled) when
documents show the taxpayer would hide money or property, or is preparing to leave the country
for good. TC art. 78: the tax body decides up to 1,000,000 som, the authorised tax body above.
TC art. 79(1): 1 month to 3 years. 79(2): grounds 1) force majeure damage, 2) late budget
financing or payment (also public-private partnership), 3) a financial position that does not
allow paying at once. 79(4): ground 3 bears interest at twice the National Bank discount rate
for each day; grounds 1-2 none. 79(5): no туум and no sanctions on the deferred debt.
79(7): decision within 10 calendar days. 79(9): туум and sanctions up to the decision's date are
added to the debt. TC art. 80(3)-(4): on a breach the plan ends early; the unpaid debt is paid
within 30 calendar days after the decision is received, with туум from the day after the
decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from salyk.law.allocation import as_money
from salyk.law.calendar import Calendar, add_days, add_months, add_years, default_calendar
from salyk.law.citation import tc
from salyk.law.interest import Exclusion, ExclusionGround, Schedule, parameter_schedule, value_on
from salyk.law.money import ZERO, format_som, round_tyiyn
from salyk.law.trace import N_, Trace, param, som

ONE_DAY = dt.timedelta(days=1)
DecidingBody = Literal["tax_body", "authorised_tax_body"]


class DeferralGround(str, Enum):
    FORCE_MAJEURE = "force_majeure"  # 79(2)(1)
    LATE_BUDGET_FINANCING = "late_budget_financing"  # 79(2)(2)
    FINANCIAL_POSITION = "financial_position"  # 79(2)(3)


@dataclass(frozen=True)
class DeferralCheck:
    eligible: bool
    reasons: tuple[str, ...]  # why not, each naming its article
    deciding_body: DecidingBody
    interest_bearing: bool


def deciding_body(amount: Decimal, on: dt.date, *, trace: Trace | None = None) -> DecidingBody:
    """TC art. 78: the tax body up to the limit inclusive ("ашпаган"), the authorised tax body
    above. ``amount`` is the debt to be deferred as the decision states it (79(9))."""
    limit = param(trace, "deferral_tax_body_limit", on)
    body: DecidingBody = "tax_body" if Decimal(amount) <= limit else "authorised_tax_body"
    if trace is not None:
        trace.step(N_("{amount} is not above {limit}: the tax body decides") if body == "tax_body"
                   else N_("{amount} is above {limit}: the authorised tax body decides"), body, tc(78), amount=som(amount), limit=som(limit))
    return body


def term_within_limits(start: dt.date, end: dt.date, *, trace: Trace | None = None) -> bool:
    """TC art. 79(1): the plan runs from ``start`` (the decision's effective date) to ``end`` (the
    last payment), at least 1 month and at most 3 years (16(3)-(5) for the corresponding day)."""
    shortest = add_months(start, param(trace, "deferral_min_term_months", start))
    longest = add_years(start, param(trace, "deferral_max_term_years", start))
    ok = shortest <= end <= longest
    if trace is not None:
        trace.step(N_("term {start} – {end}: allowed {shortest} – {longest}"), ok, tc(79, 1), start=start, end=end, shortest=shortest, longest=longest)
    return ok


def check_deferral(
    *,
    taxes: Iterable[str],
    ground: DeferralGround | str,
    amount: Decimal,
    start: dt.date,
    end: dt.date,
    bank_guarantee: bool,
    concealment_grounds: bool = False,
    leaving_country: bool = False,
    trace: Trace | None = None,
) -> DeferralCheck:
    """Can the plan be granted as asked? (TC art. 76(5)-(6), 77(1), 78, 79(1)-(4))."""
    ground = DeferralGround(ground)
    on = start
    reasons: list[str] = []
    excluded = set(param(trace, "deferral_excluded_taxes", on))
    for tax in taxes:
        if tax in excluded:
            reasons.append(f"{tax}: debt of this tax cannot be deferred (TC art. 76(6))")
    if not bank_guarantee:
        reasons.append("a bank guarantee is required (TC art. 76(5), 79(6))")
    if concealment_grounds:
        reasons.append("documents show the deferral would be used to hide money or property (TC art. 77(1))")
    if leaving_country:
        reasons.append("the taxpayer is preparing to leave the Kyrgyz Republic for good (TC art. 77(1))")
    if Decimal(amount) <= 0:
        reasons.append("there is no debt to defer (TC art. 76(1))")
    if not term_within_limits(start, end, trace=trace):
        reasons.append("the term must be from 1 month to 3 years (TC art. 79(1))")
    body = deciding_body(amount, on, trace=trace)
    bearing = ground.value in param(trace, "deferral_interest_grounds", on)
    if trace is not None:
        for r in reasons:
            trace.step(r)
        trace.step(N_("this ground bears interest at twice the NBKR rate") if bearing else N_("this ground bears no interest"), bearing, tc(79, 4))
        trace.result = not reasons
    return DeferralCheck(not reasons, tuple(reasons), body, bearing)


def capitalised_debt(tax: Decimal, late_interest: Decimal, sanctions: Decimal) -> Decimal:
    """TC art. 79(9): the туум and sanctions accrued from the due date to the decision's
    effective date are added to the debt that is deferred."""
    return as_money(tax, "tax") + as_money(late_interest, "туум") + as_money(sanctions, "sanctions")


def deferral_exclusion(start: dt.date, end: dt.date | None) -> Exclusion:
    """TC art. 71(7)(7), 79(5): no туум on the deferred debt while the plan is in force
    (``start`` = the effective date; ``end`` = its last day, or the early-termination decision's
    day, TC art. 80(4))."""
    return Exclusion(ExclusionGround.DEFERRAL, start, end)


def decision_deadline(received_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None) -> dt.date:
    """TC art. 79(7): the decision within 10 calendar days from the day after receipt."""
    days = param(trace, "deferral_decision_days", received_on)
    due = (calendar or default_calendar()).roll_forward(add_days(received_on, days))
    if trace is not None:
        trace.step(N_("{days} calendar days after {day}"), due, tc(79, 7), days=days, day=received_on)
        trace.result = due
    return due


@dataclass(frozen=True)
class DeferralInterestSegment:
    start: dt.date
    end: dt.date
    balance: Decimal
    days: int
    annual_rate: Decimal  # multiplier x NBKR rate
    year_days: int
    amount: Decimal  # exact

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "balance": format_som(self.balance),
            "days": self.days,
            "annual_rate": str(self.annual_rate),
            "year_days": self.year_days,
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class DeferralInterest:
    segments: tuple[DeferralInterestSegment, ...]
    accrued: Decimal
    total: Decimal


def deferral_interest(
    ground: DeferralGround | str,
    changes: Iterable[tuple[dt.date, Decimal]],
    start: dt.date,
    end: dt.date,
    *,
    nbkr_schedule: Schedule | None = None,
    trace: Trace | None = None,
) -> DeferralInterest:
    """Interest (пайыздар) on a deferred or instalment debt, TC art. 79(4).

    Ground 3 only: the unpaid deferred debt x 2 x the NBKR discount rate, for each day from the
    day after ``start`` (the effective date, 16(2)) through ``end`` inclusive. ``changes`` are the
    deferred debt's movements ``(date, delta)``: the deferred amount (+, dated on or before
    ``start``) and each instalment paid (-, counting from the next day). The daily rate is the
    annual rate / the number of days of that calendar year, and the NBKR rate is the one in force
    on each day (READINGS.md). Grounds 1-2: zero.
    """
    ground = DeferralGround(ground)
    on = start
    if trace is not None:
        trace.titled(N_("Deferral interest {start} – {end}"), start=start, end=end)
    if ground.value not in param(trace, "deferral_interest_grounds", on):
        if trace is not None:
            trace.step(N_("this ground bears no interest"), ZERO, tc(79, 4))
            trace.result = ZERO
        return DeferralInterest((), ZERO, ZERO)
    multiplier = Decimal(param(trace, "deferral_interest_multiplier", on))
    nbkr = nbkr_schedule if nbkr_schedule is not None else parameter_schedule("nbkr_discount_rate")
    moves = sorted(((d, Decimal(v)) for d, v in changes), key=lambda m: m[0])
    first = start + ONE_DAY
    if end < first:
        if trace is not None:
            trace.result = ZERO
        return DeferralInterest((), ZERO, ZERO)
    starts = {first}
    starts.update(d + ONE_DAY for d, _ in moves if d >= first)
    starts.update(d for d, _ in nbkr if d > first)
    starts.update(dt.date(y, 1, 1) for y in range(first.year + 1, end.year + 1))
    bounds = sorted(d for d in starts if first <= d <= end)
    segments: list[DeferralInterestSegment] = []
    accrued = Decimal(0)
    for i, s in enumerate(bounds):
        e = bounds[i + 1] - ONE_DAY if i + 1 < len(bounds) else end
        days = (e - s).days + 1
        balance = max(sum((v for d, v in moves if d < s), Decimal(0)), Decimal(0))
        _, rate = value_on(nbkr, s, "nbkr_discount_rate")
        if trace is not None and nbkr_schedule is None:
            trace.param("nbkr_discount_rate", s)
        annual = multiplier * rate
        year_days = 366 if _leap(s.year) else 365
        amount = balance * annual * days / year_days
        seg = DeferralInterestSegment(s, e, balance, days, annual, year_days, amount)
        segments.append(seg)
        accrued += amount
        if trace is not None:
            trace.step(
                N_("{start} – {end}: {balance} × {multiplier} × {rate}% × {days}/{year_days}"),
                amount.quantize(Decimal("0.000001")),  # the sum uses the exact amount
                tc(79, 4),
                start=s, end=e, balance=som(balance), multiplier=multiplier, rate=(rate * 100).normalize(), days=days, year_days=year_days,
            )
    total = round_tyiyn(accrued)
    if trace is not None:
        trace.step(N_("interest rounded to the tyiyn"), total)
        trace.result = total
    return DeferralInterest(tuple(segments), accrued, total)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class EarlyTermination:
    unpaid: Decimal  # TC art. 80(4) second paragraph
    payment_deadline: dt.date  # 30 calendar days after the decision is received
    late_interest_from: dt.date  # туум and sanctions again from the day after the decision


def early_termination(
    *,
    decided_debt: Decimal,
    interest_in_force: Decimal,
    paid_debt: Decimal,
    paid_interest: Decimal,
    decision_date: dt.date,
    received_on: dt.date,
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> EarlyTermination:
    """TC art. 80(3)-(4): the plan ends early on a breach not remedied or contested.

    unpaid = (debt in the grant decision + interest under it for the period it was in force)
             - (debt and interest actually paid).
    The period in force ends on the day of the breach (80(3)); ``interest_in_force`` is
    :func:`deferral_interest` through that day. The taxpayer pays within 30 calendar days after
    receiving the decision; туум and sanctions run on the arrears from the day after the
    decision was taken (80(4)).
    """
    unpaid = as_money(decided_debt, "debt") + as_money(interest_in_force, "interest") - as_money(paid_debt, "paid debt") - as_money(paid_interest, "paid interest")
    unpaid = max(unpaid, ZERO)
    days = param(trace, "deferral_termination_payment_days", received_on)
    deadline = (calendar or default_calendar()).roll_forward(add_days(received_on, days))
    resume = decision_date + ONE_DAY
    if trace is not None:
        trace.titled(N_("Early termination of a deferral"))
        trace.step(N_("{debt} + {interest} − paid {paid_debt} − paid {paid_interest}"), unpaid, tc(80, 4), debt=som(decided_debt),
                   interest=som(interest_in_force), paid_debt=som(paid_debt), paid_interest=som(paid_interest))
        trace.step(N_("pay within {days} calendar days after receiving the decision on {day}"), deadline, tc(80, 4), days=days, day=received_on)
        trace.step(N_("туум and sanctions on the arrears from the day after the decision"), resume, tc(80, 4))
        trace.result = unpaid
    return EarlyTermination(unpaid, deadline, resume)
