"""The property service's web pages (Offer 3.1(4)): the taxpayer's vehicles and real estate as
cards (plate or address first), each with its registry history, the year's tax and its
explanation, and the "this is wrong / not mine / missing" reports; for the tax office the
registry-file upload (the same rules as ``salyk registry import``) with the feed results, the
annual assessment and the reports queue.

The pages call the same services as the API (``salyk.property``); errors are shown in the page's
language from the service's own messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from salyk.kernel import formats
from salyk.kernel.errors import SalykError, ValidationFailed
from salyk.kernel.i18n import gettext
from salyk.kernel.principal import StaffPrincipal, SystemPrincipal, TaxpayerPrincipal
from salyk.property import assessment, feed, holdings, reports
from salyk.property.csvfile import FileRefused, read_rows
from salyk.property.records import REAL_ESTATE, VEHICLE
from salyk.web.forms import CSRF_REFUSED, form_page, parse_date
from salyk.web.confirm import confirm_page, confirmed
from salyk.web.render import N_, error_page, field_of, message_of, redirect, redirect_done, render
from salyk.web.session import Visit, require_cabinet, require_staff, visit

router = APIRouter(include_in_schema=False)

MAX_UPLOAD = 10_000_000  # 10 MB: larger monthly files go through ``salyk registry import``

VEHICLE_KINDS = {
    "passenger": N_("Passenger car"), "truck": N_("Truck"), "bus": N_("Bus"), "motorcycle": N_("Motorcycle"),
    "electric": N_("Electric vehicle"), "other": N_("Other vehicle"),
}
PURPOSES = {
    "dwelling_house": N_("Dwelling house"), "apartment": N_("Apartment"), "non_residential": N_("Non-residential premises"),
    "land_settlement": N_("Land in a settlement"), "land_agricultural": N_("Agricultural land"),
}
REPORT_KINDS = {"wrong_data": N_("The data are wrong"), "not_mine": N_("This is not mine"), "missing_object": N_("An object is missing")}
REPORT_STATUSES = {"open": N_("Open"), "resolved": N_("Resolved"), "rejected": N_("Rejected")}
FEED_KINDS = {VEHICLE: N_("Vehicles"), REAL_ESTATE: N_("Real estate")}
FILE_REASONS = {
    "not_utf8": N_("The file is not UTF-8 text."),
    "not_csv": N_("The file is not a CSV table."),
    "bad_header": N_("The first row must name the record's fields (see the list above)."),
    "too_large": N_("The file is larger than 10 MB; load it with the command salyk registry import."),
    "empty": N_("Choose a file."),
}


def _file_error(v: Visit, reason: str) -> str:
    return gettext(FILE_REASONS[reason], v.lang)


def _labels(v: Visit) -> dict[str, Any]:
    return {"vehicle_kinds": VEHICLE_KINDS, "purposes": PURPOSES, "report_kinds": REPORT_KINDS,
            "report_statuses": REPORT_STATUSES, "feed_kinds": FEED_KINDS,
            "som": lambda amount: formats.som(Decimal(amount), v.lang)}


def _trace(v: Visit, lines: Sequence[holdings.TraceLine]) -> list[tuple[str, str | None]]:
    return [(gettext(t.text, v.lang, **dict(t.params)), t.citation) for t in lines]


def _year(raw: str | None, v: Visit) -> int:
    if raw and raw.isdigit() and len(raw) == 4:
        return int(raw)
    return v.rt.today().year


# --- taxpayer ----------------------------------------------------------------------------------


@router.get("/property")
def property_page(request: Request, as_of: str | None = None) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    error = None
    day = None
    if as_of:
        try:
            day = parse_date(as_of, "as_of")
        except SalykError as exc:
            error = message_of(exc, v.lang)
    owned = holdings.holdings(v.rt, principal, day)
    year = v.rt.today().year
    taxes = {o.object_id: o for o in holdings.year_tax(v.rt, principal, year).objects}
    return render(v, "property/list.html", owned=owned, taxes=taxes, year=year, as_of=day or v.rt.today(), error=error,
                  vehicle=VEHICLE, **_labels(v))


@router.get("/property/tax")
def tax_page(request: Request, year: str | None = None) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        result = holdings.year_tax(v.rt, principal, _year(year, v))
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    objects = [(o, _trace(v, o.trace)) for o in result.objects]
    return render(v, "property/tax.html", result=result, objects=objects, vehicle=VEHICLE, **_labels(v))


def _reports_page(v: Visit, principal: TaxpayerPrincipal, *, status: int = 200, error: str | None = None, error_field: str | None = None,
                  form: dict[str, str] | None = None) -> Response:
    owned = holdings.holdings(v.rt, principal, None)
    return render(v, "property/reports.html", status=status, reports=reports.my_reports(v.rt, principal), owned=owned,
                  error=error, error_field=error_field, form=form or {}, **_labels(v))


@router.get("/property/reports")
def reports_page(request: Request) -> Response:
    v = visit(request)
    return _reports_page(v, require_cabinet(v))


def report_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    object_id = form.get("object_id") or None
    try:
        filed = reports.file_report(v.rt, principal, kind=form.get("kind", ""), object_id=object_id, text=form.get("text", ""))
    except SalykError as exc:
        if object_id and exc.status == 404:
            return error_page(v, 404, message_of(exc, v.lang))
        return _reports_page(v, principal, status=exc.status, error=message_of(exc, v.lang), error_field=field_of(exc), form=form)
    return redirect(v, f"/property/reports?filed={filed.number}")


router.add_api_route("/property/reports", form_page(report_submit), methods=["POST"])


@router.get("/property/{object_id}")
def object_page(request: Request, object_id: str, year: str | None = None) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    if not object_id.isdigit() or len(object_id) > 17:
        return error_page(v, 404, gettext("No such object among your property.", v.lang))
    try:
        detail = holdings.holding(v.rt, principal, int(object_id))
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    tax_year = _year(year, v)
    tax = holdings.tax_of(tax_year, detail.holding) if holdings.overlaps(detail.holding, tax_year) else None
    trace = _trace(v, tax.trace) if isinstance(tax, holdings.ObjectTax) else []
    return render(v, "property/object.html", detail=detail, h=detail.holding, tax=tax, trace=trace, tax_year=tax_year,
                  vehicle=VEHICLE, is_taxed=isinstance(tax, holdings.ObjectTax), **_labels(v))


# --- tax office --------------------------------------------------------------------------------


def _feed_page(v: Visit, principal: StaffPrincipal | SystemPrincipal, *, status: int = 200, error: str | None = None,
               result: feed.FeedResult | None = None, kind: str | None = None,
               rejected: Sequence[tuple[int | None, str | None, str, str]] = (), lines: int = 0,
               assessed: assessment.AssessmentResult | None = None) -> Response:
    return render(v, "property/officer_feed.html", status=status, error=error, result=result, kind=kind, rejected=rejected,
                  lines=lines, batches=feed.recent_batches(v.rt, principal, 20), assessed=assessed,
                  year=v.rt.today().year, gettext_in=lambda msgid, params: gettext(msgid, v.lang, **params), **_labels(v))


@router.get("/officer/property/feed")
def feed_page(request: Request) -> Response:
    v = visit(request)
    return _feed_page(v, require_staff(v))


@router.post("/officer/property/feed")
async def feed_upload(request: Request) -> Response:
    """A registry file (CSV with a header of the record's fields), the same rules as the API."""
    try:
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        data = await upload.read(MAX_UPLOAD + 1) if upload is not None and not isinstance(upload, str) else b""
        fields = {k: val for k, val in form.multi_items() if isinstance(val, str)}
    except Exception:
        fields, data = {}, b""
    return await run_in_threadpool(_feed_upload, request, fields, data)


def _feed_upload(request: Request, fields: dict[str, str], data: bytes) -> Response:
    v = visit(request)
    if not v.csrf_ok(fields):
        return error_page(v, 403, gettext(CSRF_REFUSED, v.lang))
    principal = require_staff(v)
    kind = fields.get("kind", "")
    if kind not in FEED_KINDS:
        return _feed_page(v, principal, status=422, error=gettext("Choose the registry.", v.lang))
    if not data:
        return _feed_page(v, principal, status=422, error=_file_error(v, "empty"), kind=kind)
    if len(data) > MAX_UPLOAD:
        return _feed_page(v, principal, status=413, error=_file_error(v, "too_large"), kind=kind)
    try:
        rows = read_rows(kind, data)
    except FileRefused as exc:
        return _feed_page(v, principal, status=422, error=_file_error(v, exc.reason), kind=kind)
    result = feed.import_rows(v.rt, principal, kind, rows, channel="web")
    rejected = [(r.line, r.registry_id, r.error.code, message_of(r.error, v.lang)) for r in result.rejected]
    return _feed_page(v, principal, result=result, kind=kind, rejected=rejected, lines=len(rows))


def assessment_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    raw = form.get("year", "").strip()
    tin = form.get("tin", "").strip() or None
    try:
        if not (raw.isdigit() and len(raw) == 4):
            raise ValidationFailed("VALIDATION_ERROR", "The field {field} is not valid: {reason}.",
                                   {"field": "year", "reason": "out_of_range"}, field="year",
                                   reason="the value is out of the allowed range")
        result = assessment.assess(v.rt, principal, year=int(raw), tin=tin)
    except SalykError as exc:
        return _feed_page(v, principal, status=exc.status, error=message_of(exc, v.lang))
    return _feed_page(v, principal, assessed=result)


router.add_api_route("/officer/property/assessments", form_page(assessment_submit), methods=["POST"])


@router.get("/officer/property/reports")
def officer_reports_page(request: Request, status: str = "open") -> Response:
    v = visit(request)
    principal = require_staff(v)
    status = status if status in REPORT_STATUSES else "open"
    return render(v, "property/officer_reports.html", status_filter=status,
                  reports=reports.officer_reports(v.rt, principal, status), error=None, **_labels(v))


def answer_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    report_id = form.get("id", "")
    try:
        if not report_id.isdigit() or len(report_id) > 17:
            raise ValidationFailed("REPORT_NOT_FOUND", "No such report.", {"id": report_id[:20]}, status=404)
        outcome = form.get("status", "")
        if not confirmed(form) and outcome in ("resolved", "rejected"):
            r = next((x for x in reports.officer_reports(v.rt, principal, "open") if str(x.id) == report_id), None)
            if r is not None:  # the officers' list names each report's taxpayer (tin, name, kind)
                labels = _labels(v)
                facts = [(N_("Report"), f"{r.number} · {gettext(labels['report_kinds'][r.kind], v.lang)}"), (N_("Text"), r.text),
                         (N_("Answer"), form.get("text", "")[:4000])]
                resolve = outcome == "resolved"
                return confirm_page(v, action="/officer/property/reports/answer", form=form, back="/officer/property/reports?status=open",
                                    who={"tin": r.tin or "", "name": r.taxpayer_name or "", "taxpayer_kind": r.taxpayer_kind or ""}, facts=facts,
                                    question=N_("Mark this report resolved and send the answer?") if resolve else N_("Reject this report and send the answer?"),
                                    button=N_("Yes, resolved") if resolve else N_("Yes, reject"), tone="approve" if resolve else "danger")
        reports.answer(v.rt, principal, int(report_id), status=outcome, text=form.get("text", ""))
    except SalykError as exc:
        return render(v, "property/officer_reports.html", status=exc.status, status_filter="open",
                      reports=reports.officer_reports(v.rt, principal, "open"), error=message_of(exc, v.lang), **_labels(v))
    return redirect_done(v, "/officer/property/reports?status=open", f"report.{outcome}")


router.add_api_route("/officer/property/reports/answer", form_page(answer_submit), methods=["POST"])
