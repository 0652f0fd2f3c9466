"""Elimination of double taxation: credit for income tax paid abroad (TC art. 182).

Tax paid abroad counts against the Kyrgyz obligation only when a double taxation agreement with
that state is in force and the income is taxable there under it (art. 182(1)); the credit may
not exceed the tax on that income at Kyrgyz rates (art. 182(2)). The Government's procedure
(art. 182(3)) is not in the Code. Readings (READINGS.md, "Income tax: foreign tax credit"): the
cap is the Kyrgyz rate applied to the foreign income as received (the text names no deduction to
allocate to it), and the credits together cannot take the year's tax below zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som
from salyk.law.trace import rate as as_rate


@dataclass(frozen=True)
class ForeignTax:
    country: str
    income: Decimal  # the foreign income, in som, included in aggregate income
    tax_paid: Decimal  # income tax paid abroad on it, in som
    treaty_in_force: bool  # a double taxation agreement with that state is in force
    taxable_abroad_under_treaty: bool = True  # under the agreement the income is taxable in that state


def foreign_tax_credit(taxes: Iterable[ForeignTax], on: dt.date, trace: Trace | None = None) -> Decimal:
    """The credit for tax paid abroad before the cap at the year's tax (TC art. 182(1)-(2))."""
    rate = param(trace, "income_tax_rate", on)
    total = ZERO
    for t in taxes:
        if not (t.treaty_in_force and t.taxable_abroad_under_treaty):
            if trace is not None:
                trace.step(N_("Tax paid in {country}: no agreement in force or not taxable there under it"), ZERO, tc(182, 1), country=t.country)
            continue
        cap = round_tyiyn(rate * t.income)
        credit = min(t.tax_paid, cap)
        total += credit
        if trace is not None:
            trace.step(N_("Tax paid in {country}: the smaller of {paid} and {rate} × {income} = {cap}"), credit, tc(182, 2), country=t.country,
                       paid=som(t.tax_paid), rate=as_rate(rate), income=som(t.income), cap=som(cap))
    return total
