"""Which law-engine rule gives each form's filing deadline and the payment due date of its tax.

All arithmetic is the law engine's (salyk.law.deadlines, salyk.law.declared_payment); this module
only says which rule a form follows.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from salyk.declarations.forms import FORMS, Form
from salyk.law import deadlines as law
from salyk.law.declared_payment import declared_tax_due_date
from salyk.kernel.errors import ValidationFailed
from salyk.law.parameters import definition
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace


def first_day() -> dt.date:
    """The first day the Code's reporting rules (TC art. 87(4)) are in force in our parameters."""
    return definition("report_due_day_of_month").values[0][0]


def check_period(period: TaxPeriod, today: dt.date) -> TaxPeriod:
    """``PERIOD_OUT_OF_RANGE`` for a period before the Code applies or years ahead of today."""
    first = first_day()
    if period.start < first or period.end.year > today.year + 1:
        raise ValidationFailed(
            "PERIOD_OUT_OF_RANGE",
            "This tax period cannot be filed here: periods from {first} to the end of next year.",
            {"period": str(period), "first": first.isoformat()},
            first=first.isoformat(),
        )
    return period


def filing_deadline(form: Form, period: TaxPeriod, trace: Trace | None = None) -> dt.date:
    """The report's own deadline (TC art. 87(4), 92(6)), before any TC art. 88 extension."""
    if trace is None:
        return _cached_deadline(form.code, period)
    return _deadline(form, period, trace)


@lru_cache(maxsize=4096)
def _cached_deadline(code: str, period: TaxPeriod) -> dt.date:
    # Pure in (form, period) for a given tree of law parameters: every deadline-day filing asks the same.
    return _deadline(FORMS[code], period, None)


def _deadline(form: Form, period: TaxPeriod, trace: Trace | None) -> dt.date:
    if form.deadline_rule == "single_individual":
        return law.single_tax_declaration_deadline(period, "individual", trace=trace)
    if form.deadline_rule == "single_organisation":
        return law.single_tax_declaration_deadline(period, "organisation", trace=trace)
    if form.deadline_rule == "tax_agent":
        return law.tax_agent_report_deadline(period, trace=trace)
    return law.filing_deadline(period, trace=trace)


def payment_due(form: Form, period: TaxPeriod, deadline: dt.date, category: str | None = None) -> dt.date | None:
    """When the declared tax is payable; ``deadline`` is the unextended one (TC art. 88(2)).
    The agent's report follows the agent's size ``category`` (the first term when there are three)."""
    if form.tax is None:
        return None
    if form.code == "income_tax_agent" and period.kind == "quarter":
        return agent_payments(period, category)[0][1]
    return _payment_due(form.code, period, deadline)


@lru_cache(maxsize=4096)
def _payment_due(code: str, period: TaxPeriod, deadline: dt.date) -> dt.date:
    form = FORMS[code]
    if form.tax is None:  # payment_due answers None for these before asking
        raise ValueError(f"{code} declares no tax")
    payer: Literal["taxpayer", "tax_agent"] = "tax_agent" if form.code == "income_tax_agent" else "taxpayer"
    return declared_tax_due_date(form.tax, period, deadline, payer=payer)


def agent_payments(period: TaxPeriod, category: str | None) -> list[tuple[TaxPeriod, dt.date]]:
    """When the tax of the agent's report on ``period`` is payable, by the agent's size category
    (``salyk.law.tax_agent``): one term for a month's report (TC art. 177(1)) or for a small or
    non-commercial agent's quarter (177(1-1)); a medium agent's quarterly report (178(1-1)) states
    three months each payable on its own monthly term (177(1)), READINGS.md "Tax agent: quarterly agents"."""
    from salyk.law.tax_agent import agent_payment_period_kind

    kind, _ = agent_payment_period_kind(category, period.start)
    if period.kind == "quarter" and kind == "month":
        months = [TaxPeriod.of_month(period.year, m) for m in range(3 * period.index - 2, 3 * period.index + 1)]
        return [(m, _payment_due("income_tax_agent", m, law.filing_deadline(m))) for m in months]
    return [(period, _payment_due("income_tax_agent", period, filing_deadline(FORMS["income_tax_agent"], period)))]


def agent_report_kind(category: str | None, period: TaxPeriod) -> str:
    """``month`` or ``quarter``: how the agent of ``category`` reports for the time of ``period`` (TC art. 178(1), (1-1))."""
    from salyk.law.tax_agent import agent_report_period_kind

    return agent_report_period_kind(category, period.start)[0]
