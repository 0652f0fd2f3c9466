"""Ledger benchmarks (ledger issue, "Performance"): not a timed test, a command.

    python -m bench.ledger            # full run (about a minute or two)
    python -m bench.ledger --quick    # smoke run

1. Balance of one taxpayer with 10, 100, 1,000 and 10,000 postings over 6 years (half charges
   on three taxes, half payments at random days), derived from scratch: the pure derivation
   alone, and through the database (load + derive). The cost must grow linearly or better with
   the postings and not with the days: the same postings are also priced as of a day 30 years
   later (a projection), which must cost the same.
2. Import of 100,000 payments across 10,000 taxpayers (``salyk.ledger.payments.import_payments``,
   chunks of 1,000 lines per transaction: validation, ИСН lookup, ON CONFLICT, RETURNING, audit)
   on SQLite and, when reachable, PostgreSQL; next to a baseline measured in the same run: plain
   INSERTs of the same rows, same chunks, into a table of the same columns without the unique key.
   A second import of the same file (all duplicates) is timed as well.

PostgreSQL: ``SALYK_BENCH_PG_URL`` or ``SALYK_TEST_DATABASE_URL``; a throw-away schema is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from decimal import Decimal

import sqlalchemy as sa

from salyk.kernel.config import BISHKEK, Clock, Settings
from salyk.kernel.principal import SystemPrincipal
from salyk.kernel.uow import Database
from salyk.db.migrate import upgrade
from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer
from salyk.law.calendar import roll_forward
from salyk.ledger import snapshots
from salyk.ledger.balance import balance, snapshot_balance
from salyk.ledger.derive import derive
from salyk.ledger.payments import PaymentIn, import_payments
from salyk.ledger.postings import Entry
from salyk.kernel.runtime import Runtime

START = dt.date(2019, 1, 1)
YEARS = 6
AT = dt.datetime(2025, 3, 14, 12, tzinfo=BISHKEK)
TAXES = ("vat", "profit_tax", "land_tax")


def postings(n: int, seed: int = 1) -> list[Entry]:
    rng = random.Random(seed)
    days = 365 * YEARS
    charges = n // 2
    out: list[Entry] = []
    for i in range(charges):
        value = START + dt.timedelta(days=i * days // max(charges, 1))
        out.append(Entry(len(out) + 1, "charge", TAXES[i % 3], Decimal(rng.randint(1_000, 50_000)), value, AT, "TC art. 82",
                         reference=f"c{i}", source="assessment", period=f"{value.year}-{value.month:02d}",
                         due_date=roll_forward(value + dt.timedelta(days=20))))
    for j in range(n - charges):
        paid = START + dt.timedelta(days=rng.randrange(days))
        out.append(Entry(len(out) + 1, "payment", TAXES[rng.randrange(3)], Decimal(rng.randint(500, 45_000)), paid, AT,
                         "TC art. 60(1)", reference=f"p{j}", source="bank"))
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def bench_balance(sizes: list[int], db_url: str) -> None:
    end = START + dt.timedelta(days=365 * YEARS)
    later = end + dt.timedelta(days=365 * 30)
    print(f"\nBalance of one taxpayer, postings over {YEARS} years (best of 3; derived from scratch each time)")
    print(f"{'postings':>9} {'derive ms':>10} {'us/posting':>11} {'x vs 10':>8} {'+30y ms':>9} {'db ms':>9} {'db us/posting':>14}")
    rt = Runtime(Settings(database_url=db_url, secret_key="bench", clock=Clock(dt.date(2025, 3, 14))), Database(db_url))
    base = None
    snaps: list[tuple[int, int, float]] = []
    try:
        for n in sizes:
            entries = postings(n)
            t = best(lambda: derive(entries, end), 3)
            t_later = best(lambda: derive(entries, later), 3)
            with rt.db.transaction() as s:
                tp = _taxpayers(s, 1)[0][1]
                s.execute(sa.insert(Posting), [
                    {"taxpayer_id": tp, "kind": e.kind, "tax": e.tax, "period": e.period, "amount": int(e.amount * 100),
                     "value_date": e.value_date, "due_date": e.due_date, "end_date": None, "recorded_at": AT, "recorded_by": "bench",
                     "source": e.source, "reference": f"b{uuid.uuid4().hex}", "corrects_id": None, "citation": e.citation, "details": {}}
                    for e in entries])

            def through_db():
                with rt.db.transaction() as s:
                    balance(s, tp, end)

            t_db = best(through_db, 3)
            base = base or t
            print(f"{n:>9} {t * 1e3:>10.2f} {t / n * 1e6:>11.1f} {t / base:>8.1f} {t_later * 1e3:>9.2f} {t_db * 1e3:>9.2f} {t_db / n * 1e6:>14.1f}")
            snaps.append((n, tp, t_db))
        bench_snapshots(rt, snaps, end, later)
    finally:
        rt.db.dispose()


def bench_snapshots(rt: Runtime, snaps: list[tuple[int, int, float]], end: dt.date, later: dt.date) -> None:
    """Issue 16: the same balances through the database resumed from a derivation snapshot
    (``salyk.ledger.snapshots``), next to the from-scratch figure of the same run (``db ms`` above).

    - quick: a snapshot at the last posting's day, nothing since (the steady state of a page view:
      the quick part alone is read, and the туум of the open debts is priced from that day on);
    - resume: the latest snapshot a week back, the postings of the last week fed on top (the first
      view after new postings; it also makes the next snapshot, stored apart and not timed);
    - +30y: as of 30 years later (limitation ends debts meanwhile, so the whole state is read and
      fed no posting): the cost must not grow with the days.
    """
    secret = snapshots.secret(rt)
    week = end - dt.timedelta(days=7)
    print("\nBalance resumed from a derivation snapshot (issue 16; best of 5, through the database, read transaction)")
    print(f"{'postings':>9} {'scratch ms':>11} {'resume ms':>10} {'quick ms':>9} {'+30y ms':>8} {'scratch:quick':>14} {'snapshot KB':>12} "
          f"{'quick KB':>9}")
    for n, tp, t_db in snaps:
        with rt.db.read() as s:
            _, first = snapshot_balance(s, tp, week, secret, min_postings=0)
        with rt.db.transaction() as s:
            snapshots.save(s, first, secret, now=rt.now())

        def resume():
            with rt.db.read() as s:
                return snapshot_balance(s, tp, end, secret, min_postings=0)

        t_resume = best(resume, 5)
        got, pending = resume()
        with rt.db.read() as s:
            assert got == balance(s, tp, end), "a snapshot gave another balance than the derivation from scratch"
        if pending is not None:  # None: no posting in the last week (the small ledgers), already quick
            with rt.db.transaction() as s:
                snapshots.save(s, pending, secret, now=rt.now())

        def quick(day=end):
            with rt.db.read() as s:
                got, again = snapshot_balance(s, tp, day, secret, min_postings=0)
            # 30 years on, limitation has ended debts since the snapshot: the whole state is read (not stored)
            assert again is None or day != end, "the quick path made a new snapshot"
            return got

        t_quick = best(quick, 5)
        t_quick_later = best(lambda: quick(later), 5)
        with rt.db.read() as s:
            assert quick() == balance(s, tp, end)
        size = (len(first.state) + len(first.quick)) / 1024
        print(f"{n:>9} {t_db * 1e3:>11.2f} {t_resume * 1e3:>10.2f} {t_quick * 1e3:>9.2f} {t_quick_later * 1e3:>8.2f} "
              f"{t_db / t_quick:>14.1f} {size:>12.0f} {len(first.quick) / 1024:>9.0f}")


_tin_serial = iter(range(10**9))


def _taxpayers(session, n: int) -> list[tuple[str, int]]:
    rows = []
    for _ in range(n):
        k = next(_tin_serial)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=k % 20000)
        rows.append({"tin": f"1{birth:%d%m%Y}{k % 100000:05d}", "kind": "individual", "name": "Bench", "address": "Bishkek",
                     "registered_on": dt.date(2015, 1, 1), "status": "active", "created_at": AT})
    session.execute(sa.insert(Taxpayer), rows)
    tins = [r["tin"] for r in rows]
    found = dict(session.execute(sa.select(Taxpayer.tin, Taxpayer.id).where(Taxpayer.tin.in_(tins))).all())
    return [(t, found[t]) for t in tins]


def bench_import(name: str, url: str, n_taxpayers: int, n_payments: int) -> dict:
    upgrade(url)
    rt = Runtime(Settings(database_url=url, secret_key="bench", clock=Clock(dt.date(2025, 3, 14))), Database(url))
    try:
        with rt.db.transaction() as s:
            people = []
            for i in range(0, n_taxpayers, 1000):
                people += _taxpayers(s, min(1000, n_taxpayers - i))
        rng = random.Random(2)
        key = uuid.uuid4().hex[:6]
        lines = []
        for i in range(n_payments):
            tin, _ = people[rng.randrange(len(people))]
            paid = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(400))
            lines.append(PaymentIn(f"BNK-{key}-{i:07d}", tin, TAXES[i % 3], f"{rng.randint(100, 99_999)}.{rng.randint(0, 99):02d}", paid.isoformat()))
        ids = dict(people)

        t0 = time.perf_counter()
        result = import_payments(rt, SystemPrincipal("bench"), lines, chunk_size=1000)
        t_import = time.perf_counter() - t0
        assert result.accepted == n_payments and not result.rejected, (result.accepted, result.rejected[:3])

        t0 = time.perf_counter()
        again = import_payments(rt, SystemPrincipal("bench"), lines, chunk_size=1000)
        t_again = time.perf_counter() - t0
        assert again.duplicates == n_payments

        # Baseline: the same rows, plain INSERTs, same chunks, into a table of the same columns
        # without the unique key (nothing validated, nothing looked up).
        plain = sa.Table("bench_plain_postings", sa.MetaData(), *[sa.Column(c.name, c.type) for c in Posting.__table__.columns])
        plain.create(rt.db.engine)
        rows = [{"id": i + 1, "taxpayer_id": ids[p.tin], "kind": "payment", "tax": p.tax, "period": None,
                 "amount": int(Decimal(p.amount) * 100), "value_date": dt.date.fromisoformat(p.paid_on), "due_date": None,
                 "end_date": None, "recorded_at": AT, "recorded_by": "bench", "source": "bank", "reference": p.bank_reference,
                 "corrects_id": None, "citation": "TC art. 60(1)", "details": {}} for i, p in enumerate(lines)]
        t0 = time.perf_counter()
        for i in range(0, len(rows), 1000):
            with rt.db.transaction() as s:
                s.execute(sa.insert(plain), rows[i : i + 1000])
        t_plain = time.perf_counter() - t0
        plain.drop(rt.db.engine)
        return {"db": name, "payments": n_payments, "taxpayers": n_taxpayers, "import_s": t_import, "again_s": t_again, "plain_s": t_plain}
    finally:
        rt.db.dispose()


def _pg_url() -> str | None:
    url = os.environ.get("SALYK_BENCH_PG_URL") or os.environ.get("SALYK_TEST_DATABASE_URL")
    if not url:
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        engine = sa.create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
        return url
    except Exception:
        return None


def _pg_schema(url: str) -> tuple[str, str]:
    name = f"salyk_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return name, f"{url}{sep}options=-csearch_path%3D{name}"


def _drop_schema(url: str, name: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--balance-only", action="store_true", help="the balance benchmarks only (issue 16), not the import")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    sizes = [10, 100, 1000] if args.quick else [10, 100, 1000, 10_000]
    n_taxpayers, n_payments = (500, 5_000) if args.quick else (10_000, 100_000)

    print(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}; Python {sys.version.split()[0]}; SQLAlchemy {sa.__version__}")
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine shares the CPUs)")
    pg = None if args.no_postgres else _pg_url()
    with tempfile.TemporaryDirectory() as tmp:
        print("\n--- SQLite ---")
        upgrade(f"sqlite:///{tmp}/balance.db")
        bench_balance(sizes, f"sqlite:///{tmp}/balance.db")
        if pg:
            print("\n--- PostgreSQL ---")
            name, url = _pg_schema(pg)
            try:
                upgrade(url)
                bench_balance(sizes, url)
            finally:
                _drop_schema(pg, name)
        if args.balance_only:
            print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
            return 0
        results = [bench_import("SQLite", f"sqlite:///{tmp}/import.db", n_taxpayers, n_payments)]
    if pg:
        name, url = _pg_schema(pg)
        try:
            results.append(bench_import("PostgreSQL", url, n_taxpayers, n_payments))
        finally:
            _drop_schema(pg, name)
    else:
        print("\nPostgreSQL not reachable: import measured on SQLite only")

    print(f"\nImport of {n_payments:,} payments across {n_taxpayers:,} taxpayers (chunks of 1,000 per transaction)")
    print(f"{'database':>10} {'import/s':>10} {'plain INSERT/s':>15} {'import : plain':>15} {'re-import (dups)/s':>19}")
    for r in results:
        rate, plain, again = r["payments"] / r["import_s"], r["payments"] / r["plain_s"], r["payments"] / r["again_s"]
        print(f"{r['db']:>10} {rate:>10,.0f} {plain:>15,.0f} {rate / plain:>15.2f} {again:>19,.0f}")
    return 0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
