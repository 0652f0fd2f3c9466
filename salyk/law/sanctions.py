"""Tax sanctions (салыктык санкциялар), TC art. 139-143.

TC art. 139: a sanction is a money penalty in the amount the Code sets; each offence is
sanctioned separately (139(3)). The Code sets amounts for three offences:

- TC art. 141, activity without tax and/or record registration: once the taxes computed or due
  for the whole period of that activity, but not less than 50 calculation indices;
- TC art. 142, tax understated in a report: by the ratio of the understated tax to the total
  annual income of the year before the audited year: up to 2 % nothing, over 2 % to 5 % half,
  over 5 % the whole understated amount;
- TC art. 143, a tax agent that does not pay (in full) the tax to be withheld or paid: 10 % of the
  unpaid tax for each full or partial month from the day set for payment, at most 50 %.

Late filing (TC art. 87(3)), obstruction (113(4)) and documents not produced (115(2)) carry no
amount in the Code: 87(3) sends them to the Administrative Liability Code. We compute none.
A clarified report filed by the taxpayer is never a ground for a sanction (TC art. 90(5)).
Liability does not release from the tax and туум (TC art. 137(4)).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salyk.law.allocation import as_money
from salyk.law.calendar import add_months
from salyk.law.citation import tc
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som
from salyk.law.trace import rate as as_rate


def unregistered_activity_sanction(taxes: Decimal, on: dt.date, *, trace: Trace | None = None) -> Decimal:
    """TC art. 141: max(1 x the taxes of the whole unregistered period, 50 calculation indices).

    ``on`` selects the law in force, the calculation index included: pass the day the offence was
    committed (TC art. 14(4): liability is never made heavier retroactively).
    """
    taxes = as_money(taxes, "taxes")
    if taxes < 0:
        raise ValueError("taxes cannot be negative")
    rate = param(trace, "unregistered_activity_sanction_rate", on)
    indices = param(trace, "unregistered_activity_sanction_minimum_indices", on)
    index = Decimal(param(trace, "calculation_index", on))
    by_taxes = taxes * rate
    floor = index * indices
    amount = round_tyiyn(max(by_taxes, floor))
    if trace is not None:
        trace.titled(N_("Sanction for unregistered activity"))
        trace.step(N_("{taxes} × {rate} = {amount}"), by_taxes, tc(141), taxes=som(taxes), rate=as_rate(rate), amount=som(by_taxes))
        trace.step(N_("floor: {indices} × {index} = {amount}"), floor, tc(141), indices=indices, index=som(index), amount=som(floor))
        trace.step(N_("the larger of the two"), amount, tc(141))
        trace.result = amount
    return amount


def understatement_sanction(
    understated: Decimal,
    prior_year_income: Decimal | None,
    on: dt.date,
    *,
    from_clarified_report: bool = False,
    trace: Trace | None = None,
) -> Decimal:
    """TC art. 142: the sanction on tax understated in a report.

    ``prior_year_income`` is the total annual income of the year before the audited calendar year.
    Exactly 2 % is in the first tier and exactly 5 % in the second ("2 пайызга чейинки",
    "2ден 5 пайызга чейинки", "5 пайыздан ашуун"; READINGS.md). With no income to measure against,
    the Code gives no tier and no sanction is charged (TC art. 5(7), 15(3)).
    """
    understated = as_money(understated, "understated tax")
    if understated < 0:
        raise ValueError("the understated amount cannot be negative")
    if trace is not None:
        trace.titled(N_("Sanction for understated tax"))
    if from_clarified_report:
        if trace is not None:
            trace.step(N_("the taxpayer's own clarified report is no ground for a sanction"), ZERO, tc(90, 5))
            trace.result = ZERO
        return ZERO
    if understated == 0:
        return ZERO
    if prior_year_income is None or Decimal(prior_year_income) <= 0:
        if trace is not None:
            trace.step(N_("no prior-year income to measure the understatement against: no tier applies"), ZERO, tc(5, 7))
            trace.result = ZERO
        return ZERO
    ratio = understated / Decimal(prior_year_income)
    rate = Decimal(0)
    for tier in param(trace, "understatement_sanction_tiers", on):
        if ratio > Decimal(tier["above"]):
            rate = Decimal(tier["rate"])
    amount = round_tyiyn(understated * rate)
    if trace is not None:
        trace.step(N_("{understated} / {income} = {percent}%"), ratio, tc(142), understated=som(understated), income=som(prior_year_income),
                   percent=(ratio * 100).quantize(Decimal("0.0001")))
        trace.step(N_("{understated} × {rate}"), amount, tc(142), understated=som(understated), rate=as_rate(rate))
        trace.result = amount
    return amount


def months_started(due: dt.date, until: dt.date) -> int:
    """Full or partial months from the day after ``due`` through ``until`` (TC art. 143).

    Month k runs from the day after ``due + (k-1) months`` to ``due + k months`` (16(4)-(5))."""
    if until <= due:
        return 0
    k = 1
    while add_months(due, k) < until:
        k += 1
    return k


def tax_agent_sanction(unpaid: Decimal, due: dt.date, paid: dt.date, *, trace: Trace | None = None) -> Decimal:
    """TC art. 143: unpaid x min(10 % x months started after ``due``, 50 %).

    ``due`` is the (rolled-forward) payment day of the withheld tax; ``paid`` the day it was paid,
    or the day of the computation while it is still unpaid. The Kyrgyz "10 % ... and/or an
    additional payment for each full or partial month ... but not more than 50 %" is read as
    10 % per month started (READINGS.md).
    """
    unpaid = as_money(unpaid, "unpaid tax")
    if unpaid < 0:
        raise ValueError("the unpaid amount cannot be negative")
    months = months_started(due, paid)
    rate = param(trace, "tax_agent_sanction_monthly_rate", due)
    cap = param(trace, "tax_agent_sanction_cap", due)
    fraction = min(rate * months, cap)
    amount = round_tyiyn(unpaid * fraction)
    if trace is not None:
        trace.titled(N_("Sanction on a tax agent"))
        trace.step(N_("months started from {first} to {paid}: {months}"), months, tc(143), first=due + dt.timedelta(days=1), paid=paid, months=months)
        trace.step(N_("the smaller of {rate} × {months} and {cap}: {fraction}"), fraction, tc(143), rate=as_rate(rate), months=months, cap=as_rate(cap), fraction=as_rate(fraction))
        trace.step(N_("{unpaid} × {fraction}"), amount, tc(143), unpaid=som(unpaid), fraction=as_rate(fraction))
        trace.result = amount
    return amount
