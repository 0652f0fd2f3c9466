"""ledger: the quick part of a snapshot signed apart from the whole state (issue 16)

A balance view with no posting since the snapshot reads only the small quick part: it must not
have to read and hash the whole state to check a signature. ``mac`` now signs the state,
``quick_mac`` the quick part. The snapshots stored before are a cache of another derivation
version (``salyk.ledger.snapshots.VERSION``): they are dropped, the next view derives again.

Revision ID: snap_0006_snapshot_quick_mac
Revises: perfb_0005_snapshots
"""
from alembic import op
import sqlalchemy as sa


revision = "snap_0006_snapshot_quick_mac"
down_revision = "perfb_0005_snapshots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM ledger_snapshots")
    # NOT NULL with a default, which SQLite needs to add a column; an empty signature never verifies
    op.add_column("ledger_snapshots", sa.Column("quick_mac", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("DELETE FROM ledger_snapshots")  # their ``mac`` signs the state alone: the older code would refuse them anyway
    # a plain DROP COLUMN (SQLite >= 3.35): a batch copy of the table would trip over the postings'
    # trigger, which names it
    op.drop_column("ledger_snapshots", "quick_mac")
