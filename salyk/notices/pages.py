"""The notices module's web pages: the inbox (the bell on every page leads here), decisions with
the appeal form signed with the cloud-signature PIN, appeals, the e-mail address, the access log;
and for officers the decisions and the review of appeals. Same services as the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.declarations import certificates
from salyk.kernel.errors import SalykError
from salyk.law.appeals import DECISION_TYPES
from salyk.notices import access_log, appeals, decisions, email, inbox
from salyk.ledger.wording import cite
from salyk.notices.wording import som
from salyk.web.forms import form_page, parse_date
from salyk.kernel.i18n import gettext
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.web.confirm import confirm_page, confirmed
from salyk.web.render import N_, error_page, field_of, message_of, redirect, redirect_done, render
from salyk.web.session import Visit, require_cabinet, require_staff, visit

router = APIRouter(include_in_schema=False)

STATUSES = {
    "issued": N_("Not yet delivered"), "delivered": N_("Delivered"), "under_review": N_("Under review"), "returned": N_("Returned"),
    "suspended": N_("Review suspended"), "satisfied": N_("Satisfied"), "partly_satisfied": N_("Partly satisfied"),
    "refused": N_("Refused"), "deemed_satisfied": N_("Deemed satisfied"),
}
TYPES = {
    "transfer_price": N_("Transfer pricing"), "field_audit_result": N_("Result of a field audit"), "assessment": N_("Assessment of tax"),
    "obligation_change": N_("Change of a tax obligation"), "payment_suspension": N_("Suspension of operations"),
    "administrative_liability": N_("Administrative liability"), "expertise": N_("Appointment of an expertise"), "deposit": N_("Deposit"),
    "deferral": N_("Deferral or instalments"), "filing_extension": N_("Extension of the filing term"),
    "appeal_decision": N_("Decision on an appeal"), "offset_on_application": N_("Offset on application"), "vat_refund": N_("VAT refund"),
    "vat_deregistration": N_("VAT deregistration"), "documents_request": N_("Request for documents"),
    "offset_by_tax_body": N_("Offset by the tax body"), "audit_review_time": N_("Time of an audit"), "measurement": N_("Measurement"),
    "desk_audit_result": N_("Result of a desk audit"), "desk_audit_discrepancy": N_("Discrepancy found in a desk audit"),
    "invoice_series": N_("Series of invoices"), "invoice_series_refusal": N_("Refusal of a series of invoices"),
    "vat_registration": N_("VAT registration"),
}
OBJECTS = {"account": N_("Account"), "declaration": N_("Declaration"), "registration": N_("Registration data"), "decision": N_("Decision"),
           "appeal": N_("Appeal"), "property": N_("Property"), "waybill": N_("Waybill"), "patent": N_("Patent"), "other": N_("Other data")}
ROLES = {"officer": N_("Tax officer"), "admin": N_("Administrator"), "system": N_("The system")}
REASONS = {"audit": N_("Audit"), "appeal_review": N_("Review of an appeal"), "taxpayer_request": N_("Your request"),
           "collection": N_("Collection"), "registration": N_("Registration")}


def _labels(v: Visit) -> dict[str, Any]:
    return {"statuses": STATUSES, "types": TYPES, "objects": OBJECTS, "roles": ROLES, "reasons": REASONS, "som": lambda a: som(a, v.lang),
            "cite": lambda text: cite(text, v.lang)}


# --- the taxpayer ----------------------------------------------------------------------------------


@router.get("/notices")
def inbox_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    unread, rows = inbox.my_notices(v.rt, principal, lang=v.lang)
    return render(v, "notices/inbox.html", notices=rows, unread=unread, **_labels(v))


@router.post("/notices/read-all")
@form_page
def read_all_page(v: Visit, form: dict[str, str]) -> Response:
    inbox.read_all(v.rt, require_cabinet(v))
    return redirect(v, "/notices")


@router.get("/notices/n/{notice_id}")
def notice_page(request: Request, notice_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        n = inbox.read(v.rt, principal, notice_id, lang=v.lang)
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return render(v, "notices/notice.html", notice=n, **_labels(v))


@router.get("/notices/decisions")
def decisions_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    return render(v, "notices/decisions.html", decisions=decisions.my_decisions(v.rt, principal), **_labels(v))


def _decision(v: Visit, principal: TaxpayerPrincipal, decision_id: str, status: int = 200, **extra: Any) -> Response:
    d = decisions.open_decision(v.rt, principal, decision_id, session_token=v.token)
    mine = [a for a in appeals.my_appeals(v.rt, principal) if a.decision_id == d.id]
    return render(v, "notices/decision.html", status=status, decision=d, appeals=mine,
                  values=extra.pop("values", {"grounds": "", "requested": "cancel", "amount_disputed": ""}), **extra, **_labels(v))


@router.get("/notices/decisions/{decision_id}")
def decision_page(request: Request, decision_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        return _decision(v, principal, decision_id)
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))


@router.post("/notices/decisions/{decision_id}/appeal")
@form_page
def appeal_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    decision_id = v.request.path_params["decision_id"]
    values = {"grounds": form.get("grounds", "")[:5000], "requested": form.get("requested", "")[:16], "amount_disputed": form.get("amount_disputed", "").strip()[:20]}
    document = {"decision_id": decision_id, "grounds": values["grounds"], "requested": values["requested"]}
    if values["amount_disputed"]:
        document["amount_disputed"] = values["amount_disputed"]
    try:
        signature, _ = certificates.cloud_sign(v.rt, principal, form.get("pin", "")[:64], document)
        filed = appeals.file(v.rt, principal, document, signature)
    except SalykError as exc:
        try:
            return _decision(v, principal, decision_id, status=exc.status, values=values, error=message_of(exc, v.lang), error_field=field_of(exc))
        except SalykError as again:
            return error_page(v, again.status, message_of(again, v.lang))
    return redirect(v, f"/notices/appeals/{filed.id}")


@router.get("/notices/appeals/{appeal_id}")
def appeal_page(request: Request, appeal_id: str) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    try:
        a = appeals.my_appeal(v.rt, principal, appeal_id)
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return render(v, "notices/appeal.html", appeal=a, officer=False, **_labels(v))


@router.get("/notices/email")
def email_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    return render(v, "notices/email.html", email=email.my_email(v.rt, principal), **_labels(v))


@router.post("/notices/email")
@form_page
def email_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_cabinet(v)
    try:
        if form.get("code"):
            email.confirm(v.rt, principal, form.get("code", "")[:20])
        else:
            email.give(v.rt, principal, form.get("address", "")[:300])
    except SalykError as exc:
        return render(v, "notices/email.html", status=exc.status, email=email.my_email(v.rt, principal), error=message_of(exc, v.lang), **_labels(v))
    return redirect(v, "/notices/email")


@router.get("/notices/access-log")
def access_log_page(request: Request) -> Response:
    v = visit(request)
    principal = require_cabinet(v)
    return render(v, "notices/access_log.html", entries=access_log.my_access_log(v.rt, principal, start=None, end=None), **_labels(v))


# --- the tax office --------------------------------------------------------------------------------


OUTCOMES = {"satisfied": N_("Satisfied"), "partly_satisfied": N_("Partly satisfied"), "refused": N_("Refused")}
EMPTY_DECISION = {"tin": "", "type": "assessment", "ground": "", "decision": "", "tax": "", "period": "", "amount": "", "deadline": ""}


def _officer(v: Visit, status: int = 200, **extra: Any) -> Response:
    principal = require_staff(v)
    return render(v, "notices/officer.html", status=status, decisions=decisions.officer_list(v.rt, principal),
                  appeals=appeals.officer_list(v.rt, principal), decision_types=DECISION_TYPES,
                  values=extra.pop("values", EMPTY_DECISION), **extra, **_labels(v))


@router.get("/officer/decisions")
def officer_page(request: Request) -> Response:
    return _officer(visit(request))


@router.post("/officer/decisions")
@form_page
def officer_issue(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    values = {k: form.get(k, "")[:5000].strip() for k in EMPTY_DECISION}
    try:
        deadline = parse_date(values["deadline"], "deadline") if values["deadline"] else None
        d = decisions.issue(v.rt, principal, tin=values["tin"], type=values["type"], ground=values["ground"], decision=values["decision"],
                            tax=values["tax"] or None, period=values["period"] or None, amount=values["amount"] or None, deadline=deadline)
    except SalykError as exc:
        return _officer(v, exc.status, values=values, error=message_of(exc, v.lang), error_field=field_of(exc))
    return _officer(v, issued=d)


@router.get("/officer/appeals/{appeal_id}")
def officer_appeal_page(request: Request, appeal_id: str) -> Response:
    v = visit(request)
    principal = require_staff(v)
    try:
        a = appeals.officer_get(v.rt, principal, appeal_id)
    except SalykError as exc:
        return error_page(v, exc.status, message_of(exc, v.lang))
    return render(v, "notices/appeal.html", appeal=a, officer=True, **_labels(v))


@router.post("/officer/appeals/{appeal_id}/decision")
@form_page
def officer_appeal_decide(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    appeal_id = v.request.path_params["appeal_id"]
    try:
        outcome = form.get("outcome", "")[:24]
        if not confirmed(form) and outcome in OUTCOMES:
            a = appeals.officer_get(v.rt, principal, appeal_id)
            facts = [(N_("Appeal"), a.number), (N_("Outcome"), gettext(OUTCOMES[outcome], v.lang))]
            if form.get("upheld_amount", "").strip():
                facts.append((N_("Amount upheld, som (partly satisfied)"), form["upheld_amount"].strip()[:20]))
            facts.append((N_("Reasons"), form.get("reasons", "")[:5000]))
            return confirm_page(v, action=f"/officer/appeals/{a.id}/decision", form=form, back=f"/officer/appeals/{a.id}",
                                who={"tin": a.taxpayer_tin, "name": a.taxpayer_name, "taxpayer_kind": a.taxpayer_kind}, facts=facts,
                                question=N_("Issue this decision on the appeal?"), button=N_("Yes, issue the decision"),
                                tone="danger" if outcome == "refused" else "approve")
        appeals.decide(v.rt, principal, appeal_id, outcome=outcome,
                       upheld_amount=form.get("upheld_amount", "").strip()[:20] or None, reasons=form.get("reasons", "")[:5000])
    except SalykError as exc:
        try:
            a = appeals.officer_get(v.rt, principal, appeal_id)
        except SalykError as again:
            return error_page(v, again.status, message_of(again, v.lang))
        return render(v, "notices/appeal.html", status=exc.status, appeal=a, officer=True, error=message_of(exc, v.lang), **_labels(v))
    return redirect_done(v, f"/officer/appeals/{appeal_id}", "appeal.done")
