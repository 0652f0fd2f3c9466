"""Where туум stops (TC art. 71(7)(2)-(6), 75(6)): the officer records the ground with its dates.

Each record is an ``interest_exclusion`` posting of the tax (of every tax when none is named: a
bankruptcy or a court decision concerns the taxpayer, not one tax) for the days ``start`` ..
``end`` (``end`` open while the ground lasts); the derivation computes no туум on those days
and the statement says why (the ground, its article and the act). A ground that ends later is
closed by ``end_stop``: the open record is reversed and posted again with its last day.

- bankruptcy (71(7)(2)): from the day the decision declaring the taxpayer bankrupt took effect;
- missing_person (71(7)(3)): an individual declared missing, while the court decision stands;
- bank_liquidation (71(7)(4)): the servicing bank's forced liquidation, from the decision's effect;
- budget_financing (71(7)(5)), force_majeure (71(7)(6)): arrears caused by them;
- property_arrest (75(6)): from the arrest until the proceeds reach the budget.

Deferrals (71(7)(7)) are recorded by the deferral decision, not here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import Posting
from salyk.kernel import audit, authorize
from salyk.kernel.errors import Conflict, NotFound, ValidationFailed, invalid_field
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.interest import ExclusionGround
from salyk.law.taxes import TAX_CODES
from salyk.ledger.charges import check_date, check_tax
from salyk.ledger.postings import Kind, post_interest_exclusion, reverse_posting
from salyk.ledger.results import InterestStop
from salyk.registry.taxpayers import find, officer_read, validate_tin

SOURCE = "interest_stop"
GROUNDS = tuple(g.value for g in ExclusionGround if g is not ExclusionGround.DEFERRAL)
INDIVIDUALS = ("individual", "individual_entrepreneur")


def view(p: Posting) -> InterestStop:
    d = p.details or {}
    return InterestStop(id=p.id, tax=p.tax, ground=ExclusionGround(d["ground"]), start=p.value_date, end=p.end_date,
                        act_reference=d.get("act_reference"), evidence=d.get("evidence"), citation=p.citation, recorded_by=p.recorded_by)


def _live(session: Session, taxpayer_id: int) -> list[Posting]:
    rows = list(session.scalars(select(Posting).where(Posting.taxpayer_id == taxpayer_id, Posting.source == SOURCE,
                                                      Posting.kind == Kind.INTEREST_EXCLUSION.value).order_by(Posting.id)))
    reversed_ids = set(session.scalars(select(Posting.corrects_id).where(Posting.taxpayer_id == taxpayer_id, Posting.kind == Kind.REVERSAL.value)))
    return [p for p in rows if p.id not in reversed_ids]


def _posted(session: Session, posting_id: int) -> InterestStop:
    """The record just posted in this transaction."""
    row = session.get(Posting, posting_id)
    if row is None:  # posted by this transaction a moment ago: cannot be gone
        raise LookupError(posting_id)
    return view(row)


def record(rt: Runtime, officer: Principal, tin: str, *, ground: Any, start: dt.date, end: dt.date | None, tax: Any = None,
           act_reference: str, evidence: str) -> list[InterestStop]:
    officer = authorize.staff(officer)
    validate_tin(tin)
    if ground not in GROUNDS:
        raise invalid_field("ground", "not_allowed")
    taxes = [check_tax(tax)] if tax is not None else list(TAX_CODES)
    check_date(start, "start", latest=rt.today())
    if end is not None:
        check_date(end, "end")
        if end < start:
            raise invalid_field("end", "out_of_range")
    if not act_reference.strip():
        raise invalid_field("act_reference", "empty")
    citation = str(ExclusionGround(ground).citation)
    with rt.db.transaction() as session:
        taxpayer = find(session, tin)
        if ground == ExclusionGround.MISSING_PERSON.value and taxpayer.kind not in INDIVIDUALS:
            raise ValidationFailed("GROUND_NOT_APPLICABLE", "This ground applies to individuals only ({citation}).", {"citation": citation},
                                   citation=citation)
        ids = []
        for code in taxes:
            ids.append(post_interest_exclusion(
                session, taxpayer_id=taxpayer.id, tax=code, ground=ground, start=start, end=end, source=SOURCE,
                reference=f"{taxpayer.id}:{act_reference}:{code}"[:200], recorded_at=rt.now(), citation=citation, recorded_by=officer.login,
                extra={"act_reference": act_reference, "evidence": evidence}))
        audit.record(session, officer, "ledger.interest_stop", taxpayer_id=taxpayer.id, at=rt.now(), ground=ground, start=start, end=end,
                     taxes=taxes, act_reference=act_reference)
        return [_posted(session, i) for i in ids]


def end_stop(rt: Runtime, officer: Principal, stop_id: str, *, end: dt.date) -> InterestStop:
    """The ground ended on ``end`` (its last day without туум): the record is posted again closed."""
    officer = authorize.staff(officer)
    if not stop_id.isdigit() or len(stop_id) > 18:
        raise NotFound("INTEREST_STOP_NOT_FOUND", "No such record of a ground that stops туум.", {"id": stop_id[:20]})
    with rt.db.transaction() as session:
        row = session.get(Posting, int(stop_id))
        if row is None or row.source != SOURCE or row.id not in {p.id for p in _live(session, row.taxpayer_id)}:
            raise NotFound("INTEREST_STOP_NOT_FOUND", "No such record of a ground that stops туум.", {"id": stop_id})
        if row.end_date is not None:
            raise Conflict("INTEREST_STOP_ENDED", "This ground already has its last day.", {"end": row.end_date.isoformat()})
        check_date(end, "end", latest=rt.today())
        if end < row.value_date:
            raise invalid_field("end", "out_of_range")
        d = dict(row.details or {})
        reverse_posting(session, posting_id=row.id, reason=f"ground ended on {end.isoformat()}", recorded_at=rt.now(), recorded_by=officer.login)
        new_id = post_interest_exclusion(
            session, taxpayer_id=row.taxpayer_id, tax=row.tax, ground=d["ground"], start=row.value_date, end=end, source=SOURCE,
            reference=f"{row.reference}:ended"[:200], recorded_at=rt.now(), citation=row.citation, recorded_by=officer.login,
            extra={"act_reference": d.get("act_reference"), "evidence": d.get("evidence")})
        audit.record(session, officer, "ledger.interest_stop.ended", taxpayer_id=row.taxpayer_id, at=rt.now(), id=new_id, end=end)
        return _posted(session, new_id)


def officer_list(rt: Runtime, officer: Principal, tin: str) -> list[InterestStop]:
    officer = authorize.staff(officer)
    with officer_read(rt, officer, tin, "ledger.interest_stops.read") as read:
        return [view(p) for p in _live(read.session, read.taxpayer.id)]


def my_list(rt: Runtime, principal: Principal) -> list[InterestStop]:
    principal = authorize.taxpayer(principal)
    with rt.db.transaction() as session:
        return [view(p) for p in _live(session, principal.taxpayer_id)]


__all__ = ["GROUNDS", "end_stop", "my_list", "officer_list", "record"]
