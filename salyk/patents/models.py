"""The patents table: an order, and once paid the patent it became (one row, one life)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime


class Patent(Base):
    """A patent order (status ``awaiting_payment``) and the patent it becomes when paid
    (``issued``) or later ``revoked``. ``active``, ``expired`` and ``cancelled`` are derived from
    the dates, never stored, so nothing has to run at midnight for them to be right."""

    __tablename__ = "patents"
    __table_args__ = (
        UniqueConstraint("taxpayer_id", "client_order_id"),  # idempotent orders
        Index("ix_patents_taxpayer_activity", "taxpayer_id", "activity", "zone"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    client_order_id: Mapped[str] = mapped_column(String(64))
    activity: Mapped[str] = mapped_column(String(32))
    zone: Mapped[str] = mapped_column(String(32))
    term_days: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)  # as ordered
    citizenship: Mapped[str] = mapped_column(String(8))  # as priced
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn
    employee: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)  # {"pin", "name"}: a hired employee's patent
    payment_reference: Mapped[str] = mapped_column(String(32), unique=True)
    ordered_on: Mapped[dt.date] = mapped_column(Date)
    pay_by: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    renewal_of: Mapped[int | None] = mapped_column(ForeignKey("patents.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # awaiting_payment | issued | revoked
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    payment_posting_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    charge_posting_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revoked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    revocation_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    decision_reference: Mapped[str | None] = mapped_column(String(200), nullable=True)
