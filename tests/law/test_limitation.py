"""Limitation periods: TC art. 58, 81(8), 138, 140 (with 16(3), 16(6))."""

import datetime as dt

from salyk.law.limitation import (
    is_time_barred,
    liability_limitation_end,
    limitation_end,
    overpayment_claim_deadline,
    period_limitation_end,
    sanction_collection_deadline,
)
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace

D = dt.date


def test_e15_year_2016():
    """E15, TC art. 58(1)(1): tax period 2016 ends 31 Dec 2016; the period runs from 1 Jan 2017
    to 31 Dec 2022, a Saturday; 1 Jan Sunday, 2 Jan observed New Year, 3-6 Jan days off by
    decree, 7 Jan Christmas (Saturday), 8 Jan Sunday -> Monday 9 January 2023 (TC art. 16(6))."""
    assert period_limitation_end(TaxPeriod.parse("2016")) == D(2023, 1, 9)


def test_e15_audit_notice():
    """E15, TC art. 58(1)(3): notice delivered 15 Jun 2019 -> 16 Jun 2019 .. 15 Jun 2025,
    a Sunday -> Monday 16 June 2025."""
    assert limitation_end(D(2019, 6, 15), "audit_notice_delivered") == D(2025, 6, 16)


def test_month_period():
    """TC art. 58(1)(1), 16(2)-(3), (6): March 2024 ends 31 Mar 2024; 6 years from 1 Apr 2024
    -> 31 Mar 2030, a Sunday -> Monday 1 April 2030."""
    assert period_limitation_end(TaxPeriod.parse("2024-03")) == D(2030, 4, 1)


def test_sanation_suspends_the_period():
    """TC art. 58(4), read as a suspension: period 2016 (nominal end 31 Dec 2022); a sanation
    from 1 to 10 March 2018 (10 days) moves the end to 10 Jan 2023, a Tuesday."""
    assert limitation_end(D(2016, 12, 31), suspensions=[(D(2018, 3, 1), D(2018, 3, 10))]) == D(2023, 1, 10)
    # a procedure before the period began does not count
    assert limitation_end(D(2016, 12, 31), suspensions=[(D(2016, 1, 1), D(2016, 2, 1))]) == D(2023, 1, 9)


def test_time_barred():
    # TC art. 58(1)(1): the 2016 period's last day is Mon 9 Jan 2023 (E15 above); barred from 10 Jan
    assert not is_time_barred(D(2016, 12, 31), D(2023, 1, 9))
    assert is_time_barred(D(2016, 12, 31), D(2023, 1, 10))


def test_overpayment_claim_window():
    """TC art. 81(8): overpayment arose 14 Mar 2018 -> claim by 14 Mar 2024 (Thursday)."""
    assert overpayment_claim_deadline(D(2018, 3, 14)) == D(2024, 3, 14)


def test_liability_and_sanction_claims():
    """TC art. 138(1): committed 1 Jul 2018 -> 1 Jul 2024 (Monday).
    TC art. 140(1): decision delivered 5 May 2017 -> 5 May 2023 (Friday; 5 May is Constitution
    Day) -> 8 May 2023 was a day off by decree, 9 May Victory Day -> Wednesday 10 May 2023."""
    assert liability_limitation_end(D(2018, 7, 1)) == D(2024, 7, 1)
    assert sanction_collection_deadline(D(2017, 5, 5)) == D(2023, 5, 10)


def test_trace_cites_the_trigger():
    t = Trace()
    limitation_end(D(2019, 6, 15), "audit_notice_delivered", trace=t)
    cites = [s.citation and str(s.citation) for s in t.steps]
    assert "TC art. 58(1)(3)" in cites and "TC art. 16(6)" in cites
