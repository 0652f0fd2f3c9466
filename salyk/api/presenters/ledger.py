"""The ledger's answers as the contract writes them (README "Ledger service"): each ``*_out``
takes what a ``salyk.ledger`` service returned and formats it; nothing here reads the database or
decides anything. Money is ``format_som`` (two decimals), dates ISO, the history's moments as they
were stored (``isoformat``), enums by their value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import Field

from salyk.api.schemas import Out
from salyk.kernel import labels
from salyk.kernel.errors import SalykError
from salyk.kernel.formats import timestamp
from salyk.law.money import format_som
from salyk.ledger import balance as balances
from salyk.ledger import payments
from salyk.ledger.refunds import OffsetNotice
from salyk.ledger.results import Deferral, Instalment, InterestStop, Refund, Sanction, StatusStep, WriteOffDecision
from salyk.ledger.wording import cite, describe, offset_text, parameters


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _money(value: Any) -> str | None:
    return None if value is None else format_som(value)


# --- charges ---------------------------------------------------------------------------------


class CreatedOut(Out):
    id: str


class SanctionOut(Out):
    id: str
    amount: str
    citation: str


def sanction_out(s: Sanction) -> SanctionOut:
    return SanctionOut(id=str(s.id), amount=format_som(s.amount), citation=s.citation)


# --- payments import -------------------------------------------------------------------------


class ErrorOut(Out):
    code: str
    message: str
    details: dict[str, Any]


class RejectedOut(Out):
    bank_reference: str | None
    error: ErrorOut


class ImportOut(Out):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


def _error(exc: SalykError, lang: str) -> ErrorOut:
    return ErrorOut(code=exc.code, message=labels.message(exc, lang), details=exc.details)


def import_out(result: payments.ImportResult, lang: str) -> ImportOut:
    """Per-line results; a refused line's message in the caller's language (Accept-Language)."""
    return ImportOut(accepted=result.accepted, duplicates=result.duplicates,
                     rejected=[RejectedOut(bank_reference=r.bank_reference, error=_error(r.error, lang)) for r in result.rejected])


# --- balance and statement -------------------------------------------------------------------


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
        from_=_day(s.start),
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


def payments_out(rows: Iterable[payments.PaymentView]) -> PaymentsOut:
    return PaymentsOut(payments=[
        PaymentOut(bank_reference=p.bank_reference, tax=p.tax, amount=format_som(p.amount), paid_on=p.paid_on.isoformat(),
                   recorded_at=timestamp(p.recorded_at), reversed=p.reversed)
        for p in rows
    ])


# --- refunds, offsets and their notices (TC art. 81) ------------------------------------------


class HistoryOut(Out):
    status: str
    at: str
    note: str | None


def history_out(steps: Iterable[StatusStep]) -> list[HistoryOut]:
    return [HistoryOut(status=h.status, at=h.at.isoformat(), note=h.note) for h in steps]


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


def refund_out(r: Refund) -> RefundOut:
    return RefundOut(
        id=str(r.id), kind=r.kind.value, tax=r.tax, to_tax=r.to_tax, amount=format_som(r.amount), client_reference=r.client_reference,
        received_on=r.received_on.isoformat(), status=r.status.value, decision_number=r.decision_number, decided_on=_day(r.decided_on),
        reason=r.reason, paid_on=_day(r.paid_on), refund_deadline=_day(r.refund_deadline), days_late=r.days_late,
        late_interest=format_som(r.late_interest), citation=r.citation, history=history_out(r.history),
        tin=None if r.who is None else r.who.tin)


def refunds_out(rows: Iterable[Refund]) -> RefundsOut:
    return RefundsOut(applications=[refund_out(r) for r in rows])


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


def offsets_out(notices: Iterable[OffsetNotice], lang: str) -> OffsetNoticesOut:
    return OffsetNoticesOut(offsets=[
        OffsetNoticeOut(date=n.on.isoformat(), from_tax=n.from_tax, amount=format_som(n.amount), citation=n.citation,
                        citation_text=cite(n.citation, lang), text=offset_text(n, lang), to_tax=n.to_tax,
                        notice_deadline=n.notice_deadline.isoformat())
        for n in notices])


# --- deferral and instalment plans (TC art. 76-80) -------------------------------------------


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


def _instalment(i: Instalment) -> InstalmentOut:
    return InstalmentOut(date=i.date.isoformat(), amount=format_som(i.amount), status=None if i.status is None else i.status.value)


def deferral_out(d: Deferral) -> DeferralOut:
    return DeferralOut(
        id=str(d.id), tax=d.tax, amount=format_som(d.amount), ground=d.ground.value, start=d.start.isoformat(), end=d.end.isoformat(),
        schedule=[_instalment(i) for i in d.schedule], bank_guarantee=d.bank_guarantee, client_reference=d.client_reference,
        received_on=d.received_on.isoformat(), deciding_body=d.deciding_body, decision_deadline=d.decision_deadline.isoformat(),
        overdue=d.overdue, status=d.status.value, decision_number=d.decision_number, decided_on=_day(d.decided_on), reason=d.reason,
        interest=_money(d.interest), interest_to_date=_money(d.interest_to_date), terminated_on=_day(d.terminated_on),
        unpaid=_money(d.unpaid), payment_deadline=_day(d.payment_deadline), history=history_out(d.history),
        tin=None if d.who is None else d.who.tin)


def deferrals_out(rows: Iterable[Deferral]) -> DeferralsOut:
    return DeferralsOut(applications=[deferral_out(d) for d in rows])


# --- write-off of hopeless debt (TC art. 68-69) ----------------------------------------------


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


def write_off_out(w: WriteOffDecision) -> WriteOffOut:
    return WriteOffOut(id=str(w.id), tax=w.tax, ground=w.ground.value, items=[str(i) for i in w.items], amount=format_som(w.amount),
                       act_reference=w.act_reference, evidence=w.evidence, decision_number=w.decision_number,
                       decided_on=w.decided_on.isoformat(), decided_by=w.decided_by, posting_id=str(w.posting_id), citation=w.citation)


def write_offs_out(rows: Iterable[WriteOffDecision]) -> WriteOffsOut:
    return WriteOffsOut(write_offs=[write_off_out(w) for w in rows])


# --- grounds on which туум stops (TC art. 71(7)(2)-(6), 75(6)) --------------------------------


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


def interest_stop_out(s: InterestStop) -> InterestStopOut:
    return InterestStopOut(id=str(s.id), tax=s.tax, ground=s.ground.value, start=s.start.isoformat(), end=_day(s.end),
                           act_reference=s.act_reference, evidence=s.evidence, citation=s.citation, recorded_by=s.recorded_by)


def interest_stops_out(rows: Iterable[InterestStop]) -> InterestStopsOut:
    return InterestStopsOut(interest_stops=[interest_stop_out(s) for s in rows])
