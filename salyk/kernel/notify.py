"""Telling a taxpayer something (Offer 6.2, 7.1): any service calls ``notify`` in its own
transaction; the row goes to the outbox as kind ``notices.deliver`` and the notices module's
worker handler puts it in the cabinet inbox (and sends the "you have a new message" e-mail).

The notice is data, not text: a title and body msgid with their parameters, rendered in the
reader's language when read. Money in ``params`` is a string with two decimals, dates ISO.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from salyk.kernel import outbox

DELIVER = "notices.deliver"


def notify(session: Session, *, taxpayer_id: int, kind: str, title: str, body: str, now: dt.datetime,
           params: dict[str, Any] | None = None, related: dict[str, Any] | None = None, requires_action: bool = False,
           dedup_key: str | None = None) -> None:
    """Queue a notice for the taxpayer (kinds: decision, offset_made, refund_decided,
    deferral_decided, offer_changed, deadline_soon, patent_expiring, waybill_action,
    property_report_answered, appeal_decided, ...). ``dedup_key`` sends a reminder once."""
    outbox.enqueue(session, DELIVER, {
        "taxpayer_id": taxpayer_id, "kind": kind, "title": title, "body": body, "params": params or {},
        "related": related, "requires_action": requires_action,
    }, now=now, dedup_key=dedup_key)
