"""The worker behind ``salyk worker``: runs outbox handlers and the modules' scheduled jobs.

A handler is ``handler(rt, session, payload)``; it runs in the transaction that claimed the row
and marks it done, so its database effects happen exactly once. A handler that raises has its
effects rolled back; the row is tried again after a back-off (``outbox.backoff``) and marked
``dead`` after ``outbox.MAX_ATTEMPTS``, with the error kept for an officer to read.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from salyk.kernel import outbox
from salyk.kernel.models import OutboxMessage
from salyk.kernel.runtime import Runtime
from salyk.law.book import using

log = logging.getLogger("salyk.worker")

Handler = Callable[[Runtime, Session, dict[str, Any]], None]
Job = Callable[[Runtime], None]


@dataclass
class Worker:
    rt: Runtime
    handlers: Mapping[str, Handler]
    jobs: tuple[Job, ...] = ()
    poll_seconds: float = 1.0
    stop: threading.Event = field(default_factory=threading.Event)

    def run_once(self) -> int:
        """Handle every due row (and run the scheduled jobs once); the number of rows handled."""
        for job in self.jobs:
            try:
                with using(self.rt.law_book()):
                    job(self.rt)
            except Exception:  # a failing job must not stop the outbox
                log.exception("scheduled job %s failed", getattr(job, "__name__", job))
        handled = 0
        while not self.stop.is_set() and self.handle_one():
            handled += 1
        return handled

    def handle_one(self) -> bool:
        """Claim and handle one due row; False when none is due."""
        kinds = frozenset(self.handlers)
        if not kinds:
            return False
        now = self.rt.now()
        with self.rt.db.transaction() as session:
            row = outbox.claim_next(session, now, kinds)
            if row is None:
                return False
            try:
                with session.begin_nested(), using(self.rt.law_book()):  # the handler's writes, undone alone if it fails
                    self.handlers[row.kind](self.rt, session, dict(row.payload))
            except Exception:
                _failed(row, traceback.format_exc(limit=5), now)
            else:
                row.status, row.done_at, row.attempts = "done", now, row.attempts + 1
        return True

    def run_forever(self) -> None:
        while not self.stop.is_set():
            if self.run_once() == 0:
                self.stop.wait(self.poll_seconds)


def _failed(row: OutboxMessage, error: str, now: Any) -> None:
    # Recorded in the claiming transaction, so no other worker sees the row before its back-off.
    row.attempts += 1
    row.last_error = error[-4000:]
    if row.attempts >= outbox.MAX_ATTEMPTS:
        row.status = "dead"
        log.error("outbox row %s (%s) gave up after %s attempts", row.id, row.kind, row.attempts)
    else:
        row.available_at = now + outbox.backoff(row.attempts)
