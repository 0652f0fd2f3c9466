"""registry: the database refuses unknown taxpayer kinds and statuses (issue 8 item 5)

Revision ID: 0006_registry_checks
Revises: 0005_taxpayer_citizenship
"""
from alembic import op

from salyk.db.triggers import drop_one_of_sql, one_of_sql

revision = "0006_registry_checks"
down_revision = "0005_taxpayer_citizenship"
branch_labels = None
depends_on = None

CHECKS = (
    ("taxpayers", "kind", ("individual", "individual_entrepreneur", "organization")),  # TC art. 97
    ("taxpayers", "status", ("active", "removed")),  # TC art. 99
    ("auth_sessions", "role", ("taxpayer", "officer", "admin")),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, column, values in CHECKS:
        for statement in one_of_sql(dialect, table, column, values):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, column, _ in CHECKS:
        for statement in drop_one_of_sql(dialect, table, column):
            op.execute(statement)
