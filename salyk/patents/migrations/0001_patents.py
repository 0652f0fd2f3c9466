"""patents: orders and the patents they become

Revision ID: 0001_patents
Revises:
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types


revision = "0001_patents"
down_revision = None
branch_labels = ("patents",)
depends_on = ("0001_platform", "0004_kernel")

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "patents",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("client_order_id", sa.String(length=64), nullable=False),
        sa.Column("activity", sa.String(length=32), nullable=False),
        sa.Column("zone", sa.String(length=32), nullable=False),
        sa.Column("term_days", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("citizenship", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("employee", sa.JSON(), nullable=True),
        sa.Column("payment_reference", sa.String(length=32), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("pay_by", sa.Date(), nullable=False),
        sa.Column("created_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("renewal_of", BIG_ID, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column("issued_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("payment_posting_id", sa.BigInteger(), nullable=True),
        sa.Column("charge_posting_id", sa.BigInteger(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.Column("decision_reference", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_patents_taxpayer_id_taxpayers")),
        sa.ForeignKeyConstraint(["renewal_of"], ["patents.id"], name=op.f("fk_patents_renewal_of_patents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patents")),
        sa.UniqueConstraint("taxpayer_id", "client_order_id", name=op.f("uq_patents_taxpayer_id")),
        sa.UniqueConstraint("payment_reference", name=op.f("uq_patents_payment_reference")),
        sa.UniqueConstraint("number", name=op.f("uq_patents_number")),
    )
    op.create_index("ix_patents_taxpayer_activity", "patents", ["taxpayer_id", "activity", "zone"])


def downgrade() -> None:
    op.drop_index("ix_patents_taxpayer_activity", table_name="patents")
    op.drop_table("patents")
