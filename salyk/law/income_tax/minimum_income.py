"""The minimum calculated income (минималдуу эсептик киреше) by district and city, TC art. 163(3).

163(2): under a labour contract the month's taxable income may not be below it. 163(3): the
Government sets it for each district and city of the Republic, for the next calendar year, at 40 %
of the previous year's average wage; if it sets none, last year's amount applies. The values are a
dated table (``income_tax_minimum_calculated_income_by_locality``, samples until the act is
loaded); a locality the table does not list takes the general value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.trace import N_, Som, Trace, param


# The localities' names for a person (the parameter table's keys are codes): the cities of
# republican significance and the regions (TC art. 163(3)).
LOCALITY_WORDS = {
    "bishkek": N_("Bishkek city"),
    "osh_city": N_("Osh city"),
    "batken_region": N_("Batken region"),
    "chui_region": N_("Chui region"),
    "issyk_kul_region": N_("Issyk-Kul region"),
    "jalal_abad_region": N_("Jalal-Abad region"),
    "naryn_region": N_("Naryn region"),
    "osh_region": N_("Osh region"),
    "talas_region": N_("Talas region"),
}


def localities(on: dt.date) -> tuple[str, ...]:
    """The locality codes with a value of their own on ``on``."""
    return tuple(sorted(param(None, "income_tax_minimum_calculated_income_by_locality", on)))


def minimum_calculated_income(locality: str | None, on: dt.date, trace: Trace | None = None) -> Decimal:
    """The month's minimum calculated income in ``locality`` on ``on`` (TC art. 163(3))."""
    if locality:
        table = param(trace, "income_tax_minimum_calculated_income_by_locality", on)
        if locality not in table:
            raise ValueError(f"unknown locality: {locality}")
        value = Decimal(table[locality])
        if trace is not None:
            trace.step(N_("Minimum calculated income in {locality}"), Som(value), tc(163, 3), locality=locality)
        return value
    return Decimal(param(trace, "income_tax_minimum_calculated_income", on))
