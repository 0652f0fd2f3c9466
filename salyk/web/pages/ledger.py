"""The ledger's web pages (Offer 3.1 "debt and overpayment", "viewing payments"; TC art. 59-61, 71,
76-81): the taxpayer's balance with an "as of" day, the explained statement ("why this number?"),
payments, refund/offset and deferral applications; the tax office's view of a taxpayer (audited),
the bank-file upload (the same as ``salyk payments import``) and the decisions on applications.

The pages call the same services as the API (``salyk.ledger``); errors are shown in the page's
language from the service's own messages.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from salyk.kernel.errors import SalykError, invalid_field
from salyk.kernel.i18n import gettext
from salyk.ledger.bank_file import read_payment_file
from salyk.ledger import balance as balances
from salyk.ledger import deferrals, payments, refunds, write_offs
from salyk.ledger.wording import LINE_KINDS, TAX_NAMES, cite, describe, offset_text
from salyk.web.forms import CSRF_REFUSED, form_page, parse_date
from salyk.kernel import explanations
from salyk.kernel.principal import StaffPrincipal, SystemPrincipal
from salyk.ledger.results import Deferral, DeferralStatus, Refund, RefundKind, RefundStatus
from salyk.registry import taxpayers
from salyk.web.confirm import confirm_page, confirmed
from salyk.web.render import N_, error_page, field_of, message_of, redirect_done, render
from salyk.web.session import Visit, require_cabinet, require_staff, visit

router = APIRouter(include_in_schema=False)

STATUSES = {
    "received": N_("Received"),
    "approved": N_("Approved"),
    "applied": N_("Offset made"),
    "rejected": N_("Rejected"),
    "paid": N_("Paid"),
    "granted": N_("Granted"),
    "refused": N_("Refused"),
    "terminated": N_("Terminated early"),
}
GROUNDS = {
    "force_majeure": N_("Damage from force majeure (no interest)"),
    "late_budget_financing": N_("Late financing or payment from the budget (no interest)"),
    "financial_position": N_("Financial position does not allow paying at once"),
}
WRITE_OFF_GROUNDS = {
    "limitation": N_("The limitation period has run out (TC art. 68(2))"),
    "death": N_("Death of an individual with no successor or heir (TC art. 68(4))"),
    "missing_or_incapable": N_("Missing or incapable individual without enough property (TC art. 68(5))"),
    "special_law": N_("Written off by a separate law (TC art. 68(6))"),
}
DEBT_KINDS = {"tax": N_("tax"), "interest": N_("interest on a deferral"), "sanction": N_("sanction")}
BODIES = {"tax_body": N_("Tax body"), "authorised_tax_body": N_("Authorised tax body")}
INSTALMENT_STATES = {"paid": N_("paid"), "open": N_("not yet due"), "missed": N_("missed")}
MAX_UPLOAD = 5_000_000




Staff = StaffPrincipal | SystemPrincipal


def _labels(v: Visit | None = None) -> dict[str, Any]:
    lang = v.lang if v is not None else "ky"
    return {"taxes": TAX_NAMES, "line_kinds": LINE_KINDS, "statuses": STATUSES, "grounds": GROUNDS, "bodies": BODIES, "debt_kinds": DEBT_KINDS,
            "instalment_states": INSTALMENT_STATES, "describe": lambda msgid, params: describe(msgid, params, lang), "cite": lambda text: cite(text, lang),
            "offset_text": lambda notice: offset_text(notice, lang)}


def describe_money(value: Any, lang: str) -> str:
    return explanations.money(value, lang)


def _error(v: Visit, exc: SalykError) -> dict[str, Any]:
    return {"error": message_of(exc, v.lang), "error_field": field_of(exc)}


def _day(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    day = parse_date(value[:20], field)
    if not dt.date(1991, 1, 1) <= day <= dt.date(2199, 12, 31):
        raise invalid_field(field, "out_of_range", min="1991-01-01", max="2199-12-31")
    return day


def _tax(value: str | None) -> str | None:
    if not value:
        return None
    if value not in TAX_NAMES:
        raise invalid_field("tax", "out_of_range")
    return value


# --- the taxpayer ----------------------------------------------------------------------------


@router.get("/balance")
def balance_page(request: Request, as_of: str = "") -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        day = _day(as_of, "as_of")
        b = balances.my_balance(v.rt, principal, day)
        error = None
    except SalykError as exc:
        b, error = balances.my_balance(v.rt, principal, None), message_of(exc, v.lang)
    return render(v, "ledger_balance.html", balance=b, today=v.rt.today(), error=error, officer_tin=None, **_labels(v))


@router.get("/statement")
def statement_page(request: Request, tax: str = "", to: str = "") -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    start = request.query_params.get("from", "")
    try:
        code, first, last = _tax(tax), _day(start, "from"), _day(to, "to")
        if first is not None and last is not None and first > last:
            raise invalid_field("from", "out_of_range")
        s = balances.my_statement(v.rt, principal, start=first, end=last, tax=code)
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return render(v, "ledger_statement.html", statement=s, tax=code, officer_tin=None, **_labels(v))


@router.get("/payments")
def payments_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    rows = payments.my_payments(v.rt, principal)
    return render(v, "ledger_payments.html", rows=rows, officer_tin=None, **_labels(v))


EMPTY_REFUND = {"kind": "refund", "tax": "", "to_tax": "", "amount": ""}


def _form_key(form: dict[str, str]) -> str | None:
    """The form's one-time key: sending the same form twice (a reload) files one application."""
    key = form.get("client_reference", "")[:32]
    return key if key and all(c in "0123456789abcdef" for c in key) else None


def _refunds_page(v: Visit, status: int = 200, values: Mapping[str, str] = EMPTY_REFUND, done: Refund | None = None,
                  error: str | None = None, error_field: str | None = None, key: str | None = None) -> Response:
    principal = require_cabinet(v)
    return render(v, "ledger_refunds.html", status=status, values=values, done=done, error=error, error_field=error_field,
                  form_key=key or secrets.token_hex(16),
                  applications=refunds.my_applications(v.rt, principal), notices=refunds.my_offset_notices(v.rt, principal),
                  balance=balances.my_balance(v.rt, principal, None), **_labels(v))


@router.get("/refunds")
def refunds_page(request: Request) -> Response:
    v = visit(request)
    require_cabinet(v)
    return _refunds_page(v)


def refunds_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    values = {k: form.get(k, d)[:100].strip() for k, d in EMPTY_REFUND.items()}
    try:
        done = refunds.apply(v.rt, principal, kind=values["kind"], tax=values["tax"], amount=values["amount"],
                             to_tax=(values["to_tax"] or None) if values["kind"] == "offset" else None, client_reference=_form_key(form))
    except SalykError as exc:
        return _refunds_page(v, exc.status, values, key=_form_key(form), **_error(v, exc))
    return _refunds_page(v, 201, done=done)


router.post("/refunds")(form_page(refunds_submit))


EMPTY_DEFERRAL = {"tax": "", "amount": "", "ground": "financial_position", "start": "", "end": "", "bank_guarantee": ""}


def _deferrals_page(v: Visit, status: int = 200, values: Mapping[str, str] = EMPTY_DEFERRAL, done: Deferral | None = None,
                    error: str | None = None, error_field: str | None = None, key: str | None = None) -> Response:
    principal = require_cabinet(v)
    return render(v, "ledger_deferrals.html", status=status, values=values, done=done, error=error, error_field=error_field,
                  form_key=key or secrets.token_hex(16),
                  applications=deferrals.my_applications(v.rt, principal), **_labels(v))


@router.get("/deferrals")
def deferrals_page(request: Request) -> Response:
    v = visit(request)
    require_cabinet(v)
    return _deferrals_page(v)


def deferrals_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    values = {k: form.get(k, d)[:100].strip() for k, d in EMPTY_DEFERRAL.items()}
    try:
        start, end = parse_date(values["start"], "start"), parse_date(values["end"], "end")
        done = deferrals.apply(v.rt, principal, tax=values["tax"], amount=values["amount"], ground=values["ground"], start=start, end=end,
                               bank_guarantee=values["bank_guarantee"] == "yes", client_reference=_form_key(form))
    except SalykError as exc:
        return _deferrals_page(v, exc.status, values, key=_form_key(form), **_error(v, exc))
    return _deferrals_page(v, 201, done=done)


router.post("/deferrals")(form_page(deferrals_submit))


# --- the tax office --------------------------------------------------------------------------


def _account(v: Visit, principal: Staff, tin: str, as_of: str = "", status: int = 200, **extra: Any) -> Response:
    """The account view: balance, statement, payments and write-off decisions; each read audited."""
    page: dict[str, Any] = {"tin": tin, "balance": None, "statement": None, "rows": None, "written": None, "error": None, "done": None,
            "candidates": [], "who": None,
            "write_off_grounds": WRITE_OFF_GROUNDS, "officer_tin": tin or None, **_labels(v)} | extra
    if not tin:
        return render(v, "ledger_officer.html", status=status, **page)
    try:
        day = _day(as_of, "as_of")
        page["balance"] = balances.officer_balance(v.rt, principal, tin, day)
        page["statement"] = balances.officer_statement(v.rt, principal, tin, start=None, end=day, tax=None)
        page["rows"] = payments.officer_payments(v.rt, principal, tin)
        page["written"] = write_offs.officer_list(v.rt, principal, tin)
        page["candidates"] = write_offs.officer_candidates(v.rt, principal, tin)
        page["who"] = taxpayers.officer_who(v.rt, principal, tin)
    except SalykError as exc:
        return render(v, "ledger_officer.html", status=exc.status, **(page | {"balance": None, "statement": None, "rows": None,
                                                                           "error": message_of(exc, v.lang)}))
    return render(v, "ledger_officer.html", status=status, **page)


@router.get("/officer/ledger")
def officer_taxpayer(request: Request, tin: str = "", as_of: str = "") -> Response:
    v = visit(request)
    principal = require_staff(v)
    return _account(v, principal, "".join(c for c in tin[:14] if c.isdigit()), as_of)


@router.post("/officer/ledger/write-off")
async def write_off_submit(request: Request) -> Response:
    """Write off hopeless debt (TC art. 68-69): the chosen debts of one tax, ground, act, evidence."""
    try:
        form = await request.form(max_files=0, max_fields=600)
        items = [x for k, x in form.multi_items() if k == "items" and isinstance(x, str)][:500]
        fields = {k: x for k, x in form.multi_items() if isinstance(x, str) and k != "items"}
    except Exception:
        fields, items = {}, []
    return await run_in_threadpool(_write_off, request, fields, items)


def _write_off(request: Request, fields: dict[str, str], items: list[str]) -> Response:
    v = visit(request)
    if not v.csrf_ok(fields):
        return error_page(v, 403, gettext(CSRF_REFUSED, v.lang))
    principal = require_staff(v)
    tin = "".join(c for c in fields.get("tin", "")[:14] if c.isdigit())
    try:
        if not confirmed(fields):
            chosen = set(items)
            offered = [c for c in write_offs.officer_candidates(v.rt, principal, tin) if c.posting_id in chosen]
            if offered:
                tax = fields.get("tax", "")[:64]
                facts = [(N_("Tax"), gettext(TAX_NAMES.get(tax, tax), v.lang)),
                         (N_("Ground"), gettext(WRITE_OFF_GROUNDS.get(fields.get("ground", ""), N_("this field")), v.lang)),
                         (N_("Debts to write off"), "; ".join(f"№ {c.posting_id} · {describe_money(c.unpaid, v.lang)}" for c in offered)),
                         (N_("Act (number and date)"), fields.get("act_reference", "")[:200])]
                hidden = dict(fields) | {"items": ""}
                return confirm_page(v, action="/officer/ledger/write-off", form={k: x for k, x in hidden.items() if k != "items"},
                                    extra=[("items", i) for i in items], who=taxpayers.officer_who(v.rt, principal, tin).as_dict(),
                                    facts=facts, back=f"/officer/ledger?tin={tin}", question=N_("Write off these debts?"),
                                    button=N_("Yes, write off"), tone="danger")
        done = write_offs.write_off(v.rt, principal, tin=tin, tax=fields.get("tax", "")[:64], ground=fields.get("ground", "")[:32],
                                    items=items, act_reference=fields.get("act_reference", "")[:200],
                                    evidence=fields.get("evidence", "")[:1000])
    except SalykError as exc:
        return _account(v, principal, tin, status=exc.status, write_off_error=message_of(exc, v.lang))
    return redirect_done(v, f"/officer/ledger?tin={tin}", "write_off", number=done.decision_number)


@router.get("/officer/ledger/upload")
def upload_form(request: Request) -> Response:
    v = visit(request)
    require_staff(v)
    return render(v, "ledger_upload.html", result=None, error=None, lines=0)


@router.post("/officer/ledger/upload")
async def upload_submit(request: Request) -> Response:
    """A bank statement file (CSV ``bank_reference,tin,tax,amount,paid_on``), posted exactly once per reference."""
    try:
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        data = await upload.read(MAX_UPLOAD + 1) if upload is not None and not isinstance(upload, str) else b""
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    except Exception:
        fields, data = {}, b""
    return await run_in_threadpool(_upload, request, fields, data)


def _upload(request: Request, fields: dict[str, str], data: bytes) -> Response:
    v = visit(request)
    if not v.csrf_ok(fields):
        return error_page(v, 403, gettext(CSRF_REFUSED, v.lang))
    principal = require_staff(v)
    try:
        if not data or len(data) > MAX_UPLOAD:
            raise invalid_field("file", "out_of_range")
        rows = read_payment_file(data)
        result = payments.import_payments(v.rt, principal, rows)
    except SalykError as exc:
        return render(v, "ledger_upload.html", status=exc.status, result=None, error=message_of(exc, v.lang), lines=0)
    rejected = [(r.bank_reference, r.error.code, message_of(r.error, v.lang)) for r in result.rejected]
    return render(v, "ledger_upload.html", result=result, rejected=rejected, error=None, lines=len(rows))


def _tin(value: str | None) -> str | None:
    digits = "".join(c for c in (value or "")[:14] if c.isdigit())
    return digits or None


def _officer_applications(v: Visit, principal: Staff, service: ModuleType, template: str, status_filter: str = "received", *, status: int = 200,
                          error: str | None = None, tin: str | None = None) -> Response:
    """The tax office's list of refund or deferral applications (``service``: ``refunds`` or ``deferrals``),
    of every taxpayer or of one (``tin``): each with who it is about and the amount."""
    status_filter = status_filter if status_filter in STATUSES or status_filter == "all" else "received"
    who = None
    try:
        applications = service.officer_list(v.rt, principal, status=None if status_filter == "all" else status_filter, tin=tin)
        who = taxpayers.officer_who(v.rt, principal, tin) if tin else None
    except SalykError as exc:
        applications, status, error = [], exc.status, message_of(exc, v.lang)
    return render(v, template, status=status, status_filter=status_filter, error=error, tin=tin or "", who=who,
                  applications=applications, today=v.rt.today(), **_labels(v))


def _refund(v: Visit, principal: Staff, app_id: str) -> Refund | None:
    """The application the officer is deciding (from the list of undecided ones), for the confirm page."""
    return next((a for a in refunds.officer_list(v.rt, principal, status=RefundStatus.RECEIVED.value) if str(a.id) == app_id), None)


def _who(application: Refund | Deferral) -> dict[str, str] | None:
    return None if application.who is None else application.who.as_dict()


def _list_url(base: str, form: dict[str, str]) -> str:
    status, tin = form.get("status_filter", ""), _tin(form.get("tin_filter"))
    query = "&".join(f"{k}={x}" for k, x in (("status", status if status in STATUSES or status == "all" else ""), ("tin", tin or "")) if x)
    return f"{base}?{query}" if query else base


REFUND_KINDS = {RefundKind.REFUND: N_("Refund"), RefundKind.OFFSET: N_("Offset")}


@router.get("/officer/ledger/refunds")
def officer_refunds(request: Request, status: str = "received", tin: str = "") -> Response:
    v = visit(request)
    return _officer_applications(v, require_staff(v), refunds, "ledger_officer_refunds.html", status, tin=_tin(tin))


def officer_refund_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    action, app_id = form.get("action", ""), form.get("id", "")[:20]
    back = _list_url("/officer/ledger/refunds", form)
    try:
        if action in ("approve", "reject"):
            if not confirmed(form):
                a = _refund(v, principal, app_id)
                if a is not None:
                    facts = [(N_("Amount"), describe_money(a.amount, v.lang)), (N_("Tax"), gettext(TAX_NAMES.get(a.tax, a.tax), v.lang)),
                             (N_("Kind"), gettext(REFUND_KINDS[a.kind], v.lang))]
                    if a.to_tax:
                        facts.append((N_("Tax to offset to"), gettext(TAX_NAMES.get(a.to_tax, a.to_tax), v.lang)))
                    if form.get("reason"):
                        facts.append((N_("Reason"), form["reason"][:500]))
                    approve = action == "approve"
                    return confirm_page(v, action="/officer/ledger/refunds", form=form, who=_who(a), facts=facts, back=back,
                                        question=N_("Approve this application?") if approve else N_("Reject this application?"),
                                        button=N_("Yes, approve") if approve else N_("Yes, reject"), tone="approve" if approve else "danger")
            refunds.decide(v.rt, principal, app_id, approve=action == "approve", reason=form.get("reason", "")[:500] or None)
            done = f"refund.{action}"
        elif action == "paid":
            refunds.mark_paid(v.rt, principal, app_id, paid_on=parse_date(form.get("paid_on", "")[:20], "paid_on"))
            done = "refund.paid"
        else:
            raise invalid_field("action", "out_of_range")
    except SalykError as exc:
        return _officer_applications(v, principal, refunds, "ledger_officer_refunds.html", status=exc.status, error=message_of(exc, v.lang))
    return redirect_done(v, back, done)


router.post("/officer/ledger/refunds")(form_page(officer_refund_submit))


@router.get("/officer/ledger/deferrals")
def officer_deferrals(request: Request, status: str = "received", tin: str = "") -> Response:
    v = visit(request)
    return _officer_applications(v, require_staff(v), deferrals, "ledger_officer_deferrals.html", status, tin=_tin(tin))


DEFERRAL_QUESTIONS = {
    "grant": (N_("Grant this deferral?"), N_("Yes, grant"), "approve"),
    "refuse": (N_("Refuse this deferral?"), N_("Yes, refuse"), "danger"),
    "terminate": (N_("Terminate this deferral early?"), N_("Yes, terminate"), "danger"),
}


def officer_deferral_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    action, app_id = form.get("action", ""), form.get("id", "")[:20]
    reason = form.get("reason", "")[:500] or None
    back = _list_url("/officer/ledger/deferrals", form)
    try:
        if action not in DEFERRAL_QUESTIONS:
            raise invalid_field("action", "out_of_range")
        breach_on = parse_date(form.get("breach_on", "")[:20], "breach_on") if action == "terminate" else None
        if not confirmed(form):
            listed = deferrals.officer_list(v.rt, principal, status=(DeferralStatus.GRANTED if action == "terminate" else DeferralStatus.RECEIVED).value)
            a = next((x for x in listed if str(x.id) == app_id), None)
            if a is not None:
                question, button, tone = DEFERRAL_QUESTIONS[action]
                facts = [(N_("Amount"), describe_money(a.amount, v.lang)), (N_("Tax"), gettext(TAX_NAMES.get(a.tax, a.tax), v.lang)),
                         (N_("Term"), f"{explanations.day(a.start)} – {explanations.day(a.end)}")]
                if breach_on is not None:
                    facts.append((N_("Day of the breach"), explanations.day(breach_on)))
                if reason:
                    facts.append((N_("Reason"), reason))
                return confirm_page(v, action="/officer/ledger/deferrals", form=form, who=_who(a), facts=facts, back=back,
                                    question=question, button=button, tone=tone)
        if breach_on is None:  # a grant or a refusal (a termination has its breach day, parsed above)
            deferrals.decide(v.rt, principal, app_id, grant=action == "grant", reason=reason)
        else:
            deferrals.terminate(v.rt, principal, app_id, breach_on=breach_on, received_on=None, reason=reason or "")
    except SalykError as exc:
        return _officer_applications(v, principal, deferrals, "ledger_officer_deferrals.html", status=exc.status, error=message_of(exc, v.lang))
    return redirect_done(v, back, f"deferral.{action}")


router.post("/officer/ledger/deferrals")(form_page(officer_deferral_submit))
