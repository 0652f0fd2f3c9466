"""The waybill pages of the web cabinet (issue 14; Offer 3.1(7)).

* ``/waybills``: the taxpayer's waybills by role (shipper, carrier, consignee) and status;
* ``/waybills/new``: the form with goods lines (rows added and removed in the page, a ТН ВЭД list);
* ``/waybills/{id}``: the document, its events and the acts the visitor may sign now, each signed
  with the cloud signature after the PIN (the same detached JWS over the JCS of the title a client
  makes); ``/waybills/{id}.pdf`` the printout with its QR;
* ``/waybills/check/{number}``: the public check (no login, no prices);
* ``/officer/waybills``: the officers' list and inspections.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.declarations import certificates
from salyk.kernel import formats
from salyk.kernel.config import BISHKEK
from salyk.kernel.errors import SalykError
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.web.forms import form_page
from salyk.registry import taxpayers
from salyk.web.render import N_, message_of, redirect, render
from salyk.web.session import Visit, require_cabinet, require_staff, visit
from salyk.waybills import service
from salyk.waybills import states as st
from salyk.waybills.results import WaybillView

router = APIRouter(include_in_schema=False)

STATUS_LABELS = {
    "draft": N_("Draft"), "issued": N_("Issued"), "in_transit": N_("In transit"), "delivered": N_("Delivered"),
    "received": N_("Received"), "received_with_discrepancy": N_("Received with discrepancy"), "rejected": N_("Rejected"),
    "deemed_received": N_("Deemed received"), "carrier_declined": N_("Declined by the carrier"), "cancelled": N_("Cancelled"),
    "discarded": N_("Discarded"),
}
ROLE_LABELS = {"shipper": N_("Shipper"), "carrier": N_("Carrier"), "consignee": N_("Consignee")}
# who made an event: a party, or the tax service (an inspection, a timer of the worker)
ACTOR_LABELS = {**ROLE_LABELS, "officer": N_("Tax officer"), "system": N_("The system")}
ACTION_LABELS = {
    "issue": N_("Sign and issue"), "carrier-acceptance": N_("Accept the goods"), "carrier-decline": N_("Decline"),
    "carrier": N_("Name another carrier"), "delivery": N_("Hand over the goods"), "receipt": N_("Answer the receipt"),
    "cancellation": N_("Cancel the waybill"), "inspection": N_("Inspection"), "deemed_received": N_("Deemed received"),
    "discarded": N_("Discarded"),
}
KIND_LABELS = {"sale": N_("Sale"), "own_transfer": N_("Transfer of own goods"), "import": N_("Import"), "export": N_("Export"),
               "return": N_("Return"), "correction": N_("Correction")}
# A short list for the ТН ВЭД lookup (the full nomenclature is the customs service's).
TNVED_HINTS = (
    ("2710124500", N_("Motor petrol")), ("2710194200", N_("Diesel fuel")), ("2711129400", N_("Liquefied gas")),
    ("2203000100", N_("Beer")), ("2204210900", N_("Wine")), ("2208601100", N_("Vodka")),
    ("2402209000", N_("Cigarettes")), ("2403191000", N_("Smoking tobacco")), ("1101001500", N_("Wheat flour")),
    ("1701999000", N_("Sugar")), ("3004900002", N_("Medicines")),
)
ROWS = 3


def when(moment: dt.datetime | None) -> str:
    """DD.MM.YYYY HH:MM in Bishkek (stored moments are UTC)."""
    return moment.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M") if moment else ""


def som_for(lang: str) -> Callable[[Decimal | str], str]:
    """Money for a person in the visitor's language ("60 000,00 сом"), by the kernel's format."""
    return lambda value: formats.som(Decimal(value), lang)


def _list(v: Visit, principal: TaxpayerPrincipal, role: str | None, status: str | None) -> Response:
    role = role if role in st.ROLES else None
    status = status if status in st.STATUSES else None
    page = service.list_for(v.rt, principal, role=role, status=status, limit=200)
    cloud = certificates.cloud_status(v.rt, principal.taxpayer_id)
    return render(v, "waybills/list.html", waybills=page.waybills, role=role, status_filter=status, roles=ROLE_LABELS,
                  statuses=STATUS_LABELS, cloud=cloud, when=when)


@router.get("/waybills")
def waybills_page(request: Request, role: str = "", status: str = "") -> Response:
    v = visit(request)
    return _list(v, require_cabinet(v), role or None, status or None)


def _form(v: Visit, *, values: dict[str, str] | None = None, error: str | None = None, status: int = 200, rows: int = ROWS) -> Response:
    values = values or {}
    rows = max(rows, 1 + max((int(k.split("-")[1]) for k in values if k.startswith("line-") and k.split("-")[1].isdigit()), default=-1))
    return render(v, "waybills/form.html", status=status, values=values, error=error, rows=range(rows), kinds=KIND_LABELS,
                  hints=TNVED_HINTS, client_id=values.get("client_id") or str(uuid.uuid4()))


LINES_JS = """// Add and remove goods rows on the waybill form (progressive: without it the fixed rows work).
(function () {
  var button = document.getElementById("add-line");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var rows = document.querySelectorAll(".waybill-form .line");
    var last = rows[rows.length - 1];
    var next = parseInt(last.getAttribute("data-index"), 10) + 1;
    var copy = last.cloneNode(true);
    copy.setAttribute("data-index", String(next));
    copy.querySelectorAll("input, label").forEach(function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/^line-[0-9]+-/, "line-" + next + "-"));
      });
      if (el.tagName === "INPUT" && el.type !== "checkbox") el.value = "";
      if (el.type === "checkbox") el.checked = false;
    });
    last.parentNode.insertBefore(copy, button);
  });
  document.addEventListener("change", function (e) {
    if (e.target.classList && e.target.classList.contains("remove-line")) {
      e.target.closest(".line").style.opacity = e.target.checked ? "0.4" : "1";
    }
  });
})();
"""


@router.get("/waybills/lines.js")
def lines_js() -> Response:
    return Response(LINES_JS, media_type="text/javascript")


@router.get("/waybills/new")
def new_page(request: Request) -> Response:
    v = visit(request)
    require_cabinet(v)
    return _form(v)


def _document(form: dict[str, str]) -> dict[str, Any]:
    """The document from the form's fields; the service checks it (errors name the field)."""
    f = {k: v.strip() for k, v in form.items()}
    d: dict[str, Any] = {"kind": f.get("kind", "sale"), "basis": {}}
    if f.get("ref_number"):
        d["ref_number"] = f["ref_number"]
    for name in ("esf_number", "contract_number", "contract_date"):
        if f.get(name):
            d["basis"][name] = f[name]
    d["carrier"] = {"own_transport": True} if f.get("own_transport") else {"tin": f.get("carrier_tin", "")}
    if f.get("foreign"):
        d["consignee"] = {"foreign": True, "name": f.get("consignee_name", ""), "country": f.get("consignee_country", "").upper()}
    else:
        d["consignee"] = {"tin": f.get("consignee_tin", "")}
    d["loading_point"] = {"address": f.get("loading_address", ""), "rayon_code": f.get("loading_rayon", "")}
    d["unloading_point"] = {"address": f.get("unloading_address", ""), "rayon_code": f.get("unloading_rayon", "")}
    d["planned_loading_on"] = f.get("planned_loading_on", "")
    d["vehicle"] = {"plate": f.get("plate", "")}
    if f.get("trailer"):
        d["vehicle"]["trailer"] = f["trailer"]
    d["driver"] = {"pin": f.get("driver_pin", ""), "name": f.get("driver_name", "")}
    distance = f.get("distance_km", "")
    d["distance_km"] = int(distance) if distance.isdigit() and len(distance) < 7 else distance
    lines = []
    indexes = sorted({int(k.split("-")[1]) for k in f if k.startswith("line-") and k.split("-")[1].isdigit() and int(k.split("-")[1]) < 250})
    for i in indexes:
        def get(name: str) -> str:  # this row's field (called within the iteration)
            return f.get(f"line-{i}-{name}", "")

        if not any(get(n) for n in ("name", "tnved", "quantity", "price")) or get("removed"):
            continue
        line: dict[str, Any] = {"name": get("name"), "tnved": get("tnved"), "unit": get("unit"), "quantity": get("quantity"),
                                "price": get("price"), "amount": get("amount")}
        if not line["amount"] and line["quantity"] and line["price"]:
            try:
                line["amount"] = f"{(Decimal(line['quantity']) * Decimal(line['price'])).quantize(Decimal('0.01'))}"
            except ArithmeticError:
                pass
        if get("volume_l"):
            line["volume_l"] = get("volume_l")
        if get("marking_codes"):
            line["marking_codes"] = [c for c in get("marking_codes").replace(",", " ").split() if c]
        lines.append(line)
    d["lines"] = lines
    return d


def new_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    try:
        view, _ = service.create_draft(v.rt, principal, form.get("client_id", "")[:64], _document(form))
    except SalykError as exc:
        return _form(v, values=form, error=message_of(exc, v.lang), status=exc.status)
    return redirect(v, f"/waybills/{view.id}")


router.post("/waybills/new")(form_page(new_submit))


def _detail(v: Visit, principal: TaxpayerPrincipal, waybill_id: str, *, error: str | None = None, status: int = 200) -> Response:
    view = service.get(v.rt, principal, waybill_id[:64])
    roles = set(view.roles)
    acts = [a.name for a in st.ACTS.values() if st.ViewerRole(a.role) in roles and view.status in a.from_states]
    cloud = certificates.cloud_status(v.rt, principal.taxpayer_id)
    return render(v, "waybills/detail.html", status=status, w=view, acts=acts, actions=ACTION_LABELS, statuses=STATUS_LABELS,
                  roles=ROLE_LABELS, actors=ACTOR_LABELS, kinds=KIND_LABELS, cloud=cloud, error=error, som=som_for(v.lang), when=when)


@router.get("/waybills/check/{number}")
def public_page(request: Request, number: str) -> Response:
    v = visit(request)
    try:
        fields = service.public(v.rt, number[:32])
    except SalykError as exc:
        return render(v, "waybills/check.html", status=exc.status, fields=None, number=number[:32], statuses=STATUS_LABELS, when=when)
    return render(v, "waybills/check.html", fields=fields, number=fields.number, statuses=STATUS_LABELS, when=when)


@router.get("/waybills/{waybill_id}.pdf")
def printout(request: Request, waybill_id: str) -> Response:
    from salyk.waybills.pdf import render as render_pdf

    v = visit(request)
    principal = require_cabinet(v)
    view = service.get(v.rt, principal, waybill_id[:64])
    base = str(request.base_url).rstrip("/")
    name = (view.number or view.id).replace("ЭТТК", "ETTK")  # header values are Latin-1
    return Response(render_pdf(view, base), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="waybill-{name}.pdf"'})


@router.get("/waybills/{waybill_id}")
def detail_page(request: Request, waybill_id: str) -> Response:
    v = visit(request)
    return _detail(v, require_cabinet(v), waybill_id)


def _title(view: WaybillView, action: str, form: dict[str, str]) -> dict[str, Any]:
    title: dict[str, Any] = {"waybill_id": view.id, "action": action, "document_sha256": view.document_sha256}
    reason = form.get("reason", "").strip()
    if action in ("carrier-decline", "cancellation"):
        title["reason"] = reason
    elif action == "carrier":
        title["carrier_tin"] = form.get("carrier_tin", "").strip()
    elif action == "receipt":
        result = form.get("result", "received")
        title["result"] = result
        if result == "rejected" or reason:
            title["reason"] = reason
        if result == "received_with_discrepancy":
            title["lines"] = [{"quantity": form.get(f"actual-{i}-quantity", "").strip() or line["quantity"],
                               "amount": form.get(f"actual-{i}-amount", "").strip() or line["amount"]}
                              for i, line in enumerate(view.document["lines"])]
    return title


def act_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    waybill_id, action = form.get("waybill_id", "")[:64], form.get("action", "")
    try:
        view = service.get(v.rt, principal, waybill_id)
        if action not in st.ACTS:
            raise SalykError("NOT_FOUND", "No such act.", status=404)
        title = _title(view, action, form)
        signature, _ = certificates.cloud_sign(v.rt, principal, form.get("pin", "")[:64], title)
        service.act(v.rt, principal, view.id, action, title, signature)
    except SalykError as exc:
        if exc.status == 404 and exc.code == "WAYBILL_NOT_FOUND":
            raise
        return _detail(v, principal, waybill_id, error=message_of(exc, v.lang), status=exc.status)
    return redirect(v, f"/waybills/{view.id}")


router.post("/waybills/act")(form_page(act_submit))


# --- officers ------------------------------------------------------------------------------------


@router.get("/officer/waybills")
def officer_page(request: Request, tin: str = "", status: str = "") -> Response:
    v = visit(request)
    principal = require_staff(v)
    tin = "".join(c for c in tin[:14] if c.isdigit())
    views, who, error, code = [], None, None, 200
    try:
        views = service.officer_list(v.rt, principal, tin=tin or None, status=status if status in st.STATUSES else None)
        who = taxpayers.officer_who(v.rt, principal, tin) if tin else None
    except SalykError as exc:
        error, code = message_of(exc, v.lang), exc.status
    return render(v, "waybills/officer.html", status=code, waybills=views, tin=tin, who=who, status_filter=status, statuses=STATUS_LABELS,
                  error=error, when=when)


def inspect_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    number = form.get("number", "").strip()[:32]
    try:
        service.inspect(v.rt, principal, number, form.get("place", ""), form.get("result", ""), form.get("note", ""))
    except SalykError as exc:
        views = service.officer_list(v.rt, principal)
        return render(v, "waybills/officer.html", status=exc.status, waybills=views, tin="", who=None, status_filter="", statuses=STATUS_LABELS, when=when,
                      error=message_of(exc, v.lang))
    return redirect(v, f"/waybills/check/{number}")


router.post("/officer/waybills/inspections")(form_page(inspect_submit))
