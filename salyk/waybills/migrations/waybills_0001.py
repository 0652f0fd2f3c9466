"""waybills: documents, signed events (append-only), parties

Revision ID: waybills_0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = "waybills_0001"
down_revision = None
branch_labels = ("waybills",)
depends_on = ("0001_platform", "0004_kernel")


def upgrade() -> None:
    op.create_table(
        "waybills",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("shipper_id", sa.Integer(), nullable=False),
        sa.Column("document_jcs", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column("carrier_id", sa.Integer(), nullable=True),
        sa.Column("consignee_id", sa.Integer(), nullable=True),
        sa.Column("distance_km", sa.Integer(), nullable=False),
        sa.Column("planned_loading_on", sa.Date(), nullable=False),
        sa.Column("issued_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("loaded_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("inspected", sa.Boolean(), nullable=False),
        sa.Column("qr", sa.Text(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shipper_id"], ["taxpayers.id"], name=op.f("fk_waybills_shipper_id_taxpayers")),
        sa.ForeignKeyConstraint(["carrier_id"], ["taxpayers.id"], name=op.f("fk_waybills_carrier_id_taxpayers")),
        sa.ForeignKeyConstraint(["consignee_id"], ["taxpayers.id"], name=op.f("fk_waybills_consignee_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waybills")),
        sa.UniqueConstraint("shipper_id", "client_id", name="uq_waybills_shipper_client"),
        sa.UniqueConstraint("number", name="uq_waybills_number"),
    )
    op.create_index("ix_waybills_updated", "waybills", ["updated_at", "id"])
    op.create_index("ix_waybills_status", "waybills", ["status"])
    op.create_table(
        "waybill_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("waybill_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_login", sa.String(length=100), nullable=False),
        sa.Column("at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("title_jcs", sa.Text(), nullable=False),
        sa.Column("title_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("kid", sa.String(length=40), nullable=False),
        sa.Column("status_after", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["waybill_id"], ["waybills.id"], name=op.f("fk_waybill_events_waybill_id_waybills")),
        sa.ForeignKeyConstraint(["actor_id"], ["taxpayers.id"], name=op.f("fk_waybill_events_actor_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waybill_events")),
        sa.UniqueConstraint("waybill_id", "seq", name="uq_waybill_events_seq"),
    )
    op.create_index("ix_waybill_events_title", "waybill_events", ["waybill_id", "title_sha256"])
    op.create_table(
        "waybill_parties",
        sa.Column("waybill_id", sa.String(length=36), nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["waybill_id"], ["waybills.id"], name=op.f("fk_waybill_parties_waybill_id_waybills")),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_waybill_parties_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("waybill_id", "taxpayer_id", "role", name=op.f("pk_waybill_parties")),
    )
    op.create_index("ix_waybill_parties_taxpayer", "waybill_parties", ["taxpayer_id", "role"])
    for statement in append_only_sql(op.get_bind().dialect.name, "waybill_events"):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_append_only_sql(op.get_bind().dialect.name, "waybill_events"):
        op.execute(statement)
    op.drop_index("ix_waybill_parties_taxpayer", table_name="waybill_parties")
    op.drop_table("waybill_parties")
    op.drop_index("ix_waybill_events_title", table_name="waybill_events")
    op.drop_table("waybill_events")
    op.drop_index("ix_waybills_status", table_name="waybills")
    op.drop_index("ix_waybills_updated", table_name="waybills")
    op.drop_table("waybills")
