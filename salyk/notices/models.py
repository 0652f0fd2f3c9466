"""The notices module's tables: the inbox, the e-mail address, decisions of the tax body and appeals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime

BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class Notice(Base):
    """One message in a taxpayer's cabinet inbox. Title and body are msgids with parameters,
    rendered in the reader's language when read (Offer 12.5: ky and ru with equal force)."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_taxpayer", "taxpayer_id", "created_at"),)
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    related_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    related_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    requires_action: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class NoticeEmail(Base):
    """The taxpayer's e-mail for "you have a new message" alerts, used once confirmed."""

    __tablename__ = "notice_emails"
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str | None] = mapped_column(String(128), nullable=True)
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)


class TaxDecision(Base):
    """A decision of the tax body (TC art. 82-83) with its TC 82(2) contents and its delivery."""

    __tablename__ = "tax_decisions"
    __table_args__ = (UniqueConstraint("number"), Index("ix_tax_decisions_taxpayer", "taxpayer_id", "issued_on"))
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    number: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(40))
    ground: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(Text)
    tax: Mapped[str | None] = mapped_column(String(32), nullable=True)
    period: Mapped[str | None] = mapped_column(String(16), nullable=True)
    amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    contents: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # TC 82(2) snapshot: name, debt, ...
    posting_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    appeal_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # type appeal_decision: the appeal decided
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    delivered_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    delivery_method: Mapped[str | None] = mapped_column(String(32), nullable=True)  # cabinet | hand_at_address | ...
    delivery_evidence: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    delivery_session: Mapped[str | None] = mapped_column(String(64), nullable=True)  # hash of the opening session


class Appeal(Base):
    """A taxpayer's appeal against a decision (TC art. 146-152) and its review."""

    __tablename__ = "appeals"
    __table_args__ = (UniqueConstraint("number"), Index("ix_appeals_taxpayer", "taxpayer_id"))
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("tax_decisions.id"))
    number: Mapped[str] = mapped_column(String(32))
    grounds: Mapped[str] = mapped_column(Text)
    requested: Mapped[str] = mapped_column(String(16))  # cancel | change
    amount_disputed: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    signature: Mapped[str] = mapped_column(Text)
    certificate_serial: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24))
    suspensions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"start", "end", "reason"}]
    returned_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    return_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(24), nullable=True)
    upheld_amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn
    reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    outcome_decision_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    posting_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # ledger postings of the outcome
