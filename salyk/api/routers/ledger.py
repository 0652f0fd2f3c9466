"""HTTP endpoints of the ledger service: charges and payments (officers), balance, payments and
the explained statement (taxpayer cabinet; officers for any taxpayer, audited)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import Field, StrictBool

from salyk.api.deps import Cabinet, RuntimeDep, Staff
from salyk.api.errors import language_of
from salyk.api.schemas import Body, IsoDate, Out, timestamp
from salyk.kernel.dates import FIRST_DAY, LAST_DAY, parse_date
from salyk.kernel.errors import NotFound, SalykError, invalid_field
from salyk.law.money import format_som
from salyk.ledger import balance as balances
from salyk.ledger import charges, deferrals, interest_stops, payments, refunds, write_offs
from salyk.ledger.charges import check_tax
from salyk.ledger import postings
from salyk.ledger.postings import Kind
from salyk.ledger.wording import cite, describe, offset_text, parameters
from salyk.kernel import labels

router = APIRouter(tags=["ledger"])

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Query dates outside these bounds are typing errors, and would overflow date arithmetic.
_FIRST_DAY, _LAST_DAY = FIRST_DAY, LAST_DAY
MAX_BATCH = 10_000


def _query_date(value: str | None, field: str) -> dt.date | None:
    return None if value is None else parse_date(value, field)


def _query_tax(value: str | None) -> str | None:
    return None if value is None else check_tax(value)


# --- charges ---------------------------------------------------------------------------------


class AssessmentIn(Body):
    tin: str = Field(max_length=64)
    tax: str = Field(max_length=64)
    amount: str = Field(max_length=64)
    due_date: IsoDate
    period: str = Field(max_length=32)
    reference: str = Field(max_length=200)
    audit_notice_delivered_on: IsoDate | None = None  # TC art. 58(1)(3): the limitation counts from it


class CreatedOut(Out):
    id: str


def _assess(rt: RuntimeDep, officer: Staff, body: AssessmentIn, kind: Kind) -> CreatedOut:
    posting_id = charges.assess(rt, officer, tin=body.tin, tax=body.tax, amount=body.amount, due_date=body.due_date,
                                period=body.period, reference=body.reference, kind=kind,
                                audit_notice_delivered_on=body.audit_notice_delivered_on)
    return CreatedOut(id=str(posting_id))


Offence = Literal["understatement", "agent_nonpayment", "unregistered_activity", "late_filing", "late_payment"]


class SanctionIn(Body):
    """The offence and its facts: the amount is computed (TC art. 141-143), or checked when given.
    Without ``offence`` the earlier body still works: the typed ``amount`` is recorded as it is."""

    tin: str = Field(max_length=64)
    tax: str = Field(max_length=64)
    due_date: IsoDate
    period: str = Field(max_length=32)
    reference: str = Field(max_length=200)
    offence: Offence | None = None
    committed_on: IsoDate | None = None
    amount: str | None = Field(default=None, max_length=64)
    understated: str | None = Field(default=None, max_length=64)  # 142
    prior_year_income: str | None = Field(default=None, max_length=64)  # 142
    clarified_report_filed_on: IsoDate | None = None  # 90(5)
    audit_notice_delivered_on: IsoDate | None = None  # 90(5)
    unpaid: str | None = Field(default=None, max_length=64)  # 143
    tax_due_date: IsoDate | None = None  # 143
    paid_on: IsoDate | None = None  # 143
    taxes: str | None = Field(default=None, max_length=64)  # 141


class SanctionOut(Out):
    id: str
    amount: str
    citation: str


@router.post("/officer/assessments", status_code=201, response_model=CreatedOut)
def post_assessment(rt: RuntimeDep, officer: Staff, body: AssessmentIn) -> CreatedOut:
    """A tax charge by a decision of the tax body (TC art. 82), due on ``due_date`` (TC art. 16(6))."""
    return _assess(rt, officer, body, Kind.CHARGE)


@router.post("/officer/sanctions", status_code=201, response_model=SanctionOut)
def post_sanction(rt: RuntimeDep, officer: Staff, body: SanctionIn) -> SanctionOut:
    """A tax sanction (TC art. 139) computed from the offence when one is given (141-143; 90(5)
    refuses one after the taxpayer's own clarified report), else the typed amount as before;
    repaid after tax, interest and туум (TC art. 61)."""
    facts = body.model_dump(exclude={"tin", "tax", "due_date", "period", "reference", "amount"}, exclude_none=True) if body.offence else None
    posting_id = charges.assess(rt, officer, tin=body.tin, tax=body.tax, amount=body.amount, due_date=body.due_date,
                                period=body.period, reference=body.reference, kind=Kind.SANCTION, offence=facts)
    return SanctionOut(**charges.sanction_view(rt, posting_id))


class ReversalIn(Body):
    reason: str = Field(min_length=1, max_length=500)


@router.post("/officer/postings/{posting_id}/reversal", status_code=201, response_model=CreatedOut)
def post_reversal(rt: RuntimeDep, officer: Staff, posting_id: str, body: ReversalIn) -> CreatedOut:
    """Correct a charge or a payment by a reversing posting (ledger principle 1)."""
    if not posting_id.isdigit() or len(posting_id) > 18:
        raise NotFound("POSTING_NOT_FOUND", "No such ledger posting.", {"id": posting_id[:20]})
    return CreatedOut(id=str(postings.reverse(rt, officer, int(posting_id), body.reason)))


# --- payments --------------------------------------------------------------------------------


class PaymentItemIn(Body):
    bank_reference: str = Field(max_length=200)
    tin: str = Field(max_length=64)
    tax: str = Field(max_length=64)
    amount: str = Field(max_length=64)
    paid_on: str = Field(max_length=32)
    payment_reference: str | None = Field(None, max_length=64)


class PaymentsIn(Body):
    payments: list[PaymentItemIn] = Field(max_length=MAX_BATCH)


class ErrorOut(Out):
    code: str
    message: str
    details: dict


class RejectedOut(Out):
    bank_reference: str | None
    error: ErrorOut


class ImportOut(Out):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


def _error(exc: SalykError, lang: str) -> ErrorOut:
    return ErrorOut(code=exc.code, message=labels.message(exc, lang), details=exc.details)


@router.post("/officer/payments", response_model=ImportOut)
def post_payments(request: Request, rt: RuntimeDep, officer: Staff, body: PaymentsIn) -> ImportOut:
    """Bank payments (TC art. 59-60), idempotent per ``bank_reference``; one transaction."""
    rows = [payments.PaymentIn(p.bank_reference, p.tin, p.tax, p.amount, p.paid_on, p.payment_reference) for p in body.payments]
    result = payments.import_payments(rt, officer, rows)
    lang = language_of(request)
    return ImportOut(
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=[RejectedOut(bank_reference=r.bank_reference, error=_error(r.error, lang)) for r in result.rejected],
    )


# --- balance ---------------------------------------------------------------------------------


class TaxBalanceOut(Out):
    tax: str
    arrears: str
    interest: str
    late_interest: str
    sanctions: str
    overpayment: str
    total_due: str
    not_yet_due: str
    under_appeal: str = "0.00"  # of the debt: held by an appeal, not offset or collected (TC art. 151(1))


class BalanceOut(Out):
    as_of: str
    taxes: list[TaxBalanceOut]
    total_due: str
    total_overpayment: str


def balance_out(b: balances.Balance) -> BalanceOut:
    return BalanceOut(
        as_of=b.as_of.isoformat(),
        taxes=[
            TaxBalanceOut(tax=t.tax, arrears=format_som(t.arrears), interest=format_som(t.interest),
                          late_interest=format_som(t.late_interest), sanctions=format_som(t.sanctions),
                          overpayment=format_som(t.overpayment), total_due=format_som(t.total_due),
                          not_yet_due=format_som(t.not_yet_due), under_appeal=format_som(t.under_appeal))
            for t in b.taxes
        ],
        total_due=format_som(b.total_due),
        total_overpayment=format_som(b.total_overpayment),
    )


@router.get("/me/balance", response_model=BalanceOut)
def my_balance(rt: RuntimeDep, principal: Cabinet, as_of: str | None = Query(None, max_length=32)) -> BalanceOut:
    """Debt and overpayment per tax at the end of ``as_of`` (default today): TC art. 4(2)(9)-(11), 71, 81."""
    return balance_out(balances.my_balance(rt, principal, _query_date(as_of, "as_of")))


def _query_moment(value: str | None, field: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise invalid_field(field, "not_a_timestamp") from None
    if moment.tzinfo is None or not _FIRST_DAY <= moment.date() <= _LAST_DAY:
        raise invalid_field(field, "out_of_range")
    return moment


@router.get("/officer/taxpayers/{tin}/balance", response_model=BalanceOut)
def officer_balance(
    rt: RuntimeDep,
    officer: Staff,
    tin: str,
    as_of: str | None = Query(None, max_length=32),
    known_at: str | None = Query(None, max_length=40, description="only what was recorded by then (ISO 8601 with offset)"),
) -> BalanceOut:
    """A taxpayer's balance (audited); ``known_at`` reproduces the answer as it was given then."""
    return balance_out(balances.officer_balance(rt, officer, tin, _query_date(as_of, "as_of"), _query_moment(known_at, "known_at")))


# --- statement -------------------------------------------------------------------------------


class StatementLineOut(Out):
    date: str
    tax: str
    kind: str
    amount: str
    balance: str
    citation: str  # canonical, for machines: "TC art. 71(6)"
    citation_text: str  # as the user's language writes it: "СК 71-бер. 6-б." / "НК ст. 71 ч. 6"
    text: str  # the explanation in the user's language (Accept-Language)
    msgid: str  # the same explanation as data: the English msgid ...
    parameters: dict[str, Any]  # ... and its parameters (codes, ISO dates, money strings)
    posting_id: str | None
    period: str | None


class StatementOut(Out):
    tax: str | None
    from_: str | None = Field(serialization_alias="from")
    to: str
    opening: dict[str, str]
    lines: list[StatementLineOut]
    closing: BalanceOut


def statement_out(s: balances.Statement, tax: str | None, lang: str) -> StatementOut:
    return StatementOut(
        tax=tax,
        from_=None if s.start is None else s.start.isoformat(),
        to=s.end.isoformat(),
        opening={k: format_som(v) for k, v in s.opening.items()},
        lines=[
            StatementLineOut(date=ln.date.isoformat(), tax=ln.tax, kind=ln.kind, amount=format_som(ln.amount),
                             balance=format_som(ln.balance), citation=ln.citation, citation_text=cite(ln.citation, lang),
                             text=describe(ln.msgid, ln.params, lang), msgid=ln.msgid, parameters=parameters(ln.params),
                             posting_id=None if ln.posting_id is None else str(ln.posting_id), period=ln.period)
            for ln in s.lines
        ],
        closing=balance_out(s.closing),
    )


def _statement_query(rt: RuntimeDep, tax: str | None, start: str | None, end: str | None) -> tuple[str | None, dt.date | None, dt.date | None]:
    """The statement's tax and window; an open window may not start after today."""
    first, last = _query_date(start, "from"), _query_date(end, "to")
    if first is not None and last is not None and first > last:
        raise invalid_field("from", "out_of_range")
    code = _query_tax(tax)
    if first is not None and last is None and first > rt.today():
        raise invalid_field("from", "out_of_range")
    return code, first, last


@router.get("/me/statement", response_model=StatementOut, response_model_by_alias=True)
def my_statement(
    request: Request,
    rt: RuntimeDep,
    principal: Cabinet,
    tax: str | None = Query(None, max_length=64),
    from_: str | None = Query(None, alias="from", max_length=32),
    to: str | None = Query(None, max_length=32),
) -> StatementOut:
    """Why each som is owed: charges, payments, allocations (TC art. 61) and туум per period
    between balance changes (TC art. 71), each with its citation and the running balance."""
    code, start, end = _statement_query(rt, tax, from_, to)
    return statement_out(balances.my_statement(rt, principal, start=start, end=end, tax=code), code, language_of(request))


@router.get("/officer/taxpayers/{tin}/statement", response_model=StatementOut, response_model_by_alias=True)
def officer_statement(
    request: Request,
    rt: RuntimeDep,
    officer: Staff,
    tin: str,
    tax: str | None = Query(None, max_length=64),
    from_: str | None = Query(None, alias="from", max_length=32),
    to: str | None = Query(None, max_length=32),
) -> StatementOut:
    code, start, end = _statement_query(rt, tax, from_, to)
    return statement_out(balances.officer_statement(rt, officer, tin, start=start, end=end, tax=code), code, language_of(request))


# --- payments list ---------------------------------------------------------------------------


class PaymentOut(Out):
    bank_reference: str
    tax: str
    amount: str
    paid_on: str
    recorded_at: str
    reversed: bool


class PaymentsOut(Out):
    payments: list[PaymentOut]


def payments_out(rows: list[payments.PaymentView]) -> PaymentsOut:
    return PaymentsOut(payments=[
        PaymentOut(bank_reference=p.bank_reference, tax=p.tax, amount=format_som(p.amount), paid_on=p.paid_on.isoformat(),
                   recorded_at=timestamp(p.recorded_at), reversed=p.reversed)
        for p in rows
    ])


@router.get("/me/payments", response_model=PaymentsOut)
def my_payments(rt: RuntimeDep, principal: Cabinet) -> PaymentsOut:
    """The taxpayer's payments (Offer 3.1 "viewing payments"), newest first."""
    return payments_out(payments.my_payments(rt, principal))


@router.get("/officer/taxpayers/{tin}/payments", response_model=PaymentsOut)
def officer_payments(rt: RuntimeDep, officer: Staff, tin: str) -> PaymentsOut:
    return payments_out(payments.officer_payments(rt, officer, tin))


# --- overpayment: notices, refund and offset applications (TC art. 81) -------------------------

class HistoryOut(Out):
    status: str
    at: str
    note: str | None


class RefundOut(Out):
    id: str
    kind: str
    tax: str
    to_tax: str | None
    amount: str
    client_reference: str | None
    received_on: str
    status: str
    decision_number: str | None
    decided_on: str | None
    reason: str | None
    paid_on: str | None
    refund_deadline: str | None
    days_late: int
    late_interest: str
    citation: str
    history: list[HistoryOut]
    tin: str | None = None


class RefundsOut(Out):
    applications: list[RefundOut]


class RefundIn(Body):
    kind: Literal["refund", "offset"]
    tax: str = Field(max_length=64)
    amount: str = Field(max_length=64)
    to_tax: str | None = Field(None, max_length=64)
    client_reference: str | None = Field(None, min_length=1, max_length=100)


@router.post("/me/refunds", status_code=201, response_model=RefundOut)
def post_refund(rt: RuntimeDep, principal: Cabinet, body: RefundIn) -> RefundOut:
    """A written application to refund an overpayment or offset it against another tax (TC art. 81(6), (10))."""
    return RefundOut(**refunds.apply(rt, principal, kind=body.kind, tax=body.tax, amount=body.amount, to_tax=body.to_tax,
                                     client_reference=body.client_reference))


class PaperRefundIn(RefundIn):
    received_on: IsoDate


@router.post("/officer/taxpayers/{tin}/refunds", status_code=201, response_model=RefundOut)
def post_paper_refund(rt: RuntimeDep, officer: Staff, tin: str, body: PaperRefundIn) -> RefundOut:
    """An application handed in on paper (TC art. 81(10)), registered by an officer with its day of receipt."""
    return RefundOut(**refunds.register_paper(rt, officer, tin, received_on=body.received_on, kind=body.kind, tax=body.tax,
                                              amount=body.amount, to_tax=body.to_tax, client_reference=body.client_reference))


@router.get("/me/refunds", response_model=RefundsOut)
def get_refunds(rt: RuntimeDep, principal: Cabinet) -> RefundsOut:
    """The taxpayer's applications with their status, the 30-day deadline (81(7)) and what a late refund earns (81(11))."""
    return RefundsOut(applications=[RefundOut(**a) for a in refunds.my_applications(rt, principal)])


@router.get("/me/refunds/{app_id}", response_model=RefundOut)
def get_refund(rt: RuntimeDep, principal: Cabinet, app_id: str) -> RefundOut:
    return RefundOut(**refunds.my_application(rt, principal, app_id))


class OffsetNoticeOut(Out):
    date: str
    from_tax: str
    amount: str
    citation: str
    citation_text: str  # the citation in the user's language
    text: str  # in the user's language (Accept-Language)
    to_tax: str
    notice_deadline: str


class OffsetNoticesOut(Out):
    offsets: list[OffsetNoticeOut]


@router.get("/me/offsets", response_model=OffsetNoticesOut)
def get_offsets(rt: RuntimeDep, principal: Cabinet, request: Request) -> OffsetNoticesOut:
    """Notice of each automatic offset of an overpayment (TC art. 81(2)-(5)), in the user's language."""
    lang = language_of(request)
    return OffsetNoticesOut(offsets=[
        OffsetNoticeOut(date=n.on.isoformat(), from_tax=n.from_tax, amount=format_som(n.amount), citation=n.citation,
                        citation_text=cite(n.citation, lang), text=offset_text(n, lang), to_tax=n.to_tax,
                        notice_deadline=n.notice_deadline.isoformat())
        for n in refunds.my_offset_notices(rt, principal)])


@router.get("/officer/refunds", response_model=RefundsOut)
def officer_refunds(rt: RuntimeDep, officer: Staff, status: str | None = Query(None, max_length=16),
                    tin: str | None = Query(None, max_length=64)) -> RefundsOut:
    return RefundsOut(applications=[RefundOut(**a) for a in refunds.officer_list(rt, officer, status=status, tin=tin)])


class DecisionIn(Body):
    approve: StrictBool
    reason: str | None = Field(None, max_length=500)


@router.post("/officer/refunds/{app_id}/decision", response_model=RefundOut)
def decide_refund(rt: RuntimeDep, officer: Staff, app_id: str, body: DecisionIn) -> RefundOut:
    return RefundOut(**refunds.decide(rt, officer, app_id, approve=body.approve, reason=body.reason))


class PaidIn(Body):
    paid_on: IsoDate


@router.post("/officer/refunds/{app_id}/paid", response_model=RefundOut)
def refund_paid(rt: RuntimeDep, officer: Staff, app_id: str, body: PaidIn) -> RefundOut:
    return RefundOut(**refunds.mark_paid(rt, officer, app_id, paid_on=body.paid_on))


# --- deferral and instalment plans (TC art. 76-80) -------------------------------------------

class InstalmentIn(Body):
    date: IsoDate
    amount: str = Field(max_length=64)


class DeferralIn(Body):
    tax: str = Field(max_length=64)
    amount: str = Field(max_length=64)
    ground: str = Field(max_length=32)
    start: IsoDate
    end: IsoDate
    schedule: list[InstalmentIn] = Field(default_factory=list, max_length=deferrals.MAX_INSTALMENTS)
    bank_guarantee: StrictBool = False
    client_reference: str | None = Field(None, min_length=1, max_length=100)

    def fields(self) -> dict[str, Any]:
        return {"tax": self.tax, "amount": self.amount, "ground": self.ground, "start": self.start, "end": self.end,
                "schedule": [{"date": i.date, "amount": i.amount} for i in self.schedule], "bank_guarantee": self.bank_guarantee,
                "client_reference": self.client_reference}


class PaperDeferralIn(DeferralIn):
    received_on: IsoDate


class InstalmentOut(Out):
    date: str
    amount: str
    status: str | None = None  # paid | open | missed, once granted


class DeferralOut(Out):
    id: str
    tax: str
    amount: str
    ground: str
    start: str
    end: str
    schedule: list[InstalmentOut]
    bank_guarantee: bool
    client_reference: str | None
    received_on: str
    deciding_body: str
    decision_deadline: str
    overdue: bool
    status: str
    decision_number: str | None
    decided_on: str | None
    reason: str | None
    interest: str | None  # the decision's figure: as planned, or for the days in force (TC art. 80(4))
    interest_to_date: str | None = None  # as the ledger derives it today, on what was unpaid each day (79(4))
    terminated_on: str | None
    unpaid: str | None
    payment_deadline: str | None
    history: list[HistoryOut]
    tin: str | None = None


class DeferralsOut(Out):
    applications: list[DeferralOut]


@router.post("/me/deferrals", status_code=201, response_model=DeferralOut)
def post_deferral(rt: RuntimeDep, principal: Cabinet, body: DeferralIn) -> DeferralOut:
    """Apply for a deferral or instalment plan (TC art. 76-79): routed by amount (78), decided within 10 days (79(7))."""
    return DeferralOut(**deferrals.apply(rt, principal, **body.fields()))


@router.get("/me/deferrals", response_model=DeferralsOut)
def get_deferrals(rt: RuntimeDep, principal: Cabinet) -> DeferralsOut:
    return DeferralsOut(applications=[DeferralOut(**a) for a in deferrals.my_applications(rt, principal)])


@router.get("/me/deferrals/{app_id}", response_model=DeferralOut)
def get_deferral(rt: RuntimeDep, principal: Cabinet, app_id: str) -> DeferralOut:
    return DeferralOut(**deferrals.my_application(rt, principal, app_id))


@router.post("/officer/taxpayers/{tin}/deferrals", status_code=201, response_model=DeferralOut)
def post_paper_deferral(rt: RuntimeDep, officer: Staff, tin: str, body: PaperDeferralIn) -> DeferralOut:
    """An application handed in on paper, registered with its day of receipt."""
    return DeferralOut(**deferrals.register_paper(rt, officer, tin, received_on=body.received_on, **body.fields()))


@router.get("/officer/deferrals", response_model=DeferralsOut)
def officer_deferrals(rt: RuntimeDep, officer: Staff, status: str | None = Query(None, max_length=16),
                      tin: str | None = Query(None, max_length=64)) -> DeferralsOut:
    return DeferralsOut(applications=[DeferralOut(**a) for a in deferrals.officer_list(rt, officer, status=status, tin=tin)])


class GrantIn(Body):
    grant: StrictBool
    reason: str | None = Field(None, max_length=500)


@router.post("/officer/deferrals/{app_id}/decision", response_model=DeferralOut)
def decide_deferral(rt: RuntimeDep, officer: Staff, app_id: str, body: GrantIn) -> DeferralOut:
    return DeferralOut(**deferrals.decide(rt, officer, app_id, grant=body.grant, reason=body.reason))


class TerminationIn(Body):
    breach_on: IsoDate
    received_on: IsoDate | None = None
    reason: str = Field(min_length=1, max_length=500)


@router.post("/officer/deferrals/{app_id}/termination", response_model=DeferralOut)
def terminate_deferral(rt: RuntimeDep, officer: Staff, app_id: str, body: TerminationIn) -> DeferralOut:
    """Early termination on a breach (TC art. 80(3)-(4))."""
    return DeferralOut(**deferrals.terminate(rt, officer, app_id, breach_on=body.breach_on, received_on=body.received_on, reason=body.reason))


# --- write-off of hopeless debt (TC art. 68-69) ----------------------------------------------

class WriteOffIn(Body):
    tin: str = Field(max_length=64)
    tax: str = Field(max_length=64)
    ground: str = Field(max_length=32)
    items: list[str] = Field(min_length=1, max_length=write_offs.MAX_ITEMS)
    act_reference: str = Field(min_length=1, max_length=200)
    evidence: str = Field(min_length=1, max_length=1000)


class WriteOffOut(Out):
    id: str
    tax: str
    ground: str
    items: list[str]
    amount: str
    act_reference: str
    evidence: str
    decision_number: str
    decided_on: str
    decided_by: str
    posting_id: str
    citation: str


class WriteOffsOut(Out):
    write_offs: list[WriteOffOut]


@router.post("/officer/write-offs", status_code=201, response_model=WriteOffOut)
def post_write_off(rt: RuntimeDep, officer: Staff, body: WriteOffIn) -> WriteOffOut:
    """Write off hopeless debt with its туум (TC art. 68(2), (4)-(6), 69): a numbered decision."""
    return WriteOffOut(**write_offs.write_off(rt, officer, tin=body.tin, tax=body.tax, ground=body.ground, items=body.items,
                                              act_reference=body.act_reference, evidence=body.evidence))


@router.get("/officer/taxpayers/{tin}/write-offs", response_model=WriteOffsOut)
def officer_write_offs(rt: RuntimeDep, officer: Staff, tin: str) -> WriteOffsOut:
    return WriteOffsOut(write_offs=[WriteOffOut(**w) for w in write_offs.officer_list(rt, officer, tin)])


@router.get("/me/write-offs", response_model=WriteOffsOut)
def my_write_offs(rt: RuntimeDep, principal: Cabinet) -> WriteOffsOut:
    return WriteOffsOut(write_offs=[WriteOffOut(**w) for w in write_offs.my_list(rt, principal)])


# --- grounds on which туум stops (TC art. 71(7)(2)-(6), 75(6)) --------------------------------


class InterestStopIn(Body):
    ground: Literal["bankruptcy", "missing_person", "bank_liquidation", "budget_financing", "force_majeure", "property_arrest"]
    start: IsoDate
    end: IsoDate | None = None
    tax: str | None = Field(default=None, max_length=64)  # none: every tax
    act_reference: str = Field(min_length=1, max_length=200)
    evidence: str = Field(default="", max_length=1000)


class InterestStopEndIn(Body):
    end: IsoDate


class InterestStopOut(Out):
    id: str
    tax: str
    ground: str
    start: str
    end: str | None
    act_reference: str | None
    evidence: str | None
    citation: str
    recorded_by: str


class InterestStopsOut(Out):
    interest_stops: list[InterestStopOut]


@router.post("/officer/taxpayers/{tin}/interest-stops", status_code=201, response_model=InterestStopsOut)
def post_interest_stop(rt: RuntimeDep, officer: Staff, tin: str, body: InterestStopIn) -> InterestStopsOut:
    """Record a ground on which туум stops, with its dates (one record per tax)."""
    rows = interest_stops.record(rt, officer, tin, ground=body.ground, start=body.start, end=body.end, tax=body.tax,
                                 act_reference=body.act_reference, evidence=body.evidence)
    return InterestStopsOut(interest_stops=[InterestStopOut(**r) for r in rows])


@router.post("/officer/interest-stops/{stop_id}/end", response_model=InterestStopOut)
def post_interest_stop_end(rt: RuntimeDep, officer: Staff, stop_id: str, body: InterestStopEndIn) -> InterestStopOut:
    """The ground ended: ``end`` is its last day without туум."""
    return InterestStopOut(**interest_stops.end_stop(rt, officer, stop_id, end=body.end))


@router.get("/officer/taxpayers/{tin}/interest-stops", response_model=InterestStopsOut)
def officer_interest_stops(rt: RuntimeDep, officer: Staff, tin: str) -> InterestStopsOut:
    return InterestStopsOut(interest_stops=[InterestStopOut(**r) for r in interest_stops.officer_list(rt, officer, tin)])


@router.get("/me/interest-stops", response_model=InterestStopsOut)
def my_interest_stops(rt: RuntimeDep, principal: Cabinet) -> InterestStopsOut:
    return InterestStopsOut(interest_stops=[InterestStopOut(**r) for r in interest_stops.my_list(rt, principal)])
