"""Deferral and instalment plans, TC art. 76-80."""

import datetime as dt
from decimal import Decimal

from salyk.law.deferral import (
    capitalised_debt,
    check_deferral,
    deciding_body,
    decision_deadline,
    deferral_exclusion,
    deferral_interest,
    early_termination,
    term_within_limits,
)
from salyk.law.interest import late_interest_schedule
from salyk.law.trace import Trace

D = dt.date
S = Decimal


def test_e6_interest_on_ground_3():
    """E6, TC art. 79(4): 600,000 deferred for 90 days on ground 3 (financial position); sample
    NBKR rate 5 % -> 2 x 5 % = 10 % a year; 600,000 x 0.10 x 90/365 = 14,794.5205... -> 14,794.52.
    (1 Mar 2017 effective; days 2 Mar .. 30 May = 90.)"""
    r = deferral_interest("financial_position", [(D(2017, 3, 1), S("600000"))], D(2017, 3, 1), D(2017, 5, 30))
    assert r.total == S("14794.52")
    assert sum(s.days for s in r.segments) == 90


def test_grounds_1_and_2_bear_no_interest():
    """TC art. 79(4), second paragraph."""
    for ground in ("force_majeure", "late_budget_financing"):
        assert deferral_interest(ground, [(D(2017, 3, 1), S("600000"))], D(2017, 3, 1), D(2017, 5, 30)).total == S("0.00")


def test_instalments_reduce_the_interest_base():
    """TC art. 76(2), 79(4): 120,000 from 1 Jan 2023 at 10 %, instalments of 40,000 on 31 Jan and
    28 Feb, end 31 Mar: (120,000 x 30 + 80,000 x 28 + 40,000 x 31) x 0.10 / 365
    = 7,080,000 x 0.10 / 365 = 1,939.7260... -> 1,939.73."""
    changes = [(D(2023, 1, 1), S("120000")), (D(2023, 1, 31), S("-40000")), (D(2023, 2, 28), S("-40000"))]
    r = deferral_interest("financial_position", changes, D(2023, 1, 1), D(2023, 3, 31))
    assert [(s.balance, s.days) for s in r.segments] == [(S("120000"), 30), (S("80000"), 28), (S("40000"), 31)]
    assert r.total == S("1939.73")


def test_leap_year_days():
    """TC art. 79(4) (interest for each day), read with the days of each calendar year:
    100,000 at 10 % from 1 Dec 2023 to 31 Jan 2024: 10,000 x 30/365 = 821.917808 and
    10,000 x 31/366 = 846.994536; total 1,668.912344 -> 1,668.91."""
    r = deferral_interest("financial_position", [(D(2023, 12, 1), S("100000"))], D(2023, 12, 1), D(2024, 1, 31))
    assert [(s.days, s.year_days) for s in r.segments] == [(30, 365), (31, 366)]
    assert r.total == S("1668.91")


def test_nbkr_rate_change_splits():
    """TC art. 79(4): twice the NBKR rate in force on each day: 5 % to 14 Mar, 6 % from 15 Mar 2017.
    600,000 from 1 Mar to 31 Mar: 13 days x 10 % + 17 days x 12 %:
    600,000 x (0.10 x 13 + 0.12 x 17) / 365 = 600,000 x 3.34 / 365 = 5,490.41095... -> 5,490.41."""
    nbkr = [(D(2009, 1, 1), S("0.05")), (D(2017, 3, 15), S("0.06"))]
    r = deferral_interest("financial_position", [(D(2017, 3, 1), S("600000"))], D(2017, 3, 1), D(2017, 3, 31), nbkr_schedule=nbkr)
    assert r.total == S("5490.41")


def test_e6_deciding_body():
    """E6, TC art. 78: 600,000 -> the tax body; exactly 1,000,000 still the tax body ("ашпаган");
    1,200,000 -> the authorised tax body."""
    on = D(2017, 3, 1)
    assert deciding_body(S("600000"), on) == "tax_body"
    assert deciding_body(S("1000000"), on) == "tax_body"
    assert deciding_body(S("1000000.01"), on) == "authorised_tax_body"
    assert deciding_body(S("1200000"), on) == "authorised_tax_body"


def test_term_limits():
    """TC art. 79(1): from 1 month to 3 years (15 Jan 2024 -> 15 Feb 2024 .. 15 Jan 2027)."""
    s = D(2024, 1, 15)
    assert not term_within_limits(s, D(2024, 2, 14))
    assert term_within_limits(s, D(2024, 2, 15))
    assert term_within_limits(s, D(2027, 1, 15))
    assert not term_within_limits(s, D(2027, 1, 16))


def test_eligibility():
    # TC art. 76-79: VAT 600,000 on ground 3 (79(2)(3)), 6 months with a bank guarantee: eligible,
    # 600,000 <= 1,000,000 -> the tax body (78), interest-bearing (79(4)). The refused one: excise
    # (76(6)), no guarantee (76(5)), leaving the country (77(1)), 4 years > 3 (79(1)),
    # 2,000,000 > 1,000,000 -> the authorised tax body (78), force majeure bears no interest (79(4)).
    ok = check_deferral(taxes=["vat"], ground="financial_position", amount=S("600000"), start=D(2024, 1, 15),
                        end=D(2024, 7, 15), bank_guarantee=True)
    assert ok.eligible and ok.deciding_body == "tax_body" and ok.interest_bearing
    bad = check_deferral(taxes=["vat", "excise"], ground="force_majeure", amount=S("2000000"), start=D(2024, 1, 15),
                         end=D(2028, 1, 15), bank_guarantee=False, leaving_country=True)
    assert not bad.eligible and bad.deciding_body == "authorised_tax_body" and not bad.interest_bearing
    text = " ".join(bad.reasons)
    for cite in ("76(6)", "76(5)", "77(1)", "79(1)"):
        assert cite in text


def test_capitalised_debt():
    """TC art. 79(9): tax 500,000 + туум 45,000 + sanctions 55,000 = 600,000 deferred."""
    assert capitalised_debt(S("500000"), S("45000"), S("55000")) == S("600000.00")


def test_no_tuum_during_the_deferral():
    """TC art. 79(5), 71(7)(7): 10,000 due 10 Jan 2024; deferral in force 21 Jan .. 20 Apr;
    paid 30 Apr: туум for 11-20 Jan (10 days) and 21-30 Apr (10 days) = 20 x 9 = 180.00."""
    due = D(2024, 1, 10)
    r = late_interest_schedule(due, [(due, S("10000"))], D(2024, 4, 30), exclusions=[deferral_exclusion(D(2024, 1, 21), D(2024, 4, 20))])
    assert r.total == S("180.00")


def test_decision_deadline():
    """TC art. 79(7): received Mon 4 Mar 2024 -> 10 calendar days -> Thu 14 Mar."""
    assert decision_deadline(D(2024, 3, 4)) == D(2024, 3, 14)


def test_e7_early_termination():
    """E7, TC art. 80(4): 600,000 at 10 %, in force 60 days (2 Mar .. 30 Apr 2017):
    600,000 x 0.10 x 60/365 = 9,863.0137 -> 9,863.01. Paid 300,000 debt + 5,000 interest.
    Unpaid = 600,000 + 9,863.01 - 305,000 = 304,863.01. Decision 2 May, received Thu 4 May;
    +30 calendar days = Sat 3 Jun -> Mon 5 Jun 2017. туум from 3 May."""
    interest = deferral_interest("financial_position", [(D(2017, 3, 1), S("600000"))], D(2017, 3, 1), D(2017, 4, 30)).total
    assert interest == S("9863.01")
    t = early_termination(decided_debt=S("600000"), interest_in_force=interest, paid_debt=S("300000"),
                          paid_interest=S("5000"), decision_date=D(2017, 5, 2), received_on=D(2017, 5, 4))
    assert t.unpaid == S("304863.01")
    assert t.payment_deadline == D(2017, 6, 5)
    assert t.late_interest_from == D(2017, 5, 3)


def test_trace_marks_the_nbkr_rate_as_a_sample():
    tr = Trace()
    deferral_interest("financial_position", [(D(2017, 3, 1), S("600000"))], D(2017, 3, 1), D(2017, 5, 30), trace=tr)
    nbkr = [p for p in tr.parameters if p.name == "nbkr_discount_rate"]
    assert nbkr and nbkr[0].sample
    assert tr.result == S("14794.52")
