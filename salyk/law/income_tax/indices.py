"""Amounts the Code states in calculation indices (эсептик көрсөткүч).

The Code writes many amounts as "N calculation indices" (TC arts. 167(18), 167(31), 170, 199(1))
and leaves the som value of one index to an act outside the Code, so both the multiple and the
index are parameters and the som amount is their product on the day asked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salyk.law.money import round_tyiyn
from salyk.law.trace import Trace, param


def amount_in_indices(multiple_parameter: str, on: dt.date, trace: Trace | None = None) -> Decimal:
    """``multiple × calculation index`` in som, as in force on ``on``."""
    multiple = Decimal(param(trace, multiple_parameter, on))
    index = Decimal(param(trace, "calculation_index", on))
    return round_tyiyn(multiple * index)
