"""The taxpayer's word on the registry's data: "this is wrong", "this is not mine", "this is
missing". Officers see the queue and answer; the answer reaches the taxpayer as a notice
(kind ``property_report_answered``). Every step is audited (TC art. 54).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel import audit, authorize, notify
from salyk.kernel.errors import Conflict, NotFound, invalid_field
from salyk.kernel.numbers import next_number
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.property.holdings import owns
from salyk.property.models import PropertyObject, PropertyReport

KINDS = ("wrong_data", "not_mine", "missing_object")
NEEDS_OBJECT = ("wrong_data", "not_mine")
ANSWERS = ("resolved", "rejected")
STATUSES = ("open", *ANSWERS)
MAX_TEXT = 4000
MAX_DETAILS = 4000  # characters of JSON
SERIES = "property.report"


@dataclass(frozen=True)
class ReportView:
    id: int
    number: str
    kind: str
    object_id: int | None
    object_title: str | None
    text: str
    details: dict[str, Any] | None
    status: str
    answer: str | None
    created_at: dt.datetime
    answered_at: dt.datetime | None
    tin: str | None = None  # officers' list only
    taxpayer_name: str | None = None
    taxpayer_kind: str | None = None


def _text(value: object, field: str = "text") -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_field(field, "empty")
    if len(value) > MAX_TEXT:
        raise invalid_field(field, "too_long")
    return value.strip()


def _view(row: PropertyReport, obj: PropertyObject | None, tin: str | None = None, name: str | None = None, kind: str | None = None) -> ReportView:
    title = None
    if obj is not None:
        title = str(obj.content.get("plate") or obj.content.get("address") or obj.registry_id)
    return ReportView(row.id, row.number, row.kind, row.object_id, title, row.text, row.details, row.status, row.answer,
                      row.created_at, row.answered_at, tin, name, kind)


def file_report(rt: Runtime, principal: Principal, *, kind: object, object_id: object = None, text: object,
                details: object = None) -> ReportView:
    """``POST /me/property/reports``: a numbered report (gapless per year), audited."""
    me = authorize.taxpayer(principal)
    if kind not in KINDS:
        raise invalid_field("kind", "unknown_kind")
    body = _text(text)
    if details is not None and (not isinstance(details, dict) or len(json.dumps(details, ensure_ascii=False)) > MAX_DETAILS):
        raise invalid_field("details", "not_an_object" if not isinstance(details, dict) else "too_long")
    if object_id is None and kind in NEEDS_OBJECT:
        raise invalid_field("object_id", "missing")
    with rt.db.transaction() as session:
        obj = None
        if object_id is not None:
            oid = _object_id(object_id)
            if oid is None or not owns(session, me.taxpayer_id, oid):
                raise NotFound("PROPERTY_NOT_FOUND", "No such object among your property.", {"id": str(object_id)})
            obj = session.get(PropertyObject, oid)
        now = rt.now()
        year = rt.today().year
        row = PropertyReport(taxpayer_id=me.taxpayer_id, kind=kind, object_id=None if obj is None else obj.id, text=body,
                             details=details, status="open", created_at=now, number="")
        row.number = f"{year}-{next_number(session, SERIES, year):06d}"  # taken last: a failed report uses no number
        session.add(row)
        session.flush()
        audit.record(session, me, "property.report_filed", taxpayer_id=me.taxpayer_id, at=now, id=row.id,
                     number=row.number, kind=kind, object_id=row.object_id)
        return _view(row, obj)


def _object_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**62 else None
    if isinstance(value, str) and value.isdigit() and len(value) < 18:
        return int(value)
    return None


def my_reports(rt: Runtime, principal: Principal) -> list[ReportView]:
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        rows = session.execute(select(PropertyReport, PropertyObject).outerjoin(PropertyObject, PropertyReport.object_id == PropertyObject.id)
                               .where(PropertyReport.taxpayer_id == me.taxpayer_id).order_by(PropertyReport.id.desc())).all()
        return [_view(r, o) for r, o in rows]


def officer_reports(rt: Runtime, actor: Principal, status: str | None = "open", limit: int = 200) -> list[ReportView]:
    """The officers' queue; the read is audited (one row naming the reports shown)."""
    authorize.staff(actor)
    if status is not None and status not in STATUSES:
        raise invalid_field("status", "not_allowed")
    with rt.db.transaction() as session:
        query = (select(PropertyReport, PropertyObject, Taxpayer.tin, Taxpayer.name, Taxpayer.kind)
                 .outerjoin(PropertyObject, PropertyReport.object_id == PropertyObject.id)
                 .join(Taxpayer, Taxpayer.id == PropertyReport.taxpayer_id).order_by(PropertyReport.id).limit(limit))
        if status is not None:
            query = query.where(PropertyReport.status == status)
        rows = session.execute(query).all()
        audit.record(session, actor, "property.reports_read", at=rt.now(), status=status, ids=[r.id for r, *_ in rows])
        return [_view(r, o, tin, name, kind) for r, o, tin, name, kind in rows]


def answer(rt: Runtime, actor: Principal, report_id: int, *, status: object, text: object) -> ReportView:
    """``POST /officer/property/reports/{id}/answer``: resolved or rejected, once; the answer goes
    to the taxpayer through the outbox (``kernel.notify``), in the same transaction."""
    authorize.staff(actor)
    if status not in ANSWERS:
        raise invalid_field("status", "not_allowed")
    body = _text(text)
    with rt.db.transaction() as session:
        row = _locked(session, report_id)
        if row is None:
            raise NotFound("REPORT_NOT_FOUND", "No such report.", {"id": str(report_id)})
        if row.status != "open":
            if row.status == status and row.answer == body:  # the same answer again: the first result
                return _view(row, session.get(PropertyObject, row.object_id) if row.object_id else None)
            raise Conflict("REPORT_ALREADY_ANSWERED", "This report has already been answered.", {"id": str(report_id), "status": row.status})
        now = rt.now()
        row.status, row.answer, row.answered_by, row.answered_at = status, body, actor.login, now
        audit.record(session, actor, "property.report_answered", taxpayer_id=row.taxpayer_id, at=now, id=row.id,
                     number=row.number, status=status)
        notify.notify(session, taxpayer_id=row.taxpayer_id, kind="property_report_answered",
                      title="Your report {number} on property data has been answered",
                      body="Report {number}: {status}. {answer}",
                      params={"number": row.number, "status": "Resolved" if status == "resolved" else "Rejected", "answer": body},
                      related={"property_report": row.id}, now=now)
        return _view(row, session.get(PropertyObject, row.object_id) if row.object_id else None)


def _locked(session: Session, report_id: int) -> PropertyReport | None:
    if not 0 < report_id < 2**62:
        return None
    return session.scalar(select(PropertyReport).where(PropertyReport.id == report_id).with_for_update())

