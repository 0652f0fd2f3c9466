"""Tables of the ledger service: the append-only postings.

A posting records one fact we learned (a charge, a payment, a correction, ...). What follows
from the facts (allocations by TC art. 61, туум by TC art. 71, balances) is derived from the
postings each time, in value-date order, so a back-dated fact changes the derivation from its
value date on while no row is ever rewritten (design "Ledger principles" 1-2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
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
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A payment's order reference as the payer quoted it (an e-patent order, issue 12); None otherwise.
    payment_reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class RefundApplication(Base):
    """A taxpayer's written application (TC art. 81(6), (10)) to refund an overpayment or to offset
    it against another tax's future obligations, and the tax body's decision on it."""

    __tablename__ = "ledger_refund_applications"
    __table_args__ = (UniqueConstraint("taxpayer_id", "client_reference"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # refund | offset
    tax: Mapped[str] = mapped_column(String(32))  # the overpaid tax
    to_tax: Mapped[str | None] = mapped_column(String(32), nullable=True)  # offset: the tax it goes to
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn
    client_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))  # received | approved | rejected | paid | applied
    decision_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    late_interest: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn owed to the taxpayer, TC art. 81(11)
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_postings.id"), nullable=True)


class DeferralApplication(Base):
    """An application for a deferral or instalment plan (TC art. 76-80) and its decisions."""

    __tablename__ = "ledger_deferrals"
    __table_args__ = (UniqueConstraint("taxpayer_id", "client_reference"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    tax: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn
    ground: Mapped[str] = mapped_column(String(32))  # salyk.law.deferral.DeferralGround
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    schedule: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{"date": ..., "amount": ...}] requested instalments
    bank_guarantee: Mapped[bool] = mapped_column(default=False)
    client_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    deciding_body: Mapped[str] = mapped_column(String(32))  # TC art. 78
    decision_deadline: Mapped[dt.date] = mapped_column(Date)  # TC art. 79(7)
    status: Mapped[str] = mapped_column(String(16))  # received | granted | refused | terminated
    decision_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    interest: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn, TC art. 79(4)
    terminated_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    unpaid: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # tyiyn, TC art. 80(4)
    payment_deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # posting ids of the exclusion and interest


class WriteOff(Base):
    """The decision record of a write-off of hopeless debt (TC art. 68(2), (4)-(6), 69)."""

    __tablename__ = "ledger_write_offs"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    tax: Mapped[str] = mapped_column(String(32))
    ground: Mapped[str] = mapped_column(String(32))  # salyk.law.write_off.WriteOffGround
    items: Mapped[list[int]] = mapped_column(JSON, default=list)  # posting ids of the debts written off
    amount: Mapped[int] = mapped_column(BigInteger)  # tyiyn, tax + interest + туум + sanctions at the decision
    act_reference: Mapped[str] = mapped_column(String(200))
    evidence: Mapped[str] = mapped_column(String(1000))
    decision_number: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    posting_id: Mapped[int] = mapped_column(ForeignKey("ledger_postings.id"))


class StatusChange(Base):
    """Append-only history of the applications' and decisions' states."""

    __tablename__ = "ledger_status_history"
    __table_args__ = (Index("ix_ledger_status_history_subject", "subject", "subject_id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))  # refund | deferral | write_off
    subject_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500), nullable=True)


class Snapshot(Base):
    """The state of a taxpayer's derivation at the end of ``on_date`` (issue 16): a balance view
    resumes from it instead of deriving every posting again (``salyk.ledger.snapshots``).

    A cache, never a fact: any posting dated on or before ``on_date`` (or reversing one) deletes it
    in the posting's own transaction (trigger ``ledger_postings_snapshots``), and a law value
    entered from a date on deletes those from that date (trigger ``law_values_snapshots``)."""

    __tablename__ = "ledger_snapshots"
    __table_args__ = (UniqueConstraint("taxpayer_id", "on_date"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)  # the derivation's code version (salyk.ledger.snapshots.VERSION)
    book_key: Mapped[str] = mapped_column(String(64))  # the law book it was derived under, as of on_date
    quiet_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # first day something happens without a posting
    postings: Mapped[int] = mapped_column(Integer)  # how many effective postings it holds
    state: Mapped[bytes] = mapped_column(LargeBinary)  # the whole derivation (resume)
    quick: Mapped[bytes] = mapped_column(LargeBinary)  # what the balance needs when nothing happened since
    mac: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 under the server's secret key, of the state
    quick_mac: Mapped[str] = mapped_column(String(64), server_default="")  # the same of the quick part (read alone)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SnapshotHead(Base):
    """Per taxpayer, a counter every new posting bumps (trigger): a snapshot derived from an older
    read is not stored (``salyk.ledger.snapshots.save``)."""

    __tablename__ = "ledger_snapshot_heads"
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger)
