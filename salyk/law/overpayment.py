"""Offset and refund of overpaid tax, TC art. 81.

TC art. 81(1): an overpayment is the positive difference between what was paid and what was
payable (tax, interest, туум, sanctions), excess VAT under art. 278-279 aside.
TC art. 81(2): it is offset against the taxpayer's debt in this order: 1) interest, туум and
sanctions of the same tax; 2) arrears of other taxes; 3) interest, туум and sanctions of other
taxes. TC art. 81(4): an offset against an obligation that arises while the overpayment exists
is made as of the day that obligation arose. TC art. 81(6)-(7), (10): what is left is offset
against future obligations or refunded on a written application, within 30 calendar days from
the day after the application is received, only if no obligation is unfulfilled.
TC art. 81(8): the application is filed within 6 years (``limitation.overpayment_claim_deadline``).
TC art. 81(9): never against another taxpayer's debt. TC art. 81(11): a late refund earns the
taxpayer 0.09 % a day from the budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.allocation import KIND_WORDS, Allocation, AllocationLine, DebtItem, DebtKind, as_money, pay_in_order, sort_for_repayment
from salyk.law.calendar import Calendar, add_days, default_calendar
from salyk.law.citation import tc
from salyk.law.interest import parameter_schedule, value_on
from salyk.law.limitation import overpayment_claim_deadline
from salyk.law.money import ZERO, format_som, round_tyiyn
from salyk.law.trace import N_, Trace, param, som

ONE_DAY = dt.timedelta(days=1)


def offset_overpayment(
    amount: Decimal,
    overpaid_tax: str,
    debts: Iterable[DebtItem],
    on: dt.date,
    *,
    trace: Trace | None = None,
) -> Allocation:
    """Offset an overpayment of ``overpaid_tax`` against the same taxpayer's open debts
    (TC art. 81(2)); the remainder may be refunded or kept for future obligations (81(6)).

    ``debts`` carry their tax in ``DebtItem.tax``. Arrears of the overpaid tax itself cannot be
    among them: a payment to that tax repays them first (TC art. 61) and an overpayment exists
    only once they are paid (81(1)). Inside a step, kinds follow the parameter's order and then
    the oldest debt goes first (TC art. 61 "in the order of its arising").
    """
    amount = as_money(amount, "overpayment")
    if amount < 0:
        raise ValueError("an overpayment cannot be negative")
    items = list(debts)
    if any(d.tax == overpaid_tax and d.kind == DebtKind.TAX for d in items):
        raise ValueError(f"arrears of {overpaid_tax} are repaid under TC art. 61 before an overpayment exists (81(1))")
    steps = param(trace, "overpayment_offset_order", on)
    if trace is not None:
        trace.titled(N_("Offset of an overpayment of {tax}: {amount}"), tax=overpaid_tax, amount=som(amount))
        trace.step(N_("overpayment of {tax}: {amount}"), amount, tc(81, 1), tax=overpaid_tax, amount=som(amount))
    left = amount
    lines: list[AllocationLine] = []
    for n, step in enumerate(steps, start=1):
        kinds = tuple(DebtKind(k) for k in step["kinds"])
        same = step["scope"] == "same_tax"
        chosen = [d for d in items if (d.tax == overpaid_tax) == same and d.kind in kinds]
        cite = tc(81, 2, n)
        if trace is not None:
            trace.step(N_("step {n}: the same tax, {kinds}") if same else N_("step {n}: other taxes, {kinds}"), None, cite, n=n,
                       kinds=[KIND_WORDS[k] for k in kinds])
        got, left = pay_in_order(left, sort_for_repayment(chosen, kinds), cite, trace)
        lines.extend(got)
    if trace is not None:
        trace.step(N_("left for future obligations or a refund on written application"), left, tc(81, 6))
        trace.result = left
    return Allocation(tuple(lines), left)


def offset_effective_date(overpayment_arose_on: dt.date, obligation_arose_on: dt.date) -> dt.date:
    """TC art. 81(4): the offset counts as of the day the obligation arose; an obligation that
    was already open when the overpayment arose is offset as of the overpayment's day (the
    earliest day both exist). TC art. 60(1)(4) dates fulfilment at the offset decision instead;
    we take 81(4), the earlier day, which stops туум soonest (TC art. 15(3), READINGS.md)."""
    return max(overpayment_arose_on, obligation_arose_on)


def offset_notice_deadline(offset_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None) -> dt.date:
    """TC art. 81(3), (5): notice of an offset within 10 calendar days from the day after it."""
    days = param(trace, "offset_notice_days", offset_on)
    due = (calendar or default_calendar()).roll_forward(add_days(offset_on, days))
    if trace is not None:
        trace.step(N_("{days} calendar days after the offset of {day}"), due, tc(81, 5), days=days, day=offset_on)
        trace.result = due
    return due


def refund_deadline(received_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None) -> dt.date:
    """TC art. 81(7): the refund is due within 30 calendar days from the day after the
    application was received (then TC art. 16(6))."""
    days = param(trace, "refund_days", received_on)
    nominal = add_days(received_on, days)
    due = (calendar or default_calendar()).roll_forward(nominal)
    if trace is not None:
        trace.step(N_("{days} calendar days from {first}: {day}"), nominal, tc(81, 7), days=days, first=received_on + ONE_DAY, day=nominal)
        if due != nominal:
            trace.step(N_("{day} is not a working day: moved to {due}"), due, tc(16, 6), day=nominal, due=due)
        trace.result = due
    return due


def late_refund_interest(
    amount: Decimal,
    received_on: dt.date,
    refunded_on: dt.date,
    *,
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> Decimal:
    """TC art. 81(11): 0.09 % of the refund for each day it is paid after the 81(7) deadline,
    owed to the taxpayer from the budget. The text sets no ceiling, and we apply none."""
    amount = as_money(amount, "refund")
    if trace is not None:
        trace.titled(N_("Late-refund туум on {amount}"), amount=som(amount))
    deadline = refund_deadline(received_on, calendar=calendar, trace=trace)
    if refunded_on <= deadline:
        if trace is not None:
            trace.step(N_("refunded in time: nothing is owed"), ZERO, tc(81, 11))
            trace.result = ZERO
        return ZERO
    schedule = parameter_schedule("late_refund_interest_rate")
    first = deadline + ONE_DAY
    bounds = sorted({first, *(d for d, _ in schedule if first < d <= refunded_on)})
    total = Decimal(0)
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - ONE_DAY if i + 1 < len(bounds) else refunded_on
        days = (end - start).days + 1
        _, rate = value_on(schedule, start, "late_refund_interest_rate")
        part = amount * rate * days
        total += part
        if trace is not None:
            trace.param("late_refund_interest_rate", start)
            trace.step(N_("{start} – {end}: {amount} × {rate}% × {days}"), part, tc(81, 11), start=start, end=end, amount=som(amount),
                       rate=(rate * 100).normalize(), days=days)
    owed = round_tyiyn(total)
    if trace is not None:
        trace.step(N_("owed to the taxpayer, rounded to the tyiyn"), owed)
        trace.result = owed
    return owed


@dataclass(frozen=True)
class RefundCheck:
    allowed: bool
    reasons: tuple[str, ...]


def refund_allowed(
    *,
    written_application: bool,
    unfulfilled_obligations: bool,
    overpayment_arose_on: dt.date,
    applied_on: dt.date,
    vat_excess: bool = False,
    calendar: Calendar | None = None,
) -> RefundCheck:
    """Whether a refund application can be granted (TC art. 81(1), (8), (10))."""
    reasons = []
    if not written_application:
        reasons.append("a refund needs a written application (TC art. 81(10))")
    if unfulfilled_obligations:
        reasons.append("no refund while a tax obligation is unfulfilled (TC art. 81(10))")
    if vat_excess:
        reasons.append("excess VAT is refunded under TC art. 278-279, not art. 81 (TC art. 81(1))")
    if applied_on > overpayment_claim_deadline(overpayment_arose_on, calendar=calendar):
        reasons.append("the 6-year claim window has passed (TC art. 81(8))")
    return RefundCheck(not reasons, tuple(reasons))


__all__ = [
    "RefundCheck",
    "late_refund_interest",
    "offset_effective_date",
    "offset_notice_deadline",
    "offset_overpayment",
    "refund_allowed",
    "refund_deadline",
]
