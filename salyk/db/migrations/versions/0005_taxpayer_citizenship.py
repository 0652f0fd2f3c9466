"""registry: the taxpayer's citizenship (kg | eaeu | other), which prices a patent (issue 12)

Revision ID: 0005_taxpayer_citizenship
Revises: 0004_kernel
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_taxpayer_citizenship"
down_revision = "0004_kernel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("taxpayers", sa.Column("citizenship", sa.String(length=8), nullable=False, server_default="kg"))


def downgrade() -> None:
    op.drop_column("taxpayers", "citizenship")
