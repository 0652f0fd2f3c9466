"""Tax sanctions, TC art. 139-143 (with 90(5))."""

import datetime as dt
from decimal import Decimal

import pytest

from salyk.law.sanctions import months_started, tax_agent_sanction, understatement_sanction, unregistered_activity_sanction
from salyk.law.trace import Trace

D = dt.date
S = Decimal
ON = D(2017, 6, 1)


def test_e11_unregistered_activity():
    """E11, TC art. 141: max(T, 50 x index); sample index 100 som -> floor 5,000.
    T = 3,000 -> 5,000.00; T = 80,000 -> 80,000.00."""
    assert unregistered_activity_sanction(S("3000"), ON) == S("5000.00")
    assert unregistered_activity_sanction(S("80000"), ON) == S("80000.00")
    assert unregistered_activity_sanction(S("0"), ON) == S("5000.00")


def test_e9_understatement_tiers():
    """E9, TC art. 142: prior-year income 10,000,000.
    150,000 (1.5 %) -> 0; 300,000 (3 %) -> 50 % = 150,000; 700,000 (7 %) -> 100 % = 700,000."""
    income = S("10000000")
    assert understatement_sanction(S("150000"), income, ON) == S("0.00")
    assert understatement_sanction(S("300000"), income, ON) == S("150000.00")
    assert understatement_sanction(S("700000"), income, ON) == S("700000.00")


def test_understatement_boundaries():
    """TC art. 142, read for the taxpayer: exactly 2 % (200,000) -> no sanction; exactly 5 %
    (500,000) -> 50 % = 250,000; 500,000.01 -> 100 %."""
    income = S("10000000")
    assert understatement_sanction(S("200000"), income, ON) == S("0.00")
    assert understatement_sanction(S("500000"), income, ON) == S("250000.00")
    assert understatement_sanction(S("500000.01"), income, ON) == S("500000.01")


def test_understatement_without_income_or_from_a_clarified_report():
    """TC art. 5(7): no measure, no sanction; TC art. 90(5): own clarified report, no sanction."""
    assert understatement_sanction(S("100"), None, ON) == S("0.00")
    assert understatement_sanction(S("100"), S("0"), ON) == S("0.00")
    t = Trace()
    assert understatement_sanction(S("700000"), S("1000000"), ON, from_clarified_report=True, trace=t) == S("0.00")
    assert str(t.steps[0].citation) == "TC art. 90(5)"


def test_e10_tax_agent():
    """E10, TC art. 143: unpaid 40,000 due 20 Jan 2017.
    Paid 5 Apr: months 21 Jan-20 Feb, 21 Feb-20 Mar, 21 Mar-5 Apr = 3 -> 30 % = 12,000.00.
    Paid 1 Aug: 7 months -> 70 %, capped at 50 % = 20,000.00."""
    due = D(2017, 1, 20)
    assert tax_agent_sanction(S("40000"), due, D(2017, 4, 5)) == S("12000.00")
    assert tax_agent_sanction(S("40000"), due, D(2017, 8, 1)) == S("20000.00")


def test_months_started():
    # TC art. 143 ("ар бир толук же толук эмес ай"), 16(2), (4)-(5): month 1 runs 21 Jan - 20 Feb,
    # month 2 from 21 Feb; due 20 Jan and paid that day: 0 months.
    due = D(2017, 1, 20)
    assert months_started(due, due) == 0
    assert months_started(due, D(2017, 1, 21)) == 1
    assert months_started(due, D(2017, 2, 20)) == 1
    assert months_started(due, D(2017, 2, 21)) == 2
    # 31 Jan 2024: month 1 ends 29 Feb (16(5)), so 1 March starts month 2
    assert months_started(D(2024, 1, 31), D(2024, 2, 29)) == 1
    assert months_started(D(2024, 1, 31), D(2024, 3, 1)) == 2


def test_paid_on_time_no_sanction():
    # TC art. 143: paid on the due day, 0 months started: 40,000 x 10 % x 0 = 0.00
    assert tax_agent_sanction(S("40000"), D(2017, 1, 20), D(2017, 1, 20)) == S("0.00")


def test_negative_inputs_refused():
    with pytest.raises(ValueError):
        tax_agent_sanction(S("-1"), ON, ON)
    with pytest.raises(ValueError):
        understatement_sanction(S("-1"), S("1"), ON)
