"""The depletion allowance of a mining enterprise (жер казынасынын жакырланышына жеңилдик),
TC art. 197(3)-(6).

The 15% reduction of the base (art. 197(3)) is applied by ``profit_tax``. The amount must be held
in a special fund and reinvested within five years in geological exploration inside the allotted
plot (197(4)); what is not used so within five years is paid to the budget (197(5)). The text
does not say from when the five years run; we count them from the end of the tax year whose base
was reduced, the longest reading (TC art. 15(3); READINGS.md, "Profit tax: depletion fund").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.money import ZERO
from salyk.law.trace import N_, Trace, param, som


def depletion_fund_deadline(reduced_year: int, trace: Trace | None = None) -> dt.date:
    """Last day to reinvest the fund formed from ``reduced_year``'s base (TC art. 197(4))."""
    years = param(trace, "profit_tax_depletion_fund_years", dt.date(reduced_year, 12, 31))
    deadline = dt.date(reduced_year + years, 12, 31)
    if trace is not None:
        trace.step(N_("Fund of {year}: reinvest within {years} years"), deadline, tc(197, 4), year=reduced_year, years=years)
    return deadline


def depletion_fund_payable(
    reserved: Decimal,
    reinvested: Decimal,
    reduced_year: int,
    on: dt.date,
    trace: Trace | None = None,
) -> Decimal:
    """The part of the fund payable to the budget as of ``on`` (TC art. 197(5)): nothing before the
    five years are over, then what was not reinvested as the article requires."""
    deadline = depletion_fund_deadline(reduced_year, trace)
    if on <= deadline:
        return ZERO
    payable = max(ZERO, reserved - reinvested)
    if trace is not None:
        trace.step(N_("Unused fund after {deadline}: {reserved} − {reinvested}"), payable, tc(197, 5), deadline=deadline, reserved=som(reserved), reinvested=som(reinvested))
    return payable
