"""Offset and refund of overpaid tax, TC art. 81."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.allocation import DebtItem, DebtKind
from salyk.law.overpayment import (
    late_refund_interest,
    offset_effective_date,
    offset_notice_deadline,
    offset_overpayment,
    refund_allowed,
    refund_deadline,
)
from salyk.law.trace import Trace

D = dt.date
S = Decimal
ON = D(2017, 6, 1)


def test_e5_offset_order():
    """E5, TC art. 81(2): profit-tax overpayment 20,000.
    Step 1 (same tax: туум 1,500 + sanction 2,000) = 3,500 -> 16,500 left.
    Step 2 (other taxes' arrears: VAT 12,000 + land 3,000) = 15,000 -> 1,500 left.
    Step 3 (other taxes' туум 800 and sanction 100) = 900 -> 600 left for refund on application."""
    debts = [
        DebtItem("land-s", "sanction", S("100"), D(2016, 9, 1), "land_tax"),
        DebtItem("vat-p", "late_interest", S("800"), D(2016, 8, 1), "vat"),
        DebtItem("land", "tax", S("3000"), D(2016, 7, 1), "land_tax"),
        DebtItem("vat", "tax", S("12000"), D(2016, 5, 1), "vat"),
        DebtItem("pt-s", "sanction", S("2000"), D(2016, 4, 1), "profit_tax"),
        DebtItem("pt-p", "late_interest", S("1500"), D(2016, 6, 1), "profit_tax"),
    ]
    a = offset_overpayment(S("20000"), "profit_tax", debts, ON)
    assert [(l.item_id, l.amount, str(l.citation)) for l in a.lines] == [
        ("pt-p", S("1500.00"), "TC art. 81(2)(1)"),
        ("pt-s", S("2000.00"), "TC art. 81(2)(1)"),
        ("vat", S("12000.00"), "TC art. 81(2)(2)"),
        ("land", S("3000.00"), "TC art. 81(2)(2)"),
        ("vat-p", S("800.00"), "TC art. 81(2)(3)"),
        ("land-s", S("100.00"), "TC art. 81(2)(3)"),
    ]
    assert a.remainder == S("600.00")


def test_other_taxes_arrears_come_before_same_tax_nothing_else():
    """TC art. 81(2)(2)-(3): step 2 (other taxes' arrears) precedes step 3 even when the step-3
    debt is older: 120 -> 100 to the VAT arrears, 120 - 100 = 20 to the VAT туум of 50."""
    debts = [DebtItem("old-p", "late_interest", S("50"), D(2010, 1, 1), "vat"), DebtItem("new", "tax", S("100"), D(2016, 1, 1), "vat")]
    a = offset_overpayment(S("120"), "profit_tax", debts, ON)
    assert [(l.item_id, l.amount) for l in a.lines] == [("new", S("100.00")), ("old-p", S("20.00"))]


def test_same_tax_arrears_are_refused():
    with pytest.raises(ValueError, match="61"):
        offset_overpayment(S("1"), "vat", [DebtItem("x", "tax", S("1"), ON, "vat")], ON)


def test_offset_effective_date():
    """TC art. 81(4): overpayment since 1 Mar; VAT obligation arises 20 Apr -> offset as of 20 Apr.
    An obligation already open on 1 Mar is offset as of 1 Mar."""
    assert offset_effective_date(D(2024, 3, 1), D(2024, 4, 20)) == D(2024, 4, 20)
    assert offset_effective_date(D(2024, 3, 1), D(2024, 1, 20)) == D(2024, 3, 1)


def test_offset_notice():
    """TC art. 81(5): offset on Mon 4 Mar 2024 -> 10 calendar days -> Thu 14 Mar 2024."""
    assert offset_notice_deadline(D(2024, 3, 4)) == D(2024, 3, 14)


def test_e8_late_refund():
    """E8, TC art. 81(7), (11): application received Wed 1 Mar 2017; day 1 is 2 Mar, day 30 is
    Fri 31 Mar. Refunded Mon 10 Apr: 10 days late; 50,000 x 0.0009 x 10 = 450.00."""
    assert refund_deadline(D(2017, 3, 1)) == D(2017, 3, 31)
    assert late_refund_interest(S("50000"), D(2017, 3, 1), D(2017, 4, 10)) == S("450.00")
    assert late_refund_interest(S("50000"), D(2017, 3, 1), D(2017, 3, 31)) == S("0.00")


def test_refund_deadline_rolls_forward():
    """TC art. 81(7), 16(6): received 2 Feb 2024 -> 3 Mar 2024, a Sunday -> Mon 4 Mar."""
    assert refund_deadline(D(2024, 2, 2)) == D(2024, 3, 4)


def test_late_refund_has_no_ceiling():
    """TC art. 81(11) sets no cap: 1,000 refunded 2,000 days late -> 1,000 x 0.0009 x 2,000 = 1,800.00."""
    received = D(2015, 1, 5)
    deadline = refund_deadline(received)
    assert late_refund_interest(S("1000"), received, deadline + dt.timedelta(days=2000)) == S("1800.00")


def test_refund_allowed():
    # TC art. 81(8), (10): written application, no unfulfilled obligation, within 6 years from the
    # day after 14 Mar 2018 (last day Thu 14 Mar 2024). The second fails twice: an obligation is
    # open (81(10)) and 15 Mar 2024 is past the 6 years (81(8)).
    ok = refund_allowed(written_application=True, unfulfilled_obligations=False,
                        overpayment_arose_on=D(2018, 3, 14), applied_on=D(2024, 3, 14))
    assert ok.allowed
    late = refund_allowed(written_application=True, unfulfilled_obligations=True,
                          overpayment_arose_on=D(2018, 3, 14), applied_on=D(2024, 3, 15))
    assert not late.allowed and len(late.reasons) == 2


def test_trace():
    t = Trace()
    late_refund_interest(S("50000"), D(2017, 3, 1), D(2017, 4, 10), trace=t)
    assert t.result == S("450.00")
    assert {"TC art. 81(7)", "TC art. 81(11)"} <= {str(s.citation) for s in t.steps}


money = st.integers(0, 5_000_000).map(lambda t: S(t) / 100)
debts = st.lists(
    st.builds(
        DebtItem,
        id=st.uuids().map(str),
        kind=st.sampled_from([DebtKind.INTEREST, DebtKind.LATE_INTEREST, DebtKind.SANCTION, DebtKind.TAX]),
        amount=money,
        arose_on=st.dates(D(2015, 1, 1), D(2024, 12, 31)),
        tax=st.sampled_from(["vat", "excise", "land_tax"]),
    ),
    max_size=10,
).map(lambda ds: [d for d in ds if not (d.tax == "vat" and d.kind == DebtKind.TAX)])


@settings(max_examples=200, deadline=None)
@given(money, debts)
def test_offset_never_creates_or_loses_a_tyiyn(amount, ds):
    a = offset_overpayment(amount, "vat", ds, ON)
    assert a.allocated + a.remainder == amount
    by_id = {d.id: d for d in ds}
    assert all(0 < l.amount <= by_id[l.item_id].amount for l in a.lines)
