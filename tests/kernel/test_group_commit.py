"""Group commit (issue 16): many documents of one series share a transaction and a turn on the
counter, and the numbers stay gapless and exactly-once; a batch that fails gives every number
back and tells each caller to do its document alone (``Retry``). SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from salyk.kernel import audit, numbers
from salyk.kernel.group_commit import Done, GroupCommit, Retry, Work
from salyk.kernel.models import AuditEntry
from salyk.kernel.principal import SystemPrincipal

SERIES = "test.group"
YEAR = 2031
ACTOR = SystemPrincipal("test")


def numbered(marker: str, fail: bool = False) -> Work[int]:
    """A document that writes one audit row before its number and one with it."""

    def write(session) -> None:
        audit.record(session, ACTOR, marker, at=_at(), step="before")
        if fail:
            raise RuntimeError("this document cannot be written")

    def complete(number: int) -> Done[int]:
        return Done(number, [(AuditEntry, audit.row(ACTOR, marker, at=_at(), step="numbered", number=number))])

    return Work(SERIES, YEAR, write, complete)


def _at():
    import datetime as dt

    return dt.datetime(2031, 1, 5, 12, tzinfo=dt.timezone.utc)


def rows(rt, marker: str) -> list[dict]:
    with rt.db.read() as s:
        return [r.details for r in s.scalars(sa.select(AuditEntry).where(AuditEntry.action == marker))]


def test_forty_concurrent_documents_get_forty_gapless_numbers_each_once(fresh_runtime):
    rt = fresh_runtime
    committer = GroupCommit(rt.db)
    marker = f"group-{uuid.uuid4().hex[:8]}"
    answers: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        n = committer.submit(numbered(marker))
        with lock:
            answers.append(n)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # 40 documents, numbers 1..40 with no gap and no repeat, as many as the counter says
    assert sorted(answers) == list(range(1, 41))
    with rt.db.read() as s:
        assert numbers.last_number(s, SERIES, YEAR) == 40
    stored = rows(rt, marker)
    assert sorted(r["number"] for r in stored if r["step"] == "numbered") == list(range(1, 41))
    assert sum(r["step"] == "before" for r in stored) == 40
    # fewer commits than documents whenever callers overlapped (at least one batch of two or more)
    assert committer.documents == 40 and committer.batches <= 40


def test_a_failed_batch_writes_nothing_gives_its_numbers_back_and_says_retry(fresh_runtime):
    rt = fresh_runtime
    committer = GroupCommit(rt.db)
    marker = f"fail-{uuid.uuid4().hex[:8]}"
    with pytest.raises(Retry):
        committer.submit(numbered(marker, fail=True))
    assert rows(rt, marker) == []
    with rt.db.read() as s:
        assert numbers.last_number(s, SERIES, YEAR) == 0
    # the next document takes number 1: the failed batch left no gap
    assert committer.submit(numbered(marker)) == 1


def test_the_work_runs_in_the_callers_context(fresh_runtime):
    """The committer's thread sees what the caller's request set (here the officer's access
    reason, TC art. 54; the law book in force travels the same way)."""
    from salyk.kernel.principal import StaffPrincipal

    rt = fresh_runtime
    committer = GroupCommit(rt.db)
    marker = f"ctx-{uuid.uuid4().hex[:8]}"
    officer = StaffPrincipal("officer", "inspector-1", officer_id=1)

    def complete(number: int) -> Done[int]:
        return Done(number, [(AuditEntry, audit.row(officer, marker, at=_at(), number=number))])

    token = audit.access_reason.set("appeal_review")
    try:
        committer.submit(Work(SERIES, YEAR, lambda session: None, complete))
    finally:
        audit.access_reason.reset(token)
    assert rows(rt, marker) == [{"number": 1, "reason": "appeal_review"}]
