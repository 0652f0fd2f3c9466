"""Property benchmark (issue 13, "hundreds of thousands of rows: measure it"): not a timed test,
a command.

    python -m bench.property_import            # 100,000 vehicle rows over 10,000 taxpayers
    python -m bench.property_import --quick    # 5,000 rows, a smoke run

The monthly vehicle-registry file (TC art. 125) as CSV bytes, imported the way
``salyk registry import vehicles FILE.csv`` does (``salyk.property.csvfile.read_rows`` then
``salyk.property.feed.import_rows``, 1,000 rows per transaction: per-row checks of every field,
ИСН lookup, existing objects and versions read with one query per table, multi-row INSERTs of
objects and versions), on SQLite and, when reachable, PostgreSQL; next to a baseline measured in
the same run: plain INSERTs of the same rows, same chunks, into a table with the columns of
``property_versions`` and no keys. Then the same file again (all duplicates) and a file of new
versions for a tenth of the objects (the current view updated, history kept).

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

import sqlalchemy as sa

from bench.ledger import _cpu_model, _drop_schema, _pg_schema, _pg_url, _taxpayers
from salyk.db.migrate import upgrade
from salyk.kernel.config import BISHKEK, Clock, Settings
from salyk.kernel.principal import SystemPrincipal
from salyk.kernel.runtime import Runtime
from salyk.kernel.uow import Database
from salyk.property.csvfile import read_rows
from salyk.property.feed import import_rows
from salyk.property.models import PropertyVersion
from salyk.property.records import check_vehicle

HEADER = "registry_id,version,tin,plate,vin,make,model,year,engine_cc,kind,book_value,owned_from,owned_to\n"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
AT = dt.datetime(2025, 3, 14, 12, tzinfo=BISHKEK)


def registry_file(people: list[tuple[str, int]], n: int, *, version: int = 1, every: int = 1, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(0, n, every):
        tin = people[i % len(people)][0]
        vin = "".join(rng.choice(VIN_CHARS) for _ in range(17))
        cc = rng.choice((1000, 1300, 1600, 2000, 2400, 3500)) + (version - 1) * 100
        lines.append(f"GRS-{i:08d},{version},{tin},01KG{i % 1000:03d}{'ABC'[i % 3]}{'XYZ'[i % 3]}{'KLM'[i % 3]},{vin},Toyota,Corolla,"
                     f"{rng.randint(1995, 2025)},{cc},passenger,,2015-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},\n")
    return "".join(lines).encode()


def bench(name: str, url: str, n_taxpayers: int, n_rows: int) -> dict:
    upgrade(url)
    rt = Runtime(Settings(database_url=url, secret_key="bench", clock=Clock(dt.date(2025, 3, 14))), Database(url))
    actor = SystemPrincipal("bench")
    try:
        with rt.db.transaction() as s:
            people = []
            for i in range(0, n_taxpayers, 1000):
                people += _taxpayers(s, min(1000, n_taxpayers - i))
        data = registry_file(people, n_rows)

        t0 = time.perf_counter()
        result = import_rows(rt, actor, "vehicle", read_rows("vehicle", data))
        t_import = time.perf_counter() - t0
        assert result.accepted == n_rows and not result.rejected, (result.accepted, result.rejected[:3])

        t0 = time.perf_counter()
        again = import_rows(rt, actor, "vehicle", read_rows("vehicle", data))
        t_again = time.perf_counter() - t0
        assert again.duplicates == n_rows

        updates = registry_file(people, n_rows, version=2, every=10)
        t0 = time.perf_counter()
        newer = import_rows(rt, actor, "vehicle", read_rows("vehicle", updates))
        t_update = time.perf_counter() - t0
        assert newer.accepted == len(range(0, n_rows, 10)), (newer.accepted, newer.rejected[:3])

        # Baseline: the same rows, checked by nothing and looked up nowhere, plain INSERTs in the
        # same chunks into a table with the columns of property_versions and no keys.
        ids = dict(people)
        plain = sa.Table("bench_plain_property", sa.MetaData(), *[sa.Column(c.name, c.type) for c in PropertyVersion.__table__.columns])
        plain.create(rt.db.engine)
        records = [check_vehicle(r, rt.today()) for r in read_rows("vehicle", data)]
        rows = [{"id": i + 1, "object_id": i + 1, "version": r.version, "taxpayer_id": ids[r.tin], "digest": r.digest,
                 "content": r.content, "owned_from": r.owned_from, "owned_to": r.owned_to, "received_at": AT,
                 "received_by": "bench"} for i, r in enumerate(records)]
        t0 = time.perf_counter()
        for i in range(0, len(rows), 1000):
            with rt.db.transaction() as s:
                s.execute(sa.insert(plain), rows[i:i + 1000])
        t_plain = time.perf_counter() - t0
        plain.drop(rt.db.engine)
        return {"db": name, "rows": n_rows, "import_s": t_import, "again_s": t_again, "update_rows": newer.accepted,
                "update_s": t_update, "plain_s": t_plain}
    finally:
        rt.db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.property_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    n_taxpayers, n_rows = (500, 5_000) if args.quick else (10_000, 100_000)
    print(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}; Python {sys.version.split()[0]}; SQLAlchemy {sa.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        results = [bench("SQLite", f"sqlite:///{tmp}/property.db", n_taxpayers, n_rows)]
    pg = None if args.no_postgres else _pg_url()
    if pg:
        name, url = _pg_schema(pg)
        try:
            results.append(bench("PostgreSQL", url, n_taxpayers, n_rows))
        finally:
            _drop_schema(pg, name)
    else:
        print("\nPostgreSQL not reachable: measured on SQLite only")
    print(f"\nVehicle registry file of {n_rows:,} rows over {n_taxpayers:,} taxpayers (chunks of 1,000 per transaction)")
    print(f"{'database':>10} {'import rows/s':>14} {'plain INSERT/s':>15} {'import : plain':>15} {'same file again/s':>18} {'new versions/s':>15}")
    for r in results:
        rate, plain, again, update = (r["rows"] / r["import_s"], r["rows"] / r["plain_s"], r["rows"] / r["again_s"],
                                      r["update_rows"] / r["update_s"])
        print(f"{r['db']:>10} {rate:>14,.0f} {plain:>15,.0f} {rate / plain:>15.2f} {again:>18,.0f} {update:>15,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
