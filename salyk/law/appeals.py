"""Decisions of the tax body and appeals against them (TC art. 82-83, 146-152): the 23 decision
types of TC art. 83(5) in the Code's order, and the clocks that run from delivery.

Every clock starts on delivery (TC art. 83(1)-(4)); an undelivered decision has no legal force,
so none of its clocks has started. Terms follow TC art. 16: a term of N days opened by a day
ends N days later (day 1 is the next day, 16(2)) and a last day that is not a working day moves
to the next working day (16(6)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.calendar import Calendar, default_calendar
from salyk.law.citation import Citation, tc
from salyk.law.parameters import parameter

# TC art. 83(5), items 1-23, in the Code's order.
DECISION_TYPES: tuple[str, ...] = (
    "transfer_price",            # 1) transfer pricing
    "field_audit_result",        # 2) results of a field audit
    "assessment",                # 3) assessment of tax
    "obligation_change",         # 4) change of a tax obligation
    "payment_suspension",        # 5) suspension of operations on accounts
    "administrative_liability",  # 6) administrative liability
    "expertise",                 # 7) appointment of an expertise
    "deposit",                   # 8) deposit
    "deferral",                  # 9) deferral or instalments
    "filing_extension",          # 10) extension of the filing term
    "appeal_decision",           # 11) decision on an appeal
    "offset_on_application",     # 12) offset on the taxpayer's application
    "vat_refund",                # 13) VAT refund
    "vat_deregistration",        # 14) VAT deregistration
    "documents_request",         # 15) request for documents
    "offset_by_tax_body",        # 16) offset by the tax body
    "audit_review_time",         # 17) time of an audit
    "measurement",               # 18) measurement (хронометраж)
    "desk_audit_result",         # 19) results of a desk audit
    "desk_audit_discrepancy",    # 20) discrepancies found in a desk audit
    "invoice_series",            # 21) series of invoices
    "invoice_series_refusal",    # 22) refusal of a series of invoices
    "vat_registration",          # 23) VAT registration
)

# Types whose decision changes the ledger (TC art. 82: an assessment is a charge).
CHARGING_TYPES = frozenset({"assessment", "field_audit_result", "desk_audit_result", "obligation_change"})

OUTCOMES = ("satisfied", "partly_satisfied", "refused")


def decision_citation(kind: str) -> Citation:
    """``TC art. 83(5)(N)`` for the N-th type; ValueError for an unknown one."""
    return tc(83, 5, DECISION_TYPES.index(kind) + 1)


def _calendar(calendar: Calendar | None) -> Calendar:
    return calendar if calendar is not None else default_calendar()


def appeal_deadline(delivered_on: dt.date, calendar: Calendar | None = None) -> dt.date:
    """The last day to appeal: 30 calendar days from the day after delivery (TC art. 147(1)),
    moved to the next working day (16(6))."""
    return _calendar(calendar).term_end(delivered_on, days=parameter("appeal_window_days", delivered_on))


def appeal_is_late(delivered_on: dt.date | None, filed_on: dt.date, calendar: Calendar | None = None) -> bool:
    """TC art. 147(2). An undelivered decision cannot be late: its clock has not started."""
    return delivered_on is not None and filed_on > appeal_deadline(delivered_on, calendar)


def resubmission_deadline(returned_on: dt.date, calendar: Calendar | None = None) -> dt.date:
    """A returned appeal may come back within 10 days from the day after its return (147(5))."""
    return _calendar(calendar).term_end(returned_on, days=parameter("appeal_resubmission_days", returned_on))


@dataclass(frozen=True)
class Suspension:
    start: dt.date
    end: dt.date | None  # None: still suspended


def review_deadline(registered_on: dt.date, suspensions: tuple[Suspension, ...] = (), calendar: Calendar | None = None) -> dt.date:
    """The last day for the decision on an appeal (TC art. 149(1)-(2)).

    30 calendar days from the day after registration; the days the review was suspended (149(2))
    are added; never past 90 days from the day after filing. An open suspension holds the term
    until the 90 days run out.
    """
    cal = _calendar(calendar)
    longest = cal.term_end(registered_on, days=parameter("appeal_review_max_days", registered_on), bound="tax_body")
    if any(s.end is None for s in suspensions):
        return longest
    paused = sum(((s.end - s.start).days for s in suspensions if s.end is not None), 0)
    normal = cal.term_end(registered_on, days=parameter("appeal_review_days", registered_on) + paused, bound="tax_body")
    return min(normal, longest)


def deemed_satisfied(registered_on: dt.date, today: dt.date, suspensions: tuple[Suspension, ...] = (), calendar: Calendar | None = None) -> bool:
    """No decision by the end of the review term: the appeal is deemed satisfied (149(3))."""
    return today > review_deadline(registered_on, suspensions, calendar)


def unopened_flag_day(issued_on: dt.date, calendar: Calendar | None = None) -> dt.date:
    """The day from which an unopened decision is flagged for paper delivery (5 working days)."""
    return _calendar(calendar).add_working_days(issued_on, parameter("decision_unopened_flag_working_days", issued_on))


def cancelled_amount(outcome: str, disputed: Decimal, upheld: Decimal | None) -> Decimal:
    """How much of the disputed amount the appeal decision takes off (TC art. 149(4), 151(3)-(4)).

    Satisfied (or deemed satisfied): all of it; refused: nothing; partly satisfied: what is not
    upheld. Туум and sanctions for the review period then run only on what is upheld (151(4)).
    """
    if outcome in ("satisfied", "deemed_satisfied"):
        return disputed
    if outcome == "refused":
        return Decimal("0.00")
    if outcome == "partly_satisfied":
        if upheld is None or not Decimal("0") < upheld < disputed:
            raise ValueError("a partly satisfied appeal upholds more than nothing and less than the disputed amount")
        return disputed - upheld
    raise ValueError(f"unknown outcome {outcome!r}")


def reminder_days(on: dt.date) -> tuple[int, ...]:
    """Days before a due date on which the cabinet reminds (3 and 1 by default)."""
    return tuple(int(d) for d in parameter("deadline_reminder_days", on))
