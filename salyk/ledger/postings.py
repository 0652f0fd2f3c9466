"""Postings: the immutable facts of the ledger, and corrections by reversal.

Ledger principles 1-3 (design README): a posting is never updated or deleted (the database
refuses it: ``salyk.db.triggers``); a correction is a new ``reversal`` posting that references
what it corrects; every external input carries an idempotency key ``(source, reference)``.

Kinds stored today (what the derivation understands):

- ``charge``: tax assessed (bucket "tax", TC art. 4(2)(10)); a negative charge is a reduction
  (a clarified report, TC art. 90; a decision lowering the tax, TC art. 58(2)).
- ``interest``: interest on deferred debt (пайыздар, TC art. 79(4)).
- ``sanction``: an assessed tax sanction (TC art. 139).
- ``payment``: money that reached the budget for a tax (TC art. 59-60).
- ``reversal``: cancels the posting ``corrects_id`` as of that posting's value date (a payment
  returned by the bank gives no fulfilment at all, TC art. 60(2); a charge assessed in error).

- ``interest_exclusion``: days ``value_date`` .. ``end_date`` without туум (a deferral in force,
  TC art. 71(7)(7), 79(5)); ``details["items"]``, when present, limits it to those debts (the
  deferred debt), otherwise it covers the whole tax.
- ``refund``: an overpayment of the tax paid back to the taxpayer on a written application (TC
  art. 81(6)-(7), (10)); ``offset``: an overpayment moved on application to ``details["to_tax"]``
  (TC art. 81(6)); ``write_off``: the debts ``details["items"]`` (posting ids) with their туум
  written off as hopeless (TC art. 68(2), (4)-(6), 69); ``refund_interest``: the interest (TC art. 81(11)) the
  budget owes on a refund paid late (TC art. 81(11)), paid to the taxpayer with the refund;
  ``declared_credit``: what an individual's declaration shows withheld by tax agents above the
  year's tax (TC art. 175(1)): money already in the budget for the tax, an overpayment (81(1)). Their ``amount`` is what the decision
  stated; the derivation takes what the facts allow on the value date.
- ``hold``: days ``value_date`` .. ``end_date`` (``None``: until further notice) on which the amounts
  ``details["shares"]`` of the debts ``details["items"]`` may not be executed: an appeal against the
  decision that charged them (TC art. 151(1)-(2)). Like a deferral's shares (76(1)) they are not
  offset against another tax's overpayment (81(2)); unlike a deferral, туум is not stopped (the
  appeal's outcome settles it, 151(4)). Ending it is a reversal and a new hold with its last day.

The derivation in ``salyk.ledger.derive`` dispatches on the kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import Posting
from salyk.kernel import audit, authorize
from salyk.kernel.errors import Conflict, NotFound
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.citation import tc
from salyk.law.money import from_tyiyn


class Kind(str, Enum):
    CHARGE = "charge"
    INTEREST = "interest"
    SANCTION = "sanction"
    PAYMENT = "payment"
    REVERSAL = "reversal"
    INTEREST_EXCLUSION = "interest_exclusion"
    REFUND = "refund"  # overpayment paid back on application, TC art. 81(6)-(7), (10)
    OFFSET = "offset"  # overpayment moved to another tax on application, TC art. 81(6)
    WRITE_OFF = "write_off"  # hopeless debt written off, TC art. 68(2), (4)-(6), 69
    REFUND_INTEREST = "refund_interest"  # owed by the budget on a late refund and paid with it, TC art. 81(11)
    DECLARED_CREDIT = "declared_credit"  # tax withheld by agents above the year's tax, TC art. 175(1), 81(1)
    HOLD = "hold"  # execution suspended for part of debts: not offset, not collected (an appeal, TC art. 151(1))


DEBT_KINDS = frozenset({Kind.CHARGE.value, Kind.INTEREST.value, Kind.SANCTION.value})


@dataclass(frozen=True)
class Entry:
    """A posting as the (pure) derivation sees it: money in som, ``Decimal``."""

    id: int
    kind: str
    tax: str
    amount: Decimal
    value_date: dt.date
    recorded_at: dt.datetime
    citation: str
    reference: str = ""
    source: str = ""
    period: str | None = None
    due_date: dt.date | None = None
    end_date: dt.date | None = None
    corrects_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


def entry_of(p: Posting) -> Entry:
    return Entry(
        id=p.id, kind=p.kind, tax=p.tax, amount=from_tyiyn(p.amount), value_date=p.value_date,
        recorded_at=p.recorded_at, citation=p.citation, reference=p.reference, source=p.source,
        period=p.period, due_date=p.due_date, end_date=p.end_date, corrects_id=p.corrects_id,
        details=dict(p.details or {}),
    )


def load_entries(
    session: Session,
    taxpayer_id: int,
    *,
    until: dt.date | None = None,
    known_at: dt.datetime | None = None,
    taxes: Iterable[str] | None = None,
    after: dt.date | None = None,
) -> list[Entry]:
    """The taxpayer's postings with value date <= ``until`` and, when ``known_at`` is given, recorded
    by then (the position "as we knew it at ``known_at``"); ``after``: value date after that day only."""
    stmt = select(Posting).where(Posting.taxpayer_id == taxpayer_id)
    if until is not None:
        stmt = stmt.where(Posting.value_date <= until)
    if known_at is not None:
        stmt = stmt.where(Posting.recorded_at <= known_at)
    if after is not None:
        stmt = stmt.where(Posting.value_date > after)
    if taxes is not None:
        stmt = stmt.where(Posting.tax.in_(list(taxes)))
    return [entry_of(p) for p in session.scalars(stmt.order_by(Posting.value_date, Posting.id))]


def by_reference(session: Session, source: str, reference: str) -> Posting | None:
    """The posting made under an idempotency key (unique per source)."""
    return session.scalar(select(Posting).where(Posting.source == source, Posting.reference == reference))


def _reference_conflict(source: str, reference: str) -> Conflict:
    return Conflict("REFERENCE_CONFLICT", "This reference was already used with different content.", {"source": source, "reference": reference})


def reverse_posting(
    session: Session,
    *,
    posting_id: int,
    reason: str,
    recorded_at: dt.datetime,
    recorded_by: str,
    taxpayer_id: int | None = None,
) -> int:
    """Cancel a charge, sanction, interest or payment by a reversing posting; returns its id.

    The reversal takes the corrected posting's value date: the derivation then runs as if the
    corrected fact never happened (TC art. 60(2) for a returned payment). Reversing twice
    returns the first reversal (idempotent on the corrected id); a reversal is not reversed:
    post the fact again instead.
    """
    original = session.get(Posting, posting_id)
    if original is None or (taxpayer_id is not None and original.taxpayer_id != taxpayer_id):
        raise NotFound("POSTING_NOT_FOUND", "No such ledger posting.", {"id": str(posting_id)})
    if original.kind in (Kind.REVERSAL.value,):
        raise Conflict("NOT_REVERSIBLE", "A reversal cannot itself be reversed; post the fact again.", {"id": str(posting_id)})
    reference = f"reversal-of-{original.id}"
    existing = by_reference(session, "correction", reference)
    if existing is not None:
        return existing.id
    row = Posting(
        taxpayer_id=original.taxpayer_id, kind=Kind.REVERSAL.value, tax=original.tax, period=original.period,
        amount=-original.amount, value_date=original.value_date, due_date=original.due_date,
        recorded_at=recorded_at, recorded_by=recorded_by, source="correction", reference=reference,
        corrects_id=original.id, citation=str(tc(60, 2) if original.kind == Kind.PAYMENT.value else tc(58, 2)),
        details={"reason": reason},
    )
    session.add(row)
    session.flush()
    return row.id


def post_interest_exclusion(
    session: Session,
    *,
    taxpayer_id: int,
    tax: str,
    ground: str,
    start: dt.date,
    end: dt.date | None,
    source: str,
    reference: str,
    recorded_at: dt.datetime,
    citation: str,
    recorded_by: str = "system",
    items: list[int] | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Days ``start`` .. ``end`` (inclusive; ``None``: until further notice) on which no туум
    accrues on the tax's arrears: a deferral in force (TC art. 71(7)(7), 79(5)), bankruptcy
    (71(7)(2)), arrest of property (75(6)), ... (``salyk.law.interest.ExclusionGround``).
    Idempotent on ``(source, reference)``. It covers the whole tax, or only the debts ``items``
    (posting ids: the deferred debt, TC art. 79(5)); ending it early is a reversal and a new
    exclusion with the shorter term (TC art. 80(3)). ``extra`` adds a deferral's ``shares`` (the
    amount deferred of each debt, 71(7)(7)) and ``interest`` (its 79(4) interest, derived)."""
    from salyk.law.interest import ExclusionGround

    ground = ExclusionGround(ground).value
    existing = by_reference(session, source, reference)
    if existing is not None:
        same = (existing.taxpayer_id, existing.kind, existing.tax, existing.value_date, existing.end_date, (existing.details or {}).get("ground"),
                (existing.details or {}).get("items")) == (taxpayer_id, Kind.INTEREST_EXCLUSION.value, tax, start, end, ground, list(items) if items else None)
        if not same:
            raise _reference_conflict(source, reference)
        return existing.id
    row = Posting(
        taxpayer_id=taxpayer_id, kind=Kind.INTEREST_EXCLUSION.value, tax=tax, period=None, amount=0, value_date=start,
        due_date=None, end_date=end, recorded_at=recorded_at, recorded_by=recorded_by, source=source, reference=reference,
        corrects_id=None, citation=citation, details={"ground": ground} | ({"items": list(items)} if items else {}) | dict(extra or {}),
    )
    session.add(row)
    session.flush()
    return row.id


def post_hold(
    session: Session,
    *,
    taxpayer_id: int,
    tax: str,
    shares: dict[int, Decimal],
    start: dt.date,
    end: dt.date | None,
    source: str,
    reference: str,
    recorded_at: dt.datetime,
    citation: str,
    recorded_by: str = "system",
    ground: str = "appeal",
    label: str | None = None,
) -> int:
    """Hold ``shares`` (debt posting id -> amount) of the tax's debts from ``start`` through ``end``
    (inclusive; ``None``: until further notice): not offset, not collected (TC art. 151(1)).
    Idempotent on ``(source, reference)``; other content under the same key is a conflict."""
    details = {"ground": ground, "items": sorted(int(k) for k in shares), "shares": {str(k): f"{v:.2f}" for k, v in sorted(shares.items())}}
    if label:
        details["reference"] = label  # what the statement names (the appeal's number)
    existing = by_reference(session, source, reference)
    if existing is not None:
        if (existing.taxpayer_id, existing.kind, existing.tax, existing.value_date, existing.end_date, existing.details) != (
                taxpayer_id, Kind.HOLD.value, tax, start, end, details):
            raise _reference_conflict(source, reference)
        return existing.id
    row = Posting(
        taxpayer_id=taxpayer_id, kind=Kind.HOLD.value, tax=tax, period=None, amount=0, value_date=start, due_date=None, end_date=end,
        recorded_at=recorded_at, recorded_by=recorded_by, source=source, reference=reference, corrects_id=None, citation=citation,
        details=details,
    )
    session.add(row)
    session.flush()
    return row.id


def post_movement(
    session: Session,
    kind: Kind,
    *,
    taxpayer_id: int,
    tax: str,
    amount: Decimal,
    value_date: dt.date,
    source: str,
    reference: str,
    recorded_at: dt.datetime,
    citation: str,
    recorded_by: str = "system",
    details: dict[str, Any] | None = None,
) -> int:
    """A refund, an offset on application (``details["to_tax"]``) or a write-off (``details["items"]``)
    as of ``value_date``; idempotent on ``(source, reference)``, a different content is a conflict."""
    from salyk.law.money import to_tyiyn

    if kind not in (Kind.REFUND, Kind.OFFSET, Kind.WRITE_OFF, Kind.REFUND_INTEREST, Kind.DECLARED_CREDIT):
        raise ValueError(f"not a movement: {kind}")
    tyiyn = to_tyiyn(amount)
    details = dict(details or {})
    existing = by_reference(session, source, reference)
    if existing is not None:
        if (existing.taxpayer_id, existing.kind, existing.tax, existing.amount, existing.value_date, existing.details) != (
                taxpayer_id, kind.value, tax, tyiyn, value_date, details):
            raise _reference_conflict(source, reference)
        return existing.id
    row = Posting(
        taxpayer_id=taxpayer_id, kind=kind.value, tax=tax, period=None, amount=tyiyn, value_date=value_date, due_date=None,
        end_date=None, recorded_at=recorded_at, recorded_by=recorded_by, source=source, reference=reference, corrects_id=None,
        citation=citation, details=details,
    )
    session.add(row)
    session.flush()
    return row.id


def reverse(rt: Runtime, officer: Principal, posting_id: int, reason: str) -> int:
    """Correct a charge or a payment by a reversing posting (ledger principle 1), audited; the new
    posting's id."""
    actor = authorize.staff(officer)
    with rt.db.transaction() as session:
        new_id = reverse_posting(session, posting_id=posting_id, reason=reason, recorded_at=rt.now(), recorded_by=actor.login)
        row = session.get(Posting, new_id)
        if row is None:  # the reversal was posted (or found) in this transaction: never missing
            raise NotFound("POSTING_NOT_FOUND", "No such ledger posting.", {"id": str(new_id)})
        audit.record(session, actor, "ledger.reversal", taxpayer_id=row.taxpayer_id, at=rt.now(), id=new_id, corrects=posting_id, reason=reason)
    return new_id
