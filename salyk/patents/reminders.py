"""Reminders that a patent expires: 5 days and 1 day before ``valid_to`` (parameter
``patent_reminder_days``), a notice through the outbox (``kernel.notify``), each once
(``dedup_key``) however often the worker runs. Run by the worker on every tick
(``Module.scheduled``): a read finds what is due and not yet queued, and only then a write
transaction queues it, so an idle tick takes no write lock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.kernel.models import OutboxMessage
from salyk.kernel.notify import notify
from salyk.kernel.runtime import Runtime
from salyk.law import patent as law
from salyk.patents.models import Patent

TITLE = "Your patent expires soon"
BODY = "Patent {number} is valid until {valid_to}. Renew it in the cabinet so that you can keep working."


def dedup_key(patent_id: int, days: int) -> str:
    return f"patents.expiring/{patent_id}/{days}"


def _due(session: Session, today: dt.date) -> list[tuple[int, int]]:
    horizon = today + dt.timedelta(days=max(law.reminder_days(today)))
    rows = session.execute(select(Patent.id, Patent.valid_to).where(
        Patent.status == "issued", Patent.valid_to >= today, Patent.valid_to <= horizon))
    due = [(pid, days) for pid, valid_to in rows if (days := law.reminder_due(valid_to, today)) is not None]
    if not due:
        return []
    keys = {dedup_key(pid, days) for pid, days in due}
    queued = set(session.scalars(select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys))))
    return [(pid, days) for pid, days in due if dedup_key(pid, days) not in queued]


def run(rt: Runtime) -> int:
    """Queue the reminders due today and not yet queued; returns how many were queued."""
    today = rt.today()
    with rt.db.read() as session:
        if not _due(session, today):
            return 0
    queued = 0
    with rt.db.transaction() as session:
        for pid, days in _due(session, today):  # again under the write lock: another worker may have queued them
            row = session.get(Patent, pid)
            if row is None:  # _due has just read it in this transaction; patents are never deleted
                continue
            notify(session, taxpayer_id=row.taxpayer_id, kind="patent_expiring", title=TITLE, body=BODY, now=rt.now(),
                   params={"number": row.number, "valid_to": row.valid_to.isoformat(), "days": days},
                   related={"patent_id": row.id, "number": row.number}, requires_action=True, dedup_key=dedup_key(pid, days))
            queued += 1
    return queued
