"""notices: inbox, e-mail addresses, decisions of the tax body, appeals

Revision ID: n001_notices
Revises:
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types

revision = "n001_notices"
down_revision = None
branch_labels = ("notices",)
depends_on = ("0001_platform", "0004_kernel")

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = salyk.db.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("related_type", sa.String(40), nullable=True),
        sa.Column("related_id", sa.String(64), nullable=True),
        sa.Column("requires_action", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("read_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_notices_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_taxpayer", "notices", ["taxpayer_id", "created_at"])
    op.create_table(
        "notice_emails",
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("code_hash", sa.String(128), nullable=True),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("confirmed_at", TS, nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_notice_emails_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("taxpayer_id", name=op.f("pk_notice_emails")),
    )
    op.create_table(
        "tax_decisions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("ground", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("tax", sa.String(32), nullable=True),
        sa.Column("period", sa.String(16), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("issued_by", sa.String(200), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("posting_ids", sa.JSON(), nullable=False),
        sa.Column("appeal_id", sa.BigInteger(), nullable=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("delivery_method", sa.String(32), nullable=True),
        sa.Column("delivery_evidence", sa.String(1000), nullable=True),
        sa.Column("delivery_session", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_tax_decisions_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_decisions")),
        sa.UniqueConstraint("number", name=op.f("uq_tax_decisions_number")),
    )
    op.create_index("ix_tax_decisions_taxpayer", "tax_decisions", ["taxpayer_id", "issued_on"])
    op.create_table(
        "appeals",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", BIG_ID, nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("requested", sa.String(16), nullable=False),
        sa.Column("amount_disputed", sa.BigInteger(), nullable=True),
        sa.Column("filed_at", TS, nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("certificate_serial", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("suspensions", sa.JSON(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("return_reasons", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(24), nullable=True),
        sa.Column("upheld_amount", sa.BigInteger(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("outcome_decision_id", sa.BigInteger(), nullable=True),
        sa.Column("posting_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_appeals_taxpayer_id_taxpayers")),
        sa.ForeignKeyConstraint(["decision_id"], ["tax_decisions.id"], name=op.f("fk_appeals_decision_id_tax_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("number", name=op.f("uq_appeals_number")),
    )
    op.create_index("ix_appeals_taxpayer", "appeals", ["taxpayer_id"])


def downgrade() -> None:
    op.drop_index("ix_appeals_taxpayer", table_name="appeals")
    op.drop_table("appeals")
    op.drop_index("ix_tax_decisions_taxpayer", table_name="tax_decisions")
    op.drop_table("tax_decisions")
    op.drop_table("notice_emails")
    op.drop_index("ix_notices_taxpayer", table_name="notices")
    op.drop_table("notices")
