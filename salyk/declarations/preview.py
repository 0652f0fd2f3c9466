"""One compute-preview for forms (issue 8 item 6, issue 11 item 4): what a report's values give and,
before anything is signed, what filing it today will do.

Three faces use it and nothing else computes a form:

* the API's ``POST /forms/{code}/computation`` (no login: :func:`compute_preview`);
* the cabinet's form pages, live as the taxpayer types and through the compute button
  (:func:`preview_for`, with the taxpayer's extension, earlier filings and agent history);
* the filing itself (:func:`evaluate` for the values, :func:`settlement` for the deadline,
  lateness and the ledger difference, in the filing's own transaction).

What filing does, shown before signing: the tax due and its payment due date (TC art. 38(1), 175,
177; salyk.law.declared_payment), the report's deadline (TC art. 87(4), 88), whether it is late, and
when the payment date has passed, the туум already owed today on the amount the filing charges if
it stays unpaid (TC art. 71(3), (6): the daily rate of the law book from the day after the due date through today;
salyk.law.interest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.declarations import Filing, FilingExtension
from salyk.db.models.ledger import Posting
from salyk.declarations import deadlines as form_deadlines
from salyk.declarations.results import FilingKind
from salyk.declarations.forms import AgentHistory, Computation, Form, ValuesInvalid, compute, parse_values, period_fits
from salyk.kernel import authorize
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.deadlines import filing_date as law_filing_date
from salyk.law.interest import late_payment_interest
from salyk.law.money import ZERO, from_tyiyn, to_tyiyn
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace
from salyk.registry import size_categories

if TYPE_CHECKING:
    from salyk.law.income_tax.agent import MonthlyPayment


@dataclass(frozen=True)
class Settlement:
    """What a filing of ``computation`` on ``filed_on`` does: its deadline (with any TC art. 88
    extension), lateness, the payment date and the signed change it moves the ledger by."""

    deadline: dt.date
    own_deadline: dt.date
    extended: bool
    late: bool
    payment_due: dt.date | None
    difference: int  # tyiyn: payable minus overpaid, less what earlier filings of the period signed
    previous_charged: int  # tyiyn the earlier filings charged (what a lower figure reduces first)


@dataclass(frozen=True)
class Preview:
    form: Form
    period: TaxPeriod
    values: dict[str, Any]
    computation: Computation
    today: dt.date
    deadline: dt.date
    payment_due: dt.date | None
    late: bool | None = None  # None: not known (no taxpayer; the API's public computation)
    extended: bool = False
    kind: FilingKind = FilingKind.INITIAL
    charge: Decimal = ZERO  # what the filing adds to the ledger (> 0: a charge due on payment_due)
    credit: Decimal = ZERO  # what it lowers or credits (< 0 difference)
    interest_today: Decimal = ZERO  # туум on ``charge`` from payment_due + 1 through today, if unpaid
    interest_days: int = 0
    interest_trace: Trace | None = None

    @property
    def tax_due(self) -> Decimal:
        return self.computation.tax_due


def read_period(form: Form, text: Any) -> TaxPeriod:
    """The report's period as written: "2024", "2024-Q1" or "2024-03", of the form's kind."""
    try:
        period = TaxPeriod.parse(text)
    except (TypeError, ValueError):
        raise ValuesInvalid("period", "not_a_period") from None
    if not period_fits(form, period):
        raise ValuesInvalid("period", form.period_kind)
    return period


def agent_category(session: Session, taxpayer_id: int, form: Form, period: TaxPeriod) -> str | None:
    """For the tax agent's report, the agent's size category on the period's first day, which says
    whether it reports by month or by quarter (TC art. 178(1), (1-1)); a period of the other kind is
    refused. ``None`` for every other form."""
    if form.code != "income_tax_agent":
        return None
    category = size_categories.category_on(session, taxpayer_id, period.start)
    wanted = form_deadlines.agent_report_kind(category, period)
    if period.kind != wanted:
        raise ValuesInvalid("period", wanted)
    return category


def evaluate(form: Form, period: TaxPeriod, raw_values: Any, zero: bool, taxpayer_kind: str, history: AgentHistory | None = None) -> tuple[dict[str, Any], Computation]:
    """The typed values and their computation; ``ValuesInvalid`` names the first field that does not fit."""
    values = parse_values(form, raw_values, zero)
    return values, compute(form, period, values, taxpayer_kind, history)


def compute_preview(form: Form, period_text: Any, raw_values: Any, *, zero: bool, taxpayer_kind: str, today: dt.date,
                    history: AgentHistory | None = None) -> Preview:
    """The computation with the report's own deadline and payment date, for no one in particular
    (the public API). Raises ``ValuesInvalid`` (the face turns it into ``exc.error(form)``) or
    ``PERIOD_OUT_OF_RANGE``."""
    period = read_period(form, period_text)
    form_deadlines.check_period(period, today)
    values, computation = evaluate(form, period, raw_values, zero, taxpayer_kind, history)
    deadline = form_deadlines.filing_deadline(form, period)
    return Preview(form, period, values, computation, today, deadline, form_deadlines.payment_due(form, period, deadline))


def agent_history(session: Session, taxpayer_id: int, period: TaxPeriod) -> AgentHistory:
    """Each employee's (by ИСН) payments of the earlier months of the year, from the agent's latest
    report of each month or quarter (TC art. 176(3)); a quarterly report's rows name their month
    (TC art. 178(1-1))."""
    import json

    from salyk.declarations.forms import FORMS, agent_payment

    rows = session.scalars(select(Filing).where(
        Filing.taxpayer_id == taxpayer_id, Filing.form == "income_tax_agent", Filing.period.like(f"{period.year}-%"),
        ).order_by(Filing.filed_at, Filing.receipt_number))
    latest: dict[str, Filing] = {}
    for row in rows:
        if TaxPeriod.parse(row.period).end < period.start:
            latest[row.period] = row  # a later (clarified) report of a period replaces the earlier one
    payments: list[tuple[int, str, MonthlyPayment]] = []
    for name in latest:
        reported = TaxPeriod.parse(name)
        values = parse_values(FORMS["income_tax_agent"], json.loads(latest[name].document_jcs)["values"], False)
        for r in values["employees"]:
            month = r.get("month") or reported.index if reported.kind == "month" else r.get("month")
            if r["tin"] and month:
                payments.append((month, r["tin"], agent_payment(month, reported.year, r)))
    history: AgentHistory = {}
    for month, tin, payment in sorted(payments, key=lambda p: (p[0], p[1])):
        history.setdefault(tin, []).append(payment)
    return history


def settlement(session: Session, taxpayer_id: int, form: Form, period: TaxPeriod, computation: Computation, kind: str,
               filed_on: dt.date, category: str | None = None, *, extension: tuple[dt.date | None] | None = None) -> Settlement:
    """The deadline (TC art. 87(4), extended under 88), lateness (an initial report after it), the
    payment date (88(2): an extension does not move it) and the signed change of the ledger: for a
    clarified report, from what the earlier filings of the period signed (TC art. 90(2)).
    ``extension``: the extended deadline (or None) when the caller has read it already."""
    own = form_deadlines.filing_deadline(form, period)
    if extension is None:
        extension = (session.scalar(select(FilingExtension.extended_deadline).where(
            FilingExtension.taxpayer_id == taxpayer_id, FilingExtension.form == form.code, FilingExtension.period == str(period))),)
    extended = extension[0]
    deadline = extended if extended is not None else own
    earlier = [] if kind == "initial" else list(session.execute(select(Filing.id, Filing.charge_amount).where(
        Filing.taxpayer_id == taxpayer_id, Filing.form == form.code, Filing.period == str(period))))
    previous_signed = sum(r.charge_amount for r in earlier)
    previous_charged = sum(session.scalars(select(Posting.amount).where(
        Posting.source == "declaration", Posting.kind == "charge", Posting.reference.in_([r.id for r in earlier])))) if earlier else 0
    difference = to_tyiyn(computation.tax_due) - to_tyiyn(computation.overpaid) - previous_signed
    return Settlement(deadline, own, extended is not None, kind == "initial" and filed_on > deadline, form_deadlines.payment_due(form, period, own, category),
                      difference, previous_charged)


def preview_for(rt: Runtime, principal: Principal, form: Form, period_text: Any, raw_values: Any, *, zero: bool = False,
                kind: FilingKind = FilingKind.INITIAL, taxpayer_kind: str) -> Preview:
    """What filing these values today would do for the logged-in taxpayer (read only)."""
    me = authorize.taxpayer(principal)
    today = law_filing_date(rt.now(), "electronic")  # the filing date if sent now (TC art. 89(1))
    period = read_period(form, period_text)
    form_deadlines.check_period(period, today)
    with rt.db.read() as session:
        category = agent_category(session, me.taxpayer_id, form, period)
        history = agent_history(session, me.taxpayer_id, period) if form.code == "income_tax_agent" else None
        values, computation = evaluate(form, period, raw_values, zero, taxpayer_kind, history)
        s = settlement(session, me.taxpayer_id, form, period, computation, kind, today,
                       category)
    charge = from_tyiyn(s.difference) if s.difference > 0 and form.tax is not None else ZERO
    credit = from_tyiyn(-s.difference) if s.difference < 0 and form.tax is not None else ZERO
    interest, days, trace = ZERO, 0, None
    if charge and s.payment_due is not None and today > s.payment_due:
        trace = Trace()
        interest = late_payment_interest(charge, s.payment_due, today, trace=trace)  # TC art. 71(3), (4), (6)
        days = (today - s.payment_due).days
    return Preview(form, period, values, computation, today, s.deadline, s.payment_due, late=s.late, extended=s.extended, kind=kind,
                   charge=charge, credit=credit, interest_today=interest, interest_days=days, interest_trace=trace)
