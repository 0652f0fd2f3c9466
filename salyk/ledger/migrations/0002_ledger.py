"""ledger: append-only postings

Revision ID: 0002_ledger
Revises: 0001_platform
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = "0002_ledger"
down_revision = "0001_platform"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_postings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("tax", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("recorded_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("corrects_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("citation", sa.String(length=100), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["corrects_id"], ["ledger_postings.id"], name=op.f("fk_ledger_postings_corrects_id_ledger_postings")),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_ledger_postings_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_postings")),
        sa.UniqueConstraint("source", "reference", name=op.f("uq_ledger_postings_source")),
    )
    op.create_index("ix_ledger_postings_taxpayer", "ledger_postings", ["taxpayer_id", "value_date"])
    # Ledger principle 1: the database itself refuses UPDATE and DELETE of postings.
    for statement in append_only_sql(op.get_bind().dialect.name, "ledger_postings"):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_append_only_sql(op.get_bind().dialect.name, "ledger_postings"):
        op.execute(statement)
    op.drop_index("ix_ledger_postings_taxpayer", table_name="ledger_postings")
    op.drop_table("ledger_postings")
