"""The partitioning plan by ИСН for the filing and posting tables (issue 16, docs/scaling.md),
tried on a small scale: the DDL of the plan in a scratch schema on PostgreSQL, a few taxpayers'
rows, and EXPLAIN showing that a taxpayer's reads touch one partition (plan-time pruning with a
literal, run-time pruning with a parameter) while the keys that must stay unique stay unique.

The partition key is the taxpayer: ``taxpayer_id``, the registry's one-to-one surrogate of the
ИСН, which every cabinet query of these tables already filters on (the 14-character ИСН itself
would be repeated in every row for the same split). PostgreSQL only; skipped on SQLite.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

PARTS = 8

PLAN = [
    # Postings: hash partitions by taxpayer; the idempotency key is unique per taxpayer inside the
    # partitioned table and globally in a small unpartitioned table of references.
    """CREATE TABLE {s}.ledger_postings (
        id bigint GENERATED ALWAYS AS IDENTITY, taxpayer_id integer NOT NULL, kind varchar(32) NOT NULL,
        tax varchar(32) NOT NULL, period varchar(16), amount bigint NOT NULL, value_date date NOT NULL,
        source varchar(32) NOT NULL, reference varchar(200) NOT NULL, corrects_id bigint,
        PRIMARY KEY (taxpayer_id, id), UNIQUE (taxpayer_id, source, reference),
        FOREIGN KEY (taxpayer_id, corrects_id) REFERENCES {s}.ledger_postings (taxpayer_id, id)
    ) PARTITION BY HASH (taxpayer_id)""",
    "CREATE INDEX ON {s}.ledger_postings (taxpayer_id, value_date)",
    "CREATE TABLE {s}.ledger_references (source varchar(32), reference varchar(200), taxpayer_id integer NOT NULL, "
    "posting_id bigint NOT NULL, PRIMARY KEY (source, reference))",
    # Filings: hash partitions by taxpayer; the public receipt check finds the partition through a
    # small unpartitioned index of receipt numbers (gapless and unique across the country).
    """CREATE TABLE {s}.declaration_filings (
        id uuid NOT NULL, taxpayer_id integer NOT NULL, client_filing_id varchar(36) NOT NULL, form varchar(32) NOT NULL,
        period varchar(16) NOT NULL, receipt_number varchar(32) NOT NULL, filed_at timestamptz NOT NULL,
        PRIMARY KEY (taxpayer_id, id), UNIQUE (taxpayer_id, client_filing_id)
    ) PARTITION BY HASH (taxpayer_id)""",
    "CREATE TABLE {s}.receipt_numbers (receipt_number varchar(32) PRIMARY KEY, taxpayer_id integer NOT NULL, filing_id uuid NOT NULL)",
] + [
    f"CREATE TABLE {{s}}.{table}_p{i} PARTITION OF {{s}}.{table} FOR VALUES WITH (MODULUS {PARTS}, REMAINDER {i})"
    for table in ("ledger_postings", "declaration_filings") for i in range(PARTS)
]


@pytest.fixture
def scratch(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("declarative partitioning is PostgreSQL's")
    schema = f"part_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        for stmt in PLAN:
            conn.exec_driver_sql(stmt.format(s=schema))
    try:
        yield engine, schema
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


def _scanned(conn, sql: str, params: dict | None = None) -> set[str]:
    """The relations a plan reads (EXPLAIN without ANALYZE: what the planner kept)."""
    plan = conn.execute(sa.text(f"EXPLAIN (FORMAT JSON) {sql}"), params or {}).scalar()
    found: set[str] = set()

    def walk(node):
        if "Relation Name" in node:
            found.add(node["Relation Name"])
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def _fill(conn, s: str) -> dict[int, str]:
    """Taxpayers 1..40 with a few postings and filings each; their partition by the row's tableoid."""
    for tp in range(1, 41):
        for n in range(5):
            conn.execute(sa.text(f"INSERT INTO {s}.ledger_postings (taxpayer_id, kind, tax, amount, value_date, source, reference) "
                                 "VALUES (:tp, 'payment', 'vat', 100, :d, 'bank', :ref)"),
                         {"tp": tp, "d": dt.date(2025, 1, 1) + dt.timedelta(days=n), "ref": f"B-{tp}-{n}"})
            conn.execute(sa.text(f"INSERT INTO {s}.declaration_filings VALUES (:id, :tp, :cid, 'vat', :p, :r, now())"),
                         {"id": uuid.uuid4(), "tp": tp, "cid": str(uuid.uuid4()), "p": f"2024-{n + 1:02d}", "r": f"2025-{tp:05d}{n}"})
    conn.exec_driver_sql(f"ANALYZE {s}.ledger_postings")
    conn.exec_driver_sql(f"ANALYZE {s}.declaration_filings")
    return dict(conn.execute(sa.text(f"SELECT DISTINCT taxpayer_id, tableoid::regclass::text FROM {s}.ledger_postings")).all())


def test_a_taxpayers_reads_touch_one_partition(scratch):
    engine, s = scratch
    with engine.begin() as conn:
        homes = _fill(conn, s)
        assert len(set(homes.values())) == PARTS  # 40 taxpayers spread over all 8 partitions
        home = homes[17].split(".")[-1]
        assert _scanned(conn, f"SELECT * FROM {s}.ledger_postings WHERE taxpayer_id = 17 AND value_date <= '2025-01-03'") == {home}
        filings = _scanned(conn, f"SELECT * FROM {s}.declaration_filings WHERE taxpayer_id = 17 ORDER BY filed_at DESC")
        assert filings == {home.replace("ledger_postings", "declaration_filings")}  # same modulus: the same slot
        # without the taxpayer, every partition
        assert len(_scanned(conn, f"SELECT count(*) FROM {s}.ledger_postings WHERE value_date <= '2025-01-03'")) == PARTS


def test_a_prepared_read_with_the_taxpayer_as_a_parameter_prunes_at_run_time(scratch):
    engine, s = scratch
    with engine.begin() as conn:
        _fill(conn, s)
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        conn.exec_driver_sql(f"PREPARE statement_of(int) AS SELECT * FROM {s}.ledger_postings WHERE taxpayer_id = $1")
        text = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE statement_of(17)"))
        assert f"Subplans Removed: {PARTS - 1}" in text
        conn.exec_driver_sql("DEALLOCATE statement_of")


def test_the_keys_that_must_be_unique_stay_unique(scratch):
    engine, s = scratch
    with engine.begin() as conn:
        _fill(conn, s)
    with pytest.raises(IntegrityError):  # the same bank reference twice for a taxpayer
        with engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO {s}.ledger_postings (taxpayer_id, kind, tax, amount, value_date, source, reference) "
                                 "VALUES (3, 'payment', 'vat', 100, '2025-02-01', 'bank', 'B-3-0')"))
    with engine.begin() as conn:  # the global key of a reference lives in its own small table
        conn.execute(sa.text(f"INSERT INTO {s}.ledger_references VALUES ('bank', 'B-X', 3, 1)"))
    with pytest.raises(IntegrityError):  # the same reference quoted for another taxpayer: refused, not a second payment
        with engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO {s}.ledger_references VALUES ('bank', 'B-X', 4, 2)"))
    with pytest.raises(IntegrityError):  # a receipt number is unique across the country
        with engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO {s}.receipt_numbers VALUES ('2025-000010', 1, :a)"), {"a": uuid.uuid4()})
            conn.execute(sa.text(f"INSERT INTO {s}.receipt_numbers VALUES ('2025-000010', 2, :a)"), {"a": uuid.uuid4()})
