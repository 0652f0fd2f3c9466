"""Tables of the waybills service (ЭТТК, Offer 3.1(7)).

* ``waybills``: the document as the shipper drew it (its exact JCS and hash), the parties and a
  cached status that each act updates in its own transaction (the list filters on it). The truth
  is the event log: nothing of the document changes after ``issued``.
* ``waybill_events``: every act, signed by its party (or by the service for the worker's timer
  events and the officer's inspections); append-only in the database.
* ``waybill_parties``: who may read the waybill and in which role, for the role lists.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime


class Waybill(Base):
    __tablename__ = "waybills"
    __table_args__ = (
        UniqueConstraint("shipper_id", "client_id", name="uq_waybills_shipper_client"),
        UniqueConstraint("number", name="uq_waybills_number"),
        Index("ix_waybills_updated", "updated_at", "id"),
        Index("ix_waybills_status", "status"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36))
    shipper_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    document_jcs: Mapped[str] = mapped_column(Text)  # RFC 8785 form of the document
    document_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))  # as of the last stored event (timers may have passed)
    number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    carrier_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), nullable=True)  # current carrier
    consignee_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), nullable=True)  # None: foreign
    distance_km: Mapped[int] = mapped_column(Integer)
    planned_loading_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    loaded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    inspected: Mapped[bool] = mapped_column(Boolean, default=False)
    qr: Mapped[str | None] = mapped_column(Text, nullable=True)  # the text of the printout's QR, signed at issue
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class WaybillEvent(Base):
    """One act on a waybill: never changed, never deleted."""

    __tablename__ = "waybill_events"
    __table_args__ = (
        UniqueConstraint("waybill_id", "seq", name="uq_waybill_events_seq"),
        Index("ix_waybill_events_title", "waybill_id", "title_sha256"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    waybill_id: Mapped[str] = mapped_column(ForeignKey("waybills.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per waybill: two acts cannot take one place
    action: Mapped[str] = mapped_column(String(32))
    actor_role: Mapped[str] = mapped_column(String(16))  # shipper | carrier | consignee | officer | system
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), nullable=True)
    actor_login: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    title_jcs: Mapped[str] = mapped_column(Text)
    title_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(Text)
    kid: Mapped[str] = mapped_column(String(40))
    status_after: Mapped[str] = mapped_column(String(32))


class WaybillParty(Base):
    __tablename__ = "waybill_parties"
    __table_args__ = (Index("ix_waybill_parties_taxpayer", "taxpayer_id", "role"),)
    waybill_id: Mapped[str] = mapped_column(ForeignKey("waybills.id"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
