"""Web pages of the e-patent service (issue 12): catalogue with search, quote with the price
explained, order, payment details (reference, amount, a payment QR), my patents with status
badges, the PDF, one-tap renewal, the officer's view with revocation, and the public check page
for a phone camera. The pages call the same services as the API."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from salyk.kernel import explanations, formats
from salyk.kernel.errors import SalykError
from salyk.kernel.i18n import gettext
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.law.money import format_som
from salyk.law.patent import Step
from salyk.patents import check, officer, orders
from salyk.web.forms import form_page, parse_date
from salyk.registry import taxpayers
from salyk.web.confirm import confirm_page, confirmed
from salyk.web.render import N_, SECURITY_HEADERS, environment, error_page, field_of, message_of, redirect, redirect_done, render
from salyk.web.session import Visit, language, require_cabinet, require_staff, visit

router = APIRouter(include_in_schema=False)

STATUSES = {
    "awaiting_payment": N_("Awaiting payment"),
    "issued": N_("Issued"),
    "active": N_("Active"),
    "expired": N_("Expired"),
    "revoked": N_("Revoked"),
    "cancelled": N_("Cancelled"),
}
ZONES = {"bishkek": N_("Bishkek"), "osh": N_("Osh"), "oblast_center": N_("Oblast centre"), "other": N_("Other locality")}


def _labels(v: Visit) -> dict[str, Any]:
    cat = orders.catalogue(v.rt, v.rt.today())
    titles = {a.code: (a.title_ky if v.lang == "ky" else a.title_ru) for a in cat.activities}
    return {"statuses": STATUSES, "zones": ZONES, "som": lambda amount: formats.som(amount, v.lang), "titles": titles}


# --- catalogue and quote ----------------------------------------------------------------------

_STEP_DATES = ("start", "since", "valid_from", "valid_to")
_STEP_AMOUNTS = ("base", "amount")  # the msgid writes "сом" after them


def _step_text(step: Step, lang: str) -> str:
    """One line of the price's explanation with its values as the language writes them: dates
    DD.MM.YYYY, amounts with separators, the zone by its name, the coefficient with a decimal comma."""
    shown: dict[str, Any] = {}
    for key, value in step.params.items():
        if key in _STEP_DATES:
            shown[key] = explanations.day(value)
        elif key in _STEP_AMOUNTS:
            shown[key] = explanations.amount(value, lang)
        elif key == "zone":
            shown[key] = gettext(ZONES.get(value, value), lang)
        elif key == "coefficient":
            shown[key] = explanations.number(Decimal(str(value)), lang)
        else:
            shown[key] = value
    return gettext(step.text, lang, **shown)


@router.get("/patents/catalogue")
def catalogue_page(request: Request, q: str = "") -> Response:
    v = visit(request)
    q = q.strip()[:100]
    cat = orders.catalogue(v.rt, v.rt.today())
    needle = q.casefold()
    found = [a for a in cat.activities if not needle or any(needle in s.casefold() for s in (a.code, a.gked, a.title_ky, a.title_ru))]
    return render(v, "patents/catalogue.html", q=q, activities=found, catalogue=cat, **_labels(v))


def _quote_form(v: Visit, values: dict[str, str], *, status: int = 200, error: str | None = None, error_field: str | None = None) -> Response:
    cat = orders.catalogue(v.rt, v.rt.today())
    return render(v, "patents/quote.html", status=status, values=values, catalogue=cat, quote=None, error=error,
                  error_field=error_field, client_order_id=str(uuid.uuid4()), **_labels(v))


@router.get("/patents/quote")
def quote_page(request: Request, activity: str = "", zone: str = "", term_days: str = "", start: str = "") -> Response:
    v = visit(request)
    values = {"activity": activity[:32], "zone": zone[:32], "term_days": term_days[:4], "start": start[:10] or v.rt.today().isoformat()}
    if not (activity and zone and term_days):
        return _quote_form(v, values)
    try:
        citizenship = "kg"
        if isinstance(v.principal, TaxpayerPrincipal):  # a logged-in taxpayer sees the price for their citizenship
            citizenship = orders.citizenship_of(v.rt, v.principal)
        term = int(term_days) if term_days.isdigit() else -1
        q = orders.quote(v.rt, values["activity"], values["zone"], term, parse_date(values["start"], "start"), citizenship)
    except SalykError as exc:
        return _quote_form(v, values, status=exc.status, error=message_of(exc, v.lang), error_field=field_of(exc))
    steps = [{"text": _step_text(s, v.lang), "citation": explanations.citation_text(s.citation, v.lang)} for s in q.steps]
    cat = orders.catalogue(v.rt, v.rt.today())
    return render(v, "patents/quote.html", values=values, catalogue=cat, quote=q, steps=steps, error=None, error_field=None,
                  client_order_id=str(uuid.uuid4()), **_labels(v))


def order_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    values = {k: form.get(k, "")[:64] for k in ("activity", "zone", "term_days", "start", "client_order_id")}
    try:
        term = int(values["term_days"]) if values["term_days"].isdigit() else -1
        done = orders.order(v.rt, principal, orders.OrderIn(values["client_order_id"], values["activity"], values["zone"], term,
                                                            parse_date(values["start"], "start")))
    except SalykError as exc:
        return _quote_form(v, values, status=exc.status, error=message_of(exc, v.lang), error_field=field_of(exc))
    return redirect(v, f"/patents/{done.patent.id}")


router.post("/patents/order")(form_page(order_submit))


# --- my patents -------------------------------------------------------------------------------


@router.get("/patents")
def my_patents_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    return render(v, "patents/mine.html", patents=orders.my_patents(v.rt, principal), **_labels(v))


def _id(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else 0


@router.get("/patents/{patent_id}.pdf")
def pdf_page(request: Request, patent_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        number, data = check.pdf(v.rt, principal, _id(patent_id), str(request.base_url))
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="patent-{_id(patent_id)}.pdf"'})


@router.get("/patents/{patent_id}")
def patent_page(request: Request, patent_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        p = orders.my_patent(v.rt, principal, _id(patent_id))
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    payment_qr = None
    if p.status == "awaiting_payment":
        # What a bank app needs to pay the order: tax, amount, reference (the payer's ИСН is on the account).
        payment_qr = segno.make(f"SALYK:PAY?tax=patent&tin={p.holder_tin}&amount={format_som(p.amount)}&ref={p.payment_reference}",
                                error="m").svg_data_uri(scale=4)
    return render(v, "patents/patent.html", p=p, payment_qr=payment_qr, **_labels(v))


def renewal_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    try:
        done = orders.renew(v.rt, principal, _id(v.request.path_params["patent_id"]))
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return redirect(v, f"/patents/{done.patent.id}")


router.post("/patents/{patent_id}/renewal")(form_page(renewal_submit))


# --- officer ----------------------------------------------------------------------------------


@router.get("/officer/patents")
def officer_page(request: Request, tin: str = "") -> Response:
    v = visit(request)
    staff = require_staff(v)
    tin = tin.strip()[:14]
    found, error, who = None, None, None
    if tin:
        try:
            found = officer.taxpayer_patents(v.rt, staff, tin)
            who = taxpayers.officer_who(v.rt, staff, tin)
        except SalykError as exc:
            error = message_of(exc, v.lang)
    return render(v, "patents/officer.html", tin=tin, patents=found, error=error, who=who, **_labels(v))


def revoke_submit(v: Visit, form: dict[str, str]) -> Response:
    staff = require_staff(v)
    number = form.get("number", "")[:32]
    try:
        if not confirmed(form):
            tin = "".join(c for c in form.get("tin", "")[:14] if c.isdigit())
            mine = [p for p in officer.taxpayer_patents(v.rt, staff, tin) if p.number == number] if tin else []
            if mine:
                p = mine[0]
                facts = [(N_("Patent"), number), (N_("Valid"), f"{explanations.day(p.valid_from)} – {explanations.day(p.valid_to)}"),
                         (N_("Reason"), form.get("reason", "")[:500]), (N_("Decision reference"), form.get("decision_reference", "")[:200])]
                return confirm_page(v, action="/officer/patents/revocation", form=form, back=f"/officer/patents?tin={tin}",
                                    who=taxpayers.officer_who(v.rt, staff, tin).as_dict(), facts=facts,
                                    question=N_("Revoke this patent?"), button=N_("Yes, revoke"), tone="danger")
        p = officer.revoke(v.rt, staff, number, form.get("reason", "")[:500], form.get("decision_reference", "")[:200])
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return redirect_done(v, f"/officer/patents?tin={p.holder_tin}", "patent.revoked")


router.post("/officer/patents/revocation")(form_page(revoke_submit))


# --- the public check page --------------------------------------------------------------------


def public_page(request: Request, rt: Runtime, number: str) -> HTMLResponse:
    """The public check as a page (``GET /api/v1/public/patents/{number}?format=html``)."""
    lang = language(request)
    try:
        found, status = check.public_check(rt, number), 200
    except SalykError:
        found, status = None, 404
    titles: dict[str, str] = {}
    if found is not None:
        titles = {a.code: (a.title_ky if lang == "ky" else a.title_ru) for a in orders.catalogue(rt, found.valid_from).activities}
    page = environment.get_template("patents/public_check.html").render(lang=lang, check=found, number=number, statuses=STATUSES,
                                                                        zones=ZONES, titles=titles)
    return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
