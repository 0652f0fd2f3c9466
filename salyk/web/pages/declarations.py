"""The declarations pages of the web cabinet (issue 5 item 6; Offer 3.1(2)).

* ``/declarations``: what the taxpayer must file (obligations) with a one-tap "file a zero report"
  for each open or overdue one, signed with the cloud signature after the PIN (TC art. 28, 86(4));
* ``/declarations/signature``: set the signing PIN (the service makes and seals the key);
* ``/declarations/forms/{code}``: a full form, with the tax computed by the law engine and its
  explanation before signing;
* ``/declarations/journal``: every filing with its receipt and a PDF copy.

The pages call the same services as the API (salyk.declarations), so a filing made here is
identical to one made by a client: the same detached JWS, checks and receipt.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from salyk.api.middleware import client_address
from starlette.responses import Response

from salyk.declarations import certificates, filing, forms, journal, obligations
from salyk.declarations.deadlines import check_period
from salyk.declarations.pdf import render as render_pdf
from salyk.kernel.explanations import trace_view
from salyk.kernel.errors import SalykError
from salyk.web.forms import form_page
from salyk.registry.taxpayers import my_card
from salyk.web.render import N_, message_of, redirect, render
from salyk.web.session import Visit, require_cabinet, visit

router = APIRouter(prefix="/declarations", include_in_schema=False)

STATUS_LABELS = {"open": N_("To file"), "overdue": N_("Overdue"), "fulfilled": N_("Filed")}
KIND_LABELS = {"initial": N_("Initial"), "clarified": N_("Clarified")}
ROWS_SHOWN = 3  # employee rows on the tax agent's form page


def _lang_title(form: forms.Form, lang: str) -> str:
    return form.ru if lang == "ru" else form.ky


def _overview(v: Visit, principal, *, error: str | None = None, status: int = 200) -> Response:
    _, _, found = obligations.obligations(v.rt, principal.taxpayer_id)
    cloud = certificates.cloud_status(v.rt, principal.taxpayer_id)
    today = v.rt.today()
    items = [
        {
            "o": o,
            "title": _lang_title(o.form, v.lang),
            "can_file": o.status != "fulfilled" and o.period.end < today and o.form.zero_allowed,
        }
        for o in reversed(found)
    ]
    return render(v, "declarations/overview.html", status=status, items=items, cloud=cloud, statuses=STATUS_LABELS, error=error)


@router.get("")
def overview(request: Request):
    v = visit(request)
    principal = require_cabinet(v)
    return _overview(v, principal)


def _sign_and_file(v: Visit, principal, form_code: str, period: str, zero: bool, values: dict[str, Any], pin: str, kind: str = "initial") -> dict:
    document = {
        "client_filing_id": str(uuid.uuid4()),
        "tin": principal.login,
        "form": form_code,
        "period": period,
        "kind": kind,
        "zero": zero,
        "values": values,
    }
    signature, _ = certificates.cloud_sign(v.rt, principal, pin, document)
    return filing.file(v.rt, principal, document, signature).receipt


def zero_submit(v: Visit, form: dict[str, str]):
    principal = require_cabinet(v)
    try:
        receipt = _sign_and_file(v, principal, form.get("form", "")[:64], form.get("period", "")[:7], True, {}, form.get("pin", "")[:64])
    except SalykError as exc:
        return _overview(v, principal, error=message_of(exc, v.lang), status=exc.status)
    return redirect(v, f"/declarations/journal?filed={receipt['id']}")


router.post("/zero")(form_page(zero_submit))


# --- the signing PIN ------------------------------------------------------------------------------


def _signature(v: Visit, principal, *, error: str | None = None, status: int = 200) -> Response:
    return render(v, "declarations/signature.html", status=status, cloud=certificates.cloud_status(v.rt, principal.taxpayer_id), error=error)


@router.get("/signature")
def signature_page(request: Request):
    v = visit(request)
    return _signature(v, require_cabinet(v))


def signature_submit(v: Visit, form: dict[str, str]):
    principal = require_cabinet(v)
    pin, again = form.get("pin", "")[:64], form.get("pin_again", "")[:64]
    if pin != again:
        return _signature(v, principal, status=422, error=v.gettext(N_("The two PINs are not the same.")))
    try:
        # A reset (a PIN already set) asks for the account password (issue 11 item 7).
        password = form.get("password", "")[:200] or None
        certificates.enrol(v.rt, principal, pin, password=password, address=client_address(v.request))
    except SalykError as exc:
        return _signature(v, principal, status=exc.status, error=message_of(exc, v.lang))
    return redirect(v, "/declarations")


router.post("/signature")(form_page(signature_submit))


# --- the journal ----------------------------------------------------------------------------------


@router.get("/journal")
def journal_page(request: Request, filed: str = ""):
    v = visit(request)
    principal = require_cabinet(v)
    entries = journal.journal(v.rt, principal.taxpayer_id)
    titles = {code: _lang_title(f, v.lang) for code, f in forms.FORMS.items()}
    just_filed = next((e for e in entries if e["id"] == filed[:36]), None)
    return render(v, "declarations/journal.html", entries=entries, titles=titles, kinds=KIND_LABELS, just_filed=just_filed)


@router.get("/{filing_id}.pdf")
def pdf_copy(request: Request, filing_id: str):
    v = visit(request)
    principal = require_cabinet(v)
    row, taxpayer = journal.get_row(v.rt, principal.taxpayer_id, filing_id[:64])
    url = f"{str(request.base_url).rstrip('/')}/api/v1/public/receipts/{row.receipt_number}"
    return Response(render_pdf(row, taxpayer, url), media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="declaration-{row.receipt_number}.pdf"'})


# --- full forms -----------------------------------------------------------------------------------


def _form_of(code: str, principal_kind: str) -> forms.Form | None:
    form = forms.find_form(code)
    return form if form is not None and principal_kind in form.taxpayer_kinds else None


def _kind(v: Visit, principal) -> str:
    return my_card(v.rt, principal).kind


@router.get("/forms")
def forms_page(request: Request):
    v = visit(request)
    principal = require_cabinet(v)
    kind = _kind(v, principal)
    available = [(f, _lang_title(f, v.lang)) for f in forms.FORMS.values() if kind in f.taxpayer_kinds]
    return render(v, "declarations/forms.html", available=available)


def _values_from(form: forms.Form, posted: dict[str, str]) -> dict[str, Any]:
    """The form's values from the page's fields; empty fields are left out (they count as zero)."""

    def one(spec: forms.Field, name: str) -> Any:
        raw = posted.get(name, "").strip()
        if spec.type == "boolean":
            return raw == "on" if raw else None
        if not raw:
            return None
        if spec.type == "integer":
            return int(raw) if raw.isdigit() and len(raw) < 10 else raw  # the form check refuses text
        return raw.replace(",", ".").replace(" ", "")

    values: dict[str, Any] = {}
    for spec in form.fields:
        if spec.type == "rows":
            rows = []
            for i in range(ROWS_SHOWN):
                row = {s.name: one(s, f"v.{spec.name}.{i}.{s.name}") for s in spec.rows}
                row = {k: x for k, x in row.items() if x is not None and x is not False}
                if row:
                    rows.append(row)
            if rows:
                values[spec.name] = rows
        else:
            x = one(spec, f"v.{spec.name}")
            if x is not None and x is not False:
                values[spec.name] = x
    return values


def _form_view(v: Visit, form: forms.Form, posted: dict[str, str], **extra: Any) -> Response:
    extra |= _declared_property(v, form, posted)
    return render(
        v,
        "declarations/form.html",
        status=extra.pop("status", 200),
        form=form,
        title=_lang_title(form, v.lang),
        posted=posted,
        rows=range(ROWS_SHOWN),
        field_title=lambda f: f.ru if v.lang == "ru" else f.ky,
        explain=lambda trace: trace_view(trace, v.lang),
        **({"result": None, "error": None} | extra),
    )


@router.get("/forms/{code}")
def form_page_get(request: Request, code: str):
    v = visit(request)
    principal = require_cabinet(v)
    form = _form_of(code[:64], _kind(v, principal))
    if form is None:
        return render(v, "error.html", status=404, message=v.gettext("There is no such form."))
    return _form_view(v, form, {})


def form_submit(v: Visit, posted: dict[str, str]):
    principal = require_cabinet(v)
    code = v.request.path_params.get("code", "")[:64]
    kind = _kind(v, principal)
    form = _form_of(code, kind)
    if form is None:
        return render(v, "error.html", status=404, message=v.gettext("There is no such form."))
    action, pin = posted.get("action", "compute"), posted.get("pin", "")[:64]
    posted = {k: x[:100] for k, x in posted.items() if k.startswith("v.") or k in ("period", "kind")}
    values = _values_from(form, posted)
    period_text = posted.get("period", "").strip()
    try:
        period = obligations.parse_period(period_text)
        if period.kind != form.period_kind:
            raise forms.ValuesInvalid("period", form.period_kind)
        check_period(period, v.rt.today())
        parsed = forms.parse_values(form, values, False)
        result = forms.compute(form, period, parsed, kind)
    except forms.ValuesInvalid as exc:
        error = exc.error(form)
        return _form_view(v, form, posted, status=422, error=message_of(error, v.lang))
    except SalykError as exc:
        return _form_view(v, form, posted, status=exc.status, error=message_of(exc, v.lang))
    if action != "file":
        return _form_view(v, form, posted, result=result)
    try:
        filing_kind = "clarified" if posted.get("kind") == "clarified" else "initial"
        receipt = _sign_and_file(v, principal, form.code, str(period), False, values, pin, filing_kind)
    except SalykError as exc:
        return _form_view(v, form, posted, status=exc.status, result=result, error=message_of(exc, v.lang))
    return redirect(v, f"/declarations/journal?filed={receipt['id']}")


router.post("/forms/{code}")(form_page(form_submit))


def _declared_property(v: Visit, form: forms.Form, posted: dict[str, str]) -> dict[str, Any]:
    """The unified declaration of an individual shows the property held in the year, pre-filled
    read-only from the registries (TC art. 92, 125; the property module), when that service is on."""
    if form.code != "unified_declaration_individual" or v.rt.switch_state("property").state.value == "off":
        return {}
    from salyk.property.holdings import held_in_year

    raw = posted.get("period", "").strip()
    year = int(raw) if raw.isdigit() and len(raw) == 4 and 2009 <= int(raw) <= 2199 else v.rt.today().year - 1
    return {"property_year": year, "property_held": held_in_year(v.rt, v.principal, year)}
