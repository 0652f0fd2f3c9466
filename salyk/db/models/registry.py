"""Taxpayers, tax-office users, credentials, sessions, offer versions and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime


class Taxpayer(Base):
    """A registered taxpayer (TC art. 95-99): one ИСН for all taxes (97(1))."""

    __tablename__ = "taxpayers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tin: Mapped[str] = mapped_column(String(14), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # individual | individual_entrepreneur | organization
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | removed (TC art. 99)
    removed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # kg | eaeu | other: a non-EAEU foreigner pays a patent 5 times (Res. 84 of 2022; issue 12)
    citizenship: Mapped[str] = mapped_column(String(8), default="kg", server_default="kg")


class TaxpayerCredential(Base):
    """The password issued by the tax office (Offer 3.3): never self-created."""

    __tablename__ = "taxpayer_credentials"
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)


class Officer(Base):
    """A tax-office user: role officer or admin."""

    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LoginThrottle(Base):
    """Failed logins per login string from all addresses together, known login or not, so lock-out
    does not reveal accounts: past a threshold it slows the login down for everyone (issue 9)."""

    __tablename__ = "login_throttle"
    login: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class LoginAddressThrottle(Base):
    """Consecutive failed logins per login string and client address: five lock that pair for
    15 minutes (Offer 7.5), so one address cannot lock a login out for everyone (issue 9)."""

    __tablename__ = "login_address_throttle"
    login: Mapped[str] = mapped_column(String(200), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AuthSession(Base):
    """A bearer token (stored only as its SHA-256) that expires and can be revoked."""

    __tablename__ = "auth_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class OfferVersion(Base):
    """A published version of the offer (Offer 1.5, 1.6, 10.1), in Kyrgyz and Russian (12.5)."""

    __tablename__ = "offer_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(50), unique=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    text_ky: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)


class OfferAcceptance(Base):
    """Which version a taxpayer accepted and when (Offer 1.2, 4.2)."""

    __tablename__ = "offer_acceptances"
    __table_args__ = (UniqueConstraint("taxpayer_id", "offer_version_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    offer_version_id: Mapped[int] = mapped_column(ForeignKey("offer_versions.id"))
    accepted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TaxpayerSizeCategory(Base):
    """The taxpayer's size category from a day on (TC art. 2(44)-(45); 177(1-1), 178(1-1) make a
    small, medium or non-commercial tax agent report and pay quarterly). A history: each row holds
    from ``effective_from`` until the next row's day; rows are never changed (a correction is a
    new row for the same day, the latest recorded wins)."""

    __tablename__ = "taxpayer_size_categories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))  # small | medium | large | non_commercial
    effective_from: Mapped[dt.date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
