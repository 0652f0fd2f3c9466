"""The unit of work: services own their transactions (cosmicpython's service layer).

``with db.transaction() as session:`` commits when the block ends normally and rolls back on any
exception, so a failed request changes nothing. Work that must happen only once the change is
durable (sending a notice, waking the worker) is registered with ``after_commit(session, fn)``
and runs after the commit, never after a rollback; anything that must survive a crash goes to the
outbox (``salyk.kernel.outbox``) inside the transaction instead.

``with db.read() as session:`` is a read-only transaction: on SQLite it begins deferred and reads
its snapshot beside a running writer (a page view never waits behind an import); a flush inside
it is refused, so a read path cannot start writing by accident.

Read replica (issue 16, ``SALYK_READ_REPLICA_URL``, PostgreSQL streaming replication; default
off): ``read()`` runs on the replica once it has replayed every transaction this process has
committed, else on the primary. After each commit the process notes the primary's WAL position
(``pg_current_wal_lsn()``, one round trip); a read compares it with the replica's
``pg_last_wal_replay_lsn()`` (asked again only when the last answer is behind). So a filer reads
their own filing at once (read-your-writes: behind a load balancer that keeps a filer on one
process, e.g. HAProxy ``stick on`` the Authorization header), and reads go to the replica whenever
it keeps up; a replica that lags or fails costs reads on the primary, never a stale answer to the
writer. (Why LSN and not "primary for N seconds after a write": a time window is a guess that fails
exactly when the replica lags most, under deadline-day load.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
import re
import threading
import time
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, sessionmaker

from salyk.kernel.errors import invalid_field

from salyk.db.engine import READ_OPTION, make_engine

AFTER_COMMIT = "salyk.after_commit"
READ_ONLY = "salyk.read_only"


class Database:
    def __init__(self, url: str, engine: Engine | None = None, *, replica_url: str | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        if not event.contains(self.engine, "before_cursor_execute", _refuse_unstorable_parameters):
            event.listen(self.engine, "before_cursor_execute", _refuse_unstorable_parameters)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        reads: dict[str, Any] = {READ_OPTION: True}
        if self.engine.dialect.name == "postgresql":
            # PostgreSQL reads at READ COMMITTED, where every statement takes its own snapshot
            # anyway: run them in autocommit and save the BEGIN and ROLLBACK round trips that every
            # page view and every token check paid for (issue 16). SQLite keeps its deferred BEGIN
            # (one WAL snapshot for the whole read).
            reads["isolation_level"] = "AUTOCOMMIT"
        self._plain_reader = self.engine.execution_options(**reads)
        self._readers = sessionmaker(self._plain_reader, expire_on_commit=False)
        self.replica = _Replica(replica_url) if replica_url and self.engine.dialect.name == "postgresql" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session:
            with session.begin():
                yield session
            if self.replica is not None:
                self.replica.committed(session)
            for hook in session.info.pop(AFTER_COMMIT, ()):
                hook()

    @contextmanager
    def read(self) -> Iterator[Session]:
        readers = self._readers
        if self.replica is not None and self.replica.caught_up():
            readers = self.replica.sessions
        with readers() as session:
            session.info[READ_ONLY] = True
            # Closing (at the end of the with) gives the connection back with its transaction
            # rolled back, and, unlike rollback(), leaves the loaded rows readable to the caller.
            yield session

    @contextmanager
    def plain_read(self) -> Iterator[Connection]:
        """A read of a few Core statements without an ORM session, for what every request pays
        (the token check): creating the session and its transaction cost more CPU than the read
        itself (issue 16). The rules of ``read``: a deferred BEGIN on SQLite, autocommit on
        PostgreSQL, the replica when it has caught up."""
        engine = self._plain_reader
        if self.replica is not None and self.replica.caught_up():
            engine = self.replica.plain_reader
        with engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        if self.replica is not None:
            self.replica.engine.dispose()


def _lsn(text: str | None) -> int:
    high, _, low = (text or "0/0").partition("/")
    return (int(high, 16) << 32) + int(low or "0", 16)


class _Replica:
    """The read replica and the fence: the primary's WAL position after this process's last commit."""

    RETRY_AFTER_FAILURE = 5.0  # seconds on the primary after the replica did not answer

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.plain_reader = self.engine.execution_options(**{READ_OPTION: True})
        self.sessions = sessionmaker(self.plain_reader, expire_on_commit=False)
        self.fence = 0  # primary LSN after our latest commit
        self.replayed = 0  # the replica's replay LSN when last asked
        self.down_until = 0.0
        self.lock = threading.Lock()
        self.reads = {"replica": 0, "primary": 0}  # counted for the benchmark (bench.scaleout)

    def committed(self, session: Session) -> None:
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        with engine.connect() as conn:
            lsn = _lsn(conn.exec_driver_sql("SELECT pg_current_wal_lsn()::text").scalar())
        with self.lock:
            self.fence = max(self.fence, lsn)

    def caught_up(self) -> bool:
        fence = self.fence
        ok = self.replayed >= fence
        if not ok and time.monotonic() >= self.down_until:
            try:
                with self.engine.connect() as conn:
                    replayed = _lsn(conn.exec_driver_sql("SELECT pg_last_wal_replay_lsn()::text").scalar())
                with self.lock:
                    self.replayed = max(self.replayed, replayed)
                ok = replayed >= fence
            except Exception:  # noqa: BLE001 - a replica that does not answer: read on the primary
                self.down_until = time.monotonic() + self.RETRY_AFTER_FAILURE
        self.reads["replica" if ok else "primary"] += 1
        return ok


def after_commit(session: Session, hook: Callable[[], Any]) -> None:
    """Run ``hook`` once the session's transaction has committed (never after a rollback)."""
    session.info.setdefault(AFTER_COMMIT, []).append(hook)


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a read transaction (Database.read) tried to write; use Database.transaction")


@event.listens_for(Session, "before_flush")
def _refuse_unstorable_text(session: Session, _context: Any, _instances: Any) -> None:
    """No text with NUL (PostgreSQL cannot store it; SQLite would, and the two would differ) or a
    lone surrogate (not UTF-8) reaches the database, whichever face or field it came through
    (issue 9): the write is refused as 422 VALIDATION_ERROR naming the field, nothing is written."""
    for obj in (*session.new, *session.dirty):
        for key, value in sa_inspect(obj).dict.items():  # loaded values only: no lazy loads here
            if isinstance(value, str) and _UNSTORABLE.search(value):
                raise invalid_field(key, "control_characters")


_UNSTORABLE = re.compile("[\\x00\\ud800-\\udfff]")


def _refuse_unstorable_parameters(_conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, executemany: bool) -> None:
    """No statement carries text with NUL or a lone surrogate, read or write (issue 9): PostgreSQL
    cannot take it (a 500 before), SQLite would store it, so the two would differ. Every face and
    every field meets this one check; the answer is the contract's 422 for the text."""
    # One set (dict or tuple), or many; "insert many values" flattens many into one tuple.
    rows = parameters if executemany and isinstance(parameters, (list, tuple)) else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else row if isinstance(row, (list, tuple)) else (row,)
        for value in values:
            if isinstance(value, str) and _UNSTORABLE.search(value):
                raise invalid_field("text", "control_characters")
