"""declarations: certificates, filings, extensions, field audits, registrations

Revision ID: 0002_declarations
Revises: 0001_platform
Create Date: 2026-11-21 23:35:07.775478
"""
from alembic import op
import sqlalchemy as sa

import salyk.db.types
from salyk.db.triggers import append_only_sql, drop_append_only_sql


revision = '0002_declarations'
down_revision = '0001_platform'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('declaration_authority',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('bundle_pem', sa.Text(), nullable=False),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_declaration_authority'))
    )
    op.create_table('field_audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('opened_by', sa.String(length=100), nullable=False),
    sa.Column('closed_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_field_audits_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_audits'))
    )
    with op.batch_alter_table('field_audits', schema=None) as batch_op:
        batch_op.create_index('ix_field_audits_taxpayer_id', ['taxpayer_id'], unique=False)

    op.create_table('filing_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('original_deadline', sa.Date(), nullable=False),
    sa.Column('extended_deadline', sa.Date(), nullable=False),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_filing_extensions_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_extensions')),
    sa.UniqueConstraint('taxpayer_id', 'form', 'period', name=op.f('uq_filing_extensions_taxpayer_id'))
    )
    op.create_table('signing_certificates',
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('algorithm', sa.String(length=8), nullable=False),
    sa.Column('pem', sa.Text(), nullable=False),
    sa.Column('fingerprint_sha256', sa.String(length=64), nullable=False),
    sa.Column('not_before', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('not_after', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('cloud', sa.Boolean(), nullable=False),
    sa.Column('issued_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', salyk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revocation_reason', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_signing_certificates_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('serial', name=op.f('pk_signing_certificates'))
    )
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.create_index('ix_signing_certificates_taxpayer_id', ['taxpayer_id'], unique=False)

    op.create_table('tax_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('registration', sa.String(length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_tax_registrations_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tax_registrations'))
    )
    with op.batch_alter_table('tax_registrations', schema=None) as batch_op:
        batch_op.create_index('ix_tax_registrations_taxpayer_id', ['taxpayer_id'], unique=False)

    op.create_table('cloud_signing_keys',
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('sealed_key', sa.LargeBinary(), nullable=False),
    sa.Column('certificate_serial', sa.String(length=40), nullable=False),
    sa.Column('created_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', salyk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['certificate_serial'], ['signing_certificates.serial'], name=op.f('fk_cloud_signing_keys_certificate_serial_signing_certificates')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_cloud_signing_keys_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('taxpayer_id', name=op.f('pk_cloud_signing_keys'))
    )
    op.create_table('declaration_filings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('client_filing_id', sa.String(length=36), nullable=False),
    sa.Column('form', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('zero', sa.Boolean(), nullable=False),
    sa.Column('initial_key', sa.String(length=100), nullable=True),
    sa.Column('document_jcs', sa.Text(), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('certificate_serial', sa.String(length=40), nullable=False),
    sa.Column('receipt_number', sa.String(length=32), nullable=False),
    sa.Column('receipt_signature', sa.Text(), nullable=False),
    sa.Column('filed_at', salyk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('filing_date', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('tax', sa.String(length=32), nullable=True),
    sa.Column('tax_due', sa.BigInteger(), nullable=False),
    sa.Column('charge_amount', sa.BigInteger(), nullable=False),
    sa.Column('payment_due_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_serial'], ['signing_certificates.serial'], name=op.f('fk_declaration_filings_certificate_serial_signing_certificates')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_declaration_filings_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_filings')),
    sa.UniqueConstraint('initial_key', name=op.f('uq_declaration_filings_initial_key')),
    sa.UniqueConstraint('receipt_number', name=op.f('uq_declaration_filings_receipt_number')),
    sa.UniqueConstraint('taxpayer_id', 'client_filing_id', name=op.f('uq_declaration_filings_taxpayer_id'))
    )
    with op.batch_alter_table('declaration_filings', schema=None) as batch_op:
        batch_op.create_index('ix_declaration_filings_taxpayer_id', ['taxpayer_id', 'form', 'period'], unique=False)

    # A filed report is kept unchanged for the limitation period (TC art. 91(1)); corrections are new rows.
    for statement in append_only_sql(op.get_bind().dialect.name, "declaration_filings"):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_append_only_sql(op.get_bind().dialect.name, "declaration_filings"):
        op.execute(statement)
    with op.batch_alter_table('declaration_filings', schema=None) as batch_op:
        batch_op.drop_index('ix_declaration_filings_taxpayer_id')

    op.drop_table('declaration_filings')
    op.drop_table('cloud_signing_keys')
    with op.batch_alter_table('tax_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_tax_registrations_taxpayer_id')

    op.drop_table('tax_registrations')
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_signing_certificates_taxpayer_id')

    op.drop_table('signing_certificates')
    op.drop_table('filing_extensions')
    with op.batch_alter_table('field_audits', schema=None) as batch_op:
        batch_op.drop_index('ix_field_audits_taxpayer_id')

    op.drop_table('field_audits')
    op.drop_table('declaration_authority')
