"""Deferral and instalment plans (TC art. 76-80): application, decision, early termination.

- The taxpayer applies with the tax, the debt to defer, the ground of TC art. 79(2), the term
  (start = the day the plan takes effect, end = its last payment) and the instalments asked for,
  and states that a bank guarantee is given (76(5)). What the law refuses outright (excise tax
  76(6), no guarantee, a term outside 1 month .. 3 years 79(1), more than is owed) is answered
  at once (``salyk.law.deferral.check_deferral``); the application is routed to the deciding
  body by amount (78) with the decision deadline of 79(7) (10 calendar days).
- Granted: no туум on the deferred debt while in force (71(7)(7), 79(5)): an interest exclusion
  posting covering the debts (oldest first) that make up the deferred amount, from the start to
  the end of the plan; on ground 3 interest at twice the NBKR rate on the planned balance, per
  day (79(4)), posted as ``interest`` due on the plan's last day.
- Early termination (80(3)-(4)): the exclusion ends on the decision's day (туум runs from the day
  after), the interest is recomputed for the days in force (through the breach), and the unpaid
  debt and interest are due within 30 calendar days after the decision is received.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import DeferralApplication, Posting
from salyk.kernel.errors import Conflict, ValidationFailed, invalid_field
from salyk.law.allocation import DebtKind
from salyk.law.citation import tc
from salyk.law.deferral import DecidingBody, DeferralGround, check_deferral, decision_deadline, deferral_interest, early_termination
from salyk.law.money import ZERO, format_som, from_tyiyn, to_tyiyn
from salyk.ledger.charges import check_amount, check_date, check_tax, post_interest
from salyk.ledger.decisions import (by_client_reference, lock_taxpayer, check_undecided, history_view, history_views, next_number, officer_applications, owned,
                                   paper_taxpayer, record_status, reference_conflict, taxpayer_applications)
from salyk.ledger.derive import derive
from salyk.ledger.postings import Kind, load_entries, post_interest_exclusion, reverse_posting
from salyk.ledger.results import Deferral, DeferralStatus, Instalment, InstalmentStatus, StatusStep
from salyk.kernel import audit, authorize
from salyk.kernel.notify import notify
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.registry.taxpayers import Who

MAX_INSTALMENTS = 36


def _plan_payments(session: Session, row: DeferralApplication, until: dt.date | None = None) -> list[tuple[dt.date, Decimal]]:
    """Payments of the plan's tax from its start (through ``until``), oldest first; a reversed
    payment never counted, so it pays no instalment and lowers no early-termination debt."""
    reversed_ids = select(Posting.corrects_id).where(Posting.taxpayer_id == row.taxpayer_id, Posting.kind == Kind.REVERSAL.value,
                                                     Posting.corrects_id.is_not(None))
    query = select(Posting).where(Posting.taxpayer_id == row.taxpayer_id, Posting.tax == row.tax, Posting.kind == Kind.PAYMENT.value,
                                  Posting.value_date >= row.start_date, Posting.id.not_in(reversed_ids))
    if until is not None:
        query = query.where(Posting.value_date <= until)
    return sorted((p.value_date, from_tyiyn(p.amount)) for p in session.scalars(query))


def instalments(session: Session, row: DeferralApplication, today: dt.date) -> tuple[Instalment, ...]:
    """The plan's instalments; once granted, with what the tax's payments since the start cover:
    ``paid``, ``open`` (not yet due) or ``missed`` (due and not covered: a breach the tax body may
    act on, TC art. 80(3))."""
    asked = [(dt.date.fromisoformat(i["date"]), Decimal(i["amount"])) for i in row.schedule]
    if row.status not in (DeferralStatus.GRANTED, DeferralStatus.TERMINATED):
        return tuple(Instalment(day, amount) for day, amount in asked)
    paid = _plan_payments(session, row)
    out, due = [], ZERO
    for day, amount in asked:
        due += amount
        covered = sum((a for d, a in paid if d <= day), ZERO)
        status = InstalmentStatus.PAID if covered >= due else (InstalmentStatus.MISSED if day < today else InstalmentStatus.OPEN)
        out.append(Instalment(day, amount, status))
    return tuple(out)


def view(session: Session, row: DeferralApplication, today: dt.date, history: tuple[StatusStep, ...] | None = None,
         who: Who | None = None) -> Deferral:
    """The application as of ``today``; ``history`` when a list has read it already (``history_views``)."""
    interest = None if row.interest is None else from_tyiyn(row.interest)
    derived = plan_interest(session, row, today)
    status = DeferralStatus(row.status)
    return Deferral(
        id=row.id, tax=row.tax, amount=from_tyiyn(row.amount), ground=DeferralGround(row.ground), start=row.start_date,
        end=row.end_date, schedule=instalments(session, row, today), bank_guarantee=row.bank_guarantee,
        client_reference=row.client_reference, received_on=row.received_on, deciding_body=_body(row.deciding_body),
        decision_deadline=row.decision_deadline, overdue=status is DeferralStatus.RECEIVED and today > row.decision_deadline,
        status=status, decision_number=row.decision_number, decided_on=row.decided_on, reason=row.reason, interest=interest,
        interest_to_date=interest if derived is None else derived, terminated_on=row.terminated_on,
        unpaid=None if row.unpaid is None else from_tyiyn(row.unpaid), payment_deadline=row.payment_deadline,
        history=history_view(session, "deferral", row.id) if history is None else history, who=who)


def _body(value: str) -> DecidingBody:
    """The deciding body as stored (TC art. 78; ``salyk.law.deferral.deciding_body`` chose it)."""
    if value == "tax_body":
        return "tax_body"
    if value == "authorised_tax_body":
        return "authorised_tax_body"
    raise ValueError(f"unknown deciding body {value!r}")


def _schedule(raw: Any, start: dt.date, end: dt.date, amount: Decimal) -> list[dict[str, str]]:
    """Instalments asked for: dates inside the term, amounts adding up to the deferred debt. None:
    the whole debt on the last day (a deferral rather than instalments)."""
    if not raw:
        return [{"date": end.isoformat(), "amount": format_som(amount)}]
    if not isinstance(raw, list) or len(raw) > MAX_INSTALMENTS:
        raise invalid_field("schedule", "out_of_range")
    out, total, last = [], ZERO, None
    for n, it in enumerate(raw):
        day, value = it.get("date"), check_amount(it.get("amount"), f"schedule[{n}].amount")
        if not isinstance(day, dt.date) or not start <= day <= end or (last is not None and day <= last):
            raise invalid_field(f"schedule[{n}].date", "out_of_range")
        last = day
        total += value
        out.append({"date": day.isoformat(), "amount": format_som(value)})
    if total != amount:
        raise invalid_field("schedule", "sum_differs")
    return out


def _changes(row: DeferralApplication, through: dt.date) -> list[tuple[dt.date, Decimal]]:
    """The planned balance of the deferred debt (TC art. 79(4)): the amount from the start, less each
    instalment from the day after it falls due."""
    moves = [(row.start_date, from_tyiyn(row.amount))]
    moves += [(dt.date.fromisoformat(i["date"]), -Decimal(i["amount"])) for i in row.schedule if dt.date.fromisoformat(i["date"]) < through]
    return moves


# --- applications ----------------------------------------------------------------------------


def apply(rt: Runtime, principal: Principal, **fields: Any) -> Deferral:
    principal = authorize.taxpayer(principal)
    return _apply(rt, principal, principal.taxpayer_id, rt.today(), **fields)


def register_paper(rt: Runtime, officer: Principal, tin: str, *, received_on: dt.date, **fields: Any) -> Deferral:
    """An application handed in on paper, received on ``received_on`` (not later than today)."""
    officer = authorize.staff(officer)
    return _apply(rt, officer, paper_taxpayer(rt, tin, received_on), received_on, **fields)


def _apply(rt: Runtime, actor: Principal, taxpayer_id: int, received_on: dt.date, *, tax: Any, amount: Any, ground: Any, start: dt.date,
           end: dt.date, schedule: Any = None, bank_guarantee: bool = False, client_reference: str | None = None) -> Deferral:
    tax = check_tax(tax)
    amount = check_amount(amount)
    try:
        ground = DeferralGround(ground)
    except ValueError:
        raise invalid_field("ground", "not_allowed") from None
    check_date(start, "start")
    check_date(end, "end")
    if start < received_on:
        raise invalid_field("start", "out_of_range")
    if end <= start:
        raise invalid_field("end", "out_of_range")
    plan = _schedule(schedule, start, end, amount)
    with rt.db.transaction() as session:
        lock_taxpayer(session, taxpayer_id)
        existing = by_client_reference(session, DeferralApplication, taxpayer_id, client_reference)
        if existing is not None:
            same = (existing.tax, existing.amount, existing.ground, existing.start_date, existing.end_date, existing.schedule) == (
                tax, to_tyiyn(amount), ground.value, start, end, plan)
            if not same:
                raise reference_conflict(client_reference)
            return view(session, existing, rt.today())
        position = derive(load_entries(session, taxpayer_id, until=received_on), received_on).taxes.get(tax)
        owed = ZERO if position is None else position.total_due + position.not_yet_due
        if amount > owed:
            raise ValidationFailed("DEFERRAL_EXCEEDS_DEBT", "The amount is larger than the debt of this tax.", {"tax": tax, "owed": format_som(owed)})
        check = check_deferral(taxes=[tax], ground=ground, amount=amount, start=start, end=end, bank_guarantee=bool(bank_guarantee))
        if not check.eligible:
            raise ValidationFailed("DEFERRAL_NOT_ALLOWED", "The deferral cannot be granted as asked: {reasons}", {"reasons": list(check.reasons)},
                                   reasons=check.reasons[0] if len(check.reasons) == 1 else "; ".join(check.reasons))
        row = DeferralApplication(
            taxpayer_id=taxpayer_id, tax=tax, amount=to_tyiyn(amount), ground=ground.value, start_date=start, end_date=end, schedule=plan,
            bank_guarantee=bool(bank_guarantee), client_reference=client_reference, received_on=received_on, created_at=rt.now(),
            deciding_body=check.deciding_body, decision_deadline=decision_deadline(received_on), status=DeferralStatus.RECEIVED.value, details={},
        )
        session.add(row)
        session.flush()
        record_status(session, "deferral", row.id, DeferralStatus.RECEIVED.value, at=rt.now(), actor=actor.login, note=check.deciding_body)
        audit.record(session, actor, "ledger.deferral.apply", taxpayer_id=taxpayer_id, at=rt.now(), id=row.id, tax=tax,
                     amount=format_som(amount), ground=ground.value, deciding_body=check.deciding_body)
        session.flush()
        return view(session, row, rt.today())


def my_applications(rt: Runtime, principal: Principal) -> list[Deferral]:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        rows, today = taxpayer_applications(session, DeferralApplication, principal.taxpayer_id), rt.today()
        histories = history_views(session, "deferral", [r.id for r in rows])
        return [view(session, r, today, histories[r.id]) for r in rows]


def my_application(rt: Runtime, principal: Principal, app_id: str) -> Deferral:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return view(session, owned(session, DeferralApplication, app_id, principal.taxpayer_id), rt.today())


def officer_list(rt: Runtime, officer: Principal, *, status: str | None = None, tin: str | None = None) -> list[Deferral]:
    officer = authorize.staff(officer)
    with rt.db.transaction() as session:
        rows = officer_applications(session, officer, DeferralApplication, "ledger.deferrals.read", at=rt.now(), status=status, tin=tin)
        today, histories = rt.today(), history_views(session, "deferral", [r.id for r, _ in rows])
        return [view(session, r, today, histories[r.id], w) for r, w in rows]


# --- decisions -------------------------------------------------------------------------------


def _covered_items(session: Session, row: DeferralApplication) -> list[tuple[int, Decimal]]:
    """The debts of the tax that make up the deferred amount, oldest first, with the amount
    deferred of each: the last one may be deferred in part, and туум runs on its rest (TC art.
    71(7)(7); READINGS.md)."""
    pos = derive(load_entries(session, row.taxpayer_id, until=row.start_date), row.start_date).taxes.get(row.tax)
    if pos is None:
        return []
    need = from_tyiyn(row.amount)
    out = []
    for it in sorted((i for i in pos.items if i.open > 0 and i.kind is DebtKind.TAX), key=lambda i: (i.due, i.arose_on, i.posting_id)):
        if need <= 0:
            break
        out.append((it.posting_id, min(need, it.open)))
        need -= it.open
    return out


def _plan_details(row: DeferralApplication, covered: list[tuple[int, Decimal]], through: dt.date, due: dt.date) -> dict[str, Any]:
    """The exclusion's ``shares`` and ``interest``: the derivation computes the 79(4) interest on
    the deferred amount still unpaid each day through ``through``, due on ``due``."""
    return {"shares": {str(i): format_som(s) for i, s in covered},
            "interest": {"ground": row.ground, "through": through.isoformat(), "due": due.isoformat(), "period": str(row.start_date.year)}}


def plan_interest(session: Session, row: DeferralApplication, today: dt.date) -> Decimal | None:
    """The plan's interest (79(4)) as the ledger derives it today: on what was unpaid each day."""
    exclusion = (row.details or {}).get("exclusion")
    if row.status not in (DeferralStatus.GRANTED, DeferralStatus.TERMINATED) or not exclusion or not (row.details or {}).get("derived"):
        return None
    pos = derive(load_entries(session, row.taxpayer_id, until=today, taxes=[row.tax]), today).taxes.get(row.tax)
    return ZERO if pos is None else pos.plan_interest.get(exclusion, ZERO)


def decide(rt: Runtime, officer: Principal, app_id: str, *, grant: bool, reason: str | None) -> Deferral:
    """Grant (exclusion and interest posted) or refuse with a reason (TC art. 79(7))."""
    officer = authorize.staff(officer)
    today = rt.today()
    with rt.db.transaction() as session:
        row = owned(session, DeferralApplication, app_id, lock=True)
        check_undecided(row)
        if not grant and (not reason or not reason.strip()):
            raise invalid_field("reason", "empty")
        number = next_number(session, "deferral", today.year)
        now = rt.now()
        if grant:
            covered = _covered_items(session, row)
            items = [i for i, _ in covered]
            exclusion = post_interest_exclusion(session, taxpayer_id=row.taxpayer_id, tax=row.tax, ground="deferral", start=row.start_date,
                                                end=row.end_date, source="deferral", reference=f"deferral-{row.id}", recorded_at=now,
                                                citation=str(tc(79, 5)), recorded_by=officer.login, items=items or None,
                                                extra=_plan_details(row, covered, row.end_date, row.end_date) if items else None)
            # the interest if the plan is kept as scheduled; the ledger derives it on what is unpaid (79(4))
            interest = deferral_interest(row.ground, _changes(row, row.end_date), row.start_date, row.end_date).total
            details: dict[str, Any] = {"exclusion": exclusion, "items": items, "shares": {str(i): format_som(s) for i, s in covered},
                                       "derived": True}
            row.interest, row.details, row.status = to_tyiyn(interest), details, DeferralStatus.GRANTED.value
        else:
            row.status = DeferralStatus.REFUSED.value
        row.decision_number, row.decided_on, row.decided_by, row.reason = number, today, officer.login, reason
        record_status(session, "deferral", row.id, row.status, at=now, actor=officer.login, note=reason)
        audit.record(session, officer, f"ledger.deferral.{row.status}", taxpayer_id=row.taxpayer_id, at=now, id=row.id, decision=number)
        # The taxpayer hears of it in the cabinet inbox (Offer 6.2; kernel.notify, issue 15).
        notify(session, taxpayer_id=row.taxpayer_id, kind="deferral_decided", now=now,
               title="Your deferral application is granted" if grant else "Your deferral application is refused",
               body="Decision No. {number}: the deferral of {amount} is granted until {end}." if grant
               else "Decision No. {number}: the deferral is refused. Reason: {reason}",
               params={"number": number, "amount": f"{from_tyiyn(row.amount):.2f}", "end": row.end_date.isoformat(), "reason": reason or ""},
               related={"type": "deferral", "id": row.id})
        session.flush()
        return view(session, row, today)


def terminate(rt: Runtime, officer: Principal, app_id: str, *, breach_on: dt.date, received_on: dt.date | None, reason: str) -> Deferral:
    """Early termination on a breach (TC art. 80(3)-(4)), decided today."""
    officer = authorize.staff(officer)
    today = rt.today()
    received_on = received_on or today
    if not reason or not reason.strip():
        raise invalid_field("reason", "empty")
    with rt.db.transaction() as session:
        row = owned(session, DeferralApplication, app_id, lock=True)
        if row.status != DeferralStatus.GRANTED:
            raise Conflict("DEFERRAL_NOT_IN_FORCE", "Only a granted deferral can be terminated.", {"status": row.status})
        if not row.start_date <= breach_on <= min(row.end_date, today):
            raise invalid_field("breach_on", "out_of_range")
        if received_on < today:
            raise invalid_field("received_on", "out_of_range")
        now = rt.now()
        details = dict(row.details)
        paid = sum((amount for _, amount in _plan_payments(session, row, until=today)), ZERO)
        # 80(3) "бузган күндөн тартып": the plan ends from the breach day, so its last day of
        # interest is the day before (READINGS.md); туум resumes the day after the decision (80(4))
        last_day = breach_on - dt.timedelta(days=1)
        deadline = early_termination(decided_debt=ZERO, interest_in_force=ZERO, paid_debt=ZERO, paid_interest=ZERO,
                                     decision_date=today, received_on=received_on).payment_deadline
        reverse_posting(session, posting_id=details["exclusion"], reason="deferral terminated early (TC art. 80(3))", recorded_at=now,
                        recorded_by=officer.login)
        covered = [(int(i), Decimal(v)) for i, v in (details.get("shares") or {}).items()]
        derived = bool(details.get("derived")) and bool(covered)
        details["exclusion"] = post_interest_exclusion(
            session, taxpayer_id=row.taxpayer_id, tax=row.tax, ground="deferral", start=row.start_date, end=today, source="deferral",
            reference=f"deferral-{row.id}-terminated", recorded_at=now, citation=str(tc(80, 4)), recorded_by=officer.login,
            items=details.get("items") or None, extra=_plan_details(row, covered, last_day, deadline) if derived else None)
        if derived:
            pos = derive(load_entries(session, row.taxpayer_id, until=today, taxes=[row.tax]), today).taxes.get(row.tax)
            in_force = ZERO if pos is None else pos.plan_interest.get(details["exclusion"], ZERO)
        else:
            in_force = deferral_interest(row.ground, _changes(row, breach_on), row.start_date, last_day).total if last_day > row.start_date else ZERO
        result = early_termination(decided_debt=from_tyiyn(row.amount), interest_in_force=in_force, paid_debt=paid, paid_interest=ZERO,
                                   decision_date=today, received_on=received_on)
        if details.get("interest"):
            reverse_posting(session, posting_id=details["interest"], reason="deferral terminated early (TC art. 80(4))", recorded_at=now,
                            recorded_by=officer.login)
            details.pop("interest")
        if in_force > 0 and not derived:
            details["interest"] = post_interest(session, taxpayer_id=row.taxpayer_id, tax=row.tax, amount=in_force,
                                                due_date=result.payment_deadline, period=str(row.start_date.year), source="deferral",
                                                reference=f"deferral-{row.id}-interest-terminated", recorded_at=now, citation=str(tc(80, 4)))
        row.details, row.status, row.terminated_on = details, DeferralStatus.TERMINATED.value, today
        row.interest, row.unpaid, row.payment_deadline = to_tyiyn(in_force), to_tyiyn(result.unpaid), result.payment_deadline
        number = next_number(session, "termination", today.year)
        record_status(session, "deferral", row.id, DeferralStatus.TERMINATED.value, at=now, actor=officer.login, note=f"{number}: {reason}")
        audit.record(session, officer, "ledger.deferral.terminated", taxpayer_id=row.taxpayer_id, at=now, id=row.id, decision=number,
                     breach_on=breach_on, unpaid=format_som(result.unpaid))
        session.flush()
        return view(session, row, today)
