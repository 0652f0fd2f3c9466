"""The tax office's pages: find a taxpayer, register one (TC art. 95-97), issue a password
(Offer 3.3), publish an offer version (Offer 1.5, 10.1; an administrator, after a preview).

Role officer or admin; a taxpayer gets a 403 page. The services do the validation and write the
audit rows (every read of a taxpayer's card and every search, TC art. 54), exactly as for the API.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.kernel import authorize
from salyk.kernel.principal import StaffPrincipal, SystemPrincipal
from salyk.kernel.errors import SalykError
from salyk.declarations import forms, journal
from salyk.registry import offer_layout, offers, size_categories, taxpayers
from salyk.web.forms import form_page, parse_date
from salyk.web.render import KIND_LABELS, N_, field_of, message_of, officer_links, render
from salyk.web.session import Visit, require_staff, visit

router = APIRouter(prefix="/officer", include_in_schema=False)

FILING_KINDS = {"initial": N_("Initial"), "clarified": N_("Clarified")}

MAX_TEXT = 600_000


def _error(v: Visit, exc: SalykError) -> dict[str, str | None]:
    return {"error": message_of(exc, v.lang), "error_field": field_of(exc)}


@router.get("")
def officer_home(request: Request) -> Response:
    v = visit(request)
    principal = require_staff(v)
    return render(v, "officer/home.html", links=officer_links(), is_admin=principal.role == "admin")


@router.get("/taxpayers")
def search(request: Request, q: str = "") -> Response:
    v = visit(request)
    principal = require_staff(v)
    q = "".join(c for c in q[:100] if c.isprintable())
    found = taxpayers.search(v.rt, principal, q) if q.strip() else None
    return render(v, "officer/search.html", q=q, found=found, kinds=KIND_LABELS)


# --- register ---------------------------------------------------------------------------------

EMPTY_TAXPAYER = {"tin": "", "kind": "individual", "name": "", "address": "", "registered_on": ""}


@router.get("/taxpayers/new")
def register_form(request: Request) -> Response:
    v = visit(request)
    require_staff(v)
    return render(v, "officer/register.html", values=EMPTY_TAXPAYER, kinds=KIND_LABELS, error=None, error_field=None, done=None)


def register_submit(v: Visit, form: dict[str, str]) -> Response:
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


# TC art. 2(44)-(45), 177(1-1), 178(1-1): the size category decides the tax agent's periods.
SIZE_LABELS = {"small": N_("Small business"), "medium": N_("Medium business"), "large": N_("Large business"),
               "non_commercial": N_("Non-commercial organisation")}


def _card(v: Visit, principal: StaffPrincipal | SystemPrincipal, tin: str, status: int = 200, error: str | None = None,
          error_field: str | None = None, saved: bool = False, values: Mapping[str, str] | None = None) -> Response:
    taxpayer = taxpayers.get_for_officer(v.rt, principal, tin)
    sizes = size_categories.history(v.rt, principal, tin)
    return render(v, "officer/taxpayer.html", status=status, taxpayer=taxpayer, kinds=KIND_LABELS, sizes=sizes, size_labels=SIZE_LABELS,
                  error=error, error_field=error_field, saved=saved, values=values or {"category": sizes["current"] or "", "effective_from": ""})


@router.get("/taxpayers/{tin}")
def taxpayer_card(request: Request, tin: str) -> Response:
    v = visit(request)
    principal = require_staff(v)
    return _card(v, principal, tin[:64])


def size_category_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    tin = form.get("tin", "").strip()[:64]
    values = {"category": form.get("category", "")[:32], "effective_from": form.get("effective_from", "")[:20]}
    try:
        on = parse_date(values["effective_from"], "effective_from")
        size_categories.set_category(v.rt, principal, tin, values["category"], on)
    except SalykError as exc:
        taxpayers.validate_tin(tin)
        return _card(v, principal, tin, status=exc.status, values=values, error=message_of(exc, v.lang), error_field=field_of(exc))
    return _card(v, principal, tin, saved=True)


router.post("/taxpayers/size-category")(form_page(size_category_submit))


@router.get("/taxpayers/{tin}/declarations")
def taxpayer_declarations(request: Request, tin: str) -> Response:
    """Every filing of one taxpayer with its receipt (the read is audited, TC art. 54)."""
    v = visit(request)
    principal = require_staff(v)
    who = taxpayers.officer_who(v.rt, principal, tin[:64])
    entries = journal.for_officer(v.rt, principal, who.tin)
    titles = {code: (f.ru if v.lang == "ru" else f.ky) for code, f in forms.FORMS.items()}
    return render(v, "officer/declarations.html", who=who, entries=entries, titles=titles, filing_kinds=FILING_KINDS)


# --- credentials ------------------------------------------------------------------------------

@router.get("/credentials")
def credentials_form(request: Request, tin: str = "") -> Response:
    v = visit(request)
    require_staff(v)
    return render(v, "officer/credentials.html", tin=tin[:14], error=None, error_field=None, issued=None)


def credentials_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    tin = form.get("tin", "").strip()[:64]
    try:
        issued = taxpayers.issue_password(v.rt, principal, tin, form.get("password", "")[:200])
    except SalykError as exc:
        return render(v, "officer/credentials.html", status=exc.status, tin=tin, issued=None, **_error(v, exc))
    return render(v, "officer/credentials.html", status=201, tin="", error=None, error_field=None, issued=issued)


router.post("/credentials")(form_page(credentials_submit))


# --- offer versions ---------------------------------------------------------------------------
# Publishing shuts every taxpayer out until they accept the new version (Offer 1.6, 10.1), so it
# is an administrator's act in two steps: the draft is previewed in both languages (nothing is
# written), then published on an explicit confirmation (issue 11 item 6). Officers see the list.

EMPTY_OFFER = {"version": "", "effective_from": "", "text_ky": "", "text_ru": ""}


# ``published``: the version just published, handed to the template as the registry gave it.
def _offer_page(v: Visit, status: int = 200, values: Mapping[str, str] = EMPTY_OFFER, published: object | None = None,
                error: str | None = None, error_field: str | None = None) -> Response:
    return render(v, "officer/offers.html", status=status, values=values, versions=offers.versions(v.rt), published=published,
                  error=error, error_field=error_field, is_admin=v.principal is not None and v.principal.role == "admin")


def _preview_page(v: Visit, draft: offers.Draft, status: int = 200, unconfirmed: bool = False) -> Response:
    return render(v, "officer/offer_preview.html", status=status, draft=draft, unconfirmed=unconfirmed,
                  layout_ky=offer_layout.parse(draft.text_ky), layout_ru=offer_layout.parse(draft.text_ru))


@router.get("/offers")
def offers_form(request: Request) -> Response:
    v = visit(request)
    require_staff(v)
    return _offer_page(v)


def offers_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    values = {key: form.get(key, "")[:MAX_TEXT] for key in EMPTY_OFFER}
    for key in ("text_ky", "text_ru"):  # browsers send a form's line ends as CRLF: keep one form, so the preview's fingerprint holds
        values[key] = values[key].replace("\r\n", "\n").replace("\r", "\n")
    step = form.get("step", "preview")
    try:
        authorize.admin(principal)  # an officer is refused before anything is read or written
        if step == "edit":  # back from the preview to the form, with the texts as they were
            return _offer_page(v, values=values)
        effective_from = parse_date(values["effective_from"], "effective_from")
        draft = offers.review(v.rt, principal, values["version"][:100], effective_from, values["text_ky"], values["text_ru"])
        if step != "confirm":
            return _preview_page(v, draft)
        if form.get("confirm") != "yes":  # no explicit confirmation: the preview again, nothing written
            return _preview_page(v, draft, 422, unconfirmed=True)
        published = offers.publish_reviewed(v.rt, principal, form.get("reviewed", "")[:100], draft.version, effective_from, values["text_ky"], values["text_ru"])
    except SalykError as exc:
        if exc.status == 403:
            return _offer_page(v, exc.status, error=message_of(exc, v.lang))
        return _offer_page(v, exc.status, values, **_error(v, exc))
    return _offer_page(v, 201, published=published)


router.post("/offers")(form_page(offers_submit))
