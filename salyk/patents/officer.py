"""The tax office's side of patents: a taxpayer's patents (an audited read, TC art. 54) and
revocation by a decision (spec 04 section 2.7: an officer, with the decision's reference)."""

from __future__ import annotations

from sqlalchemy import select

from salyk.kernel import audit, authorize
from salyk.kernel.errors import Conflict
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.patents.models import Patent
from salyk.patents.views import PatentView, not_found, taxpayer_of, view
from salyk.registry.taxpayers import clean_text, officer_read


def taxpayer_patents(rt: Runtime, officer: Principal, tin: str) -> list[PatentView]:
    authorize.staff(officer)
    with officer_read(rt, officer, tin, "patents.read") as read:
        rows = read.session.scalars(select(Patent).where(Patent.taxpayer_id == read.taxpayer.id)
                                    .order_by(Patent.valid_from.desc(), Patent.id.desc()))
        return [view(r, read.taxpayer, rt.today()) for r in rows]


def revoke(rt: Runtime, officer: Principal, number: str, reason: str, decision_reference: str) -> PatentView:
    authorize.staff(officer)
    reason = clean_text(reason, "reason", 500)
    decision_reference = clean_text(decision_reference, "decision_reference", 200)
    with rt.db.transaction() as session:
        query = select(Patent).where(Patent.number == number)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = session.scalars(query).first() if 0 < len(number) <= 32 else None
        if row is None:
            raise not_found()
        if row.status == "revoked":
            raise Conflict("PATENT_REVOKED", "This patent has already been revoked.", {"number": number})
        row.status, row.revoked_on, row.revoked_by = "revoked", rt.today(), officer.login
        row.revocation_reason, row.decision_reference = reason, decision_reference
        session.flush()
        audit.record(session, officer, "patents.revoke", taxpayer_id=row.taxpayer_id, at=rt.now(), number=number,
                     reason=reason, decision_reference=decision_reference)
        return view(row, taxpayer_of(session, row.taxpayer_id), rt.today())
