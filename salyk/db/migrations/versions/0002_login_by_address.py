"""platform: failed logins counted per login and client address (issue 9: a lock-out that holds
under concurrency and that one address cannot impose on everyone)

Revision ID: 0002_login_by_address
Revises: 0001_platform
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types


revision = "0002_login_by_address"
down_revision = "0001_platform"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_address_throttle",
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("login", "address", name=op.f("pk_login_address_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_address_throttle")
