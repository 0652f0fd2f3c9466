"""Filing deadlines and payment terms: TC art. 87-90, 92(6), 106(4), 175, 177.

TC art. 87(4), unless tax law says otherwise, a report is due:
  1) advance tax amounts: "not later than the day after the 20th" of the month after the quarter;
  2) a calendar-year period: "from the day after 1 March" of the next year;
  3) a month: not later than the day after the 20th of the next month;
  4) a quarter: not later than the day after the 20th of the month after the quarter;
  5) otherwise: not later than the day after the 20th of the month after the obligation arose.
We follow the words as written: the 21st (and 2 March), kept in parameters (design reading).
TC art. 87(5): on reorganisation or liquidation, within 10 working days of the decision.
TC art. 88: a written application received before the deadline extends it by 30 days; the
payment term does not move. TC art. 89(1): the filing date. TC art. 90(1): amended reports
within the limitation period. TC art. 92(6): the single tax declaration.

Every date returned is already moved off a non-working day (TC art. 16(6)).

Payment terms (TC art. 38(1): set for each tax separately) are in the seed text only for income
tax: the annual settlement by the day the single tax declaration is filed (175(1)) and tax
withheld by a tax agent (177(1), 177(1-1)). Profit tax, VAT, excise and the other taxes have
their terms in parts of the Code the seed does not contain: :func:`payment_due_date` refuses
them rather than guess.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from salyk.law.calendar import Calendar, add_days, default_calendar
from salyk.law.citation import Citation, tc
from salyk.law.limitation import period_limitation_end
from salyk.law.periods import TaxPeriod
from salyk.law.trace import N_, Msg, Trace, msg, param

# Kyrgyzstan has kept UTC+6 without daylight saving since August 2005.
BISHKEK = dt.timezone(dt.timedelta(hours=6), "Asia/Bishkek")

Channel = Literal["in_person", "electronic", "registered_mail"]
Filer = Literal["organisation", "individual"]


class ExtensionRefused(ValueError):
    """TC art. 88: the filing deadline cannot be extended (late application, or 88(3))."""


class PaymentTermNotInText(LookupError):
    """The seed text of the Code does not give a payment term for this tax and period."""


def _rolled(nominal: dt.date, citation: Citation, what: Msg, trace: Trace | None, calendar: Calendar | None) -> dt.date:
    due = (calendar or default_calendar()).roll_forward(nominal)
    if trace is not None:
        trace.step(N_("{what}: {day}"), nominal, citation, what=what, day=nominal)
        if due != nominal:
            trace.step(N_("{day} is not a working day: moved to {due}"), due, tc(16, 6), day=nominal, due=due)
        trace.result = due
    return due


def _day_of_next_month(last_day: dt.date, day: int) -> dt.date:
    nxt = last_day + dt.timedelta(days=1)
    return dt.date(nxt.year, nxt.month, day)


def _month_day(year: int, md: object) -> dt.date:
    return dt.date(year, int(md["month"]), int(md["day"]))  # type: ignore[index]


def filing_deadline(
    period: TaxPeriod,
    *,
    advance: bool = False,
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> dt.date:
    """The general filing deadline for a report on ``period`` (TC art. 87(4), 16(6)).

    Month: the 21st of the next month (87(4)(3)); quarter: the 21st of the month after the
    quarter (87(4)(4)); with ``advance=True`` a quarter's advance-tax report (87(4)(1));
    year: 2 March of the next year (87(4)(2)). A tax whose own chapter sets another deadline
    uses that instead (87(1), 87(4) "unless tax law says otherwise").
    """
    if trace is not None:
        trace.titled(N_("Filing deadline for {period} (advance tax)") if advance else N_("Filing deadline for {period}"), period=str(period))
    on = period.end
    if advance and period.kind != "quarter":
        raise ValueError("advance-tax reports are quarterly (TC art. 87(4)(1))")
    if period.kind == "year":
        md = param(trace, "annual_report_due", on)
        nominal = _month_day(period.year + 1, md)
        return _rolled(nominal, tc(87, 4, 2), msg(N_("annual period {period}: the day after 1 March of {year}"), period=str(period), year=period.year + 1), trace, calendar)
    day = param(trace, "report_due_day_of_month", on)
    nominal = _day_of_next_month(period.end, day)
    if period.kind == "month":
        cite, what = tc(87, 4, 3), msg(N_("month {period}: not later than the day after the 20th of the next month"), period=str(period))
    elif advance:
        cite, what = tc(87, 4, 1), msg(N_("advance tax for {period}: the day after the 20th of the month after the quarter"), period=str(period))
    else:
        cite, what = tc(87, 4, 4), msg(N_("quarter {period}: not later than the day after the 20th of the month after the quarter"), period=str(period))
    return _rolled(nominal, cite, what, trace, calendar)


def tax_agent_report_deadline(
    period: TaxPeriod, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """The tax agent's income tax report on ``period`` (TC art. 178): for a month, not later than
    the day after the 20th of the next month (178(1)); for a quarter (a small, medium or
    non-commercial agent, 178(1-1)), the day after the 20th of the month after the quarter; then
    TC art. 16(6)."""
    if period.kind not in ("month", "quarter"):
        raise ValueError("the tax agent reports by the month or the quarter (TC art. 178(1), (1-1))")
    if trace is not None:
        trace.titled(N_("Filing deadline for {period}"), period=str(period))
    day = param(trace, "report_due_day_of_month", period.end)
    nominal = _day_of_next_month(period.end, day)
    if period.kind == "month":
        cite, what = tc(178, 1), msg(N_("month {period}: not later than the day after the 20th of the next month"), period=str(period))
    else:
        cite, what = tc(178, "1-1"), msg(N_("quarter {period}: not later than the day after the 20th of the month after the quarter"), period=str(period))
    return _rolled(nominal, cite, what, trace, calendar)


def filing_deadline_for_obligation(
    arose_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """TC art. 87(4)(5): a report not covered by items 1-4: the 21st of the month after the
    month the obligation arose."""
    day = param(trace, "report_due_day_of_month", arose_on)
    last = dt.date(arose_on.year, arose_on.month, 1) + dt.timedelta(days=32)
    nominal = dt.date(last.year, last.month, day)
    return _rolled(nominal, tc(87, 4, 5), msg(N_("obligation arose {day}: the day after the 20th of the next month"), day=arose_on), trace, calendar)


def reorganisation_filing_deadline(
    decision_date: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """TC art. 87(5): within 10 working days from the day the reorganisation or liquidation
    decision was taken (counted from the next day, 16(2)); already a working day."""
    n = param(trace, "reorganisation_report_working_days", decision_date)
    due = (calendar or default_calendar()).add_working_days(decision_date, n)
    if trace is not None:
        trace.step(N_("{n} working days after the decision of {day}: {due}"), due, tc(87, 5), n=n, day=decision_date, due=due)
        trace.result = due
    return due


def extended_deadline(
    deadline: dt.date,
    applied_on: dt.date,
    *,
    indirect_tax_on_eaeu_imports: bool = False,
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> dt.date:
    """TC art. 88: the filing deadline extended by 30 days after ``deadline`` (the rolled one).

    The written application must reach the tax body before the deadline; the last day of the
    deadline itself counts (16(7), 15(3)). Reports on indirect taxes on imports from Customs Union
    (EAEU) states cannot be extended (88(3)). The payment term does not move (88(2)).
    """
    if indirect_tax_on_eaeu_imports:
        raise ExtensionRefused("no extension for indirect-tax reports on imports from Customs Union states (TC art. 88(3))")
    if applied_on > deadline:
        raise ExtensionRefused(f"the application ({applied_on}) came after the deadline ({deadline}) (TC art. 88(1))")
    days = param(trace, "filing_extension_days", deadline)
    due = _rolled(add_days(deadline, days), tc(88, 1), msg(N_("{days} days after the deadline {day}"), days=days, day=deadline), trace, calendar)
    if trace is not None:
        trace.step(N_("the payment term is not changed"), None, tc(88, 2))
    return due


def filing_date(submitted_at: dt.datetime, channel: Channel) -> dt.date:
    """The date a report counts as filed (TC art. 89(1)), as a date in Bishkek.

    ``in_person``: when the tax body accepted it; ``electronic``: when it was sent (the notice of
    sending); ``registered_mail``: the postal acceptance mark (89(2)). ``submitted_at`` is that
    moment and must carry its time zone.
    """
    if channel not in ("in_person", "electronic", "registered_mail"):
        raise ValueError(f"unknown filing channel {channel!r}")
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        raise ValueError("submitted_at must be time-zone aware")
    return submitted_at.astimezone(BISHKEK).date()


def is_filed_on_time(filed_on: dt.date, deadline: dt.date) -> bool:
    """TC art. 16(7), 89(2): on time if filed on or before the (rolled) last day."""
    return filed_on <= deadline


def single_tax_declaration_deadline(
    year: int | TaxPeriod, filer: Filer, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """TC art. 92(6): the single tax declaration for calendar year ``year`` is filed by
    organisations by 1 March and by individuals by 1 April of the next year ("чейин", read to
    include that day, READINGS.md), then TC art. 16(6)."""
    y = year.year if isinstance(year, TaxPeriod) else int(year)
    if isinstance(year, TaxPeriod) and year.kind != "year":
        raise ValueError("the single tax declaration is annual (TC art. 92(6))")
    if filer == "organisation":
        name, cite = "single_tax_declaration_due_organisation", tc(92, 6, 1)
    elif filer == "individual":
        name, cite = "single_tax_declaration_due_individual", tc(92, 6, 2)
    else:
        raise ValueError(f"filer is 'organisation' or 'individual', not {filer!r}")
    if trace is not None:
        trace.titled(N_("Single tax declaration of an individual for {year}") if filer == "individual"
                     else N_("Single tax declaration of an organisation for {year}"), year=y)
    nominal = _month_day(y + 1, param(trace, name, dt.date(y, 12, 31)))
    return _rolled(nominal, cite, msg(N_("single tax declaration of an individual for {year}") if filer == "individual"
                                  else N_("single tax declaration of an organisation for {year}"), year=y), trace, calendar)


def amended_report_deadline(
    period: TaxPeriod, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """TC art. 90(1): an amended (clarified) report is allowed within the limitation period of
    the obligation, i.e. through the last day of TC art. 58(1)(1) for the period. Not during a
    field audit of that period (90(4)); that guard belongs to the service that knows the audit."""
    if trace is not None:
        trace.step(N_("amended reports for {period} are allowed within the limitation period"), None, tc(90, 1), period=str(period))
    return period_limitation_end(period, calendar=calendar, trace=trace)


def audit_decision_payment_deadline(
    delivered_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """TC art. 106(4): a field-audit decision not appealed is fulfilled within 30 days from the
    day after its delivery (calendar days, READINGS.md)."""
    days = param(trace, "audit_decision_payment_days", delivered_on)
    return _rolled(add_days(delivered_on, days), tc(106, 4), msg(N_("{days} days after delivery on {day}"), days=days, day=delivered_on), trace, calendar)


def payment_due_date(
    tax: str,
    period: TaxPeriod,
    *,
    payer: Literal["taxpayer", "tax_agent"] = "taxpayer",
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> dt.date:
    """The payment due date of ``tax`` for ``period``, where the seed text gives one.

    - income tax withheld by a tax agent, monthly period: the 21st of the month after the month
      the income was paid (TC art. 177(1));
    - the same, quarterly period (a small-business or non-commercial tax agent): the 21st of the
      month after the quarter (TC art. 177(1-1));
    - income tax of an individual for a year: by the day the single tax declaration is filed
      (TC art. 175(1)), at the latest its deadline, 1 April of the next year (TC art. 92(6)(2)).

    Anything else raises :class:`PaymentTermNotInText` (TC art. 38(1) leaves terms to each tax's
    chapter; the seed text stops in Section VIII and has no profit-tax, VAT, excise, sales, land,
    property, patent or single-tax payment terms).
    """
    if trace is not None:
        trace.titled(N_("Payment due date: {tax}, {period}"), tax=tax, period=str(period))
    if tax == "income_tax" and payer == "tax_agent" and period.kind == "month":
        day = param(trace, "tax_agent_income_tax_payment_day", period.end)
        return _rolled(_day_of_next_month(period.end, day), tc(177, 1), msg(N_("income tax withheld in {period}"), period=str(period)), trace, calendar)
    if tax == "income_tax" and payer == "tax_agent" and period.kind == "quarter":
        day = param(trace, "small_tax_agent_income_tax_payment_day", period.end)
        return _rolled(_day_of_next_month(period.end, day), tc(177, "1-1"), msg(N_("income tax withheld in {period} (small tax agent)"), period=str(period)), trace, calendar)
    if tax == "income_tax" and payer == "taxpayer" and period.kind == "year":
        if trace is not None:
            trace.step(N_("the final income tax is paid by the day the single tax declaration is filed"), None, tc(175, 1))
        return single_tax_declaration_deadline(period, "individual", calendar=calendar, trace=trace)
    raise PaymentTermNotInText(
        f"the Code's text we hold gives no payment term for {tax} ({payer}, {period.kind} {period}); "
        "TC art. 38(1) leaves it to the tax's own chapter"
    )
