"""What the ledger's application and decision services return (issue 8 item 5): frozen dataclasses
with ``Decimal`` money, ``date``/``datetime`` and enums, never dicts shaped for JSON. The faces
format them: the JSON presenters in ``salyk.api.presenters.ledger``, the pages' templates in
``salyk.web``. The enums' values are the ones the database's CHECK constraints allow
(``migrations/0005_ledger_checks.py``; a test holds the two together)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from salyk.law.deferral import DecidingBody, DeferralGround
from salyk.law.interest import ExclusionGround
from salyk.law.write_off import WriteOffGround
from salyk.registry.taxpayers import Who


class RefundKind(StrEnum):
    REFUND = "refund"  # paid back to the taxpayer, TC art. 81(7)
    OFFSET = "offset"  # moved to another tax on application, TC art. 81(6)


class RefundStatus(StrEnum):
    RECEIVED = "received"
    APPROVED = "approved"  # a refund decided, not yet paid
    APPLIED = "applied"  # an offset decided: it is made at once
    REJECTED = "rejected"
    PAID = "paid"


class DeferralStatus(StrEnum):
    RECEIVED = "received"
    GRANTED = "granted"
    REFUSED = "refused"
    TERMINATED = "terminated"  # early, on a breach (TC art. 80(3)-(4))


class InstalmentStatus(StrEnum):
    """How the tax's payments since a granted plan's start cover an instalment."""

    PAID = "paid"
    OPEN = "open"  # not yet due
    MISSED = "missed"  # due and not covered: a breach the tax body may act on (TC art. 80(3))


@dataclass(frozen=True, slots=True)
class StatusStep:
    """One step of an application's append-only status history."""

    status: str  # a RefundStatus or DeferralStatus value, or "written_off"
    at: dt.datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class Refund:
    """A refund or offset application (TC art. 81(6), (10)) and its decision."""

    id: int
    kind: RefundKind
    tax: str
    to_tax: str | None
    amount: Decimal
    client_reference: str | None
    received_on: dt.date
    status: RefundStatus
    decision_number: str | None
    decided_on: dt.date | None
    reason: str | None
    paid_on: dt.date | None
    refund_deadline: dt.date | None  # 81(7); none for an offset or a rejected refund
    days_late: int
    late_interest: Decimal  # 81(11): owed to the taxpayer from the budget
    citation: str
    history: tuple[StatusStep, ...]
    who: Who | None = None  # in the tax office's lists: who the application is about


@dataclass(frozen=True, slots=True)
class Instalment:
    date: dt.date
    amount: Decimal
    status: InstalmentStatus | None = None  # once the plan is granted


@dataclass(frozen=True, slots=True)
class Deferral:
    """A deferral or instalment plan application (TC art. 76-80) and its decisions."""

    id: int
    tax: str
    amount: Decimal
    ground: DeferralGround
    start: dt.date
    end: dt.date
    schedule: tuple[Instalment, ...]
    bank_guarantee: bool
    client_reference: str | None
    received_on: dt.date
    deciding_body: DecidingBody  # TC art. 78
    decision_deadline: dt.date  # TC art. 79(7)
    overdue: bool
    status: DeferralStatus
    decision_number: str | None
    decided_on: dt.date | None
    reason: str | None
    interest: Decimal | None  # the decision's figure: as planned, or for the days in force (80(4))
    interest_to_date: Decimal | None  # as the ledger derives it today, on what was unpaid each day (79(4))
    terminated_on: dt.date | None
    unpaid: Decimal | None  # 80(4): due after an early termination
    payment_deadline: dt.date | None
    history: tuple[StatusStep, ...]
    who: Who | None = None


@dataclass(frozen=True, slots=True)
class WriteOffDecision:
    """A numbered decision writing off hopeless debt (TC art. 68-69)."""

    id: int
    tax: str
    ground: WriteOffGround
    items: tuple[int, ...]  # posting ids of the debts written off
    amount: Decimal
    act_reference: str
    evidence: str
    decision_number: str
    decided_on: dt.date
    decided_by: str
    posting_id: int
    citation: str


@dataclass(frozen=True, slots=True)
class InterestStop:
    """A ground on which туум stops (TC art. 71(7)(2)-(6), 75(6)) for one tax."""

    id: int
    tax: str
    ground: ExclusionGround
    start: dt.date
    end: dt.date | None  # open while the ground lasts
    act_reference: str | None
    evidence: str | None
    citation: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Sanction:
    """A sanction as recorded: its posting, the amount and the article it was computed under."""

    id: int
    amount: Decimal
    citation: str


__all__ = ["Deferral", "DeferralStatus", "Instalment", "InstalmentStatus", "InterestStop", "Refund", "RefundKind", "RefundStatus",
           "Sanction", "StatusStep", "WriteOffDecision"]
