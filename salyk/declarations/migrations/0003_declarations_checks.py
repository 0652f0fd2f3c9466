"""declarations: the database refuses unknown filing kinds and statuses (issue 8 item 5)

Revision ID: 0003_declarations_checks
Revises: 0002_declarations
"""
from alembic import op

from salyk.db.triggers import drop_one_of_sql, one_of_sql

revision = "0003_declarations_checks"
down_revision = "0002_declarations"
branch_labels = None
depends_on = None

CHECKS = (
    ("declaration_filings", "kind", ("initial", "clarified")),  # TC art. 90
    ("declaration_filings", "status", ("accepted",)),
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
