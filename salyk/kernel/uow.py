"""The unit of work: services own their transactions (cosmicpython's service layer).

``with db.transaction() as session:`` commits when the block ends normally and rolls back on any
exception, so a failed request changes nothing. Work that must happen only once the change is
durable (sending a notice, waking the worker) is registered with ``after_commit(session, fn)``
and runs after the commit, never after a rollback; anything that must survive a crash goes to the
outbox (``salyk.kernel.outbox``) inside the transaction instead.

``with db.read() as session:`` is a read-only transaction: on SQLite it begins deferred and reads
its snapshot beside a running writer (a page view never waits behind an import); a flush inside
it is refused, so a read path cannot start writing by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from salyk.db.engine import READ_OPTION, make_engine

AFTER_COMMIT = "salyk.after_commit"
READ_ONLY = "salyk.read_only"


class Database:
    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(**{READ_OPTION: True}), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session:
            with session.begin():
                yield session
            for hook in session.info.pop(AFTER_COMMIT, ()):
                hook()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._readers() as session:
            session.info[READ_ONLY] = True
            # Closing (at the end of the with) gives the connection back with its transaction
            # rolled back, and, unlike rollback(), leaves the loaded rows readable to the caller.
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def after_commit(session: Session, hook: Callable[[], Any]) -> None:
    """Run ``hook`` once the session's transaction has committed (never after a rollback)."""
    session.info.setdefault(AFTER_COMMIT, []).append(hook)


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a read transaction (Database.read) tried to write; use Database.transaction")
