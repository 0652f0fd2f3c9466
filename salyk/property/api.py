"""HTTP endpoints of the property service: the registry feed (officers or the registry system),
the taxpayer's objects, their history and tax, reports on wrong data, the annual assessment."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field, StrictInt

from salyk.api.deps import Cabinet, RuntimeDep, Staff
from salyk.api.errors import language_of
from salyk.api.openapi import returns
from salyk.api.schemas import Body, Out
from salyk.kernel.errors import NotFound, SalykError, invalid_field
from salyk.kernel.formats import timestamp
from salyk.kernel.i18n import gettext
from salyk.kernel.runtime import Runtime
from salyk.law.money import format_som
from salyk.property import assessment, feed, holdings, reports
from salyk.property.records import REAL_ESTATE, VEHICLE

router = APIRouter(tags=["property"])

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIRST_DAY = dt.date(1991, 1, 1)
_LAST_DAY = dt.date(2199, 12, 31)


def _query_date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    if not _ISO_DATE.fullmatch(value):
        raise invalid_field(field, "not_a_date")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise invalid_field(field, "not_a_date") from None
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise invalid_field(field, "out_of_range")
    return day


def _query_year(value: str | None, rt: Runtime) -> int:
    if value is None:
        return rt.today().year
    if not re.fullmatch(r"[0-9]{4}", value):
        raise invalid_field("year", "out_of_range")
    return int(value)


def _path_id(value: str, code: str, message: str) -> int:
    if not re.fullmatch(r"[0-9]{1,17}", value) or int(value) == 0:
        raise NotFound(code, message, {"id": value[:40]})
    return int(value)


class ErrorOut(Out):
    code: str
    message: str
    details: dict[str, Any]


def _error(exc: SalykError, lang: str) -> ErrorOut:
    return ErrorOut(code=exc.code, message=gettext(exc.message, lang, **exc.params), details=exc.details)


# --- registry feed -----------------------------------------------------------------------------


class RecordsIn(Body):
    # Each record is checked alone (a malformed row is refused with its field, the others go in).
    records: list[Any] = Field(max_length=feed.MAX_RECORDS)


class RejectedOut(Out):
    registry_id: str | None
    error: ErrorOut


class FeedOut(Out):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


def _feed(request: Request, rt: RuntimeDep, officer: Staff, kind: str, body: RecordsIn) -> FeedOut:
    result = feed.receive(rt, officer, kind, body.records)
    lang = language_of(request)
    return FeedOut(accepted=result.accepted, duplicates=result.duplicates,
                   rejected=[RejectedOut(registry_id=r.registry_id, error=_error(r.error, lang)) for r in result.rejected])


@router.post("/officer/registry/vehicles", response_model=FeedOut)
def post_vehicles(request: Request, rt: RuntimeDep, officer: Staff, body: RecordsIn) -> FeedOut:
    """Vehicle records from the registry (TC art. 125): idempotent per (registry_id, version)."""
    return _feed(request, rt, officer, VEHICLE, body)


@router.post("/officer/registry/real-estate", response_model=FeedOut)
def post_real_estate(request: Request, rt: RuntimeDep, officer: Staff, body: RecordsIn) -> FeedOut:
    """Real-estate records from the registry (TC art. 125): idempotent per (registry_id, version)."""
    return _feed(request, rt, officer, REAL_ESTATE, body)


# --- the taxpayer's view -----------------------------------------------------------------------


class RegistryRef(Out):
    id: str
    version: int
    received_at: str


class VehicleOut(Out):
    id: str
    plate: str
    vin: str
    make: str
    model: str
    year: int
    engine_cc: int
    kind: str
    book_value: str | None
    owned_from: str | None
    owned_to: str | None
    registry: RegistryRef


class RealEstateOut(Out):
    id: str
    eni: str
    address: str
    purpose: str
    area_m2: str
    share: str
    locality: str
    owned_from: str | None
    owned_to: str | None
    registry: RegistryRef


class PropertyOut(Out):
    vehicles: list[VehicleOut]
    real_estate: list[RealEstateOut]


class HistoryVersion(Out):
    """One version the registry sent, with the record's fields (a vehicle's or a property's)."""

    version: int
    received_at: str
    owned_from: str | None
    owned_to: str | None


class PropertyObjectOut(Out):
    """A vehicle's or a property's fields (as in ``PropertyOut``) and its history."""

    id: str
    owned_from: str | None
    owned_to: str | None
    registry: RegistryRef
    history: list[HistoryVersion]
    plate: str | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    year: int | None = None
    engine_cc: int | None = None
    kind: str | None = None
    book_value: str | None = None
    eni: str | None = None
    address: str | None = None
    purpose: str | None = None
    area_m2: str | None = None
    share: str | None = None
    locality: str | None = None


class TraceLine(Out):
    text: str
    citation: str | None


class ObjectTax(Out):
    object_id: str
    tax: str
    amount: str
    due_date: str
    status: Literal["assessed", "estimate"]
    trace: list[TraceLine]


class PropertyTaxOut(Out):
    year: int
    objects: list[ObjectTax]
    total: str


class ReportOut(Out):
    id: str
    number: str
    kind: str
    object_id: str | None
    text: str
    details: dict[str, Any] | None
    status: str
    answer: str | None
    created_at: str
    answered_at: str | None
    tin: str | None = None  # officers' view only


class ReportsOut(Out):
    reports: list[ReportOut]


class ReportFiledOut(Out):
    id: str
    number: str
    status: str


class AssessmentRunOut(Out):
    year: int
    taxpayers: int
    objects: int
    charges: int
    unchanged: int
    total: str
    posting_ids: list[str]


def _registry(h: holdings.Holding) -> dict[str, Any]:
    return {"id": h.registry.id, "version": h.registry.version, "received_at": timestamp(h.registry.received_at)}


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def vehicle_out(h: holdings.Holding) -> dict[str, Any]:
    f = h.fields
    return {"id": str(h.id), "plate": f["plate"], "vin": f["vin"], "make": f["make"], "model": f["model"], "year": f["year"],
            "engine_cc": f["engine_cc"], "kind": f["kind"], "book_value": f.get("book_value"),
            "owned_from": _iso(h.owned_from), "owned_to": _iso(h.owned_to), "registry": _registry(h)}


def real_estate_out(h: holdings.Holding) -> dict[str, Any]:
    f = h.fields
    return {"id": str(h.id), "eni": f["eni"], "address": f["address"], "purpose": f["purpose"], "area_m2": f["area_m2"],
            "share": f["share"], "locality": f["locality"], "owned_from": _iso(h.owned_from), "owned_to": _iso(h.owned_to),
            "registry": _registry(h)}


def holding_out(h: holdings.Holding) -> dict[str, Any]:
    return vehicle_out(h) if h.kind == VEHICLE else real_estate_out(h)


@router.get("/me/property", **returns(PropertyOut))
def get_property(rt: RuntimeDep, taxpayer: Cabinet, as_of: str | None = None) -> dict[str, Any]:
    """Objects the registries say the taxpayer owned on ``as_of`` (default today)."""
    owned = holdings.holdings(rt, taxpayer, _query_date(as_of, "as_of"))
    return {"vehicles": [vehicle_out(h) for h in owned if h.kind == VEHICLE],
            "real_estate": [real_estate_out(h) for h in owned if h.kind == REAL_ESTATE]}


def trace_out(lines: Sequence[holdings.TraceLine], lang: str) -> list[dict[str, str | None]]:
    return [{"text": gettext(t.text, lang, **dict(t.params)), "citation": t.citation} for t in lines]


@router.get("/me/property/tax", **returns(PropertyTaxOut))
def get_property_tax(request: Request, rt: RuntimeDep, taxpayer: Cabinet, year: str | None = None) -> dict[str, Any]:
    """The year's property tax per object as the parameters in force give it (an estimate until the
    annual assessment posts it), with the explanation and its citations."""
    result = holdings.year_tax(rt, taxpayer, _query_year(year, rt))
    lang = language_of(request)
    return {
        "year": result.year,
        "objects": [{"object_id": str(o.object_id), "tax": holdings.TAX, "amount": format_som(o.amount),
                     "due_date": o.due_date.isoformat(), "status": "assessed" if o.assessed else "estimate",
                     "trace": trace_out(o.trace, lang)} for o in result.objects],
        "total": format_som(result.total),
    }


class ReportIn(Body):
    kind: Literal["wrong_data", "not_mine", "missing_object"]
    object_id: str | StrictInt | None = None
    text: str = Field(max_length=reports.MAX_TEXT)
    details: dict[str, Any] | None = None


def report_out(r: reports.ReportView) -> dict[str, Any]:
    out = {"id": str(r.id), "number": r.number, "kind": r.kind, "object_id": None if r.object_id is None else str(r.object_id),
           "text": r.text, "details": r.details, "status": r.status, "answer": r.answer,
           "created_at": timestamp(r.created_at), "answered_at": timestamp(r.answered_at)}
    if r.tin is not None:
        out["tin"] = r.tin
    return out


@router.post("/me/property/reports", **returns(ReportFiledOut, 201))
def post_report(rt: RuntimeDep, taxpayer: Cabinet, body: ReportIn) -> dict[str, Any]:
    """"This is wrong", "not mine" or "missing": a numbered report for the tax office."""
    r = reports.file_report(rt, taxpayer, kind=body.kind, object_id=body.object_id, text=body.text, details=body.details)
    return {"id": str(r.id), "number": r.number, "status": r.status}


@router.get("/me/property/reports", **returns(ReportsOut))
def get_reports(rt: RuntimeDep, taxpayer: Cabinet) -> dict[str, Any]:
    return {"reports": [report_out(r) for r in reports.my_reports(rt, taxpayer)]}


@router.get("/me/property/{object_id}", **returns(PropertyObjectOut))
def get_property_object(rt: RuntimeDep, taxpayer: Cabinet, object_id: str) -> dict[str, Any]:
    """One object with every version the registry sent that names the taxpayer."""
    detail = holdings.holding(rt, taxpayer, _path_id(object_id, "PROPERTY_NOT_FOUND", "No such object among your property."))
    out = holding_out(detail.holding)
    out["history"] = [{"version": v.version, "received_at": timestamp(v.received_at), "owned_from": _iso(v.owned_from),
                       "owned_to": _iso(v.owned_to), **dict(v.fields)} for v in detail.history]
    return out


# --- officers ----------------------------------------------------------------------------------


@router.get("/officer/property/reports", **returns(ReportsOut))
def get_officer_reports(rt: RuntimeDep, officer: Staff, status: str | None = "open") -> dict[str, Any]:
    """The queue of taxpayers' reports (audited read)."""
    return {"reports": [report_out(r) for r in reports.officer_reports(rt, officer, status or None)]}


class AnswerIn(Body):
    status: Literal["resolved", "rejected"]
    text: str = Field(max_length=reports.MAX_TEXT)


@router.post("/officer/property/reports/{report_id}/answer", **returns(ReportOut))
def post_answer(rt: RuntimeDep, officer: Staff, report_id: str, body: AnswerIn) -> dict[str, Any]:
    """Resolve or reject a report; the taxpayer gets a notice (property_report_answered)."""
    r = reports.answer(rt, officer, _path_id(report_id, "REPORT_NOT_FOUND", "No such report."), status=body.status, text=body.text)
    return report_out(r)


class AssessmentIn(Body):
    year: StrictInt
    tin: str | None = Field(default=None, max_length=64)


@router.post("/officer/property/assessments", **returns(AssessmentRunOut))
def post_assessments(rt: RuntimeDep, officer: Staff, body: AssessmentIn) -> dict[str, Any]:
    """Post the year's property tax of every object (or one taxpayer's) to the ledger; running it
    again posts nothing new, a corrected record posts the difference."""
    r = assessment.assess(rt, officer, year=body.year, tin=body.tin)
    return {"year": r.year, "taxpayers": r.taxpayers, "objects": r.objects, "charges": r.charges, "unchanged": r.unchanged,
            "total": format_som(r.total), "posting_ids": [str(i) for i in r.posting_ids]}
