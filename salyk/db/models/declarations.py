"""Tables of the declarations service: signing certificates, the service CA, filings and their receipts,
filing extensions (TC art. 88), field audits that block amendments (TC art. 90(4)) and the
registrations that create filing obligations.

A filing is an electronic document certified by the taxpayer's signature (TC art. 28, 86(4)) and is
kept for the limitation period (TC art. 91(1)): the table is append-only in the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime


class ServiceAuthorityRecord(Base):
    """The service CA and receipt-signing identity (one row, ``name='service'``), generated on first use.

    The keys are PKCS#8-encrypted under a passphrase derived from the service secret key, so a copy
    of the database alone does not let anyone mint certificates or receipts.
    """

    __tablename__ = "declaration_authority"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    bundle_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SigningCertificate(Base):
    """A taxpayer's signing certificate issued by the service CA (TC art. 28, 86(4); Offer 2.10)."""

    __tablename__ = "signing_certificates"
    __table_args__ = (Index("ix_signing_certificates_taxpayer_id", "taxpayer_id"),)
    serial: Mapped[str] = mapped_column(String(40), primary_key=True)  # the JWS kid: lowercase hex
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    algorithm: Mapped[str] = mapped_column(String(8))  # ES256 | EdDSA
    pem: Mapped[str] = mapped_column(Text)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    not_before: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    cloud: Mapped[bool] = mapped_column(Boolean, default=False)  # the key is held by the service under a PIN
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revocation_reason: Mapped[str | None] = mapped_column(String(100), nullable=True)


class CloudSigningKey(Base):
    """The taxpayer's key sealed under the signing PIN (salyk.crypto.cloudkey), with wrong-PIN counting."""

    __tablename__ = "cloud_signing_keys"
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), primary_key=True)
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_serial: Mapped[str] = mapped_column(ForeignKey("signing_certificates.serial"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Filing(Base):
    """One accepted report with its receipt. Append-only: a correction is a new, clarified filing (TC art. 90)."""

    __tablename__ = "declaration_filings"
    __table_args__ = (
        UniqueConstraint("taxpayer_id", "client_filing_id"),
        Index("ix_declaration_filings_taxpayer_id", "taxpayer_id", "form", "period"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID: the receipt's id
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    client_filing_id: Mapped[str] = mapped_column(String(36))
    form: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(16))  # initial | clarified
    zero: Mapped[bool] = mapped_column(Boolean)
    # "<taxpayer_id>:<form>:<period>" for an initial filing, NULL for a clarified one: the database
    # itself refuses a second initial filing for the same form and period.
    initial_key: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True)
    document_jcs: Mapped[str] = mapped_column(Text)  # the exact RFC 8785 bytes the signature covers
    document_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(Text)
    certificate_serial: Mapped[str] = mapped_column(ForeignKey("signing_certificates.serial"))
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    receipt_signature: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    filing_date: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))  # accepted
    tax: Mapped[str | None] = mapped_column(String(32), nullable=True)  # contract tax identifier; None: a report with no tax of its own
    tax_due: Mapped[int] = mapped_column(BigInteger)  # tyiyn declared (computed or entered)
    charge_amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn posted to the ledger by this filing
    payment_due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class FilingExtension(Base):
    """A filing deadline extended by 30 days on the taxpayer's application (TC art. 88)."""

    __tablename__ = "filing_extensions"
    __table_args__ = (UniqueConstraint("taxpayer_id", "form", "period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    form: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    original_deadline: Mapped[dt.date] = mapped_column(Date)
    extended_deadline: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class FieldAudit(Base):
    """A field audit of a period: while open, clarified reports for it are refused (TC art. 90(4))."""

    __tablename__ = "field_audits"
    __table_args__ = (Index("ix_field_audits_taxpayer_id", "taxpayer_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    period: Mapped[str] = mapped_column(String(7))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    opened_by: Mapped[str] = mapped_column(String(100))
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class TaxRegistration(Base):
    """A registration that creates a recurring filing obligation: VAT or sales tax payer, tax agent."""

    __tablename__ = "tax_registrations"
    __table_args__ = (Index("ix_tax_registrations_taxpayer_id", "taxpayer_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    registration: Mapped[str] = mapped_column(String(32))  # vat | sales_tax | income_tax_agent
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
