"""Tables of the ledger service: the append-only postings.

A posting records one fact we learned (a charge, a payment, a correction, ...). What follows
from the facts (allocations by TC art. 61, туум by TC art. 71, balances) is derived from the
postings each time, in value-date order, so a back-dated fact changes the derivation from its
value date on while no row is ever rewritten (design "Ledger principles" 1-2).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salyk.db.models.base import Base
from salyk.db.types import UtcDateTime


class Posting(Base):
    """One immutable ledger row. Money in tyiyn, signed (a reduction of tax is negative)."""

    __tablename__ = "ledger_postings"
    __table_args__ = (
        # Exactly once (principle 3): the external key of every input, e.g. ("bank", reference).
        UniqueConstraint("source", "reference"),
        Index("ix_ledger_postings_taxpayer", "taxpayer_id", "value_date"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    kind: Mapped[str] = mapped_column(String(32))  # salyk.ledger.postings.Kind
    tax: Mapped[str] = mapped_column(String(32))  # salyk.law.taxes (TC art. 31)
    period: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "2024", "2024-Q1", "2024-03"
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn
    value_date: Mapped[dt.date] = mapped_column(Date)  # when it counts for interest and deadlines
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # as given (TC art. 16(6) applied on use)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # for kinds that span days
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # when we learned it
    recorded_by: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(32))  # assessment | declaration | bank | correction | ...
    reference: Mapped[str] = mapped_column(String(200))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_postings.id"), nullable=True)
    citation: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
