"""registry: the taxpayer's size category, dated (TC art. 2(44)-(45), 177(1-1), 178(1-1); issue 10 item 4)

Revision ID: law_0006_size_category
Revises: 0006_registry_checks
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = "law_0006_size_category"
down_revision = "0006_registry_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxpayer_size_categories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("taxpayer_id", sa.Integer(), sa.ForeignKey("taxpayers.id"), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_taxpayer_size_categories_taxpayer_id", "taxpayer_size_categories", ["taxpayer_id"])
    # the history is audited: a row is never changed or deleted (a correction is a new row)
    for statement in append_only_sql(op.get_bind().dialect.name, "taxpayer_size_categories"):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_append_only_sql(op.get_bind().dialect.name, "taxpayer_size_categories"):
        op.execute(statement)
    op.drop_index("ix_taxpayer_size_categories_taxpayer_id", table_name="taxpayer_size_categories")
    op.drop_table("taxpayer_size_categories")
