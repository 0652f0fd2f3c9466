"""ledger: the database refuses unknown kinds and statuses (issue 8 item 5)

Revision ID: 0005_ledger_checks
Revises: 0004_payment_reference
"""
from salyk.db.triggers import check_migration

revision = "0005_ledger_checks"
down_revision = "0004_payment_reference"
branch_labels = None
depends_on = None

# The values as they stood when this revision was written (salyk.ledger.postings.Kind and the
# application services); a later kind needs a later revision.
CHECKS = (
    ("ledger_postings", "kind", ("charge", "interest", "sanction", "payment", "reversal", "interest_exclusion", "refund",
                                 "offset", "write_off", "refund_interest", "declared_credit", "hold")),
    ("ledger_refund_applications", "kind", ("refund", "offset")),
    ("ledger_refund_applications", "status", ("received", "approved", "rejected", "paid", "applied")),
    ("ledger_deferrals", "status", ("received", "granted", "refused", "terminated")),
    ("ledger_status_history", "subject", ("refund", "deferral", "write_off")),
)


upgrade, downgrade = check_migration(CHECKS)
