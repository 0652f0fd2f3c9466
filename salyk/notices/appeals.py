"""Appeals against decisions of the tax body (TC art. 146-152).

Filing: ``{"appeal": {...}, "signature"}``, the signature a detached JWS over the JCS of ``appeal``
with a certificate the service issued (148(4); the same checks as a filed report). Within 30
calendar days from the day after the decision's delivery (147(1)), else ``APPEAL_LATE`` (147(2));
an undelivered decision cannot be late. An electronic appeal is registered when it is filed.

Filing suspends the decision's execution (151(1)): the decision shows the disputed amount as
"under appeal". The review (149): return with reasons (147(4)-(5): the taxpayer may file again
within 10 days from the day after), suspension and resumption (an interim decision, 149(2)),
the decision on the merits (150) issued as a decision of type ``appeal_decision`` and delivered
like any decision. No decision by the end of the term: deemed satisfied (149(3)); the worker
records it, and every read shows it even before the worker ran.

The hold (151(1)-(2)): filing posts a ledger ``hold`` on the disputed part of the decision's charges
(the first of them first): the derivation neither offsets it against an overpayment of another tax
(81(2)-(4)) nor its туум, and the balance shows it ``under_appeal``. It lasts "until the decision on
the appeal is delivered to the taxpayer" (151(2)): the delivery of the ``appeal_decision`` ends it
(its last day is the day before); a return ends it on the return day, a deemed satisfaction on the
day it is recorded. A partly satisfied appeal holds the upheld part of the recharged amount until
that delivery. Ending or moving a hold is a reversal and a new posting (ledger principle 1).

The outcome is applied to the ledger (149(4), 151(3)-(4)): the appealed decision's posting is
reversed and, when part is upheld, the upheld amount is charged again with the same due date;
туум and sanctions for the review period therefore run only on the upheld amount.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.crypto import CryptoError, canonicalize, verify_detached
from salyk.db.models.ledger import Posting
from salyk.declarations.authority import authority
from salyk.declarations.filing import _certificate as signing_certificate
from salyk.kernel import audit, authorize, numbers
from salyk.kernel.errors import Conflict, NotFound, ValidationFailed, invalid_field
from salyk.kernel.notify import notify
from salyk.kernel.principal import Principal, SystemPrincipal
from salyk.kernel.runtime import Runtime
from salyk.law import appeals as law
from salyk.law.citation import tc
from salyk.law.money import from_tyiyn, to_tyiyn
from salyk.ledger.charges import check_amount, post_charge, post_sanction
from salyk.ledger.postings import Kind, by_reference, post_hold, reverse_posting
from salyk.notices import decisions
from salyk.notices.models import Appeal, TaxDecision

SERIES = "notices.appeal"
MEMBERS = ("decision_id", "grounds", "requested", "amount_disputed")
REQUESTED = ("cancel", "change")
OPEN = ("under_review", "suspended")
WORKER = SystemPrincipal("worker:notices")


@dataclass(frozen=True)
class AppealView:
    id: int
    number: str
    decision_id: int
    decision_number: str
    status: str
    filed_on: dt.date
    review_deadline: dt.date | None
    outcome: str | None
    upheld_amount: Decimal | None
    amount_disputed: Decimal | None
    grounds: str
    requested: str
    returned_on: dt.date | None
    return_reasons: str | None
    resubmit_until: dt.date | None
    reasons: str | None
    outcome_decision_id: int | None
    taxpayer_tin: str
    taxpayer_name: str = ""
    taxpayer_kind: str = ""


def _suspensions(row: Appeal) -> tuple[law.Suspension, ...]:
    return tuple(law.Suspension(dt.date.fromisoformat(s["start"]), dt.date.fromisoformat(s["end"]) if s.get("end") else None)
                 for s in row.suspensions)


def _deemed_now(row: Appeal, today: dt.date) -> bool:
    return row.status in OPEN and law.deemed_satisfied(row.filed_on, today, _suspensions(row))


def view(session: Session, row: Appeal, today: dt.date) -> AppealView:
    decision = decisions.by_id(session, row.decision_id)
    taxpayer = decisions.taxpayer_of(session, row.taxpayer_id)
    deemed = _deemed_now(row, today)
    status = "deemed_satisfied" if deemed else row.status
    outcome = "satisfied" if deemed else row.outcome
    return AppealView(
        id=row.id, number=row.number, decision_id=row.decision_id, decision_number=decision.number, status=status, filed_on=row.filed_on,
        review_deadline=law.review_deadline(row.filed_on, _suspensions(row)) if row.status != "returned" else None,
        outcome=outcome, upheld_amount=from_tyiyn(row.upheld_amount) if row.upheld_amount is not None else None,
        amount_disputed=from_tyiyn(row.amount_disputed) if row.amount_disputed is not None else None,
        grounds=row.grounds, requested=row.requested, returned_on=row.returned_on, return_reasons=row.return_reasons,
        resubmit_until=law.resubmission_deadline(row.returned_on) if row.returned_on else None, reasons=row.reasons,
        outcome_decision_id=row.outcome_decision_id, taxpayer_tin=taxpayer.tin, taxpayer_name=taxpayer.name, taxpayer_kind=taxpayer.kind,
    )


# --- the hold of 151(1)-(2) ------------------------------------------------------------------------

HOLD_SOURCE = "appeal"


def _hold_shares(session: Session, posting_ids: list[int], amount: Decimal) -> dict[str, dict[int, Decimal]]:
    """``amount`` over the postings in their order, each up to its own amount; by tax."""
    out: dict[str, dict[int, Decimal]] = {}
    left = amount
    for posting_id in posting_ids:
        p = session.get(Posting, posting_id)
        if p is None or left <= 0 or p.amount <= 0:
            continue
        part = min(left, from_tyiyn(p.amount))
        out.setdefault(p.tax, {})[p.id] = part
        left -= part
    return out


def _hold(session: Session, row: Appeal, posting_ids: list[int], amount: Decimal, start: dt.date, now: dt.datetime, actor: str, suffix: str) -> None:
    for tax, shares in _hold_shares(session, posting_ids, amount).items():
        post_hold(session, taxpayer_id=row.taxpayer_id, tax=tax, shares=shares, start=start, end=None, source=HOLD_SOURCE,
                  reference=f"{row.number}/{suffix}/{tax}", recorded_at=now, recorded_by=actor, citation=str(tc(151, 1)), label=row.number)


def _open_holds(session: Session, row: Appeal) -> list[Posting]:
    reversed_ids = select(Posting.corrects_id).where(Posting.taxpayer_id == row.taxpayer_id, Posting.kind == Kind.REVERSAL.value,
                                                     Posting.corrects_id.is_not(None))
    return list(session.scalars(select(Posting).where(
        Posting.taxpayer_id == row.taxpayer_id, Posting.source == HOLD_SOURCE, Posting.kind == Kind.HOLD.value,
        Posting.reference.like(f"{row.number}/%"), Posting.end_date.is_(None), Posting.id.not_in(reversed_ids)).order_by(Posting.id)))


def _end_holds(session: Session, row: Appeal, last_day: dt.date, now: dt.datetime, actor: str, reason: str) -> None:
    """The hold ends: its last day is ``last_day`` (151(2)); a reversal and the same hold with its end."""
    for hold in _open_holds(session, row):
        reverse_posting(session, posting_id=hold.id, reason=reason, recorded_at=now, recorded_by=actor)
        shares = {int(k): Decimal(v) for k, v in hold.details["shares"].items()}
        post_hold(session, taxpayer_id=row.taxpayer_id, tax=hold.tax, shares=shares, start=hold.value_date, end=max(last_day, hold.value_date - dt.timedelta(days=1)),
                  source=HOLD_SOURCE, reference=f"{hold.reference}/ended", recorded_at=now, recorded_by=actor, citation=str(tc(151, 2)), label=row.number)


def outcome_delivered(session: Session, decision: TaxDecision, now: dt.datetime, actor: str) -> None:
    """The decision on an appeal is delivered (150, 83): the appealed decision is executable again
    from that day (151(2)); called by ``salyk.notices.decisions`` in the delivery's transaction."""
    if decision.type != "appeal_decision" or decision.appeal_id is None or decision.delivered_on is None:
        return
    row = session.get(Appeal, decision.appeal_id)
    if row is not None:
        _end_holds(session, row, decision.delivered_on - dt.timedelta(days=1), now, actor, f"decision on appeal {row.number} delivered (TC art. 151(2))")


# --- filing ----------------------------------------------------------------------------------------


def _shape(appeal: Any) -> dict[str, Any]:
    if not isinstance(appeal, dict):
        raise invalid_field("appeal", "not_an_object")
    for name in appeal:
        if name not in MEMBERS:
            raise invalid_field(f"appeal.{name}", "unknown_field")
    for name in ("decision_id", "grounds", "requested"):
        if name not in appeal:
            raise invalid_field(f"appeal.{name}", "missing")
    if not isinstance(appeal["decision_id"], (str, int)) or isinstance(appeal["decision_id"], bool):
        raise invalid_field("appeal.decision_id", "not_a_string")
    if not isinstance(appeal["grounds"], str) or not appeal["grounds"].strip():
        raise invalid_field("appeal.grounds", "empty")
    if len(appeal["grounds"]) > decisions.TEXT_MAX:
        raise invalid_field("appeal.grounds", "too_long")
    if appeal["requested"] not in REQUESTED:
        raise invalid_field("appeal.requested", "unknown_kind")
    return appeal


def file(rt: Runtime, principal: Principal, appeal: Any, signature: Any) -> AppealView:
    """``POST /me/appeals``."""
    me = authorize.taxpayer(principal)
    appeal = _shape(appeal)
    if not isinstance(signature, str):
        raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": "no signature"})
    now, today = rt.now().replace(microsecond=0), rt.today()
    ca = authority(rt)  # before the transaction: loading it may take its own
    with rt.db.transaction() as session:
        try:
            canonicalize(appeal)
        except CryptoError as exc:
            raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": exc.message}) from None
        cert, owner = signing_certificate(ca, session, signature, now)
        try:
            verify_detached(signature, appeal, cert.pem)
        except CryptoError as exc:
            raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": exc.message}) from None
        if owner.id != me.taxpayer_id:
            raise ValidationFailed("TIN_MISMATCH", "The TIN of the document, of the certificate and of the logged-in taxpayer must be the same.")
        decision = decisions._own(session, str(appeal["decision_id"]), me.taxpayer_id, lock=True)
        earlier = list(session.scalars(select(Appeal).where(Appeal.decision_id == decision.id).order_by(Appeal.id)))
        for prior in earlier:
            if prior.status != "returned":
                if prior.document == appeal:
                    return view(session, prior, today)  # the same appeal sent again: its first answer
                raise Conflict("APPEAL_EXISTS", "This decision has already been appealed.", {"appeal": prior.number, "status": prior.status})
        late = law.appeal_is_late(decision.delivered_on, today)
        returned = [p.returned_on for p in earlier if p.status == "returned"]
        if late and returned and returned[-1] is not None and today <= law.resubmission_deadline(returned[-1]):
            late = False  # filed again within 10 days of its return (147(5))
        if late and decision.delivered_on is not None:  # only a delivered decision can be late
            raise ValidationFailed("APPEAL_LATE", "The term to appeal ended on {deadline} (30 days from the day after delivery, TC art. 147(1)); a late appeal is not reviewed (147(2)).",
                                   {"deadline": law.appeal_deadline(decision.delivered_on).isoformat()},
                                   deadline=law.appeal_deadline(decision.delivered_on).strftime("%d.%m.%Y"))
        disputed = None
        if appeal.get("amount_disputed") is not None:
            disputed = check_amount(appeal["amount_disputed"], "appeal.amount_disputed")
            if decision.amount is None or disputed > from_tyiyn(decision.amount):
                raise invalid_field("appeal.amount_disputed", "out_of_range")
        elif decision.amount is not None:
            disputed = from_tyiyn(decision.amount)
        row = Appeal(taxpayer_id=me.taxpayer_id, decision_id=decision.id, number="", grounds=appeal["grounds"].strip(),
                     requested=appeal["requested"], amount_disputed=to_tyiyn(disputed) if disputed is not None else None,
                     filed_at=now, filed_on=today, document=appeal, signature=signature, certificate_serial=cert.serial,
                     status="under_review", suspensions=[], posting_ids=[])
        row.number = f"AP-{today.year}-{numbers.next_number(session, SERIES, today.year):06d}"
        session.add(row)
        session.flush()
        if disputed is not None and decision.posting_ids:
            _hold(session, row, list(decision.posting_ids), disputed, today, now, me.login, "hold")  # 151(1)
        audit.record(session, me, "notices.appeal.file", taxpayer_id=me.taxpayer_id, at=now, id=row.id, number=row.number,
                     decision=decision.number, sha256=hashlib.sha256(canonicalize(appeal)).hexdigest())
        return view(session, row, today)


def _own(session: Session, appeal_id: Any, taxpayer_id: int | None, *, lock: bool = False) -> Appeal:
    row = None
    if isinstance(appeal_id, str) and appeal_id.isdigit() and len(appeal_id) <= 18:
        stmt = select(Appeal).where(Appeal.id == int(appeal_id))
        row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None or (taxpayer_id is not None and row.taxpayer_id != taxpayer_id):
        raise NotFound("APPEAL_NOT_FOUND", "No such appeal.", {"id": str(appeal_id)[:20]})
    return row


def my_appeals(rt: Runtime, principal: Principal) -> list[AppealView]:
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        rows = session.scalars(select(Appeal).where(Appeal.taxpayer_id == me.taxpayer_id).order_by(Appeal.id.desc()))
        return [view(session, r, rt.today()) for r in rows]


def my_appeal(rt: Runtime, principal: Principal, appeal_id: Any) -> AppealView:
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return view(session, _own(session, appeal_id, me.taxpayer_id), rt.today())


# --- the review ------------------------------------------------------------------------------------


def officer_list(rt: Runtime, officer: Principal, *, status: str | None = None, tin: str | None = None) -> list[AppealView]:
    authorize.staff(officer)
    from salyk.registry.taxpayers import find, validate_tin

    today = rt.today()
    with rt.db.transaction() as session:
        stmt = select(Appeal).order_by(Appeal.id.desc()).limit(500)
        if tin is not None:
            validate_tin(tin)
            stmt = stmt.where(Appeal.taxpayer_id == find(session, tin).id)
        rows = list(session.scalars(stmt))
        views = [view(session, r, today) for r in rows]
        if status is not None:
            views = [v for v in views if v.status == status]
        for taxpayer_id in {r.taxpayer_id for r in rows}:
            audit.record(session, officer, "notices.appeal.list", taxpayer_id=taxpayer_id, at=rt.now())
        return views


def officer_get(rt: Runtime, officer: Principal, appeal_id: Any) -> AppealView:
    authorize.staff(officer)
    with rt.db.transaction() as session:
        row = _own(session, appeal_id, None)
        audit.record(session, officer, "notices.appeal.read", taxpayer_id=row.taxpayer_id, at=rt.now(), number=row.number)
        return view(session, row, rt.today())


def _open_for_review(session: Session, appeal_id: Any, today: dt.date) -> Appeal:
    row = _own(session, appeal_id, None, lock=True)
    if row.status not in OPEN:
        raise Conflict("APPEAL_CLOSED", "This appeal is no longer under review.", {"status": row.status})
    if _deemed_now(row, today):
        raise Conflict("APPEAL_DEEMED_SATISFIED", "The review term has run out: the appeal is deemed satisfied (TC art. 149(3)).",
                       {"review_deadline": law.review_deadline(row.filed_on, _suspensions(row)).isoformat()})
    return row


def _reasons(value: Any, field: str) -> str:
    return decisions._text(value, field)


def return_appeal(rt: Runtime, officer: Principal, appeal_id: Any, *, reasons: Any) -> AppealView:
    """147(4): returned with reasons; the taxpayer may file again within 10 days (147(5))."""
    authorize.staff(officer)
    reasons = _reasons(reasons, "reasons")
    now, today = rt.now(), rt.today()
    with rt.db.transaction() as session:
        row = _open_for_review(session, appeal_id, today)
        row.status, row.returned_on, row.return_reasons = "returned", today, reasons
        _end_holds(session, row, today - dt.timedelta(days=1), now, officer.login, f"appeal {row.number} returned (TC art. 147(4))")
        audit.record(session, officer, "notices.appeal.return", taxpayer_id=row.taxpayer_id, at=now, number=row.number)
        notify(session, taxpayer_id=row.taxpayer_id, kind="appeal_decided", title="Your appeal is returned",
               body="Appeal No. {number} is returned: {reasons}. You may file it again by {until}.",
               params={"number": row.number, "reasons": reasons, "until": law.resubmission_deadline(today).isoformat()},
               related={"type": "appeal", "id": str(row.id)}, requires_action=True, now=now)
        return view(session, row, today)


def suspend(rt: Runtime, officer: Principal, appeal_id: Any, *, reason: Any) -> AppealView:
    """149(2): the review term is suspended; the taxpayer gets an interim decision (a notice)."""
    authorize.staff(officer)
    reason = _reasons(reason, "reason")
    now, today = rt.now(), rt.today()
    with rt.db.transaction() as session:
        row = _open_for_review(session, appeal_id, today)
        if row.status == "suspended":
            raise Conflict("APPEAL_SUSPENDED", "The review of this appeal is already suspended.")
        row.status = "suspended"
        row.suspensions = [*row.suspensions, {"start": today.isoformat(), "end": None, "reason": reason}]
        audit.record(session, officer, "notices.appeal.suspend", taxpayer_id=row.taxpayer_id, at=now, number=row.number)
        notify(session, taxpayer_id=row.taxpayer_id, kind="appeal_decided", title="The review of your appeal is suspended",
               body="Interim decision: the review of appeal No. {number} is suspended: {reason}.", params={"number": row.number, "reason": reason},
               related={"type": "appeal", "id": str(row.id)}, now=now)
        return view(session, row, today)


def resume(rt: Runtime, officer: Principal, appeal_id: Any) -> AppealView:
    authorize.staff(officer)
    now, today = rt.now(), rt.today()
    with rt.db.transaction() as session:
        row = _open_for_review(session, appeal_id, today)
        if row.status != "suspended":
            raise Conflict("APPEAL_NOT_SUSPENDED", "The review of this appeal is not suspended.")
        row.status = "under_review"
        row.suspensions = [*row.suspensions[:-1], {**row.suspensions[-1], "end": today.isoformat()}]
        audit.record(session, officer, "notices.appeal.resume", taxpayer_id=row.taxpayer_id, at=now, number=row.number)
        notify(session, taxpayer_id=row.taxpayer_id, kind="appeal_decided", title="The review of your appeal is resumed",
               body="The review of appeal No. {number} is resumed; the decision is due by {deadline}.",
               params={"number": row.number, "deadline": law.review_deadline(row.filed_on, _suspensions(row)).isoformat()},
               related={"type": "appeal", "id": str(row.id)}, now=now)
        return view(session, row, today)


def _posting(session: Session, posting_id: int) -> Posting:
    """A posting of the appealed decision (the same answer ``reverse_posting`` gives for a missing one)."""
    posting = session.get(Posting, posting_id)
    if posting is None:
        raise NotFound("POSTING_NOT_FOUND", "No such ledger posting.", {"id": str(posting_id)})
    return posting


def _apply_outcome(rt: Runtime, session: Session, actor: Principal, row: Appeal, outcome: str, upheld: Decimal | None) -> list[int]:
    """149(4), 151(3)-(4): reverse the appealed decision's postings and charge again what stands,
    with the original due date, so that туум runs only on the upheld amount."""
    decision = decisions.by_id(session, row.decision_id)
    if not decision.posting_ids or row.amount_disputed is None:
        return []
    disputed = from_tyiyn(row.amount_disputed)
    cancelled = law.cancelled_amount(outcome, disputed, upheld)
    if cancelled == 0:
        return []
    now = rt.now()
    made: list[int] = []
    for posting_id in decision.posting_ids:
        original = _posting(session, posting_id)
        made.append(reverse_posting(session, posting_id=posting_id, reason=f"appeal {row.number}: {outcome}", recorded_at=now,
                                    recorded_by=actor.login, taxpayer_id=row.taxpayer_id))
        remaining = from_tyiyn(original.amount) - cancelled
        if remaining > 0:
            poster = post_charge if original.kind == Kind.CHARGE.value else post_sanction
            made.append(poster(session, taxpayer_id=row.taxpayer_id, tax=original.tax, amount=remaining, due_date=original.due_date,
                               period=original.period, source="decision", reference=f"{decision.number}/{row.number}", recorded_at=now,
                               citation=str(tc(151, 4))))
        cancelled = max(cancelled - from_tyiyn(original.amount), Decimal("0"))
    return made


def decide(rt: Runtime, officer: Principal, appeal_id: Any, *, outcome: Any, upheld_amount: Any, reasons: Any) -> AppealView:
    """``POST /officer/appeals/{id}/decision`` (150): the outcome, its decision document and the ledger."""
    authorize.staff(officer)
    if outcome not in law.OUTCOMES:
        raise invalid_field("outcome", "unknown_kind")
    reasons = _reasons(reasons, "reasons")
    upheld = None
    if outcome == "partly_satisfied":
        if upheld_amount is None:
            raise invalid_field("upheld_amount", "missing")
        upheld = check_amount(upheld_amount, "upheld_amount")
    elif upheld_amount is not None:
        raise invalid_field("upheld_amount", "not_allowed")
    now, today = rt.now(), rt.today()
    ca = authority(rt)  # signs the decision on the appeal; loaded before the transaction
    with rt.db.transaction() as session:
        row = _open_for_review(session, appeal_id, today)
        if upheld is not None and (row.amount_disputed is None or upheld >= from_tyiyn(row.amount_disputed)):
            raise invalid_field("upheld_amount", "out_of_range")
        if row.status == "suspended":
            row.suspensions = [*row.suspensions[:-1], {**row.suspensions[-1], "end": today.isoformat()}]
        row.posting_ids = _apply_outcome(rt, session, officer, row, outcome, upheld)
        if outcome == "partly_satisfied" and upheld is not None and row.posting_ids:
            # the recharged amount: its upheld part stays held until this decision is delivered (151(2))
            _end_holds(session, row, today - dt.timedelta(days=1), now, officer.login, f"appeal {row.number} partly satisfied (TC art. 151(3))")
            recharged = [i for i in row.posting_ids if _posting(session, i).kind != Kind.REVERSAL.value]
            _hold(session, row, recharged, upheld, today, now, officer.login, "upheld")
        row.status, row.outcome, row.reasons, row.decided_on, row.decided_by = outcome, outcome, reasons, today, officer.login
        row.upheld_amount = to_tyiyn(upheld) if upheld is not None else None
        appealed = decisions.by_id(session, row.decision_id)
        document = decisions.issue(rt, officer, tin=decisions.taxpayer_of(session, row.taxpayer_id).tin, type="appeal_decision",
                                   ground=f"Appeal {row.number} against decision {appealed.number} (TC art. 149-150)", decision=reasons,
                                   appeal_id=row.id, session=session, ca=ca)
        row.outcome_decision_id = document.id
        audit.record(session, officer, "notices.appeal.decide", taxpayer_id=row.taxpayer_id, at=now, number=row.number, outcome=outcome,
                     upheld=f"{upheld:.2f}" if upheld is not None else None)
        return view(session, row, today)


def deem_satisfied(rt: Runtime) -> int:
    """Scheduled job: records 149(3) for every appeal whose review term ran out without a decision."""
    today = rt.today()
    with rt.db.read() as session:
        ids = [r.id for r in session.scalars(select(Appeal).where(Appeal.status.in_(OPEN))) if _deemed_now(r, today)]
    done = 0
    for appeal_id in ids:
        now = rt.now()
        with rt.db.transaction() as session:
            row = _own(session, str(appeal_id), None, lock=True)
            if not _deemed_now(row, today):
                continue
            if row.status == "suspended":
                row.suspensions = [*row.suspensions[:-1], {**row.suspensions[-1], "end": today.isoformat()}]
            row.posting_ids = _apply_outcome(rt, session, WORKER, row, "deemed_satisfied", None)
            _end_holds(session, row, today - dt.timedelta(days=1), now, WORKER.login, f"appeal {row.number} deemed satisfied (TC art. 149(3))")
            row.status, row.outcome, row.decided_on, row.decided_by = "deemed_satisfied", "satisfied", today, WORKER.login
            audit.record(session, WORKER, "notices.appeal.deemed_satisfied", taxpayer_id=row.taxpayer_id, at=now, number=row.number)
            notify(session, taxpayer_id=row.taxpayer_id, kind="appeal_decided", title="Your appeal is deemed satisfied",
                   body="No decision on appeal No. {number} was made in time: it is deemed satisfied (TC art. 149(3)).",
                   params={"number": row.number}, related={"type": "appeal", "id": str(row.id)}, now=now)
            done += 1
    return done
