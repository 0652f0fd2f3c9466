"""HTTP endpoints of the notices module: the inbox and e-mail (Offer 6.2, 7.1), decisions of the
tax body (TC art. 82-83), appeals (TC art. 146-152) and the access log (TC art. 54)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field

from salyk.api.deps import Cabinet, RuntimeDep, Staff, bearer_token
from salyk.api.errors import language_of
from salyk.api.openapi import answers, binary
from salyk.api.schemas import Body, IsoDate, Out
from salyk.kernel.errors import invalid_field
from salyk.kernel.formats import timestamp
from salyk.notices import access_log, appeals, decisions, email, inbox
from salyk.notices.pdf import render_decision

router = APIRouter(tags=["notices"])


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: dt.datetime) -> str:
    return timestamp(value)  # an audit row always has its moment


def _query_date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise invalid_field(field, "not_a_date") from None
    if not dt.date(1991, 1, 1) <= day <= dt.date(2199, 12, 31):
        raise invalid_field(field, "out_of_range")
    return day


# --- inbox ------------------------------------------------------------------------------------------


class RelatedOut(Out):
    type: str
    id: str


class NoticeOut(Out):
    id: str
    kind: str
    title: str
    created_at: str
    read_at: str | None
    requires_action: bool
    related: RelatedOut | None


class NoticeFullOut(NoticeOut):
    body: str


class NoticesOut(Out):
    unread: int
    notices: list[NoticeOut]


def _notice(n: inbox.NoticeView, full: bool = False) -> dict[str, Any]:
    out = {"id": str(n.id), "kind": n.kind, "title": n.title, "created_at": timestamp(n.created_at), "read_at": timestamp(n.read_at),
           "requires_action": n.requires_action, "related": n.related}
    return out | ({"body": n.body} if full else {})


@router.get("/me/notices", response_model=NoticesOut)
def my_notices(request: Request, rt: RuntimeDep, me: Cabinet, unread: bool = Query(False), kind: str | None = Query(None, max_length=40)) -> NoticesOut:
    count, rows = inbox.my_notices(rt, me, lang=language_of(request), unread=unread, kind=kind)
    return NoticesOut(unread=count, notices=[NoticeOut(**_notice(n)) for n in rows])


class ReadAllOut(Out):
    marked: int
    unread: int


@router.post("/me/notices/read-all", response_model=ReadAllOut)
def read_all(rt: RuntimeDep, me: Cabinet) -> ReadAllOut:
    return ReadAllOut(marked=inbox.read_all(rt, me), unread=0)


@router.get("/me/notices/{notice_id}", response_model=NoticeFullOut)
def my_notice(request: Request, rt: RuntimeDep, me: Cabinet, notice_id: str) -> NoticeFullOut:
    return NoticeFullOut(**_notice(inbox.read(rt, me, notice_id, lang=language_of(request)), full=True))


# --- e-mail -----------------------------------------------------------------------------------------


class EmailIn(Body):
    address: str = Field(max_length=300)


class EmailCodeIn(Body):
    code: str = Field(max_length=20)


class EmailOut(Out):
    address: str | None
    confirmed: bool
    confirmed_at: str | None


def _email(v: email.EmailView | None) -> EmailOut:
    if v is None:
        return EmailOut(address=None, confirmed=False, confirmed_at=None)
    return EmailOut(address=v.address, confirmed=v.confirmed, confirmed_at=timestamp(v.confirmed_at))


@router.get("/me/email", response_model=EmailOut)
def my_email(rt: RuntimeDep, me: Cabinet) -> EmailOut:
    return _email(email.my_email(rt, me))


@router.put("/me/email", response_model=EmailOut)
def give_email(rt: RuntimeDep, me: Cabinet, body: EmailIn) -> EmailOut:
    return _email(email.give(rt, me, body.address))


@router.post("/me/email/confirmation", response_model=EmailOut, responses=answers(423))
def confirm_email(rt: RuntimeDep, me: Cabinet, body: EmailCodeIn) -> EmailOut:
    return _email(email.confirm(rt, me, body.code))


@router.delete("/me/email", status_code=204, responses=answers(404))
def remove_email(rt: RuntimeDep, me: Cabinet) -> Response:
    email.remove(rt, me)
    return Response(status_code=204)


# --- decisions --------------------------------------------------------------------------------------


class DecisionIn(Body):
    tin: str = Field(max_length=64)
    type: str = Field(max_length=64)
    ground: str = Field(max_length=10000)
    decision: str = Field(max_length=10000)
    tax: str | None = Field(None, max_length=64)
    period: str | None = Field(None, max_length=64)
    amount: str | None = Field(None, max_length=64)
    deadline: IsoDate | None = None


class DecisionCreatedOut(Out):
    id: str
    number: str
    type: str
    date: str
    status: str
    delivered_at: str | None


class DecisionListItem(Out):
    id: str
    number: str
    type: str
    date: str
    delivered_at: str | None
    appeal_deadline: str | None


class DecisionsOut(Out):
    decisions: list[DecisionListItem]


class DebtLine(Out):
    tax: str
    tax_debt: str
    interest: str
    late_interest: str
    sanctions: str


class DebtOut(Out):
    as_of: str | None = None
    taxes: list[DebtLine] = []
    total: str | None = None


class DecisionOut(DecisionListItem):
    status: str
    citation: str
    taxpayer: dict[str, str]
    ground: str
    decision: str
    tax: str | None
    period: str | None
    amount: str | None
    deadline: str | None
    debt: DebtOut
    appeal_procedure: str
    payment_details: str
    delivered_on: str | None
    delivery_method: str | None
    under_appeal: str | None
    unopened_flag: bool
    signature: str | None


APPEAL_PROCEDURE = decisions.APPEAL_PROCEDURE


def _item(v: decisions.DecisionView) -> dict[str, Any]:
    return {"id": str(v.id), "number": v.number, "type": v.type, "date": v.date.isoformat(), "delivered_at": timestamp(v.delivered_at),
            "appeal_deadline": _day(v.appeal_deadline)}


def _full(v: decisions.DecisionView, lang: str) -> DecisionOut:
    from salyk.kernel.i18n import gettext

    return DecisionOut(**_item(v), status=v.status, citation=v.citation, taxpayer={"tin": v.taxpayer_tin, "name": v.taxpayer_name},
                       ground=v.ground, decision=v.decision, tax=v.tax, period=v.period, amount=_money(v.amount), deadline=_day(v.deadline),
                       debt=DebtOut(**v.debt), appeal_procedure=gettext(APPEAL_PROCEDURE, lang), payment_details=gettext(v.payment_details, lang),
                       delivered_on=_day(v.delivered_on), delivery_method=v.delivery_method, under_appeal=_money(v.under_appeal),
                       unopened_flag=v.unopened_flag, signature=v.signature)


@router.post("/officer/decisions", status_code=201, response_model=DecisionCreatedOut)
def issue_decision(rt: RuntimeDep, officer: Staff, body: DecisionIn) -> DecisionCreatedOut:
    v = decisions.issue(rt, officer, tin=body.tin, type=body.type, ground=body.ground, decision=body.decision, tax=body.tax,
                        period=body.period, amount=body.amount, deadline=body.deadline)
    return DecisionCreatedOut(id=str(v.id), number=v.number, type=v.type, date=v.date.isoformat(), status="issued", delivered_at=None)


class DeliveryIn(Body):
    method: Literal["hand_at_address", "hand_at_office", "registered_mail"]
    delivered_on: IsoDate
    evidence: str = Field(max_length=1000)


@router.post("/officer/decisions/{number}/delivery", response_model=DecisionOut)
def record_delivery(request: Request, rt: RuntimeDep, officer: Staff, number: str, body: DeliveryIn) -> DecisionOut:
    v = decisions.record_delivery(rt, officer, number, method=body.method, delivered_on=body.delivered_on, evidence=body.evidence)
    return _full(v, language_of(request))


@router.get("/officer/decisions", response_model=DecisionsOut)
def officer_decisions(rt: RuntimeDep, officer: Staff, tin: str | None = Query(None, max_length=64), unopened: bool = Query(False)) -> DecisionsOut:
    return DecisionsOut(decisions=[DecisionListItem(**_item(v)) for v in decisions.officer_list(rt, officer, tin=tin, unopened=unopened)])


@router.get("/officer/decisions/{number}", response_model=DecisionOut)
def officer_decision(request: Request, rt: RuntimeDep, officer: Staff, number: str) -> DecisionOut:
    return _full(decisions.officer_get(rt, officer, number), language_of(request))


@router.get("/me/decisions", response_model=DecisionsOut)
def my_decisions(rt: RuntimeDep, me: Cabinet) -> DecisionsOut:
    return DecisionsOut(decisions=[DecisionListItem(**_item(v)) for v in decisions.my_decisions(rt, me)])


@router.get("/me/decisions/{decision_id}.pdf", response_class=Response, responses=binary("application/pdf", "The decision as a printable PDF"))
def my_decision_pdf(rt: RuntimeDep, me: Cabinet, token: Annotated[str, Depends(bearer_token)], decision_id: str) -> Response:
    v = decisions.open_decision(rt, me, decision_id, session_token=token)  # the PDF is an opening too
    return Response(render_decision(v), media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="decision-{v.number}.pdf"'})


@router.get("/me/decisions/{decision_id}", response_model=DecisionOut)
def my_decision(request: Request, rt: RuntimeDep, me: Cabinet, token: Annotated[str, Depends(bearer_token)], decision_id: str) -> DecisionOut:
    return _full(decisions.open_decision(rt, me, decision_id, session_token=token), language_of(request))


# --- appeals ----------------------------------------------------------------------------------------


class AppealFilingIn(Body):
    appeal: Any
    signature: Any


class AppealOut(Out):
    id: str
    number: str
    decision_id: str
    status: str
    filed_on: str
    review_deadline: str | None
    outcome: str | None = None
    upheld_amount: str | None = None
    amount_disputed: str | None = None
    returned_on: str | None = None
    return_reasons: str | None = None
    resubmit_until: str | None = None
    reasons: str | None = None
    outcome_decision_id: str | None = None


class AppealsOut(Out):
    appeals: list[AppealOut]


def _appeal(v: appeals.AppealView) -> AppealOut:
    return AppealOut(id=str(v.id), number=v.number, decision_id=str(v.decision_id), status=v.status, filed_on=v.filed_on.isoformat(),
                     review_deadline=_day(v.review_deadline), outcome=v.outcome, upheld_amount=_money(v.upheld_amount),
                     amount_disputed=_money(v.amount_disputed), returned_on=_day(v.returned_on), return_reasons=v.return_reasons,
                     resubmit_until=_day(v.resubmit_until), reasons=v.reasons,
                     outcome_decision_id=str(v.outcome_decision_id) if v.outcome_decision_id else None)


@router.post("/me/appeals", status_code=201, response_model=AppealOut)
def file_appeal(rt: RuntimeDep, me: Cabinet, body: AppealFilingIn) -> AppealOut:
    return _appeal(appeals.file(rt, me, body.appeal, body.signature))


@router.get("/me/appeals", response_model=AppealsOut)
def my_appeals(rt: RuntimeDep, me: Cabinet) -> AppealsOut:
    return AppealsOut(appeals=[_appeal(v) for v in appeals.my_appeals(rt, me)])


@router.get("/me/appeals/{appeal_id}", response_model=AppealOut)
def my_appeal(rt: RuntimeDep, me: Cabinet, appeal_id: str) -> AppealOut:
    return _appeal(appeals.my_appeal(rt, me, appeal_id))


@router.get("/officer/appeals", response_model=AppealsOut)
def officer_appeals(rt: RuntimeDep, officer: Staff, status: str | None = Query(None, max_length=24), tin: str | None = Query(None, max_length=64)) -> AppealsOut:
    return AppealsOut(appeals=[_appeal(v) for v in appeals.officer_list(rt, officer, status=status, tin=tin)])


@router.get("/officer/appeals/{appeal_id}", response_model=AppealOut)
def officer_appeal(rt: RuntimeDep, officer: Staff, appeal_id: str) -> AppealOut:
    return _appeal(appeals.officer_get(rt, officer, appeal_id))


class ReturnIn(Body):
    reasons: str = Field(max_length=10000)


class SuspensionIn(Body):
    reason: str = Field(max_length=10000)


class ResumptionIn(Body):
    pass


class AppealDecisionIn(Body):
    outcome: Literal["satisfied", "partly_satisfied", "refused"]
    upheld_amount: str | None = Field(None, max_length=64)
    reasons: str = Field(max_length=10000)


@router.post("/officer/appeals/{appeal_id}/return", response_model=AppealOut)
def return_appeal(rt: RuntimeDep, officer: Staff, appeal_id: str, body: ReturnIn) -> AppealOut:
    return _appeal(appeals.return_appeal(rt, officer, appeal_id, reasons=body.reasons))


@router.post("/officer/appeals/{appeal_id}/suspension", response_model=AppealOut)
def suspend_appeal(rt: RuntimeDep, officer: Staff, appeal_id: str, body: SuspensionIn) -> AppealOut:
    return _appeal(appeals.suspend(rt, officer, appeal_id, reason=body.reason))


@router.post("/officer/appeals/{appeal_id}/resumption", response_model=AppealOut)
def resume_appeal(rt: RuntimeDep, officer: Staff, appeal_id: str, body: ResumptionIn | None = None) -> AppealOut:
    return _appeal(appeals.resume(rt, officer, appeal_id))


@router.post("/officer/appeals/{appeal_id}/decision", response_model=AppealOut)
def decide_appeal(rt: RuntimeDep, officer: Staff, appeal_id: str, body: AppealDecisionIn) -> AppealOut:
    return _appeal(appeals.decide(rt, officer, appeal_id, outcome=body.outcome, upheld_amount=body.upheld_amount, reasons=body.reasons))


# --- access log -------------------------------------------------------------------------------------


class AccessEntryOut(Out):
    at: str
    role: str
    action: str
    object: str
    reason: str | None


class AccessLogOut(Out):
    entries: list[AccessEntryOut]


@router.get("/me/access-log", response_model=AccessLogOut)
def my_access_log(rt: RuntimeDep, me: Cabinet, start: str | None = Query(None, alias="from", max_length=32),
                  end: str | None = Query(None, alias="to", max_length=32)) -> AccessLogOut:
    rows = access_log.my_access_log(rt, me, start=_query_date(start, "from"), end=_query_date(end, "to"))
    return AccessLogOut(entries=[AccessEntryOut(at=_moment(e.at), role=e.role, action=e.action, object=e.object, reason=e.reason) for e in rows])
