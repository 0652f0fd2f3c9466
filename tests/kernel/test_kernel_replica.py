"""Reads from a streaming replica with read-your-writes (issue 16, ``SALYK_READ_REPLICA_URL``).

Runs when ``SALYK_TEST_READ_REPLICA_URL`` names a hot standby of the server behind
``SALYK_TEST_DATABASE_URL`` (``python -m bench.scaleout`` makes one on port 5433); skipped
otherwise. Without a replica URL every read runs on the primary (the default).
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import text

from salyk.kernel.models import Counter
from salyk.kernel.uow import Database

REPLICA = os.environ.get("SALYK_TEST_READ_REPLICA_URL")


def _same_schema(base: str, primary_url: str) -> str:
    """The replica's URL with the primary's query (the test schema's search_path)."""
    query = primary_url.partition("?")[2]
    return f"{base}{'&' if '?' in base else '?'}{query}" if query else base


def _in_recovery(db: Database) -> bool:
    with db.read() as s:
        return bool(s.execute(text("SELECT pg_is_in_recovery()")).scalar())


def test_without_a_replica_every_read_is_on_the_primary(runtime):
    assert runtime.db.replica is None


@pytest.mark.skipif(not REPLICA, reason="SALYK_TEST_READ_REPLICA_URL not set")
def test_a_writer_reads_its_own_write_at_once_and_reads_move_to_the_replica_when_it_has_caught_up(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("a streaming replica is PostgreSQL's")
    db = Database(db_url, replica_url=_same_schema(REPLICA, db_url))
    try:
        series = f"replica.{uuid.uuid4().hex[:8]}"
        for n in range(1, 31):
            with db.transaction() as s:
                if n == 1:
                    s.add(Counter(series=series, last_value=n))
                else:
                    s.execute(text("UPDATE counters SET last_value = :n WHERE series = :s"), {"n": n, "s": series})
            with db.read() as s:  # read-your-writes: the value just committed, wherever it is read
                assert s.execute(text("SELECT last_value FROM counters WHERE series = :s"), {"s": series}).scalar() == n
        deadline = time.monotonic() + 30
        while not _in_recovery(db):  # once the replica has replayed our last commit, reads go there
            assert time.monotonic() < deadline, "the replica did not catch up in 30 s"
            time.sleep(0.05)
        assert db.replica.reads["replica"] >= 1
        with db.read() as s:
            assert s.execute(text("SELECT last_value FROM counters WHERE series = :s"), {"s": series}).scalar() == 30
    finally:
        db.dispose()


@pytest.mark.skipif(not REPLICA, reason="SALYK_TEST_READ_REPLICA_URL not set")
def test_a_replica_that_does_not_answer_costs_reads_on_the_primary_not_errors(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("a streaming replica is PostgreSQL's")
    db = Database(db_url, replica_url="postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=1")
    try:
        with db.transaction() as s:
            s.execute(text("SELECT 1"))
        assert not _in_recovery(db)
        assert db.replica.reads == {"replica": 0, "primary": 1}
    finally:
        db.dispose()
