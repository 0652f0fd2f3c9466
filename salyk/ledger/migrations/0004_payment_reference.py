"""ledger: a payment's order reference (an e-patent order the payer quoted, issue 12)

Revision ID: 0004_payment_reference
Revises: 0003_ledger_applications
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_payment_reference"
down_revision = "0003_ledger_applications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN leaves the rows (and the append-only triggers) as they are on both databases.
    op.add_column("ledger_postings", sa.Column("payment_reference", sa.String(length=64), nullable=True))
    op.create_index("ix_ledger_postings_payment_reference", "ledger_postings", ["payment_reference"])


def downgrade() -> None:
    op.drop_index("ix_ledger_postings_payment_reference", table_name="ledger_postings")
    op.drop_column("ledger_postings", "payment_reference")
