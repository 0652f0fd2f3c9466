"""The outbox (GOV.UK Notify / Zulip pattern): a side effect is written in the transaction that
causes it and handled after commit by ``salyk worker``; a rolled-back change sends nothing; a
worker killed mid-run loses nothing and doubles nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

from salyk.kernel import audit, outbox
from salyk.kernel.models import AuditEntry, OutboxMessage
from salyk.kernel.principal import SystemPrincipal
from salyk.kernel.worker import Worker

KIND = "test.probe"


def handled_rows(rt, marker: str) -> int:
    with rt.db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == marker))


def probe(marker: str):
    def handler(rt, session, payload):
        # The handler's own write: it must commit with the row's "done", or not at all.
        audit.record(session, SystemPrincipal("worker"), marker, at=rt.now(), n=payload["n"])

    return handler


def test_nothing_is_enqueued_by_a_rolled_back_transaction(fresh_runtime):
    rt = fresh_runtime
    with pytest.raises(RuntimeError):
        with rt.db.transaction() as s:
            outbox.enqueue(s, KIND, {"n": 1}, now=rt.now())
            raise RuntimeError("the change fails after the enqueue")
    with rt.db.read() as s:
        assert outbox.pending(s) == []
    assert Worker(rt, {KIND: probe("rolled-back")}).run_once() == 0
    assert handled_rows(rt, "rolled-back") == 0


def test_a_committed_row_is_handled_once_and_only_after_commit(fresh_runtime):
    rt = fresh_runtime
    worker = Worker(rt, {KIND: probe("committed")})
    with rt.db.transaction() as s:
        outbox.enqueue(s, KIND, {"n": 2}, now=rt.now())
        outbox.enqueue(s, KIND, {"n": 3}, now=rt.now(), dedup_key="reminder:1:2025-03-14")
        outbox.enqueue(s, KIND, {"n": 4}, now=rt.now(), dedup_key="reminder:1:2025-03-14")  # the same reminder again
    assert worker.run_once() == 2
    assert worker.run_once() == 0
    assert handled_rows(rt, "committed") == 2
    with rt.db.read() as s:
        rows = s.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [("done", 1), ("done", 1)]


def test_a_failing_handler_is_retried_with_back_off_then_given_up(fresh_runtime, monkeypatch):
    rt = fresh_runtime
    calls = []

    def flaky(rt_, session, payload):
        audit.record(session, SystemPrincipal("worker"), "flaky", at=rt_.now())
        calls.append(payload)
        raise ConnectionError("SMTP server down")

    with rt.db.transaction() as s:
        outbox.enqueue(s, KIND, {"n": 5}, now=rt.now())
    worker = Worker(rt, {KIND: flaky})
    before = rt.now()
    assert worker.run_once() == 1
    with rt.db.read() as s:
        row = s.scalars(sa.select(OutboxMessage)).one()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "SMTP server down" in row.last_error
    # 5 s after the first failure (outbox.backoff(1)); the failed handler's own write was undone.
    assert row.available_at >= before + dt.timedelta(seconds=5) - dt.timedelta(seconds=1)
    assert handled_rows(rt, "flaky") == 0
    assert worker.run_once() == 0  # not due yet
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]

    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 2)
    with rt.db.transaction() as s:
        s.execute(sa.update(OutboxMessage).values(available_at=rt.now() - dt.timedelta(seconds=1)))
    assert worker.run_once() == 1
    with rt.db.read() as s:
        row = s.scalars(sa.select(OutboxMessage)).one()
    assert (row.status, row.attempts) == ("dead", 2)
    assert len(calls) == 2


WORKER_SCRIPT = textwrap.dedent('''
    import pathlib, sys, time
    from salyk.kernel import audit
    from salyk.kernel.config import Settings
    from salyk.kernel.principal import SystemPrincipal
    from salyk.kernel.runtime import Runtime
    import salyk.modules  # noqa: F401  (every module's tables)
    from salyk.kernel.worker import Worker

    rt = Runtime.from_settings(Settings(database_url=sys.argv[1], secret_key="outbox-test"))
    marker = pathlib.Path(sys.argv[2])

    def slow(rt, session, payload):
        audit.record(session, SystemPrincipal("killed-worker"), "killed", at=rt.now())
        session.flush()
        marker.write_text("claimed")
        time.sleep(600)  # killed here, mid-run, with its transaction open

    Worker(rt, {"test.probe": slow}).run_once()
''')


def test_a_killed_workers_row_is_handled_exactly_once_by_another(fresh_runtime, tmp_path):
    rt = fresh_runtime
    with rt.db.transaction() as s:
        outbox.enqueue(s, KIND, {"n": 6}, now=rt.now())
    marker = tmp_path / "claimed"
    proc = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, rt.settings.database_url, str(marker)], env=os.environ.copy())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the worker died before claiming the row"
            assert time.monotonic() < deadline, "the worker never claimed the row"
            time.sleep(0.05)
        if rt.db.dialect == "postgresql":
            # While it holds the row, another worker skips it (FOR UPDATE SKIP LOCKED) instead of doubling it.
            assert Worker(rt, {KIND: probe("second")}).run_once() == 0
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert Worker(rt, {KIND: probe("second")}).run_once() == 1
    assert handled_rows(rt, "killed") == 0  # the killed worker's write died with it
    assert handled_rows(rt, "second") == 1
    with rt.db.read() as s:
        row = s.scalars(sa.select(OutboxMessage)).one()
    assert (row.status, row.attempts) == ("done", 1)
