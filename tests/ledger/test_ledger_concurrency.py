"""Concurrent imports of the same bank file post each payment once (ledger issue, Reliability).

Four threads import one file at the same moment: two as the API does (the whole batch in one
transaction), two as the CLI does (chunks). The unique key (source, reference) with ON
CONFLICT DO NOTHING decides; the losers see the winner's rows as duplicates. On PostgreSQL the
threads really run side by side; on SQLite, BEGIN IMMEDIATE queues them (same outcome).
"""

import datetime as dt
import random
import threading
import uuid

import pytest
import sqlalchemy as sa

from conftest import PG_URL, new_tin
from salyk.kernel.config import BISHKEK
from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer
from salyk.kernel.principal import SystemPrincipal
from salyk.ledger.payments import PaymentIn, import_payments

THREADS = 4


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs SALYK_TEST_DATABASE_URL (PostgreSQL)")
def test_concurrent_imports_post_once_on_postgresql(runtime):
    if runtime.db.dialect != "postgresql":
        pytest.skip("the PostgreSQL run of this test")
    _run(runtime)


def test_concurrent_imports_post_once_on_sqlite(runtime):
    if runtime.db.dialect != "sqlite":
        pytest.skip("the SQLite run of this test")
    _run(runtime)


def _run(runtime):
    with runtime.db.transaction() as s:
        tins = []
        for _ in range(5):
            t = Taxpayer(tin=new_tin(), kind="individual", name="C", address="A", registered_on=dt.date(2020, 1, 1),
                         status="active", created_at=dt.datetime(2024, 1, 1, tzinfo=BISHKEK))
            s.add(t)
            tins.append(t.tin)
    key = uuid.uuid4().hex[:8]
    rows = [PaymentIn(f"cc-{key}-{i:04d}", tins[i % 5], "vat", f"{i + 1}.00", "2025-01-15") for i in range(400)]
    random.Random(7).shuffle(rows)  # a bank file is in no particular order
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            results.append(import_payments(runtime, SystemPrincipal("test:concurrency"), rows, chunk_size=None if n % 2 == 0 else 50))
        except Exception as exc:  # a deadlock or a unique violation would land here
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(results) == THREADS
    assert sum(r.accepted for r in results) == 400
    assert sum(r.duplicates for r in results) == 400 * (THREADS - 1)
    assert all(r.rejected == () for r in results)
    with runtime.db.transaction() as s:
        count = s.scalar(sa.select(sa.func.count()).select_from(Posting).where(Posting.reference.like(f"cc-{key}-%")))
        total = s.scalar(sa.select(sa.func.sum(Posting.amount)).where(Posting.reference.like(f"cc-{key}-%")))
    assert count == 400
    assert total == sum(range(1, 401)) * 100  # tyiyn: each payment once
