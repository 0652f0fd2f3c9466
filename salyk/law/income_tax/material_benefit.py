"""Income in the form of material benefit (материалдык пайда), TC art. 166.

A loan free of interest or below the National Bank's discount rate, goods given free, and an
employer's discount on goods sold to an employee are income (art. 166(1)). The National Bank's
discount rate is the National Bank's value, held as the parameter ``nbkr_discount_rate`` (a
sample until the published series is loaded); the caller may pass the rate instead. The Code gives an annual rate "for the period the debt exists" and
does not say how to pro-rate it; we pro-rate by the days the debt existed over the days of the
calendar year (READINGS.md, "Income tax: material benefit").
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som


def loan_benefit(
    principal: Decimal,
    days: int,
    year: int,
    *,
    lender_rate: Decimal = ZERO,
    discount_rate: Decimal | None = None,
    rate_on: dt.date | None = None,
    trace: Trace | None = None,
) -> Decimal:
    """Benefit from a loan or credit outstanding ``days`` days of ``year`` (TC art. 166(2)-(3)).

    Interest-free: principal × discount rate for the debt period (166(2)). Below the rate: the
    positive difference between principal × discount rate (on the day the loan was received) and
    principal × the lender's rate (166(3)). Without ``discount_rate`` the National Bank's rate in
    force on ``rate_on`` is used: for a below-rate loan the day it was received (166(3)), for an
    interest-free one a day of the debt period (166(2)); by default the last day of ``year``.
    """
    if discount_rate is None:
        discount_rate = Decimal(param(trace, "nbkr_discount_rate", rate_on or dt.date(year, 12, 31)))
    if principal < 0 or days < 0 or discount_rate < 0 or lender_rate < 0:
        raise ValueError("loan amounts, rates and days cannot be negative")
    year_days = 366 if calendar.isleap(year) else 365
    gap = max(ZERO, discount_rate - lender_rate)
    benefit = round_tyiyn(principal * gap * days / year_days)
    if trace is not None:
        cite = tc(166, 2) if lender_rate == 0 else tc(166, 3)
        trace.step(N_("Material benefit: {principal} × ({discount_rate} − {lender_rate}) × {days}/{year_days} days"), benefit, cite,
                   principal=som(principal), discount_rate=discount_rate, lender_rate=lender_rate, days=days, year_days=year_days)
    return benefit


def free_goods_benefit(book_value: Decimal, trace: Trace | None = None) -> Decimal:
    """Goods given free: the book value of the goods (TC art. 166(4))."""
    if trace is not None:
        trace.step(N_("Goods received free: their book value"), book_value, tc(166, 4))
    return book_value


def employee_discount_benefit(book_value: Decimal, price_paid: Decimal, trace: Trace | None = None) -> Decimal:
    """Employer's discount: book value less the price actually paid, if positive (TC art. 166(5))."""
    benefit = max(ZERO, book_value - price_paid)
    if trace is not None:
        trace.step(N_("Discount from the employer: {book_value} − {price_paid}"), benefit, tc(166, 5), book_value=som(book_value), price_paid=som(price_paid))
    return benefit
