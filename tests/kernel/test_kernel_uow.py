"""The unit of work: reads never wait behind a writer (SQLite WAL, deferred read transactions),
writes queue, a read transaction cannot write, and after-commit hooks run only after a commit."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from salyk.kernel.models import Counter
from salyk.kernel.numbers import next_number
from salyk.kernel.uow import after_commit


def test_a_read_runs_while_a_writer_holds_the_lock(fresh_runtime):
    db = fresh_runtime.db
    writer_has_lock, reader_done = threading.Event(), threading.Event()
    seen: list[int] = []

    def writer() -> None:
        with db.transaction() as s:
            next_number(s, "test.series", 2025)  # takes the write lock (SQLite: at BEGIN IMMEDIATE)
            writer_has_lock.set()
            reader_done.wait(timeout=20)  # keeps the lock until the reader has finished

    thread = threading.Thread(target=writer)
    thread.start()
    assert writer_has_lock.wait(timeout=20)
    with db.read() as s:  # would queue behind the writer if reads took the write lock
        seen.append(s.scalar(sa.select(sa.func.count()).select_from(Counter)))
    reader_done.set()
    thread.join(timeout=20)
    # The reader saw the snapshot before the writer's commit, and finished while the writer held its lock.
    assert seen == [0]
    with db.read() as s:
        assert s.get(Counter, "test.series/2025").last_value == 1


def test_a_read_transaction_refuses_to_write(fresh_runtime):
    with pytest.raises(RuntimeError, match="read transaction"):
        with fresh_runtime.db.read() as s:
            s.add(Counter(series="test.read-write/2025", last_value=1))
            s.flush()


def test_after_commit_hooks_run_after_a_commit_and_never_after_a_rollback(fresh_runtime):
    db, ran = fresh_runtime.db, []
    with db.transaction() as s:
        after_commit(s, lambda: ran.append("committed"))
        assert ran == []  # not before the commit
    assert ran == ["committed"]
    with pytest.raises(ValueError):
        with db.transaction() as s:
            after_commit(s, lambda: ran.append("rolled back"))
            raise ValueError("the change fails")
    assert ran == ["committed"]


def test_numbers_are_gapless_when_a_transaction_rolls_back(fresh_runtime):
    db = fresh_runtime.db
    with db.transaction() as s:
        assert next_number(s, "test.gapless", 2025) == 1
    with pytest.raises(ValueError):
        with db.transaction() as s:
            assert next_number(s, "test.gapless", 2025) == 2
            raise ValueError("the document is refused after taking its number")
    with db.transaction() as s:
        assert next_number(s, "test.gapless", 2025) == 2  # the refused document's number is given again
        assert next_number(s, "test.gapless", 2026) == 1  # each year its own series
