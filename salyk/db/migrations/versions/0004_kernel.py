"""kernel: service switches, outbox, law book values; counters keyed "<series>/<year>"

Revision ID: 0004_kernel
Revises: 0001_platform
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = "0004_kernel"
down_revision = "0001_platform"
branch_labels = ("kernel",)
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Counter series before the kernel named each its own way; one shape now: "<series>/<year>".
OLD_SERIES = (("declaration_receipt/", "declarations.receipt/"), ("ledger.refund.", "ledger.refund/"),
              ("ledger.deferral.", "ledger.deferral/"), ("ledger.write_off.", "ledger.write_off/"))


def upgrade() -> None:
    op.create_table(
        "service_switches",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("message_ky", sa.Text(), nullable=False),
        sa.Column("message_ru", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('on', 'read_only', 'off')", name=op.f("ck_service_switches_state")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_switches")),
    )
    op.create_index("ix_service_switches_key", "service_switches", ["key", "effective_from"])
    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("done_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedup_key", sa.String(length=200), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'done', 'dead')", name=op.f("ck_outbox_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "available_at"])
    op.create_table(
        "law_values",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("citation", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=200), nullable=False),
        sa.Column("entered_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_values")),
    )
    op.create_index("ix_law_values_name", "law_values", ["name", "effective_from"])
    dialect = op.get_bind().dialect.name
    for table in ("service_switches", "law_values"):
        for statement in append_only_sql(dialect, table):
            op.execute(statement)
    counters = sa.table("counters", sa.column("series", sa.String), sa.column("last_value", sa.BigInteger))
    bind = op.get_bind()
    for series, _ in bind.execute(sa.select(counters.c.series, counters.c.last_value)).all():
        for old, new in OLD_SERIES:
            if series.startswith(old):
                bind.execute(counters.update().where(counters.c.series == series).values(series=new + series[len(old):]))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in ("service_switches", "law_values"):
        for statement in drop_append_only_sql(dialect, table):
            op.execute(statement)
    op.drop_table("law_values")
    op.drop_table("outbox")
    op.drop_table("service_switches")
