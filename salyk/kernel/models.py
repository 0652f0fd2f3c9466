"""The kernel's tables: the audit log, gapless counters, service switches, the outbox and the
admin-entered values of the law book. Services reach them only through the kernel's functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime

BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class AuditEntry(Base):
    """Every officer read of taxpayer data and every change (TC art. 54). Append-only."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_taxpayer_id", "taxpayer_id", "at"),)
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor_role: Mapped[str] = mapped_column(String(16))  # taxpayer | officer | admin | system
    actor: Mapped[str] = mapped_column(String(200))  # officer login or taxpayer TIN
    action: Mapped[str] = mapped_column(String(100))
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Counter(Base):
    """Gapless legal document numbers per series and year (design principle 6), taken under lock."""

    __tablename__ = "counters"
    series: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger, default=0)


class ServiceSwitch(Base):
    """One setting of a service's switch (Offer 3.1(8), 6.6). Rows are history: the one in force on
    a day is the latest with ``effective_from`` on or before it. Append-only."""

    __tablename__ = "service_switches"
    __table_args__ = (
        CheckConstraint("state IN ('on', 'read_only', 'off')", name="state"),
        Index("ix_service_switches_key", "key", "effective_from"),
    )
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))
    message_ky: Mapped[str] = mapped_column(Text, default="")
    message_ru: Mapped[str] = mapped_column(Text, default="")
    effective_from: Mapped[dt.date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OutboxMessage(Base):
    """A side effect to run after the commit that wrote it (GOV.UK Notify / Zulip pattern)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done', 'dead')", name="status"),
        Index("ix_outbox_due", "status", "available_at"),
    )
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    dedup_key: Mapped[str | None] = mapped_column(String(200), nullable=True, unique=True)


class LawValue(Base):
    """A dated value of a law parameter entered by an admin (a new National Bank rate, a decree
    moving a day off), on top of the YAML defaults. Append-only: a correction is a newer row."""

    __tablename__ = "law_values"
    __table_args__ = (Index("ix_law_values_name", "name", "effective_from"),)
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Any] = mapped_column(JSON)
    citation: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(200))
    entered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
