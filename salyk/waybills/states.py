"""The states of a waybill and the acts that move it (issue 14), as pure data and functions.

The stored events are the truth; the status is their fold, then the clock: a ``delivered``
waybill whose consignee window has passed is ``deemed_received``, an ``issued`` (or declined)
one never loaded within the assignment window is ``discarded``, whether or not the worker has
recorded it yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from salyk.law import waybill as law

class Status(StrEnum):
    """A waybill's status; the values are the ``waybills.status`` and ``waybill_events.status_after``
    CHECK values (``migrations/waybills_0002_checks.py``)."""

    DRAFT = "draft"
    ISSUED = "issued"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    RECEIVED = "received"
    RECEIVED_WITH_DISCREPANCY = "received_with_discrepancy"
    REJECTED = "rejected"
    DEEMED_RECEIVED = "deemed_received"
    CARRIER_DECLINED = "carrier_declined"
    CANCELLED = "cancelled"
    DISCARDED = "discarded"


class Role(StrEnum):
    """A party's role (``waybill_parties.role``)."""

    SHIPPER = "shipper"
    CARRIER = "carrier"
    CONSIGNEE = "consignee"


class ActorRole(StrEnum):
    """Who recorded an event (``waybill_events.actor_role``): a party, an officer, or the worker."""

    SHIPPER = "shipper"
    CARRIER = "carrier"
    CONSIGNEE = "consignee"
    OFFICER = "officer"
    SYSTEM = "system"


class ViewerRole(StrEnum):
    """The caller's standing on a waybill it reads: a role it holds, or one it held (a carrier that
    declined still reads what it signed)."""

    SHIPPER = "shipper"
    CARRIER = "carrier"
    CONSIGNEE = "consignee"
    FORMER_SHIPPER = "former_shipper"
    FORMER_CARRIER = "former_carrier"
    FORMER_CONSIGNEE = "former_consignee"


class Action(StrEnum):
    """An event's action (``waybill_events.action``): the parties' acts (their path names), the
    officer's inspection and the worker's timer events."""

    ISSUE = "issue"
    CARRIER_ACCEPTANCE = "carrier-acceptance"
    CARRIER_DECLINE = "carrier-decline"
    CARRIER = "carrier"
    DELIVERY = "delivery"
    RECEIPT = "receipt"
    CANCELLATION = "cancellation"
    INSPECTION = "inspection"
    DEEMED_RECEIVED = "deemed_received"
    DISCARDED = "discarded"


class Kind(StrEnum):
    """The document's kind (``document.kind``)."""

    SALE = "sale"
    OWN_TRANSFER = "own_transfer"
    IMPORT = "import"
    EXPORT = "export"
    RETURN = "return"
    CORRECTION = "correction"


class InspectionResult(StrEnum):
    OK = "ok"
    VIOLATION = "violation"


# The short names the service and the tests use (members, so they compare equal to the strings).
DRAFT, ISSUED, IN_TRANSIT, DELIVERED = Status.DRAFT, Status.ISSUED, Status.IN_TRANSIT, Status.DELIVERED
RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED = Status.RECEIVED, Status.RECEIVED_WITH_DISCREPANCY, Status.REJECTED
DEEMED_RECEIVED, CARRIER_DECLINED, CANCELLED, DISCARDED = Status.DEEMED_RECEIVED, Status.CARRIER_DECLINED, Status.CANCELLED, Status.DISCARDED

STATUSES = tuple(Status)
RECEIPT_RESULTS = (RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED)
FINAL = frozenset({RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED, DEEMED_RECEIVED, CANCELLED, DISCARDED})

SHIPPER, CARRIER, CONSIGNEE = Role.SHIPPER, Role.CARRIER, Role.CONSIGNEE
ROLES = tuple(Role)


@dataclass(frozen=True)
class Act:
    name: Action  # the path name, also ``title.action``
    role: Role  # the party that signs it
    from_states: frozenset[Status]
    to_state: Status | None  # None: the receipt's result decides
    fields: tuple[str, ...]  # the title's own members besides waybill_id, action, document_sha256


ACTS: dict[str, Act] = {a.name: a for a in (
    Act(Action.ISSUE, SHIPPER, frozenset({DRAFT}), ISSUED, ()),
    Act(Action.CARRIER_ACCEPTANCE, CARRIER, frozenset({ISSUED}), IN_TRANSIT, ()),
    Act(Action.CARRIER_DECLINE, CARRIER, frozenset({ISSUED}), CARRIER_DECLINED, ("reason",)),
    Act(Action.CARRIER, SHIPPER, frozenset({CARRIER_DECLINED}), ISSUED, ("carrier_tin",)),
    Act(Action.DELIVERY, CARRIER, frozenset({IN_TRANSIT}), DELIVERED, ()),
    Act(Action.RECEIPT, CONSIGNEE, frozenset({DELIVERED}), None, ("result", "lines", "reason")),
    Act(Action.CANCELLATION, SHIPPER, frozenset({ISSUED, CARRIER_DECLINED}), CANCELLED, ("reason",)),
)}

# Events the service records itself (signed with the service key).
INSPECTION = Action.INSPECTION
INSPECTABLE = frozenset({ISSUED, IN_TRANSIT})
# A timer event's action and the status it leaves share their value.
TIMER_EVENTS = {Action.DEEMED_RECEIVED: frozenset({DELIVERED}), Action.DISCARDED: frozenset({ISSUED, CARRIER_DECLINED})}


def next_status(current: str, action: str, result: str | None = None) -> Status | None:
    """The status after ``action`` from ``current``; None if the act is not allowed there."""
    if action == INSPECTION:
        return Status(current) if current in INSPECTABLE else None
    if action in TIMER_EVENTS:
        return Status(action) if current in TIMER_EVENTS[Action(action)] else None
    act = ACTS.get(action)
    if act is None or current not in act.from_states:
        return None
    if act.to_state is None:
        return Status(result) if result in RECEIPT_RESULTS else None
    return act.to_state


@dataclass(frozen=True)
class Due:
    """A timer that has run out: the event the worker records and the moment it took effect."""

    action: Action  # deemed_received | discarded
    at: dt.datetime


def due_timer(status: str, issued_at: dt.datetime | None, delivered_at: dt.datetime | None, now: dt.datetime) -> Due | None:
    if status == DELIVERED and delivered_at is not None:
        deadline = law.consignee_deadline(delivered_at)
        if now >= deadline:
            return Due(Action.DEEMED_RECEIVED, deadline)
    if status in (ISSUED, CARRIER_DECLINED) and issued_at is not None:
        deadline = law.assignment_deadline(issued_at)
        if now >= deadline:
            return Due(Action.DISCARDED, deadline)
    return None


def effective(status: str, issued_at: dt.datetime | None, delivered_at: dt.datetime | None, now: dt.datetime) -> Status:
    due = due_timer(status, issued_at, delivered_at, now)
    return Status(due.action if due else status)


def stored_candidates(status: str) -> tuple[Status, ...]:
    """Stored statuses that may read as ``status`` once the timers are applied (list filters)."""
    if status == DEEMED_RECEIVED:
        return (DELIVERED, DEEMED_RECEIVED)
    if status == DISCARDED:
        return (ISSUED, CARRIER_DECLINED, DISCARDED)
    return (Status(status),)
