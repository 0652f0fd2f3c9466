"""property: registry objects with their versions, feed batches, reports, assessments

Revision ID: 0001_property
Revises:
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = "0001_property"
down_revision = None
branch_labels = ("property",)
depends_on = ("0001_platform", "0004_kernel")

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "property_objects",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("registry_id", sa.String(length=64), nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("owned_from", sa.Date(), nullable=False),
        sa.Column("owned_to", sa.Date(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("received_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_property_objects_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_objects")),
        sa.UniqueConstraint("kind", "registry_id", name=op.f("uq_property_objects_kind")),
    )
    op.create_index("ix_property_objects_taxpayer", "property_objects", ["taxpayer_id"])
    op.create_table(
        "property_versions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("object_id", BIG_ID, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("owned_from", sa.Date(), nullable=False),
        sa.Column("owned_to", sa.Date(), nullable=True),
        sa.Column("received_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["object_id"], ["property_objects.id"], name=op.f("fk_property_versions_object_id_property_objects")),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_property_versions_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_versions")),
        sa.UniqueConstraint("object_id", "version", name=op.f("uq_property_versions_object_id")),
    )
    op.create_table(
        "property_feed_batches",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("received_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_feed_batches")),
    )
    op.create_table(
        "property_reports",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("object_id", BIG_ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("answered_at", salyk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["object_id"], ["property_objects.id"], name=op.f("fk_property_reports_object_id_property_objects")),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_property_reports_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_reports")),
        sa.UniqueConstraint("number", name=op.f("uq_property_reports_number")),
    )
    op.create_index("ix_property_reports_taxpayer", "property_reports", ["taxpayer_id"])
    op.create_index("ix_property_reports_status", "property_reports", ["status"])
    op.create_table(
        "property_assessments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("taxpayer_id", sa.Integer(), nullable=False),
        sa.Column("object_id", BIG_ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registry_version", sa.BigInteger(), nullable=False),
        sa.Column("rule_version", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("posted", sa.BigInteger(), nullable=False),
        sa.Column("posting_id", sa.BigInteger(), nullable=True),
        sa.Column("assessed_at", salyk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("assessed_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["object_id"], ["property_objects.id"], name=op.f("fk_property_assessments_object_id_property_objects")),
        sa.ForeignKeyConstraint(["taxpayer_id"], ["taxpayers.id"], name=op.f("fk_property_assessments_taxpayer_id_taxpayers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_assessments")),
        sa.UniqueConstraint("taxpayer_id", "object_id", "year", "registry_version", "rule_version",
                            name=op.f("uq_property_assessments_taxpayer_id")),
    )
    op.create_index("ix_property_assessments_object", "property_assessments", ["object_id", "year"])
    for table in ("property_versions", "property_assessments"):
        for statement in append_only_sql(op.get_bind().dialect.name, table):
            op.execute(statement)


def downgrade() -> None:
    for table in ("property_versions", "property_assessments"):
        for statement in drop_append_only_sql(op.get_bind().dialect.name, table):
            op.execute(statement)
    op.drop_index("ix_property_assessments_object", table_name="property_assessments")
    op.drop_table("property_assessments")
    op.drop_index("ix_property_reports_status", table_name="property_reports")
    op.drop_index("ix_property_reports_taxpayer", table_name="property_reports")
    op.drop_table("property_reports")
    op.drop_table("property_feed_batches")
    op.drop_table("property_versions")
    op.drop_index("ix_property_objects_taxpayer", table_name="property_objects")
    op.drop_table("property_objects")
