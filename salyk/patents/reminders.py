"""Reminders that a patent expires: 5 days and 1 day before ``valid_to`` (parameter
``patent_reminder_days``), a notice through the outbox (``kernel.notify``), each once
(``dedup_key``) however often the worker runs. Run by the worker (``Module.scheduled``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from salyk.kernel.notify import notify
from salyk.kernel.runtime import Runtime
from salyk.law import patent as law
from salyk.patents.models import Patent

TITLE = "Your patent expires soon"
BODY = "Patent {number} is valid until {valid_to}. Renew it in the cabinet so that you can keep working."


def run(rt: Runtime) -> int:
    """Queue the reminders due today; returns how many were due (queued now or before)."""
    today = rt.today()
    horizon = today + dt.timedelta(days=max(law.reminder_days(today)))
    due = 0
    with rt.db.transaction() as session:
        rows = session.scalars(select(Patent).where(Patent.status == "issued", Patent.valid_to >= today, Patent.valid_to <= horizon))
        for row in rows:
            days = law.reminder_due(row.valid_to, today)
            if days is None:
                continue
            due += 1
            notify(session, taxpayer_id=row.taxpayer_id, kind="patent_expiring", title=TITLE, body=BODY, now=rt.now(),
                   params={"number": row.number, "valid_to": row.valid_to.isoformat(), "days": days},
                   related={"patent_id": row.id, "number": row.number}, requires_action=True,
                   dedup_key=f"patents.expiring/{row.id}/{days}")
    return due
