"""Order of repaying tax debt within one tax, TC art. 61."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.allocation import DebtItem, DebtKind, allocate_payment
from salyk.law.trace import Trace

D = dt.date
S = Decimal
ON = D(2017, 6, 1)


def test_e4_tax_first_then_oldest_first():
    """E4, TC art. 61: profit-tax arrears 30,000 (2015) and 20,000 (2016), туум 3,000,
    sanctions 5,000; payment 52,000 -> 30,000 + 20,000 to the tax, 2,000 of the туум, nothing to
    the sanctions; 1,000 туум and 5,000 sanctions stay open."""
    items = [
        DebtItem("s", DebtKind.SANCTION, S("5000"), D(2016, 5, 1), "profit_tax"),
        DebtItem("t16", DebtKind.TAX, S("20000"), D(2017, 3, 2), "profit_tax"),
        DebtItem("p", DebtKind.LATE_INTEREST, S("3000"), D(2016, 3, 3), "profit_tax"),
        DebtItem("t15", DebtKind.TAX, S("30000"), D(2016, 3, 2), "profit_tax"),
    ]
    a = allocate_payment(S("52000"), items, ON)
    assert [(l.item_id, l.amount) for l in a.lines] == [("t15", S("30000.00")), ("t16", S("20000.00")), ("p", S("2000.00"))]
    assert a.remainder == S("0.00")
    assert all(str(l.citation) == "TC art. 61" for l in a.lines)


def test_e3_payment_goes_to_the_tax_before_the_tuum():
    """E3, TC art. 61 items 1 and 3: arrears 10,000 with туум 90; a payment of 6,000 goes to the
    tax (10,000 - 6,000 = 4,000 left), and a later 4,162 clears the tax (4,000) and then the
    туум (4,162 - 4,000 = 162)."""
    items = [DebtItem("tuum", "late_interest", S("90"), D(2024, 1, 20)), DebtItem("vat", "tax", S("10000"), D(2024, 1, 10))]
    a = allocate_payment(S("6000"), items, ON)
    assert [(l.item_id, l.amount) for l in a.lines] == [("vat", S("6000.00"))]
    items = [DebtItem("tuum", "late_interest", S("162"), D(2024, 1, 20)), DebtItem("vat", "tax", S("4000"), D(2024, 1, 10))]
    a = allocate_payment(S("4162"), items, ON)
    assert [(l.item_id, l.amount) for l in a.lines] == [("vat", S("4000.00")), ("tuum", S("162.00"))]


def test_interest_comes_before_tuum():
    """TC art. 61 items 2 and 3: deferral interest (пайыздар) before туум."""
    items = [DebtItem("t", "late_interest", S("100"), D(2020, 1, 1)), DebtItem("i", "interest", S("100"), D(2021, 1, 1))]
    a = allocate_payment(S("150"), items, ON)
    assert [(l.item_id, l.amount) for l in a.lines] == [("i", S("100.00")), ("t", S("50.00"))]


def test_remainder_is_an_overpayment():
    # TC art. 61, 81(1): 1,000.50 paid on a debt of 999.99 -> 1,000.50 - 999.99 = 0.51 overpaid
    a = allocate_payment(S("1000.50"), [DebtItem("t", "tax", S("999.99"), D(2024, 1, 1))], ON)
    assert a.remainder == S("0.51")


def test_guards():
    with pytest.raises(ValueError):
        allocate_payment(S("-1"), [], ON)
    with pytest.raises(ValueError):
        allocate_payment(S("1.005"), [], ON)
    with pytest.raises(ValueError, match="one tax"):
        allocate_payment(S("1"), [DebtItem("a", "tax", S("1"), ON, "vat"), DebtItem("b", "tax", S("1"), ON, "excise")], ON)


def test_trace():
    t = Trace()
    allocate_payment(S("10"), [DebtItem("a", "tax", S("5"), ON)], ON, trace=t)
    assert t.result == S("5.00")
    assert t.parameters[0].name == "debt_repayment_order"


money = st.integers(0, 10_000_000).map(lambda t: S(t) / 100)
items = st.lists(
    st.builds(
        DebtItem,
        id=st.uuids().map(str),
        kind=st.sampled_from(list(DebtKind)),
        amount=money,
        arose_on=st.dates(D(2015, 1, 1), D(2024, 12, 31)),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(money, items)
def test_no_tyiyn_created_or_lost_and_order_respected(amount, debts):
    a = allocate_payment(amount, debts, ON)
    assert a.allocated + a.remainder == amount
    assert a.remainder >= 0
    by_id = {d.id: d for d in debts}
    for line in a.lines:
        assert 0 < line.amount <= by_id[line.item_id].amount
    # every item before the last one paid was paid in full
    paid = {l.item_id: l.amount for l in a.lines}
    if a.lines:
        rank = [DebtKind.TAX, DebtKind.INTEREST, DebtKind.LATE_INTEREST, DebtKind.SANCTION]
        last = by_id[a.lines[-1].item_id]
        for d in debts:
            if (rank.index(d.kind), d.arose_on) < (rank.index(last.kind), last.arose_on):
                assert paid.get(d.id, S(0)) == d.amount
    if a.remainder > 0:
        assert all(paid.get(d.id, S(0)) == d.amount for d in debts)
