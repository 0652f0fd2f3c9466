"""The states of a waybill and the acts that move it (issue 14), as pure data and functions.

The stored events are the truth; the status is their fold, then the clock: a ``delivered``
waybill whose consignee window has passed is ``deemed_received``, an ``issued`` (or declined)
one never loaded within the assignment window is ``discarded``, whether or not the worker has
recorded it yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salyk.law import waybill as law

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

STATUSES = (DRAFT, ISSUED, IN_TRANSIT, DELIVERED, RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED,
            DEEMED_RECEIVED, CARRIER_DECLINED, CANCELLED, DISCARDED)
RECEIPT_RESULTS = (RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED)
FINAL = frozenset({RECEIVED, RECEIVED_WITH_DISCREPANCY, REJECTED, DEEMED_RECEIVED, CANCELLED, DISCARDED})

SHIPPER, CARRIER, CONSIGNEE = "shipper", "carrier", "consignee"
ROLES = (SHIPPER, CARRIER, CONSIGNEE)


@dataclass(frozen=True)
class Act:
    name: str  # the path name, also ``title.action``
    role: str  # the party that signs it
    from_states: frozenset[str]
    to_state: str | None  # None: the receipt's result decides
    fields: tuple[str, ...]  # the title's own members besides waybill_id, action, document_sha256


ACTS: dict[str, Act] = {a.name: a for a in (
    Act("issue", SHIPPER, frozenset({DRAFT}), ISSUED, ()),
    Act("carrier-acceptance", CARRIER, frozenset({ISSUED}), IN_TRANSIT, ()),
    Act("carrier-decline", CARRIER, frozenset({ISSUED}), CARRIER_DECLINED, ("reason",)),
    Act("carrier", SHIPPER, frozenset({CARRIER_DECLINED}), ISSUED, ("carrier_tin",)),
    Act("delivery", CARRIER, frozenset({IN_TRANSIT}), DELIVERED, ()),
    Act("receipt", CONSIGNEE, frozenset({DELIVERED}), None, ("result", "lines", "reason")),
    Act("cancellation", SHIPPER, frozenset({ISSUED, CARRIER_DECLINED}), CANCELLED, ("reason",)),
)}

# Events the service records itself (signed with the service key).
INSPECTION = "inspection"
INSPECTABLE = frozenset({ISSUED, IN_TRANSIT})
TIMER_EVENTS = {DEEMED_RECEIVED: frozenset({DELIVERED}), DISCARDED: frozenset({ISSUED, CARRIER_DECLINED})}


def next_status(current: str, action: str, result: str | None = None) -> str | None:
    """The status after ``action`` from ``current``; None if the act is not allowed there."""
    if action == INSPECTION:
        return current if current in INSPECTABLE else None
    if action in TIMER_EVENTS:
        return action if current in TIMER_EVENTS[action] else None
    act = ACTS.get(action)
    if act is None or current not in act.from_states:
        return None
    if act.to_state is None:
        return result if result in RECEIPT_RESULTS else None
    return act.to_state


@dataclass(frozen=True)
class Due:
    """A timer that has run out: the event the worker records and the moment it took effect."""

    action: str  # deemed_received | discarded
    at: dt.datetime


def due_timer(status: str, issued_at: dt.datetime | None, delivered_at: dt.datetime | None, now: dt.datetime) -> Due | None:
    if status == DELIVERED and delivered_at is not None:
        deadline = law.consignee_deadline(delivered_at)
        if now >= deadline:
            return Due(DEEMED_RECEIVED, deadline)
    if status in (ISSUED, CARRIER_DECLINED) and issued_at is not None:
        deadline = law.assignment_deadline(issued_at)
        if now >= deadline:
            return Due(DISCARDED, deadline)
    return None


def effective(status: str, issued_at: dt.datetime | None, delivered_at: dt.datetime | None, now: dt.datetime) -> str:
    due = due_timer(status, issued_at, delivered_at, now)
    return due.action if due else status


def stored_candidates(status: str) -> tuple[str, ...]:
    """Stored statuses that may read as ``status`` once the timers are applied (list filters)."""
    if status == DEEMED_RECEIVED:
        return (DELIVERED, DEEMED_RECEIVED)
    if status == DISCARDED:
        return (ISSUED, CARRIER_DECLINED, DISCARDED)
    return (status,)
