"""The law book held by the runtime: the YAML defaults plus the dated values an admin entered
(table ``law_values``), each with its act, who entered it and when (audited).

The runtime keeps the book it built and rebuilds it when this process records a value, or after
``ttl`` seconds for values entered through another process.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from salyk.kernel.runtime import Runtime

from salyk.kernel import audit, authorize
from salyk.kernel.errors import invalid_field
from salyk.kernel.models import LawValue
from salyk.kernel.principal import Principal
from salyk.kernel.uow import after_commit
from salyk.law.book import Entry, LawBook, check
from salyk.law.parameters import ParameterError

MAX_CITATION = 300


def entries(session: Session) -> list[Entry]:
    rows = session.scalars(select(LawValue).order_by(LawValue.id))
    return [Entry(r.name, r.effective_from, r.value, r.citation, r.note) for r in rows]


def enter(session: Session, principal: Principal, name: str, effective_from: dt.date, value: Any, citation: str, note: str,
          *, now: dt.datetime) -> Entry:
    """Record a dated value (admin only); it applies from ``effective_from`` on, never before."""
    actor = authorize.admin(principal)
    if not isinstance(citation, str) or not citation.strip():
        raise invalid_field("citation", "empty")
    if len(citation) > MAX_CITATION:
        raise invalid_field("citation", "too_long", max=MAX_CITATION)
    entry = Entry(name, effective_from, value, citation.strip(), note or "")
    try:
        check(entry)
    except ParameterError:
        raise invalid_field("name", "not_allowed") from None
    except ValueError:
        raise invalid_field("value", "not_allowed") from None
    session.add(LawValue(name=name, effective_from=effective_from, value=value, citation=entry.citation, note=entry.note,
                         entered_by=actor.login, entered_at=now))
    audit.record(session, actor, "law.value", at=now, name=name, effective_from=effective_from, value=value, citation=entry.citation)
    return entry


class LawBooks:
    """The runtime's current book, rebuilt after ``ttl`` seconds or when told."""

    def __init__(self, ttl: float = 5.0):
        self.ttl = ttl
        self._book: LawBook | None = None
        self._built = 0.0
        self._lock = threading.Lock()

    def get(self, session_factory: Callable[[], AbstractContextManager[Session]]) -> LawBook:
        book, now = self._book, time.monotonic()
        if book is not None and now - self._built < self.ttl:
            return book
        with self._lock:
            if self._book is None or time.monotonic() - self._built >= self.ttl:
                with session_factory() as session:
                    self._book = LawBook(entries(session))
                self._built = time.monotonic()
            return self._book

    def forget(self) -> None:
        with self._lock:
            self._book = None


def enter_value(rt: Runtime, principal: Principal, name: str, effective_from: dt.date, value: Any, citation: str, note: str = "") -> Entry:
    """Record an admin's dated value in its own transaction; this process uses it at once."""
    with rt.db.transaction() as session:
        entry = enter(session, principal, name, effective_from, value, citation, note, now=rt.now())
        after_commit(session, rt.law_books.forget)
    return entry


def entered_values(rt: Runtime) -> list[LawValue]:
    with rt.db.read() as session:
        return list(session.scalars(select(LawValue).order_by(LawValue.id.desc())))
