"""Overpayment (TC art. 81): notices of automatic offsets, and the taxpayer's written applications
to refund an overpayment or offset it against another tax's future obligations.

- Automatic offsets (81(2)-(4)) are derived (``salyk.ledger.derive``); the taxpayer is told of each
  within 10 calendar days (81(3), (5)): :func:`offset_notices` lists them with that deadline.
- An application (81(6), (10)) names the overpaid tax and the amount; it is received on the day it
  is filed in the cabinet. Only what is overpaid and still claimable can be asked for: the claim
  window is 6 years from the day after the overpayment arose (81(8)), counted per overpayment as
  it arose (oldest first is used up first, the reading most favourable to the taxpayer keeps the
  newest). A refund needs no unfulfilled obligation (81(10)).
- The tax body approves (a ``refund`` or ``offset`` posting, value date the decision's day) or
  rejects with a reason; decision numbers are gapless per year. A refund is due within the term
  of 81(7) (``salyk.law.overpayment.refund_deadline``); each day later earns the taxpayer the daily
  rate of 81(11) on the refund (``late_refund_interest``), shown while it runs and fixed when the
  refund is paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import RefundApplication
from salyk.kernel.errors import Conflict, ValidationFailed, invalid_field
from salyk.law.citation import tc
from salyk.law.limitation import overpayment_claim_deadline
from salyk.law.money import ZERO, format_som, from_tyiyn, to_tyiyn
from salyk.law.overpayment import late_refund_interest, offset_notice_deadline, refund_allowed, refund_deadline
from salyk.ledger.charges import check_amount, check_tax
from salyk.ledger.decisions import (by_client_reference, lock_taxpayer, check_undecided, history_view, history_views, next_number, officer_applications, owned,
                                   paper_taxpayer, record_status, reference_conflict, taxpayer_applications)
from salyk.ledger.derive import Position, derive
from salyk.ledger.postings import Kind, load_entries, post_movement
from salyk.ledger.results import Refund, RefundKind, RefundStatus, StatusStep
from salyk.kernel import audit, authorize
from salyk.kernel.notify import notify
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.registry.taxpayers import Who

KINDS = tuple(k.value for k in RefundKind)


def _citation(kind: str) -> str:
    """A refund is made under TC art. 81(7), an offset on application under 81(6)."""
    return str(tc(81, 7) if kind == "refund" else tc(81, 6))


def position(session: Session, taxpayer_id: int, on: dt.date, *, explain: bool = False) -> Position:
    return derive(load_entries(session, taxpayer_id, until=on), on, explain=explain)


def claimable(pos: Position, tax: str, on: dt.date) -> tuple[Decimal, Decimal]:
    """(overpayment, the part of it still inside the 6-year window of TC art. 81(8)).

    Overpayments are used up oldest first (offsets, applications), so what is left is the newest:
    the claimable part is the overpayment less what arose before the window, never below zero."""
    p = pos.taxes.get(tax)
    if p is None:
        return ZERO, ZERO
    recent = sum((amount for arose, amount in p.overpayments if overpayment_claim_deadline(arose) >= on), ZERO)
    return p.credit, min(p.credit, recent)


@dataclass(frozen=True)
class OffsetNotice:
    on: dt.date
    from_tax: str
    amount: Decimal
    citation: str
    to_tax: str
    part: str  # the kind of debt paid (tax, interest, late_interest, sanction)
    item_id: int
    notice_deadline: dt.date


def offset_notices(session: Session, taxpayer_id: int, on: dt.date) -> list[OffsetNotice]:
    """Each automatic offset (TC art. 81(2)) with the day by which the taxpayer is told (81(3), (5))."""
    pos = position(session, taxpayer_id, on)
    out = [OffsetNotice(o.on, p.tax, o.amount, o.citation, o.to_tax, o.part, o.item_id, offset_notice_deadline(o.on))
           for p in pos.taxes.values() for o in p.offsets_out]
    return sorted(out, key=lambda n: (n.on, n.from_tax), reverse=True)


# --- views -----------------------------------------------------------------------------------


def view(session: Session, row: RefundApplication, today: dt.date, history: tuple[StatusStep, ...] | None = None,
         who: Who | None = None) -> Refund:
    """The application with its deadline and late interest as of ``today``; ``history`` when a list
    has read it already (``history_views``)."""
    amount = from_tyiyn(row.amount)
    kind, status = RefundKind(row.kind), RefundStatus(row.status)
    deadline, days_late, owed = None, 0, ZERO
    if kind is RefundKind.REFUND and status is not RefundStatus.REJECTED:
        deadline = refund_deadline(row.received_on)
        until = row.paid_on or today
        days_late = max((until - deadline).days, 0)
        # TC art. 81(11): owed to the taxpayer from the budget; fixed once the refund is paid
        owed = from_tyiyn(row.late_interest) if row.late_interest is not None else late_refund_interest(amount, row.received_on, until)
    return Refund(
        id=row.id, kind=kind, tax=row.tax, to_tax=row.to_tax, amount=amount, client_reference=row.client_reference,
        received_on=row.received_on, status=status, decision_number=row.decision_number, decided_on=row.decided_on,
        reason=row.reason, paid_on=row.paid_on, refund_deadline=deadline, days_late=days_late, late_interest=owed,
        citation=_citation(row.kind), history=history_view(session, "refund", row.id) if history is None else history, who=who)


# --- the taxpayer ----------------------------------------------------------------------------


def _check_available(session: Session, taxpayer_id: int, kind: str, tax: str, amount: Decimal, on: dt.date, *,
                     error: type[ValidationFailed] | type[Conflict] = ValidationFailed,
                     reserved: Decimal = ZERO) -> None:
    """``reserved``: what pending applications already ask of this tax's overpayment (issue 9)."""
    pos = position(session, taxpayer_id, on)
    overpaid, inside = claimable(pos, tax, on)
    overpaid, inside = max(overpaid - reserved, ZERO), max(inside - reserved, ZERO)
    if amount > overpaid:
        details = {"tax": tax, "overpayment": format_som(overpaid)} | ({"reserved": format_som(reserved)} if reserved else {})
        raise error("OVERPAYMENT_INSUFFICIENT", "The amount is larger than the overpayment of this tax.", details)
    if amount > inside:
        raise error("CLAIM_WINDOW_PASSED", "Part of this overpayment arose more than 6 years ago and can no longer be claimed (TC art. 81(8)).",
                    {"tax": tax, "claimable": format_som(inside)})
    if kind == "refund":
        check = refund_allowed(written_application=True, unfulfilled_obligations=pos.total_due > 0, overpayment_arose_on=on, applied_on=on)
        if not check.allowed:
            raise error("UNFULFILLED_OBLIGATIONS", "No refund while a tax obligation is unfulfilled (TC art. 81(10)).", {"total_due": format_som(pos.total_due)})


def apply(rt: Runtime, principal: Principal, *, kind: Any, tax: Any, amount: Any, to_tax: Any = None, client_reference: Any = None) -> Refund:
    """File an application for a refund or an offset (TC art. 81(6), (10)); received today."""
    principal = authorize.taxpayer(principal)
    return _apply(rt, principal, principal.taxpayer_id, rt.today(), kind=kind, tax=tax, amount=amount, to_tax=to_tax,
                  client_reference=client_reference)


def register_paper(rt: Runtime, officer: Principal, tin: str, *, received_on: dt.date, kind: Any, tax: Any, amount: Any,
                   to_tax: Any = None, client_reference: Any = None) -> Refund:
    """An application handed in on paper at the tax office, received on ``received_on`` (not later than today)."""
    officer = authorize.staff(officer)
    return _apply(rt, officer, paper_taxpayer(rt, tin, received_on), received_on, kind=kind, tax=tax, amount=amount, to_tax=to_tax, client_reference=client_reference)


def _apply(rt: Runtime, principal: Principal, taxpayer_id: int, received_on: dt.date, *, kind: Any, tax: Any, amount: Any,
           to_tax: Any, client_reference: Any) -> Refund:
    if kind not in KINDS:
        raise invalid_field("kind", "not_allowed")
    tax = check_tax(tax)
    amount = check_amount(amount)
    if kind == "offset":
        if to_tax is None:
            raise invalid_field("to_tax", "missing")
        to_tax = check_tax(to_tax)
        if to_tax == tax:
            raise ValidationFailed("OFFSET_SAME_TAX", "An overpayment already pays the same tax's later charges; choose another tax.", {"tax": tax})
    elif to_tax is not None:
        raise invalid_field("to_tax", "not_allowed")
    today = received_on
    with rt.db.transaction() as session:
        lock_taxpayer(session, taxpayer_id)
        existing = by_client_reference(session, RefundApplication, taxpayer_id, client_reference)
        if existing is not None:
            if (existing.kind, existing.tax, existing.to_tax, existing.amount) != (kind, tax, to_tax, to_tyiyn(amount)):
                raise reference_conflict(client_reference)
            return view(session, existing, rt.today())
        _check_available(session, taxpayer_id, kind, tax, amount, today, reserved=_pending(session, taxpayer_id, tax))
        row = RefundApplication(taxpayer_id=taxpayer_id, kind=kind, tax=tax, to_tax=to_tax, amount=to_tyiyn(amount),
                                client_reference=client_reference, received_on=today, created_at=rt.now(), status=RefundStatus.RECEIVED.value)
        session.add(row)
        session.flush()
        record_status(session, "refund", row.id, RefundStatus.RECEIVED.value, at=rt.now(), actor=principal.login)
        audit.record(session, principal, "ledger.refund.apply", taxpayer_id=taxpayer_id, at=rt.now(), id=row.id, kind=kind,
                     tax=tax, amount=format_som(amount), received_on=received_on)
        session.flush()
        return view(session, row, rt.today())


def _pending(session: Session, taxpayer_id: int, tax: str) -> Decimal:
    """The overpayment of ``tax`` that undecided applications ask for: reserved for them, so the
    pending applications together never ask for more than is refundable (issue 9)."""
    asked = session.scalar(select(func.coalesce(func.sum(RefundApplication.amount), 0)).where(
        RefundApplication.taxpayer_id == taxpayer_id, RefundApplication.tax == tax, RefundApplication.status == RefundStatus.RECEIVED.value))
    return from_tyiyn(int(asked or 0))


def my_applications(rt: Runtime, principal: Principal) -> list[Refund]:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        rows, today = taxpayer_applications(session, RefundApplication, principal.taxpayer_id), rt.today()
        histories = history_views(session, "refund", [r.id for r in rows])
        return [view(session, r, today, histories[r.id]) for r in rows]


def my_application(rt: Runtime, principal: Principal, app_id: str) -> Refund:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return view(session, owned(session, RefundApplication, app_id, principal.taxpayer_id), rt.today())


def my_offset_notices(rt: Runtime, principal: Principal) -> list[OffsetNotice]:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return offset_notices(session, principal.taxpayer_id, rt.today())


# --- the tax body ----------------------------------------------------------------------------


def officer_list(rt: Runtime, officer: Principal, *, status: str | None = None, tin: str | None = None) -> list[Refund]:
    """Applications (all taxpayers, or one by ИСН), newest first; the read is audited."""
    officer = authorize.staff(officer)
    with rt.db.transaction() as session:
        rows = officer_applications(session, officer, RefundApplication, "ledger.refunds.read", at=rt.now(), status=status, tin=tin)
        today, histories = rt.today(), history_views(session, "refund", [r.id for r, _ in rows])
        return [view(session, r, today, histories[r.id], w) for r, w in rows]


def decide(rt: Runtime, officer: Principal, app_id: str, *, approve: bool, reason: str | None) -> Refund:
    """Approve (the refund or offset is posted as of today) or reject with a reason."""
    officer = authorize.staff(officer)
    today = rt.today()
    with rt.db.transaction() as session:
        row = owned(session, RefundApplication, app_id, lock=True)
        check_undecided(row)
        # The series' counter row is locked first: decisions are taken one at a time, so the check
        # of the overpayment below sees every earlier approval (no two refunds of one overpayment).
        number = next_number(session, row.kind, today.year)
        if approve:
            amount = from_tyiyn(row.amount)
            _check_available(session, row.taxpayer_id, row.kind, row.tax, amount, today, error=Conflict)
            row.posting_id = post_movement(
                session, Kind.REFUND if row.kind == "refund" else Kind.OFFSET, taxpayer_id=row.taxpayer_id, tax=row.tax, amount=amount,
                value_date=today, source="application", reference=f"refund-{row.id}", recorded_at=rt.now(), recorded_by=officer.login,
                citation=_citation(row.kind),
                details={"application": row.id, "decision": number} | ({"to_tax": row.to_tax} if row.to_tax else {}))
            row.status = (RefundStatus.APPROVED if row.kind == RefundKind.REFUND else RefundStatus.APPLIED).value
        else:
            if not reason or not reason.strip():
                raise invalid_field("reason", "empty")
            row.status = RefundStatus.REJECTED.value
        row.decision_number, row.decided_on, row.decided_by, row.reason = number, today, officer.login, reason
        record_status(session, "refund", row.id, row.status, at=rt.now(), actor=officer.login, note=reason)
        audit.record(session, officer, f"ledger.refund.{row.status}", taxpayer_id=row.taxpayer_id, at=rt.now(), id=row.id, decision=number)
        _notify_decided(rt, session, row, number)
        session.flush()
        return view(session, row, today)


# The taxpayer hears of the decision in the cabinet inbox (Offer 6.2; kernel.notify, issue 15).
_DECIDED = {
    "approved": ("Your refund application is approved", "Decision No. {number}: the refund of {amount} is approved (TC art. 81)."),
    "applied": ("An offset was made", "Decision No. {number}: {amount} of overpaid tax was offset as you applied (TC art. 81(3))."),
    "rejected": ("Your application is rejected", "Decision No. {number}: your application was rejected. Reason: {reason}"),
}


def _notify_decided(rt: Runtime, session: Session, row: RefundApplication, number: str) -> None:
    title, body = _DECIDED[row.status]
    notify(session, taxpayer_id=row.taxpayer_id, kind="offset_made" if row.status == "applied" else "refund_decided", title=title,
           body=body, now=rt.now(), params={"number": number, "amount": f"{from_tyiyn(row.amount):.2f}", "reason": row.reason or ""},
           related={"type": "refund", "id": row.id})


def mark_paid(rt: Runtime, officer: Principal, app_id: str, *, paid_on: dt.date) -> Refund:
    """The refund left the budget on ``paid_on``; a late refund's interest is fixed (TC art. 81(11))."""
    officer = authorize.staff(officer)
    today = rt.today()
    with rt.db.transaction() as session:
        row = owned(session, RefundApplication, app_id, lock=True)
        if row.kind != RefundKind.REFUND or row.status != RefundStatus.APPROVED:
            raise Conflict("APPLICATION_NOT_APPROVED", "Only an approved refund can be marked paid.", {"status": row.status})
        if paid_on > today or (row.decided_on is not None and paid_on < row.decided_on):
            raise invalid_field("paid_on", "out_of_range")
        row.paid_on = paid_on
        owed = late_refund_interest(from_tyiyn(row.amount), row.received_on, paid_on)
        row.late_interest = to_tyiyn(owed)
        if owed > 0:
            # posted, and paid with the refund (TC art. 81(11)): the statement shows it beside the refund
            post_movement(session, Kind.REFUND_INTEREST, taxpayer_id=row.taxpayer_id, tax=row.tax, amount=owed, value_date=paid_on,
                          source="application", reference=f"refund-{row.id}-interest", recorded_at=rt.now(), recorded_by=officer.login,
                          citation=str(tc(81, 11)), details={"application": row.id, "decision": row.decision_number})
        row.status = RefundStatus.PAID.value
        record_status(session, "refund", row.id, RefundStatus.PAID.value, at=rt.now(), actor=officer.login)
        audit.record(session, officer, "ledger.refund.paid", taxpayer_id=row.taxpayer_id, at=rt.now(), id=row.id, paid_on=paid_on,
                     late_interest=format_som(from_tyiyn(row.late_interest)))
        session.flush()
        return view(session, row, today)
