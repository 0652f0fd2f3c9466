"""platform: registry, credentials, sessions, offers, audit

Revision ID: 0001_platform
Revises: 
Create Date: 2026-11-21 23:27:47.409676
"""
import datetime as dt
from pathlib import Path

from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql

# A migration is history: it must not change when application code changes, so the seed offer is
# read here from the data file, not through the registry's code.
OFFER_KY = Path(__file__).resolve().parents[3] / "registry" / "data" / "offer_v1_ky.txt"
# The source documents held only the Kyrgyz text when this revision was written; the Russian
# version carried the state-language text with this preface (Offer 12.5) until a later revision
# shipped the Russian translation.
RU_PREFACE = (
    "Оферта о заключении договора дистанционного обслуживания физических и юридических лиц "
    "в мобильном приложении Salyk.kg. Официальный текст на русском языке публикуется "
    "Государственной налоговой службой; ниже приводится текст на государственном языке, "
    "имеющий равную силу (п. 12.5 Оферты).\n\n"
)


revision = '0001_platform'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counters',
    sa.Column('series', sa.String(length=100), nullable=False),
    sa.Column('last_value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('series', name=op.f('pk_counters'))
    )
    op.create_table('login_throttle',
    sa.Column('login', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', salyk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_failure_at', salyk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('login', name=op.f('pk_login_throttle'))
    )
    op.create_table('officers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officers')),
    sa.UniqueConstraint('login', name=op.f('uq_officers_login'))
    )
    op.create_table('taxpayers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tin', sa.String(length=14), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxpayers')),
    sa.UniqueConstraint('tin', name=op.f('uq_taxpayers_tin'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_audit_log_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('auth_sessions',
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=True),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', salyk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_auth_sessions_officer_id_officers')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_auth_sessions_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('token_sha256', name=op.f('pk_auth_sessions'))
    )
    op.create_table('offer_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=50), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('text_ky', sa.Text(), nullable=False),
    sa.Column('text_ru', sa.Text(), nullable=False),
    sa.Column('published_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['published_by'], ['officers.id'], name=op.f('fk_offer_versions_published_by_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_versions')),
    sa.UniqueConstraint('version', name=op.f('uq_offer_versions_version'))
    )
    op.create_table('taxpayer_credentials',
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('issued_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['officers.id'], name=op.f('fk_taxpayer_credentials_issued_by_officers')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_taxpayer_credentials_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('taxpayer_id', name=op.f('pk_taxpayer_credentials'))
    )
    op.create_table('offer_acceptances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('offer_version_id', sa.Integer(), nullable=False),
    sa.Column('accepted_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_version_id'], ['offer_versions.id'], name=op.f('fk_offer_acceptances_offer_version_id_offer_versions')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_offer_acceptances_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_acceptances')),
    sa.UniqueConstraint('taxpayer_id', 'offer_version_id', name=op.f('uq_offer_acceptances_taxpayer_id'))
    )
    op.create_index("ix_audit_log_taxpayer_id", "audit_log", ["taxpayer_id", "at"])
    dialect = op.get_bind().dialect.name
    for statement in append_only_sql(dialect, "audit_log"):
        op.execute(statement)
    # The seed offer is the first version (Offer 1.5): every database has a current offer.
    _insert_seed_offer(op.get_bind())


def _insert_seed_offer(connection: sa.Connection) -> None:
    ky = OFFER_KY.read_text(encoding="utf-8")
    table = sa.table("offer_versions", sa.column("version"), sa.column("effective_from", sa.Date), sa.column("text_ky"),
                     sa.column("text_ru"), sa.column("published_at", sa.DateTime))
    published = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
    # Raw inserts bypass UtcDateTime: SQLite keeps naive UTC, PostgreSQL a timestamptz.
    if connection.dialect.name == "sqlite":
        published = published.replace(tzinfo=None)
    connection.execute(table.insert().values(version="2023.1", effective_from=dt.date(2023, 1, 1), text_ky=ky,
                                             text_ru=RU_PREFACE + ky, published_at=published))


def downgrade() -> None:
    for statement in drop_append_only_sql(op.get_bind().dialect.name, "audit_log"):
        op.execute(statement)
    op.drop_index("ix_audit_log_taxpayer_id", table_name="audit_log")
    op.drop_table('offer_acceptances')
    op.drop_table('taxpayer_credentials')
    op.drop_table('offer_versions')
    op.drop_table('auth_sessions')
    op.drop_table('audit_log')
    op.drop_table('taxpayers')
    op.drop_table('officers')
    op.drop_table('login_throttle')
    op.drop_table('counters')
