"""declarations: the database refuses unknown filing kinds and statuses (issue 8 item 5)

Revision ID: 0003_declarations_checks
Revises: 0002_declarations
"""
from salyk.db.triggers import check_migration

revision = "0003_declarations_checks"
down_revision = "0002_declarations"
branch_labels = None
depends_on = None

CHECKS = (
    ("declaration_filings", "kind", ("initial", "clarified")),  # TC art. 90
    ("declaration_filings", "status", ("accepted",)),
)


upgrade, downgrade = check_migration(CHECKS)
