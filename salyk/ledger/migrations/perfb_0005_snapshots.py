"""ledger: derivation snapshots per taxpayer and the triggers that invalidate them (issue 16)

A posting deletes its taxpayer's snapshots from its value date on (a reversal: from the reversed
posting's value date if earlier) and bumps the taxpayer's generation, in the posting's own
transaction; a law value deletes every snapshot from its effective date on (a calendar day: all
of them, since due dates and limitation ends look ahead).

Revision ID: perfb_0005_snapshots
Revises: 0005_ledger_checks
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types


revision = "perfb_0005_snapshots"
down_revision = "0005_ledger_checks"
branch_labels = None
depends_on = None

PG = [
    """CREATE OR REPLACE FUNCTION salyk_ledger_postings_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- the head first: a snapshot being stored waits on it (FOR SHARE) and then sees the new number
      INSERT INTO ledger_snapshot_heads (taxpayer_id, generation)
        SELECT DISTINCT taxpayer_id, 1 FROM new_postings
        ON CONFLICT (taxpayer_id) DO UPDATE SET generation = ledger_snapshot_heads.generation + 1;
      DELETE FROM ledger_snapshots s USING (
          SELECT n.taxpayer_id, min(LEAST(n.value_date, COALESCE(c.value_date, n.value_date))) AS since
          FROM new_postings n LEFT JOIN ledger_postings c ON c.id = n.corrects_id
          GROUP BY n.taxpayer_id) d
        WHERE s.taxpayer_id = d.taxpayer_id AND s.on_date >= d.since;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER ledger_postings_snapshots AFTER INSERT ON ledger_postings
       REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION salyk_ledger_postings_snapshots()""",
    """CREATE OR REPLACE FUNCTION salyk_law_values_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM ledger_snapshots WHERE on_date >= (
        SELECT CASE WHEN bool_or(name = 'calendar_override') THEN DATE '0001-01-01' ELSE min(effective_from) END FROM new_values);
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER law_values_snapshots AFTER INSERT ON law_values
       REFERENCING NEW TABLE AS new_values FOR EACH STATEMENT EXECUTE FUNCTION salyk_law_values_snapshots()""",
]

SQLITE = [
    """CREATE TRIGGER ledger_postings_snapshots AFTER INSERT ON ledger_postings BEGIN
      INSERT INTO ledger_snapshot_heads (taxpayer_id, generation) VALUES (NEW.taxpayer_id, 1)
        ON CONFLICT (taxpayer_id) DO UPDATE SET generation = generation + 1;
      DELETE FROM ledger_snapshots WHERE taxpayer_id = NEW.taxpayer_id AND on_date >= min(NEW.value_date,
        coalesce((SELECT value_date FROM ledger_postings WHERE id = NEW.corrects_id), NEW.value_date));
    END""",
    """CREATE TRIGGER law_values_snapshots AFTER INSERT ON law_values BEGIN
      DELETE FROM ledger_snapshots WHERE NEW.name = 'calendar_override' OR on_date >= NEW.effective_from;
    END""",
]


def upgrade() -> None:
    op.create_table(
        "ledger_snapshot_heads",
        sa.Column("taxpayer_id", sa.Integer(), sa.ForeignKey("taxpayers.id"), primary_key=True, autoincrement=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "ledger_snapshots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("taxpayer_id", sa.Integer(), sa.ForeignKey("taxpayers.id"), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("book_key", sa.String(length=64), nullable=False),
        sa.Column("quiet_until", sa.Date(), nullable=True),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("quick", sa.LargeBinary(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("created_at", salyk.db.types.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("taxpayer_id", "on_date"),
    )
    for stmt in PG if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS law_values_snapshots ON law_values")
        op.execute("DROP TRIGGER IF EXISTS ledger_postings_snapshots ON ledger_postings")
        op.execute("DROP FUNCTION IF EXISTS salyk_law_values_snapshots()")
        op.execute("DROP FUNCTION IF EXISTS salyk_ledger_postings_snapshots()")
    else:
        op.execute("DROP TRIGGER IF EXISTS law_values_snapshots")
        op.execute("DROP TRIGGER IF EXISTS ledger_postings_snapshots")
    op.drop_table("ledger_snapshots")
    op.drop_table("ledger_snapshot_heads")
