"""The outbox: side effects after commit (GOV.UK Notify / Zulip pattern).

A service calls ``enqueue(session, kind, payload)`` inside its own transaction: the row commits
with the change that caused it or not at all, so nothing is sent for a rolled-back change and
nothing is lost for a committed one. ``salyk worker`` (``salyk.kernel.worker``) hands each row to
the handler its module declared for ``kind``.

Each row is handled inside one transaction that holds it: the handler's own writes (an inbox
notice, a state change) commit together with the row's ``done`` mark. On PostgreSQL the row is
claimed with ``FOR UPDATE SKIP LOCKED``, so any number of workers share the queue and a worker
killed mid-run releases its row with its uncommitted work; another worker then handles it once.
On SQLite (one writer) the worker holds the write lock while it handles a row; one worker runs.
A handler that talks to the outside world (SMTP) must be safe to repeat: a crash after sending
and before commit sends again (at-least-once is the best any outbox can do for the outside).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salyk.kernel.models import OutboxMessage

MAX_ATTEMPTS = 8
BACKOFF_BASE = dt.timedelta(seconds=5)
BACKOFF_CAP = dt.timedelta(hours=1)


def enqueue(session: Session, kind: str, payload: dict[str, Any], *, now: dt.datetime, not_before: dt.datetime | None = None,
            dedup_key: str | None = None) -> None:
    """Put a side effect in the outbox, in the caller's transaction.

    ``dedup_key`` makes the enqueue idempotent (a reminder for one taxpayer, subject and day is
    queued once however often the scheduler runs)."""
    values = {"kind": kind, "payload": payload, "status": "pending", "attempts": 0, "available_at": not_before or now,
              "created_at": now, "dedup_key": dedup_key}
    if dedup_key is None:
        session.add(OutboxMessage(**values))
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"]))


def claim_next(session: Session, now: dt.datetime, kinds: frozenset[str]) -> OutboxMessage | None:
    """The oldest due row of a kind this worker handles, locked for this transaction."""
    stmt = (select(OutboxMessage).where(OutboxMessage.status == "pending", OutboxMessage.available_at <= now, OutboxMessage.kind.in_(kinds))
            .order_by(OutboxMessage.available_at, OutboxMessage.id).limit(1))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return session.scalars(stmt).first()


def backoff(attempts: int) -> dt.timedelta:
    """5 s, 10 s, 20 s, ... capped at an hour."""
    delay: dt.timedelta = min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
    return delay


def pending(session: Session, kind: str | None = None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.status == "pending").order_by(OutboxMessage.id)
    if kind is not None:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(session.scalars(stmt))
