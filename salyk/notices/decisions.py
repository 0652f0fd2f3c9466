"""Decisions of the tax body (TC art. 82-83): issued by an officer with the contents TC art. 82(2)
requires, numbered without gaps per year, and delivered either when the taxpayer first opens it
in the cabinet (the opening is recorded with its time and session) or on paper, recorded by an
officer (83(1)-(4)). An undelivered decision has no legal force: none of its clocks has started,
and after 5 working days unopened it is flagged so that officers deliver it on paper.

Types that change the ledger post through the ledger in the decision's own transaction: an
assessment is a charge due on the decision's deadline (rolled forward, TC art. 16(6)); an
administrative-liability decision with an amount is a sanction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.declarations.authority import authority
from salyk.kernel import audit, authorize, numbers
from salyk.kernel.errors import Conflict, NotFound, invalid_field
from salyk.kernel.notify import notify
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law import appeals as law
from salyk.law.calendar import roll_forward
from salyk.law.money import ZERO, from_tyiyn, to_tyiyn
from salyk.ledger import balance as balances
from salyk.ledger.charges import check_amount, check_date, check_period, check_tax, post_charge, post_sanction
from salyk.notices.models import Appeal, TaxDecision
from salyk.registry.taxpayers import find, validate_tin

SERIES = "notices.decision"
DELIVERY_METHODS = ("hand_at_address", "hand_at_office", "registered_mail")
TEXT_MAX = 5000
# The payment details printed on every decision (TC 82(2)); the treasury account is the
# service's setting in production.
APPEAL_PROCEDURE = ("An appeal may be filed with the authorised tax body within 30 calendar days from the day after this decision is delivered "
                    "(TC art. 147(1)); filing suspends its execution (TC art. 151(1)).")
PAYMENT_DETAILS = "Treasury of the Kyrgyz Republic, the tax's budget classification code, payer's TIN"


@dataclass(frozen=True)
class DecisionView:
    id: int
    number: str
    type: str
    citation: str
    date: dt.date
    status: str
    taxpayer_tin: str
    taxpayer_name: str
    ground: str
    decision: str
    tax: str | None
    period: str | None
    amount: Decimal | None
    deadline: dt.date | None
    debt: dict[str, Any]  # TC 82(2): debt for taxes, interest, туум and sanctions on the decision date
    delivered_at: dt.datetime | None
    delivered_on: dt.date | None
    delivery_method: str | None
    appeal_deadline: dt.date | None
    unopened_flag: bool
    under_appeal: Decimal | None
    issued_by: str
    signature: str | None = None  # the service's detached JWS over the JCS of the signed contents
    payment_details: str = PAYMENT_DETAILS
    taxpayer_kind: str = ""


def decision_number(year: int, value: int) -> str:
    return f"TD-{year}-{value:06d}"


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_field(field, "empty")
    if len(value) > TEXT_MAX:
        raise invalid_field(field, "too_long")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise invalid_field(field, "control_characters")
    return value.strip()


def _debt_snapshot(session: Session, taxpayer_id: int, on: dt.date) -> dict[str, Any]:
    b = balances.balance(session, taxpayer_id, on)
    taxes = [{"tax": t.tax, "tax_debt": f"{t.arrears:.2f}", "interest": f"{t.interest:.2f}", "late_interest": f"{t.late_interest:.2f}",
              "sanctions": f"{t.sanctions:.2f}"} for t in b.taxes if t.total_due > 0]
    total = sum((t.total_due for t in b.taxes), ZERO)
    return {"as_of": on.isoformat(), "taxes": taxes, "total": f"{total:.2f}"}


def taxpayer_of(session: Session, taxpayer_id: int) -> Taxpayer:
    """The taxpayer a decision or an appeal belongs to (a foreign key, so missing only if the register lost the row)."""
    taxpayer = session.get(Taxpayer, taxpayer_id)
    if taxpayer is None:
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"id": str(taxpayer_id)})
    return taxpayer


def by_id(session: Session, decision_id: int) -> TaxDecision:
    """A decision by its id, e.g. the one an appeal is against (a foreign key)."""
    row = session.get(TaxDecision, decision_id)
    if row is None:
        raise NotFound("DECISION_NOT_FOUND", "No such decision.", {"id": str(decision_id)})
    return row


def _active_appeal(session: Session, decision_id: int) -> Appeal | None:
    return session.scalar(select(Appeal).where(Appeal.decision_id == decision_id, Appeal.status.in_(("under_review", "suspended")))
                          .order_by(Appeal.id.desc()).limit(1))


def view(session: Session, row: TaxDecision, today: dt.date) -> DecisionView:
    taxpayer = taxpayer_of(session, row.taxpayer_id)
    appeal = _active_appeal(session, row.id)
    disputed = None
    if appeal is not None:
        disputed = from_tyiyn(appeal.amount_disputed) if appeal.amount_disputed is not None else (from_tyiyn(row.amount) if row.amount else None)
    return DecisionView(
        id=row.id, number=row.number, type=row.type, citation=str(law.decision_citation(row.type)), date=row.issued_on,
        status="delivered" if row.delivered_at else "issued", taxpayer_tin=taxpayer.tin, taxpayer_name=taxpayer.name, taxpayer_kind=taxpayer.kind,
        ground=row.ground, decision=row.decision, tax=row.tax, period=row.period,
        amount=from_tyiyn(row.amount) if row.amount is not None else None, deadline=row.deadline, debt=row.contents.get("debt", {}),
        delivered_at=row.delivered_at, delivered_on=row.delivered_on, delivery_method=row.delivery_method,
        appeal_deadline=law.appeal_deadline(row.delivered_on) if row.delivered_on else None,
        unopened_flag=row.delivered_at is None and today >= law.unopened_flag_day(row.issued_on),
        under_appeal=disputed, issued_by=row.issued_by, signature=row.contents.get("signature"),
    )


def issue(rt: Runtime, officer: Principal, *, tin: Any, type: Any, ground: Any, decision: Any, tax: Any = None, period: Any = None,
          amount: Any = None, deadline: dt.date | None = None, appeal_id: int | None = None, session: Session | None = None,
          ca: Any = None) -> DecisionView:
    """``POST /officer/decisions``: a decision of one of the 23 types of TC art. 83(5)."""
    authorize.staff(officer)
    if type not in law.DECISION_TYPES:
        raise invalid_field("type", "unknown_kind")
    validate_tin(tin)
    ground, decision = _text(ground, "ground"), _text(decision, "decision")
    tax = check_tax(tax) if tax is not None else None
    period = check_period(period) if period is not None else None
    value = check_amount(amount) if amount is not None else None
    if deadline is not None:
        check_date(deadline, "deadline")
    posts = type in ("assessment", "administrative_liability") and value is not None
    if type == "assessment" and any(x is None for x in (tax, period, value, deadline)):
        missing = next(f for f, x in (("tax", tax), ("period", period), ("amount", amount), ("deadline", deadline)) if x is None)
        raise invalid_field(missing, "missing")
    if posts and any(x is None for x in (tax, period, deadline)):
        missing = next(f for f, x in (("tax", tax), ("period", period), ("deadline", deadline)) if x is None)
        raise invalid_field(missing, "missing")
    # The service key signs the decision; loaded before the transaction (it may take its own).
    ca = ca if ca is not None else authority(rt)
    # What a posting decision charges falls due on its deadline rolled forward (TC art. 16(6)); the
    # checks above make sure such a decision has one.
    due = roll_forward(deadline) if posts and deadline is not None else None
    if session is not None:
        return _issue(rt, session, ca, officer, str(tin), type, ground, decision, tax, period, value, deadline, appeal_id, due)
    with rt.db.transaction() as own:
        return _issue(rt, own, ca, officer, str(tin), type, ground, decision, tax, period, value, deadline, appeal_id, due)


def _issue(rt: Runtime, session: Session, ca: Any, officer: Principal, tin: str, type: str, ground: str, decision: str, tax: str | None,
           period: str | None, value: Decimal | None, deadline: dt.date | None, appeal_id: int | None, due: dt.date | None) -> DecisionView:
    """``due``: the due date of the charge or sanction the decision posts; None when it posts nothing."""
    now, today = rt.now(), rt.today()
    taxpayer = find(session, tin)
    row = TaxDecision(taxpayer_id=taxpayer.id, number="", type=type, ground=ground, decision=decision, tax=tax, period=period,
                      amount=to_tyiyn(value) if value is not None else None, deadline=deadline, issued_on=today, issued_at=now,
                      issued_by=officer.login, contents={"debt": _debt_snapshot(session, taxpayer.id, today)}, posting_ids=[], appeal_id=appeal_id)
    # The number last: the counter row stays locked until commit (kernel.numbers).
    row.number = decision_number(today.year, numbers.next_number(session, SERIES, today.year))
    # What the service signs (TC 82(2) contents): the PDF and the API carry this signature.
    document = {"number": row.number, "type": type, "citation": str(law.decision_citation(type)), "date": today.isoformat(),
                "tin": taxpayer.tin, "name": taxpayer.name, "ground": ground, "decision": decision, "tax": tax, "period": period,
                "amount": f"{value:.2f}" if value is not None else None, "deadline": deadline.isoformat() if deadline else None,
                "debt": row.contents["debt"]}
    row.contents = {**row.contents, "document": document, "signature": ca.sign_receipt(document)}
    session.add(row)
    session.flush()
    if due is not None:
        poster = post_charge if type == "assessment" else post_sanction
        posting = poster(session, taxpayer_id=taxpayer.id, tax=tax, amount=value, due_date=due, period=period,
                         source="decision", reference=row.number, recorded_at=now, citation=str(law.decision_citation(type)))
        row.posting_ids = [posting]
    audit.record(session, officer, "notices.decision.issue", taxpayer_id=taxpayer.id, at=now, id=row.id, number=row.number, type=type,
                 amount=f"{value:.2f}" if value is not None else None)
    notify(session, taxpayer_id=taxpayer.id, kind="appeal_decided" if type == "appeal_decision" else "decision",
           title="A decision of the tax body", body="Decision No. {number} of {date} was issued to you. Open it to read it; the term to appeal runs from the day you open it.",
           params={"number": row.number, "date": today.isoformat()}, related={"type": "decision", "id": str(row.id)}, requires_action=True, now=now)
    session.flush()
    return view(session, row, today)


def _own(session: Session, decision_id: Any, taxpayer_id: int | None, *, lock: bool = False) -> TaxDecision:
    row = None
    if isinstance(decision_id, str) and decision_id.isdigit() and len(decision_id) <= 18:
        stmt = select(TaxDecision).where(TaxDecision.id == int(decision_id))
        row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None or (taxpayer_id is not None and row.taxpayer_id != taxpayer_id):
        raise NotFound("DECISION_NOT_FOUND", "No such decision.", {"id": str(decision_id)[:20]})
    return row


def my_decisions(rt: Runtime, principal: Principal) -> list[DecisionView]:
    me = authorize.taxpayer(principal)
    today = rt.today()
    with rt.db.read() as session:
        rows = session.scalars(select(TaxDecision).where(TaxDecision.taxpayer_id == me.taxpayer_id).order_by(TaxDecision.issued_at.desc(), TaxDecision.id.desc()))
        return [view(session, r, today) for r in rows]


def open_decision(rt: Runtime, principal: Principal, decision_id: Any, *, session_token: str | None) -> DecisionView:
    """``GET /me/decisions/{id}``: opening it delivers it (TC art. 83; Estonia's rule: delivered
    when opened). The first opening is recorded with its time and the session that opened it."""
    me = authorize.taxpayer(principal)
    now, today = rt.now(), rt.today()
    with rt.db.transaction() as session:
        row = _own(session, decision_id, me.taxpayer_id, lock=True)
        if row.delivered_at is None:
            row.delivered_at, row.delivered_on, row.delivery_method = now, today, "cabinet"
            row.delivery_session = hashlib.sha256((session_token or "").encode()).hexdigest()[:64]
            audit.record(session, me, "notices.decision.opened", taxpayer_id=me.taxpayer_id, at=now, id=row.id, number=row.number)
            _delivered(session, row, now, me.login)
        return view(session, row, today)


def _delivered(session: Session, row: TaxDecision, now: dt.datetime, actor: str) -> None:
    """A decision on an appeal, delivered, ends the hold of 151(2) (``salyk.notices.appeals``)."""
    if row.type == "appeal_decision":
        from salyk.notices.appeals import outcome_delivered  # appeals imports this module

        outcome_delivered(session, row, now, actor)


def peek(rt: Runtime, principal: Principal, decision_id: Any) -> DecisionView:
    """The decision without delivering it (for the PDF after opening, the appeal form)."""
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return view(session, _own(session, decision_id, me.taxpayer_id), rt.today())


def record_delivery(rt: Runtime, officer: Principal, number: Any, *, method: Any, delivered_on: dt.date, evidence: Any) -> DecisionView:
    """``POST /officer/decisions/{number}/delivery``: paper delivery (TC art. 83(1)-(4)). A decision
    already delivered keeps its first delivery (its clocks are already running)."""
    authorize.staff(officer)
    if method not in DELIVERY_METHODS:
        raise invalid_field("method", "unknown_kind")
    evidence = _text(evidence, "evidence")[:1000]
    now, today = rt.now(), rt.today()
    with rt.db.transaction() as session:
        row = session.scalar(select(TaxDecision).where(TaxDecision.number == str(number)[:32]).with_for_update())
        if row is None:
            raise NotFound("DECISION_NOT_FOUND", "No such decision.", {"number": str(number)[:32]})
        if not row.issued_on <= delivered_on <= today:
            raise invalid_field("delivered_on", "out_of_range")
        if row.delivered_at is not None:
            if row.delivery_method == method and row.delivered_on == delivered_on:
                return view(session, row, today)  # the same record again: the first answer
            raise Conflict("DECISION_ALREADY_DELIVERED", "This decision has already been delivered.",
                           {"delivered_on": row.delivered_on.isoformat() if row.delivered_on else None, "method": row.delivery_method})
        row.delivered_at, row.delivered_on, row.delivery_method, row.delivery_evidence = now, delivered_on, method, evidence
        audit.record(session, officer, "notices.decision.delivery", taxpayer_id=row.taxpayer_id, at=now, id=row.id, number=row.number,
                     method=method, delivered_on=delivered_on)
        _delivered(session, row, now, officer.login)
        return view(session, row, today)


def officer_list(rt: Runtime, officer: Principal, *, tin: str | None = None, unopened: bool = False) -> list[DecisionView]:
    """Decisions for officers, newest first; ``unopened`` keeps those flagged for paper delivery."""
    authorize.staff(officer)
    today = rt.today()
    with rt.db.transaction() as session:
        stmt = select(TaxDecision).order_by(TaxDecision.issued_at.desc(), TaxDecision.id.desc()).limit(500)
        if tin is not None:
            validate_tin(tin)
            stmt = stmt.where(TaxDecision.taxpayer_id == find(session, tin).id)
        if unopened:
            stmt = stmt.where(TaxDecision.delivered_at.is_(None))
        views = [view(session, r, today) for r in session.scalars(stmt)]
        if unopened:
            views = [v for v in views if v.unopened_flag]
        for taxpayer_id in {r.taxpayer_id for r in session.scalars(stmt)} if views else ():
            audit.record(session, officer, "notices.decision.list", taxpayer_id=taxpayer_id, at=rt.now())
        return views


def officer_get(rt: Runtime, officer: Principal, number: Any) -> DecisionView:
    authorize.staff(officer)
    with rt.db.transaction() as session:
        row = session.scalar(select(TaxDecision).where(TaxDecision.number == str(number)[:32]))
        if row is None:
            raise NotFound("DECISION_NOT_FOUND", "No such decision.", {"number": str(number)[:32]})
        audit.record(session, officer, "notices.decision.read", taxpayer_id=row.taxpayer_id, at=rt.now(), number=row.number)
        return view(session, row, rt.today())
