"""Write-off of hopeless debt (TC art. 68(2), (4)-(6), 69) as an officer's decision.

The officer names the debts (posting ids of charges, interest or sanctions of one tax), the
ground, the act that decides it and the evidence; the decision gets a gapless number and a
``write_off`` posting ends those debts with the туум accrued on them through the decision's
day (the derivation computes the amount; the decision records what it was then). On the
limitation ground every debt's limitation period must have run out (68(2)): all of 58(1) for tax
and interest (the period's end, a deferral's end, an audit notice), 140(1) for a sanction; a debt
the limitation already extinguished in the balance is recorded, not ended again; the death and missing/incapable grounds apply to individuals
(68(4)-(5)). Idempotent per taxpayer and act reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import Posting, WriteOff
from salyk.kernel.errors import Conflict, ValidationFailed, invalid_field
from salyk.law.money import format_som, from_tyiyn, to_tyiyn
from salyk.law.write_off import WriteOffGround, write_off_allowed
from salyk.ledger.charges import check_tax
from salyk.ledger.decisions import next_number, record_status
from salyk.ledger.derive import derive
from salyk.ledger.postings import DEBT_KINDS, Entry, Kind, load_entries, post_movement
from salyk.ledger.results import WriteOffDecision
from salyk.kernel import audit, authorize
from salyk.kernel.principal import Principal
from salyk.registry.taxpayers import find, officer_read, validate_tin
from salyk.kernel.runtime import Runtime

MAX_ITEMS = 500
ONE_DAY = dt.timedelta(days=1)
# 68(4)-(5) speak of a "жеке жак", a natural person: an individual entrepreneur is one (TC art. 23(1), 24),
# registered for his activity but not a separate person
INDIVIDUALS = ("individual", "individual_entrepreneur")


def view(row: WriteOff) -> WriteOffDecision:
    ground = WriteOffGround(row.ground)
    return WriteOffDecision(
        id=row.id, tax=row.tax, ground=ground, items=tuple(int(i) for i in row.items), amount=from_tyiyn(row.amount),
        act_reference=row.act_reference, evidence=row.evidence, decision_number=row.decision_number, decided_on=row.decided_on,
        decided_by=row.decided_by, posting_id=row.posting_id, citation=str(ground.citation))


def _items(session: Session, taxpayer_id: int, tax: str, raw: Any) -> list[Posting]:
    if not isinstance(raw, list) or not raw or len(raw) > MAX_ITEMS:
        raise invalid_field("items", "out_of_range")
    ids = []
    for value in raw:
        if not isinstance(value, str) or not value.isdigit() or len(value) > 18:
            raise invalid_field("items", "not_a_debt")
        ids.append(int(value))
    rows = {p.id: p for p in session.scalars(select(Posting).where(Posting.id.in_(ids)))}
    reversed_ids = set(session.scalars(select(Posting.corrects_id).where(Posting.corrects_id.in_(ids), Posting.kind == Kind.REVERSAL.value)))
    out = []
    for i in dict.fromkeys(ids):
        p = rows.get(i)
        if p is None or p.taxpayer_id != taxpayer_id or p.tax != tax or p.kind not in DEBT_KINDS or p.amount <= 0 or i in reversed_ids:
            raise ValidationFailed("NOT_A_DEBT", "Posting {id} is not a debt of this taxpayer and tax.", {"id": str(i)}, id=str(i))
        out.append(p)
    return out


def write_off(rt: Runtime, officer: Principal, *, tin: str, tax: Any, ground: Any, items: Any, act_reference: str, evidence: str) -> WriteOffDecision:
    officer = authorize.staff(officer)
    validate_tin(tin)
    tax = check_tax(tax)
    try:
        ground = WriteOffGround(ground)
    except ValueError:
        raise invalid_field("ground", "not_allowed") from None
    if not act_reference.strip():
        raise invalid_field("act_reference", "empty")
    if not evidence.strip():
        raise invalid_field("evidence", "empty")
    today = rt.today()
    with rt.db.transaction() as session:
        taxpayer = find(session, tin)
        debts = _items(session, taxpayer.id, tax, items)
        keys = [p.id for p in debts]
        existing = session.scalar(select(WriteOff).where(WriteOff.taxpayer_id == taxpayer.id, WriteOff.act_reference == act_reference))
        if existing is not None:
            if (existing.tax, existing.ground, existing.items) != (tax, ground.value, keys):
                raise Conflict("REFERENCE_CONFLICT", "This reference was already used with different content.", {"act_reference": act_reference})
            return view(existing)
        entries = load_entries(session, taxpayer.id, until=today)
        # the probe comes after every posting of the day (ids order a day's postings)
        probe = Entry(id=max((e.id for e in entries), default=0) + 1, kind=Kind.WRITE_OFF.value, tax=tax, amount=from_tyiyn(0), value_date=today, recorded_at=rt.now(),
                      citation=str(ground.citation), details={"items": keys})
        position = derive([*entries, probe], today).taxes.get(tax)
        if position is None:  # no posting of this tax at all: no debt to end
            raise Conflict("NOTHING_TO_WRITE_OFF", "These debts are already paid: there is nothing to write off.", {"tax": tax})
        # each debt's own limitation: all of 58(1) for tax and interest, 140(1) for a sanction
        limits = tuple((it.expires - ONE_DAY, it.limitation_citation) for it in position.items if it.posting_id in keys and it.expires)
        check = write_off_allowed(ground, taxpayer_is_individual=taxpayer.kind in INDIVIDUALS, on=today, limitation_ends=limits)
        if not check.allowed:
            raise ValidationFailed("WRITE_OFF_NOT_ALLOWED", "The debt cannot be written off on this ground: {reasons}",
                                   {"reasons": list(check.reasons)}, reasons=check.reasons[0] if len(check.reasons) == 1 else "; ".join(check.reasons))
        amount = position.written_off_by.get(probe.id, from_tyiyn(0))
        if amount <= 0:
            raise Conflict("NOTHING_TO_WRITE_OFF", "These debts are already paid: there is nothing to write off.", {"tax": tax})
        number = next_number(session, "write_off", today.year)
        now = rt.now()
        posting_id = post_movement(session, Kind.WRITE_OFF, taxpayer_id=taxpayer.id, tax=tax, amount=amount, value_date=today,
                                   source="write_off", reference=f"{taxpayer.id}:{act_reference}"[:200], recorded_at=now,
                                   recorded_by=officer.login, citation=str(ground.citation),
                                   details={"items": keys, "ground": ground.value, "decision": number})
        row = WriteOff(taxpayer_id=taxpayer.id, tax=tax, ground=ground.value, items=keys, amount=to_tyiyn(amount), act_reference=act_reference,
                       evidence=evidence, decision_number=number, decided_on=today, decided_by=officer.login, created_at=now, posting_id=posting_id)
        session.add(row)
        session.flush()
        record_status(session, "write_off", row.id, "written_off", at=now, actor=officer.login, note=act_reference)
        audit.record(session, officer, "ledger.write_off", taxpayer_id=taxpayer.id, at=now, id=row.id, decision=number, tax=tax,
                     ground=ground.value, amount=format_som(amount), items=keys)
        return view(row)


def officer_list(rt: Runtime, officer: Principal, tin: str) -> list[WriteOffDecision]:
    officer = authorize.staff(officer)
    with officer_read(rt, officer, tin, "ledger.write_offs.read") as read:
        rows = read.session.scalars(select(WriteOff).where(WriteOff.taxpayer_id == read.taxpayer.id).order_by(WriteOff.id.desc()))
        return [view(r) for r in rows]


@dataclass(frozen=True)
class Candidate:
    """A debt an officer may write off: still unpaid today (or extinguished by limitation and not yet recorded)."""

    posting_id: str
    tax: str
    kind: str  # tax | interest | late_interest | sanction
    period: str | None
    due: dt.date
    amount: Decimal  # assessed
    unpaid: Decimal  # what is still owed of it today (for an extinguished debt: what the limitation ended)


def officer_candidates(rt: Runtime, officer: Principal, tin: str) -> list[Candidate]:
    """The taxpayer's debts that are unpaid today, from the derived position (never from statement
    text): the write-off form offers only these (TC art. 68, 69). Audited as a read of the account."""
    officer = authorize.staff(officer)
    today = rt.today()
    with officer_read(rt, officer, tin, "ledger.write_off_candidates.read") as read:
        position = derive(load_entries(read.session, read.taxpayer.id, until=today), today)
        out = []
        for code, pos in sorted(position.taxes.items()):
            for it in pos.items:
                if it.posting_id is None or it.kind.value not in ("tax", "interest", "sanction"):
                    continue
                unpaid = it.open if it.expired is None or it.recorded_off else it.expired  # extinguished: what the limitation ended
                if unpaid > 0:
                    out.append(Candidate(str(it.posting_id), code, it.kind.value, it.period, it.due, it.amount, unpaid))
        return out


def my_list(rt: Runtime, principal: Principal) -> list[WriteOffDecision]:
    principal = authorize.taxpayer(principal)
    with rt.db.transaction() as session:
        return [view(r) for r in session.scalars(select(WriteOff).where(WriteOff.taxpayer_id == principal.taxpayer_id).order_by(WriteOff.id.desc()))]


__all__ = ["Candidate", "my_list", "officer_candidates", "officer_list", "write_off"]
