"""Quarterly tax agents (TC art. 177(1), (1-1), 178(1), (1-1)), worked by hand.

177(1-1): a small business or a non-commercial organisation pays the withheld income tax "not later
than the day after the 20th" of the month after the reporting quarter; 178(1-1): a small or medium
business or a non-commercial organisation reports on the same term. Medium businesses are named
only in 178(1-1): they report quarterly and pay monthly. Both parts are held from Law No. 96 of
15.05.2015 (the parameter's first value).
"""

from __future__ import annotations

import datetime as dt

import pytest

from salyk.law.deadlines import filing_deadline, payment_due_date
from salyk.law.periods import TaxPeriod
from salyk.law.tax_agent import (
    agent_payment_period,
    agent_payment_period_kind,
    agent_report_period_kind,
    agent_reporting_period,
)

ON = dt.date(2024, 5, 10)


@pytest.mark.parametrize("category, report, pay", [
    ("small", "quarter", "quarter"),           # 178(1-1), 177(1-1)
    ("non_commercial", "quarter", "quarter"),  # 178(1-1), 177(1-1)
    ("medium", "quarter", "month"),            # 178(1-1); 177(1) (not named in 177(1-1))
    ("large", "month", "month"),               # 178(1), 177(1)
    (None, "month", "month"),                  # no category recorded: the general rule
])
def test_period_kinds_by_category(category, report, pay):
    assert agent_report_period_kind(category, ON)[0] == report
    assert agent_payment_period_kind(category, ON)[0] == pay


def test_citations():
    assert str(agent_report_period_kind("medium", ON)[1]) == "TC art. 178(1-1)"
    assert str(agent_payment_period_kind("medium", ON)[1]) == "TC art. 177(1)"
    assert str(agent_payment_period_kind("small", ON)[1]) == "TC art. 177(1-1)"
    assert str(agent_report_period_kind("large", ON)[1]) == "TC art. 178(1)"


def test_periods_containing_a_day():
    # 10 May 2024 lies in April-June (Q2) and in May
    assert agent_reporting_period("small", ON) == TaxPeriod.parse("2024-Q2")
    assert agent_reporting_period("large", ON) == TaxPeriod.parse("2024-05")
    assert agent_payment_period("medium", ON) == TaxPeriod.parse("2024-05")


def test_before_law_96_of_2015_every_agent_is_monthly():
    # 1-1 parts held from 15.05.2015: income paid on 10.04.2015 is reported monthly even by a small agent
    assert agent_report_period_kind("small", dt.date(2015, 4, 10))[0] == "month"
    assert agent_report_period_kind("small", dt.date(2015, 5, 15))[0] == "quarter"


def test_unknown_category_is_refused():
    with pytest.raises(ValueError):
        agent_report_period_kind("huge", ON)


def test_quarterly_terms_with_days_off():
    # Q2 2024: the day after the 20th of July is Sunday 21.07.2024 -> Monday 22.07.2024 (TC art. 16(6))
    q2 = TaxPeriod.parse("2024-Q2")
    assert payment_due_date("income_tax", q2, payer="tax_agent") == dt.date(2024, 7, 22)   # 177(1-1)
    assert filing_deadline(q2) == dt.date(2024, 7, 22)                                      # 178(1-1) = 87(4)(4)
    # a medium agent still pays monthly (177(1)): April's tax by Tuesday 21.05.2024, May's by Friday 21.06.2024
    assert payment_due_date("income_tax", TaxPeriod.parse("2024-04"), payer="tax_agent") == dt.date(2024, 5, 21)
    assert payment_due_date("income_tax", TaxPeriod.parse("2024-05"), payer="tax_agent") == dt.date(2024, 6, 21)


def test_the_agents_report_deadline_cites_178():
    from salyk.law.deadlines import tax_agent_report_deadline
    from salyk.law.trace import Trace

    t = Trace()
    # Q2 2024: 21.07.2024 is a Sunday -> 22.07.2024 (178(1-1), 16(6))
    assert tax_agent_report_deadline(TaxPeriod.parse("2024-Q2"), trace=t) == dt.date(2024, 7, 22)
    assert [str(s.citation) for s in t.steps] == ["TC art. 178(1-1)", "TC art. 16(6)"]
    t = Trace()
    # May 2024: 21.06.2024 is a Friday, a working day (178(1))
    assert tax_agent_report_deadline(TaxPeriod.parse("2024-05"), trace=t) == dt.date(2024, 6, 21)
    assert [str(s.citation) for s in t.steps] == ["TC art. 178(1)"]
    with pytest.raises(ValueError):
        tax_agent_report_deadline(TaxPeriod.parse("2024"))
