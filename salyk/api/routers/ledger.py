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
from salyk.api.presenters.ledger import (BalanceOut, CreatedOut, DeferralOut, DeferralsOut, ImportOut, InterestStopOut, InterestStopsOut,
                                         OffsetNoticesOut, PaymentsOut, RefundOut, RefundsOut, SanctionOut, StatementOut, WriteOffOut,
                                         WriteOffsOut, balance_out, deferral_out, deferrals_out, import_out, interest_stop_out,
                                         interest_stops_out, offsets_out, payments_out, refund_out, refunds_out, sanction_out,
                                         statement_out, write_off_out, write_offs_out)
from salyk.api.schemas import Body, IsoDate
from salyk.kernel.dates import FIRST_DAY, LAST_DAY, parse_date
from salyk.kernel.errors import NotFound, invalid_field
from salyk.ledger import balance as balances
from salyk.ledger import charges, deferrals, interest_stops, payments, refunds, write_offs
from salyk.ledger.charges import check_tax
from salyk.ledger import postings
from salyk.ledger.postings import Kind

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
    return sanction_out(charges.sanction_view(rt, posting_id))


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


@router.post("/officer/payments", response_model=ImportOut)
def post_payments(request: Request, rt: RuntimeDep, officer: Staff, body: PaymentsIn) -> ImportOut:
    """Bank payments (TC art. 59-60), idempotent per ``bank_reference``; one transaction."""
    rows = [payments.PaymentIn(p.bank_reference, p.tin, p.tax, p.amount, p.paid_on, p.payment_reference) for p in body.payments]
    return import_out(payments.import_payments(rt, officer, rows), language_of(request))


# --- balance ---------------------------------------------------------------------------------


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


@router.get("/me/payments", response_model=PaymentsOut)
def my_payments(rt: RuntimeDep, principal: Cabinet) -> PaymentsOut:
    """The taxpayer's payments (Offer 3.1 "viewing payments"), newest first."""
    return payments_out(payments.my_payments(rt, principal))


@router.get("/officer/taxpayers/{tin}/payments", response_model=PaymentsOut)
def officer_payments(rt: RuntimeDep, officer: Staff, tin: str) -> PaymentsOut:
    return payments_out(payments.officer_payments(rt, officer, tin))


# --- overpayment: notices, refund and offset applications (TC art. 81) -------------------------

class RefundIn(Body):
    kind: Literal["refund", "offset"]
    tax: str = Field(max_length=64)
    amount: str = Field(max_length=64)
    to_tax: str | None = Field(None, max_length=64)
    client_reference: str | None = Field(None, min_length=1, max_length=100)


@router.post("/me/refunds", status_code=201, response_model=RefundOut)
def post_refund(rt: RuntimeDep, principal: Cabinet, body: RefundIn) -> RefundOut:
    """A written application to refund an overpayment or offset it against another tax (TC art. 81(6), (10))."""
    return refund_out(refunds.apply(rt, principal, kind=body.kind, tax=body.tax, amount=body.amount, to_tax=body.to_tax,
                                     client_reference=body.client_reference))


class PaperRefundIn(RefundIn):
    received_on: IsoDate


@router.post("/officer/taxpayers/{tin}/refunds", status_code=201, response_model=RefundOut)
def post_paper_refund(rt: RuntimeDep, officer: Staff, tin: str, body: PaperRefundIn) -> RefundOut:
    """An application handed in on paper (TC art. 81(10)), registered by an officer with its day of receipt."""
    return refund_out(refunds.register_paper(rt, officer, tin, received_on=body.received_on, kind=body.kind, tax=body.tax,
                                              amount=body.amount, to_tax=body.to_tax, client_reference=body.client_reference))


@router.get("/me/refunds", response_model=RefundsOut)
def get_refunds(rt: RuntimeDep, principal: Cabinet) -> RefundsOut:
    """The taxpayer's applications with their status, the 30-day deadline (81(7)) and what a late refund earns (81(11))."""
    return refunds_out(refunds.my_applications(rt, principal))


@router.get("/me/refunds/{app_id}", response_model=RefundOut)
def get_refund(rt: RuntimeDep, principal: Cabinet, app_id: str) -> RefundOut:
    return refund_out(refunds.my_application(rt, principal, app_id))


@router.get("/me/offsets", response_model=OffsetNoticesOut)
def get_offsets(rt: RuntimeDep, principal: Cabinet, request: Request) -> OffsetNoticesOut:
    """Notice of each automatic offset of an overpayment (TC art. 81(2)-(5)), in the user's language."""
    return offsets_out(refunds.my_offset_notices(rt, principal), language_of(request))


@router.get("/officer/refunds", response_model=RefundsOut)
def officer_refunds(rt: RuntimeDep, officer: Staff, status: str | None = Query(None, max_length=16),
                    tin: str | None = Query(None, max_length=64)) -> RefundsOut:
    return refunds_out(refunds.officer_list(rt, officer, status=status, tin=tin))


class DecisionIn(Body):
    approve: StrictBool
    reason: str | None = Field(None, max_length=500)


@router.post("/officer/refunds/{app_id}/decision", response_model=RefundOut)
def decide_refund(rt: RuntimeDep, officer: Staff, app_id: str, body: DecisionIn) -> RefundOut:
    return refund_out(refunds.decide(rt, officer, app_id, approve=body.approve, reason=body.reason))


class PaidIn(Body):
    paid_on: IsoDate


@router.post("/officer/refunds/{app_id}/paid", response_model=RefundOut)
def refund_paid(rt: RuntimeDep, officer: Staff, app_id: str, body: PaidIn) -> RefundOut:
    return refund_out(refunds.mark_paid(rt, officer, app_id, paid_on=body.paid_on))


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


@router.post("/me/deferrals", status_code=201, response_model=DeferralOut)
def post_deferral(rt: RuntimeDep, principal: Cabinet, body: DeferralIn) -> DeferralOut:
    """Apply for a deferral or instalment plan (TC art. 76-79): routed by amount (78), decided within 10 days (79(7))."""
    return deferral_out(deferrals.apply(rt, principal, **body.fields()))


@router.get("/me/deferrals", response_model=DeferralsOut)
def get_deferrals(rt: RuntimeDep, principal: Cabinet) -> DeferralsOut:
    return deferrals_out(deferrals.my_applications(rt, principal))


@router.get("/me/deferrals/{app_id}", response_model=DeferralOut)
def get_deferral(rt: RuntimeDep, principal: Cabinet, app_id: str) -> DeferralOut:
    return deferral_out(deferrals.my_application(rt, principal, app_id))


@router.post("/officer/taxpayers/{tin}/deferrals", status_code=201, response_model=DeferralOut)
def post_paper_deferral(rt: RuntimeDep, officer: Staff, tin: str, body: PaperDeferralIn) -> DeferralOut:
    """An application handed in on paper, registered with its day of receipt."""
    return deferral_out(deferrals.register_paper(rt, officer, tin, received_on=body.received_on, **body.fields()))


@router.get("/officer/deferrals", response_model=DeferralsOut)
def officer_deferrals(rt: RuntimeDep, officer: Staff, status: str | None = Query(None, max_length=16),
                      tin: str | None = Query(None, max_length=64)) -> DeferralsOut:
    return deferrals_out(deferrals.officer_list(rt, officer, status=status, tin=tin))


class GrantIn(Body):
    grant: StrictBool
    reason: str | None = Field(None, max_length=500)


@router.post("/officer/deferrals/{app_id}/decision", response_model=DeferralOut)
def decide_deferral(rt: RuntimeDep, officer: Staff, app_id: str, body: GrantIn) -> DeferralOut:
    return deferral_out(deferrals.decide(rt, officer, app_id, grant=body.grant, reason=body.reason))


class TerminationIn(Body):
    breach_on: IsoDate
    received_on: IsoDate | None = None
    reason: str = Field(min_length=1, max_length=500)


@router.post("/officer/deferrals/{app_id}/termination", response_model=DeferralOut)
def terminate_deferral(rt: RuntimeDep, officer: Staff, app_id: str, body: TerminationIn) -> DeferralOut:
    """Early termination on a breach (TC art. 80(3)-(4))."""
    return deferral_out(deferrals.terminate(rt, officer, app_id, breach_on=body.breach_on, received_on=body.received_on, reason=body.reason))


# --- write-off of hopeless debt (TC art. 68-69) ----------------------------------------------

class WriteOffIn(Body):
    tin: str = Field(max_length=64)
    tax: str = Field(max_length=64)
    ground: str = Field(max_length=32)
    items: list[str] = Field(min_length=1, max_length=write_offs.MAX_ITEMS)
    act_reference: str = Field(min_length=1, max_length=200)
    evidence: str = Field(min_length=1, max_length=1000)


@router.post("/officer/write-offs", status_code=201, response_model=WriteOffOut)
def post_write_off(rt: RuntimeDep, officer: Staff, body: WriteOffIn) -> WriteOffOut:
    """Write off hopeless debt with its туум (TC art. 68(2), (4)-(6), 69): a numbered decision."""
    return write_off_out(write_offs.write_off(rt, officer, tin=body.tin, tax=body.tax, ground=body.ground, items=body.items,
                                              act_reference=body.act_reference, evidence=body.evidence))


@router.get("/officer/taxpayers/{tin}/write-offs", response_model=WriteOffsOut)
def officer_write_offs(rt: RuntimeDep, officer: Staff, tin: str) -> WriteOffsOut:
    return write_offs_out(write_offs.officer_list(rt, officer, tin))


@router.get("/me/write-offs", response_model=WriteOffsOut)
def my_write_offs(rt: RuntimeDep, principal: Cabinet) -> WriteOffsOut:
    return write_offs_out(write_offs.my_list(rt, principal))


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


@router.post("/officer/taxpayers/{tin}/interest-stops", status_code=201, response_model=InterestStopsOut)
def post_interest_stop(rt: RuntimeDep, officer: Staff, tin: str, body: InterestStopIn) -> InterestStopsOut:
    """Record a ground on which туум stops, with its dates (one record per tax)."""
    rows = interest_stops.record(rt, officer, tin, ground=body.ground, start=body.start, end=body.end, tax=body.tax,
                                 act_reference=body.act_reference, evidence=body.evidence)
    return interest_stops_out(rows)


@router.post("/officer/interest-stops/{stop_id}/end", response_model=InterestStopOut)
def post_interest_stop_end(rt: RuntimeDep, officer: Staff, stop_id: str, body: InterestStopEndIn) -> InterestStopOut:
    """The ground ended: ``end`` is its last day without туум."""
    return interest_stop_out(interest_stops.end_stop(rt, officer, stop_id, end=body.end))


@router.get("/officer/taxpayers/{tin}/interest-stops", response_model=InterestStopsOut)
def officer_interest_stops(rt: RuntimeDep, officer: Staff, tin: str) -> InterestStopsOut:
    return interest_stops_out(interest_stops.officer_list(rt, officer, tin))


@router.get("/me/interest-stops", response_model=InterestStopsOut)
def my_interest_stops(rt: RuntimeDep, principal: Cabinet) -> InterestStopsOut:
    return interest_stops_out(interest_stops.my_list(rt, principal))
