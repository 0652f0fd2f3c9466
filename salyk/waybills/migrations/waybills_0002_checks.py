"""waybills: the database refuses unknown statuses, actions and roles (issue 8 item 5)

Revision ID: waybills_0002_checks
Revises: waybills_0001
"""
from salyk.db.triggers import check_migration

revision = "waybills_0002_checks"
down_revision = "waybills_0001"
branch_labels = None
depends_on = None

# The values as they stood when this revision was written (salyk.waybills.states: Status, Action,
# ActorRole, Role); a later value needs a later revision. A test holds the two together.
_STATUSES = ("draft", "issued", "in_transit", "delivered", "received", "received_with_discrepancy", "rejected",
             "deemed_received", "carrier_declined", "cancelled", "discarded")
CHECKS = (
    ("waybills", "status", _STATUSES),
    ("waybill_events", "status_after", _STATUSES),
    ("waybill_events", "action", ("issue", "carrier-acceptance", "carrier-decline", "carrier", "delivery", "receipt",
                                  "cancellation", "inspection", "deemed_received", "discarded")),
    ("waybill_events", "actor_role", ("shipper", "carrier", "consignee", "officer", "system")),
    ("waybill_parties", "role", ("shipper", "carrier", "consignee")),
)


upgrade, downgrade = check_migration(CHECKS)
