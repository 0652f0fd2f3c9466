"""registry: the database refuses unknown taxpayer kinds and statuses (issue 8 item 5)

Revision ID: 0006_registry_checks
Revises: offer_0001_offer_ru
"""
from salyk.db.triggers import check_migration

revision = "0006_registry_checks"
down_revision = "offer_0001_offer_ru"
branch_labels = None
depends_on = None

CHECKS = (
    ("taxpayers", "kind", ("individual", "individual_entrepreneur", "organization")),  # TC art. 97
    ("taxpayers", "status", ("active", "removed")),  # TC art. 99
    ("auth_sessions", "role", ("taxpayer", "officer", "admin")),
)


upgrade, downgrade = check_migration(CHECKS)
