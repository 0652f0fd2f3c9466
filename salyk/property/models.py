"""Tables of the property service.

An object is what a registry identifies by its ``registry_id`` (a vehicle or a piece of real
estate); every version the registry sent is kept, append-only, in ``property_versions``; the
object row holds the current view (the highest version) so that the cabinet reads one row per
object. Nothing is deleted: an object leaves its owner only with ``owned_to`` (TC art. 125).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime

BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class PropertyObject(Base):
    __tablename__ = "property_objects"
    __table_args__ = (
        UniqueConstraint("kind", "registry_id"),
        Index("ix_property_objects_taxpayer", "taxpayer_id"),
    )
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # vehicle | real_estate
    registry_id: Mapped[str] = mapped_column(String(64))
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))  # the owner in the current version
    version: Mapped[int] = mapped_column(BigInteger)  # the current (highest) version
    owned_from: Mapped[dt.date] = mapped_column(Date)
    owned_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # the current version's record, normalised
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # of the current version


class PropertyVersion(Base):
    """One version of a registry record as received (append-only)."""

    __tablename__ = "property_versions"
    __table_args__ = (UniqueConstraint("object_id", "version"),)
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("property_objects.id"))
    version: Mapped[int] = mapped_column(BigInteger)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the normalised record: same content = duplicate
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    owned_from: Mapped[dt.date] = mapped_column(Date)
    owned_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_by: Mapped[str] = mapped_column(String(200))


class PropertyFeedBatch(Base):
    """One registry delivery (an API call, a CLI file, a web upload) and what became of it."""

    __tablename__ = "property_feed_batches"
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # vehicle | real_estate
    channel: Mapped[str] = mapped_column(String(16))  # api | cli | web
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_by: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    rejections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # the first rejections: [{"registry_id", "code", "details"}]


class PropertyReport(Base):
    """A taxpayer's "this is wrong / not mine / missing" about the registry's data."""

    __tablename__ = "property_reports"
    __table_args__ = (UniqueConstraint("number"), Index("ix_property_reports_taxpayer", "taxpayer_id"),
                      Index("ix_property_reports_status", "status"))
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    kind: Mapped[str] = mapped_column(String(16))  # wrong_data | not_mine | missing_object
    object_id: Mapped[int | None] = mapped_column(ForeignKey("property_objects.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # open | resolved | rejected
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PropertyAssessment(Base):
    """What the annual assessment found for one object, year, registry version and rule version,
    and the difference it posted to the ledger (idempotency of the assessment)."""

    __tablename__ = "property_assessments"
    __table_args__ = (UniqueConstraint("taxpayer_id", "object_id", "year", "registry_version", "rule_version"),
                      Index("ix_property_assessments_object", "object_id", "year"))
    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    object_id: Mapped[int] = mapped_column(ForeignKey("property_objects.id"))
    year: Mapped[int] = mapped_column(Integer)
    registry_version: Mapped[int] = mapped_column(BigInteger)
    rule_version: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn: the year's tax on this object for this owner
    posted: Mapped[int] = mapped_column(BigInteger)  # tyiyn: the difference posted (0: nothing new)
    posting_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    assessed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    assessed_by: Mapped[str] = mapped_column(String(200))
