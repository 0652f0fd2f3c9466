"""The tax agent's reporting and payment periods by the agent's size (TC art. 177(1), (1-1), 178(1), (1-1)).

TC art. 177(1): the income tax a tax agent withholds is paid "not later than the day after the
20th" of the month after the month the income was paid; 177(1-1): a tax agent that is a **small
business** ("чакан ишкердиктин субъекти") or a **non-commercial organisation** ("коммерциялык эмес
уюм") pays it by the same day of the month after the **reporting quarter**.

TC art. 178(1): the agent reports monthly on the same terms; 178(1-1): a **small or medium
business** ("чакан, орто ишкердиктин субъекти") or a non-commercial organisation reports by the
day after the 20th of the month after the **reporting quarter**. Medium businesses are named in
178(1-1) and not in 177(1-1): they report quarterly and pay monthly (READINGS.md, "Tax agent:
quarterly agents").

Small and medium are defined by revenue in TC art. 2(44)-(45) (small: revenue for the year not
above the VAT registration threshold; medium: from that threshold to 30.0 million som; an entity
that exceeds its bound keeps its category "to the end of the calendar year" for reporting and
payment). The threshold lies in the VAT chapter, beyond the seed text: the tax office records
the category with the day it takes effect, and these functions take it as given.

Both parts 1-1 are in the wording of Law No. 96 of 15 May 2015 (the latest listed under each
article); before the first value of ``small_tax_agent_income_tax_payment_day`` every agent is
monthly.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from salyk.law.citation import Citation, tc
from salyk.law.parameters import definition
from salyk.law.periods import TaxPeriod
from salyk.law.trace import N_, Trace

Category = Literal["small", "medium", "large", "non_commercial"]
CATEGORIES: tuple[str, ...] = ("small", "medium", "large", "non_commercial")
PeriodKind = Literal["month", "quarter"]

# 178(1-1) names small, medium and non-commercial; 177(1-1) only small and non-commercial.
_QUARTERLY_REPORT = frozenset({"small", "medium", "non_commercial"})
_QUARTERLY_PAYMENT = frozenset({"small", "non_commercial"})


def quarterly_rules_from() -> dt.date:
    """The first day parts 177(1-1) and 178(1-1) apply in our parameters (Law No. 96 of 15.05.2015)."""
    return definition("small_tax_agent_income_tax_payment_day").values[0][0]


def _check(category: str | None) -> None:
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown size category {category!r}; one of {', '.join(CATEGORIES)}")


def agent_report_period_kind(category: str | None, on: dt.date, trace: Trace | None = None) -> tuple[PeriodKind, Citation]:
    """How often a tax agent of ``category`` (``None``: not recorded) reports withheld income tax
    for income paid on ``on``: quarterly for small, medium and non-commercial agents (TC art.
    178(1-1)), else monthly (TC art. 178(1))."""
    _check(category)
    if category in _QUARTERLY_REPORT and on >= quarterly_rules_from():
        kind: PeriodKind
        kind, cite = "quarter", tc(178, "1-1")
    else:
        kind, cite = "month", tc(178, 1)
    if trace is not None:
        trace.step(N_("tax agent ({category}): reports by the {kind}"), kind, cite, category=category or "-", kind=kind)
    return kind, cite


def agent_payment_period_kind(category: str | None, on: dt.date, trace: Trace | None = None) -> tuple[PeriodKind, Citation]:
    """How often a tax agent of ``category`` pays the income tax withheld on ``on``: quarterly for
    small and non-commercial agents (TC art. 177(1-1)), else monthly (TC art. 177(1))."""
    _check(category)
    if category in _QUARTERLY_PAYMENT and on >= quarterly_rules_from():
        kind: PeriodKind
        kind, cite = "quarter", tc(177, "1-1")
    else:
        kind, cite = "month", tc(177, 1)
    if trace is not None:
        trace.step(N_("tax agent ({category}): pays by the {kind}"), kind, cite, category=category or "-", kind=kind)
    return kind, cite


def agent_reporting_period(category: str | None, on: dt.date, trace: Trace | None = None) -> TaxPeriod:
    """The agent's reporting period that contains ``on`` (the month, or the quarter under 178(1-1))."""
    kind, _ = agent_report_period_kind(category, on, trace)
    return TaxPeriod.containing(on, kind)


def agent_payment_period(category: str | None, on: dt.date, trace: Trace | None = None) -> TaxPeriod:
    """The period whose withheld tax is paid together (the month, or the quarter under 177(1-1))."""
    kind, _ = agent_payment_period_kind(category, on, trace)
    return TaxPeriod.containing(on, kind)
