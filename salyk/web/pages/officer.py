"""The tax office's pages: find a taxpayer, register one (TC art. 95-97), issue a password
(Offer 3.3), publish an offer version (Offer 1.5, 10.1).

Role officer or admin; a taxpayer gets a 403 page. The services do the validation and write the
audit rows (every read of a taxpayer's card and every search, TC art. 54), exactly as for the API.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from salyk.kernel.errors import SalykError, invalid_field
from salyk.declarations import forms, journal
from salyk.registry import offers, taxpayers
from salyk.web.forms import form_page, parse_date
from salyk.web.pages.home import KIND_LABELS
from salyk.web.render import N_, field_of, message_of, officer_links, render
from salyk.web.session import Visit, require_staff, visit

router = APIRouter(prefix="/officer", include_in_schema=False)

FILING_KINDS = {"initial": N_("Initial"), "clarified": N_("Clarified")}

MAX_TEXT = 600_000


def _error(v: Visit, exc: SalykError) -> dict:
    return {"error": message_of(exc, v.lang), "error_field": field_of(exc)}


@router.get("")
def officer_home(request: Request):
    v = visit(request)
    principal = require_staff(v)
    return render(v, "officer/home.html", links=officer_links(), is_admin=principal.role == "admin")


@router.get("/taxpayers")
def search(request: Request, q: str = ""):
    v = visit(request)
    principal = require_staff(v)
    q = "".join(c for c in q[:100] if c.isprintable())
    found = taxpayers.search(v.rt, principal, q) if q.strip() else None
    return render(v, "officer/search.html", q=q, found=found, kinds=KIND_LABELS)


# --- register ---------------------------------------------------------------------------------

EMPTY_TAXPAYER = {"tin": "", "kind": "individual", "name": "", "address": "", "registered_on": ""}


@router.get("/taxpayers/new")
def register_form(request: Request):
    v = visit(request)
    require_staff(v)
    return render(v, "officer/register.html", values=EMPTY_TAXPAYER, kinds=KIND_LABELS, error=None, error_field=None, done=None)


def register_submit(v: Visit, form: dict[str, str]):
    principal = require_staff(v)
    values = {key: form.get(key, default)[:1000] for key, default in EMPTY_TAXPAYER.items()}
    try:
        registered_on = parse_date(values["registered_on"], "registered_on")
        new = taxpayers.NewTaxpayer(values["tin"].strip(), values["kind"], values["name"], values["address"], registered_on)
        done = taxpayers.register(v.rt, principal, new)
    except SalykError as exc:
        return render(v, "officer/register.html", status=exc.status, values=values, kinds=KIND_LABELS, done=None, **_error(v, exc))
    return render(v, "officer/register.html", status=201, values=EMPTY_TAXPAYER, kinds=KIND_LABELS, error=None, error_field=None, done=done)


router.post("/taxpayers/new")(form_page(register_submit))


@router.get("/taxpayers/{tin}")
def taxpayer_card(request: Request, tin: str):
    v = visit(request)
    principal = require_staff(v)
    taxpayer = taxpayers.get_for_officer(v.rt, principal, tin[:64])
    return render(v, "officer/taxpayer.html", taxpayer=taxpayer, kinds=KIND_LABELS)


@router.get("/taxpayers/{tin}/declarations")
def taxpayer_declarations(request: Request, tin: str):
    """Every filing of one taxpayer with its receipt (the read is audited, TC art. 54)."""
    v = visit(request)
    principal = require_staff(v)
    who = taxpayers.officer_who(v.rt, principal, tin[:64])
    entries = journal.for_officer(v.rt, principal, who.tin)
    titles = {code: (f.ru if v.lang == "ru" else f.ky) for code, f in forms.FORMS.items()}
    return render(v, "officer/declarations.html", who=who, entries=entries, titles=titles, filing_kinds=FILING_KINDS)


# --- credentials ------------------------------------------------------------------------------

@router.get("/credentials")
def credentials_form(request: Request, tin: str = ""):
    v = visit(request)
    require_staff(v)
    return render(v, "officer/credentials.html", tin=tin[:14], error=None, error_field=None, issued=None)


def credentials_submit(v: Visit, form: dict[str, str]):
    principal = require_staff(v)
    tin = form.get("tin", "").strip()[:64]
    try:
        issued = taxpayers.issue_password(v.rt, principal, tin, form.get("password", "")[:200])
    except SalykError as exc:
        return render(v, "officer/credentials.html", status=exc.status, tin=tin, issued=None, **_error(v, exc))
    return render(v, "officer/credentials.html", status=201, tin="", error=None, error_field=None, issued=issued)


router.post("/credentials")(form_page(credentials_submit))


# --- offer versions ---------------------------------------------------------------------------

EMPTY_OFFER = {"version": "", "effective_from": "", "text_ky": "", "text_ru": ""}


def _offer_page(v: Visit, status: int = 200, values=EMPTY_OFFER, published=None, error=None, error_field=None):
    return render(v, "officer/offers.html", status=status, values=values, versions=offers.versions(v.rt), published=published, error=error, error_field=error_field)


@router.get("/offers")
def offers_form(request: Request):
    v = visit(request)
    require_staff(v)
    return _offer_page(v)


def offers_submit(v: Visit, form: dict[str, str]):
    principal = require_staff(v)
    values = {key: form.get(key, "")[:MAX_TEXT] for key in EMPTY_OFFER}
    try:
        effective_from = parse_date(values["effective_from"], "effective_from")
        for field in ("text_ky", "text_ru"):
            if "\x00" in values[field]:  # PostgreSQL text cannot hold NUL; refuse it as the field's fault
                raise invalid_field(field.replace("_", "."), "control_characters")
        published = offers.publish(v.rt, principal, values["version"][:100], effective_from, values["text_ky"], values["text_ru"])
    except SalykError as exc:
        return _offer_page(v, exc.status, values, **_error(v, exc))
    return _offer_page(v, 201, published=published)


router.post("/offers")(form_page(offers_submit))
