"""Engines for SQLite (the embedded default) and PostgreSQL. The unit of work over them is
``salyk.kernel.uow.Database``.

SQLite has one writer: a write transaction takes the write lock at BEGIN (``BEGIN IMMEDIATE``) so
that concurrent writers queue instead of failing half-way, while a read transaction (the
execution option ``salyk_read``) begins deferred and reads its WAL snapshot without waiting for
any writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url


READ_OPTION = "salyk_read"


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Foreign keys are off by default in SQLite; WAL lets readers run beside the writer.
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            # Take the write lock at BEGIN so concurrent writers queue instead of failing mid-way.
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_OPTION) else "BEGIN IMMEDIATE")

        return engine
    # A pool as large as a server's busy moments: SQLAlchemy's default (5, overflow 10) closed
    # every connection past the fifth when it came back, so at 16-64 concurrent requests each
    # request paid for a new PostgreSQL connection (issue 16). 40 at most per process.
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 20)
    # Behind PgBouncer in transaction mode (issue 16) a server connection changes between
    # transactions, so psycopg's automatically prepared statements must be off:
    # ``?prepare_threshold=none`` in the URL (PgBouncer < 1.21 does not track them).
    query = dict(parsed.query)
    if "prepare_threshold" in query:
        value = str(query.pop("prepare_threshold")).lower()
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args["prepare_threshold"] = None if value in ("none", "") else int(value)
        return create_engine(parsed.set(query=query), pool_pre_ping=True, connect_args=connect_args, **kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)
