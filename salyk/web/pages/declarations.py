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

import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from salyk.api.middleware import client_address
from starlette.responses import Response

from salyk.declarations import certificates, filing, forms, journal, obligations, preview
from salyk.declarations.results import FilingKind, ObligationStatus, Receipt
from salyk.kernel.explanations import trace_view
from salyk.kernel.errors import SalykError
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.web.forms import form_page
from salyk.registry.taxpayers import my_card
from salyk.web.render import N_, field_of, message_of, redirect, render
from salyk.web.session import Visit, require_cabinet, visit

router = APIRouter(prefix="/declarations", include_in_schema=False)

STATUS_LABELS = {ObligationStatus.OPEN: N_("To file"), ObligationStatus.OVERDUE: N_("Overdue"), ObligationStatus.FULFILLED: N_("Filed")}
KIND_LABELS = {FilingKind.INITIAL: N_("Initial"), FilingKind.CLARIFIED: N_("Clarified")}
ROWS_SHOWN = 3  # employee rows on the tax agent's form page at first

# The result's figures (forms.Computation.figures), named for a person.
FIGURE_LABELS = {
    "aggregate_income": N_("Aggregate income"),
    "total_deductions": N_("Deductions"),
    "education_deduction": N_("Education deduction"),
    "property_deduction": N_("Property deduction"),
    "tax_base": N_("Tax base"),
    "tax": N_("Tax computed"),
    "foreign_tax_credit": N_("Credit for tax paid abroad"),
    "withheld_by_agents": N_("Withheld by tax agents"),
    "final_amount": N_("Final amount"),
    "payable": N_("Payable"),
    "overpaid": N_("Overpaid"),
    "deductible_expenses": N_("Deductible expenses"),
    "profit": N_("Profit"),
    "loss": N_("Loss"),
    "income_paid": N_("Income paid"),
    "tax_withheld": N_("Tax withheld"),
    "tax_due": N_("Tax due"),
}


def _lang_title(form: forms.Form, lang: str) -> str:
    return form.ru if lang == "ru" else form.ky


def _overview(v: Visit, principal: TaxpayerPrincipal, *, error: str | None = None, status: int = 200) -> Response:
    _, _, found = obligations.obligations(v.rt, principal.taxpayer_id)
    cloud = certificates.cloud_status(v.rt, principal.taxpayer_id)
    today = v.rt.today()
    items = [
        {
            "o": o,
            "title": _lang_title(o.form, v.lang),
            "can_file": o.status != ObligationStatus.FULFILLED and o.period.end < today and o.form.zero_allowed,
            # Offer 3.1(2): a zero report can be filed as a clarified one too (TC art. 90(2))
            "can_clarify": o.filing is not None and o.form.zero_allowed,
        }
        for o in reversed(found)
    ]
    return render(v, "declarations/overview.html", status=status, items=items, cloud=cloud, statuses=STATUS_LABELS, error=error)


@router.get("")
def overview(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    return _overview(v, principal)


def _sign_and_file(v: Visit, principal: TaxpayerPrincipal, form_code: str, period: str, zero: bool, values: dict[str, Any], pin: str,
                   kind: FilingKind = FilingKind.INITIAL) -> Receipt:
    document = {
        "client_filing_id": str(uuid.uuid4()),
        "tin": principal.login,
        "form": form_code,
        "period": period,
        "kind": kind.value,
        "zero": zero,
        "values": values,
    }
    signature, _ = certificates.cloud_sign(v.rt, principal, pin, document)
    return filing.file(v.rt, principal, document, signature).receipt


def zero_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    try:
        kind = FilingKind.CLARIFIED if form.get("kind") == FilingKind.CLARIFIED else FilingKind.INITIAL
        receipt = _sign_and_file(v, principal, form.get("form", "")[:64], form.get("period", "")[:7], True, {}, form.get("pin", "")[:64], kind)
    except SalykError as exc:
        return _overview(v, principal, error=message_of(exc, v.lang), status=exc.status)
    return redirect(v, f"/declarations/journal?filed={receipt.id}")


router.post("/zero")(form_page(zero_submit))


# --- the signing PIN ------------------------------------------------------------------------------


def _signature(v: Visit, principal: TaxpayerPrincipal, *, error: str | None = None, status: int = 200) -> Response:
    return render(v, "declarations/signature.html", status=status, cloud=certificates.cloud_status(v.rt, principal.taxpayer_id), error=error)


@router.get("/signature")
def signature_page(request: Request) -> Response:
    v = visit(request)
    return _signature(v, require_cabinet(v))


def signature_submit(v: Visit, form: dict[str, str]) -> Response:
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
def journal_page(request: Request, filed: str = "") -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    entries = journal.journal(v.rt, principal.taxpayer_id)
    titles = {code: _lang_title(f, v.lang) for code, f in forms.FORMS.items()}
    just_filed = next((e for e in entries if e.id == filed[:36]), None)
    return render(v, "declarations/journal.html", entries=entries, titles=titles, kinds=KIND_LABELS, just_filed=just_filed)


@router.get("/{filing_id}.pdf")
def pdf_copy(request: Request, filing_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    base = str(request.base_url).rstrip("/")
    copy = journal.pdf_copy(v.rt, principal.taxpayer_id, filing_id[:64], lambda number: f"{base}/api/v1/public/receipts/{number}")
    return Response(copy.content, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="declaration-{copy.receipt_number}.pdf"'})


# --- full forms -----------------------------------------------------------------------------------


def _form_of(code: str, principal_kind: str) -> forms.Form | None:
    form = forms.find_form(code)
    return form if form is not None and principal_kind in form.taxpayer_kinds else None


def _kind(v: Visit, principal: TaxpayerPrincipal) -> str:
    return my_card(v.rt, principal).kind


@router.get("/forms")
def forms_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    kind = _kind(v, principal)
    available = [(f, _lang_title(f, v.lang)) for f in forms.FORMS.values() if kind in f.taxpayer_kinds]
    return render(v, "declarations/forms.html", available=available)


ROWS_MORE = 3  # rows a "more rows" press adds
ROWS_MAX = 300  # rows one page offers; a bigger staff files through the API (forms.MAX_ROWS)
TEXT_MAX = 1000  # a posted field is cut here: enough to tell "at most 300 characters" instead of silently cutting


def _row_count(posted: dict[str, str]) -> int:
    """Employee rows on the page: what the page had (hidden ``rows``), at least every row posted."""
    raw = posted.get("rows", "")
    shown = int(raw) if raw.isdigit() and len(raw) < 5 else ROWS_SHOWN
    indexes = [int(m.group(1)) for k in posted for m in [re.match(r"v\.\w+\.(\d{1,4})\.", k)] if m]
    return max(ROWS_SHOWN, min(ROWS_MAX, max([shown, *(i + 1 for i in indexes)])))


def _values_from(form: forms.Form, posted: dict[str, str], rows: int = ROWS_SHOWN) -> dict[str, Any]:
    """The form's values from the page's fields; empty fields are left out (they count as zero)."""

    def one(spec: forms.Field, name: str) -> Any:
        raw = posted.get(name, "").strip()
        if spec.type == "boolean":
            return raw == "on" if raw else None
        if not raw:
            return None
        if spec.type == "integer":
            return int(raw) if raw.isdigit() and len(raw) < 10 else raw  # the form check refuses text
        if spec.type in ("text", "code"):
            return raw
        return raw.replace(",", ".").replace(" ", "").replace("\u00a0", "")

    values: dict[str, Any] = {}
    for spec in form.fields:
        if spec.type == "rows":
            found = []
            for i in range(rows):
                row = {s.name: one(s, f"v.{spec.name}.{i}.{s.name}") for s in spec.rows}
                row = {k: x for k, x in row.items() if x is not None and x is not False}
                if row:
                    found.append(row)
            if found:
                values[spec.name] = found
        else:
            x = one(spec, f"v.{spec.name}")
            if x is not None and x is not False:
                values[spec.name] = x
    return values


def _page_field(path: str, posted_rows: dict[int, int] | None = None) -> str:
    """The page's input for a value path: "employees[0].income_paid" -> "v.employees.0.income_paid"."""
    if path in ("period", "kind", "zero", "pin"):
        return path
    m = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", path)
    if m:
        return f"v.{m.group(1)}.{(posted_rows or {}).get(int(m.group(2)), int(m.group(2)))}.{m.group(3)}"
    return f"v.{path}"


def _row_positions(form: forms.Form, posted: dict[str, str], rows: int) -> dict[int, int]:
    """Rows left empty on the page are not sent: the n-th sent row is this page row."""
    spec = next((f for f in form.fields if f.type == "rows"), None)
    if spec is None:
        return {}
    sent = [i for i in range(rows) if any(posted.get(f"v.{spec.name}.{i}.{s.name}", "").strip() for s in spec.rows)]
    return dict(enumerate(sent))




def _form_view(v: Visit, form: forms.Form, posted: dict[str, str], *, fragment: bool = False, **extra: Any) -> Response:
    rows = _row_count(posted)
    context: dict[str, Any] = dict(
        form=form,
        title=_lang_title(form, v.lang),
        posted=posted,
        rows=range(rows),
        row_count=rows,
        field_title=lambda f: f.ru if v.lang == "ru" else f.ky,
        explain=lambda trace: trace_view(trace, v.lang),
        localities=forms.LOCALITY_WORDS,
        figure_labels=FIGURE_LABELS,
        fragment=fragment,
    )
    context |= {"preview": None, "error": None, "error_field": None} | extra
    if fragment:
        return render(v, "declarations/_result.html", status=context.pop("status", 200), bell=None, **context)
    if isinstance(v.principal, TaxpayerPrincipal):
        context |= _declared_property(v, v.principal, form, posted)
    return render(v, "declarations/form.html", status=context.pop("status", 200), **context)


@router.get("/forms/{code}")
def form_page_get(request: Request, code: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    form = _form_of(code[:64], _kind(v, principal))
    if form is None:
        return render(v, "error.html", status=404, message=v.gettext("There is no such form."))
    return _form_view(v, form, {})


def _previewed(v: Visit, principal: TaxpayerPrincipal, form: forms.Form, posted: dict[str, str], kind: str) -> tuple[preview.Preview | None, dict[str, Any]]:
    """The one compute-preview (salyk.declarations.preview) for the page's values, or the error to show."""
    rows = _row_count(posted)
    values = _values_from(form, posted, rows)
    zero = posted.get("zero") == "on"
    filing_kind = FilingKind.CLARIFIED if posted.get("kind") == FilingKind.CLARIFIED else FilingKind.INITIAL
    try:
        return preview.preview_for(v.rt, principal, form, posted.get("period", "").strip(), values, zero=zero, kind=filing_kind, taxpayer_kind=kind), {}
    except forms.ValuesInvalid as exc:
        error = exc.error(form)
        return None, {"status": 422, "error": message_of(error, v.lang), "error_field": _page_field(exc.field, _row_positions(form, posted, rows))}
    except SalykError as exc:
        field = field_of(exc)
        return None, {"status": exc.status, "error": message_of(exc, v.lang), "error_field": "period" if exc.code.startswith("PERIOD") or field == "period" else field}


def _posted(posted: dict[str, str]) -> dict[str, str]:
    return {k: x[:TEXT_MAX] for k, x in posted.items() if k.startswith("v.") or k in ("period", "kind", "zero", "rows")}


def form_submit(v: Visit, posted: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    code = v.request.path_params.get("code", "")[:64]
    kind = _kind(v, principal)
    form = _form_of(code, kind)
    if form is None:
        return render(v, "error.html", status=404, message=v.gettext("There is no such form."))
    action, pin = posted.get("action", "compute"), posted.get("pin", "")[:64]
    posted = _posted(posted)
    if action == "more_rows":  # the page without JavaScript adds rows by sending what it has
        posted["rows"] = str(min(ROWS_MAX, _row_count(posted) + ROWS_MORE))
        return _form_view(v, form, posted)
    shown, problem = _previewed(v, principal, form, posted, kind)
    if shown is None:
        return _form_view(v, form, posted, **problem)
    if action != "file":
        return _form_view(v, form, posted, preview=shown)
    try:
        receipt = _sign_and_file(v, principal, form.code, str(shown.period), posted.get("zero") == "on",
                                 _values_from(form, posted, _row_count(posted)), pin, shown.kind)
    except SalykError as exc:
        return _form_view(v, form, posted, status=exc.status, preview=shown, error=message_of(exc, v.lang),
                          error_field="pin" if exc.code.startswith("PIN") or exc.code == "WRONG_PIN" else None)
    return redirect(v, f"/declarations/journal?filed={receipt.id}")


router.post("/forms/{code}")(form_page(form_submit))


def preview_fragment(v: Visit, posted: dict[str, str]) -> Response:
    """The result region alone, for the page's script as the taxpayer types (the same preview the
    compute button gives; the rest of the page, and so the focus and caret, stay as they are)."""
    principal = require_cabinet(v)
    kind = _kind(v, principal)
    form = _form_of(v.request.path_params.get("code", "")[:64], kind)
    if form is None:
        return render(v, "error.html", status=404, message=v.gettext("There is no such form."))
    posted = _posted(posted)
    shown, problem = _previewed(v, principal, form, posted, kind)
    return _form_view(v, form, posted, fragment=True, preview=shown, **problem)


router.post("/forms/{code}/preview")(form_page(preview_fragment))


def _declared_property(v: Visit, principal: TaxpayerPrincipal, form: forms.Form, posted: dict[str, str]) -> dict[str, Any]:
    """The unified declaration of an individual shows the property held in the year, pre-filled
    read-only from the registries (TC art. 92, 125; the property module), when that service is on."""
    if form.code != "unified_declaration_individual" or v.rt.switch_state("property").state.value == "off":
        return {}
    from salyk.property.holdings import held_in_year

    raw = posted.get("period", "").strip()
    year = int(raw) if raw.isdigit() and len(raw) == 4 and 2009 <= int(raw) <= 2199 else v.rt.today().year - 1
    return {"property_year": year, "property_held": held_in_year(v.rt, principal, year)}
