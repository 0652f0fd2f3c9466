"""The demo data gives the demo taxpayers a real balance, and loading it twice changes nothing."""

import datetime as dt
from decimal import Decimal

from salyk import demo
from salyk.ledger.balance import balance
from salyk.registry.taxpayers import find
from conftest import at_date


def test_demo_ledger_is_idempotent(fresh_runtime):
    rt = at_date(fresh_runtime, dt.date(2025, 12, 1))
    demo.load(rt)
    demo.load(rt)
    with rt.db.transaction() as s:
        org = balance(s, find(s, "01002201010017").id, dt.date(2025, 12, 1))
        person = balance(s, find(s, "21505199000123").id, dt.date(2025, 12, 1))
        ie = balance(s, find(s, "12708198500456").id, dt.date(2025, 12, 1))
    # organisation: profit tax paid before its due date; VAT 48,000 paid with 50,000 -> 2,000 over
    assert (org.total_due, org.total_overpayment) == (0, 2000)
    # individual: property tax 3,200 due Mon 3 Feb 2025, 2,000 paid 10 Feb: 7 days on 3,200 x 0.09%
    # = 20.16, then 1,200 from 11 Feb through 1 Dec (294 days) x 0.09% = 317.52 -> 337.68 туум;
    # land tax 850 due 1 Oct 2025: 61 days (2 Oct .. 1 Dec) x 0.765 = 46.665 -> 46.67.
    assert (person.tax("property_tax").arrears, person.tax("property_tax").late_interest) == (1200, Decimal("337.68"))
    assert (person.tax("land_tax").arrears, person.tax("land_tax").late_interest) == (850, Decimal("46.67"))
    # entrepreneur: single tax Q2 13,500 paid 10,000: arrears 3,500; patent 1,500 overpaid offsets it
    # automatically (TC art. 81(2)) on 4 Aug 2025: arrears 2,000 left
    assert ie.tax("single_tax").arrears == 2000
    assert ie.total_overpayment == 0
