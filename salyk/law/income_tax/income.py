"""Aggregate annual income (TC art. 165) and the exempt income of TC art. 167.

Aggregate annual income is every income actually received in the tax period, in money, in kind
or as works and services (TC art. 165(1)); income expected but not received is not income (art.
165(2)), and exempt income is left out (art. 165(3)). The exempt catalogue lives in
``exempt_items.yaml``; the items whose exempt part is bounded by an amount are computed here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from salyk.law.citation import Citation, tc
from salyk.law.income_tax.catalogue import find, income_tax_exemptions
from salyk.law.income_tax.indices import amount_in_indices
from salyk.law.income_tax.residency import SCOPE_WORDS, TaxScope
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som


class IncomeKind(str, Enum):
    """The kinds of income listed in TC art. 165(1); the value's item number is in ``ITEM``."""

    EMPLOYMENT = "employment"
    MATERIAL_BENEFIT = "material_benefit"
    FREE_ASSETS = "free_assets"
    INTEREST = "interest"
    DIVIDENDS = "dividends"
    VEHICLE_RESALE_GAIN = "vehicle_resale_gain"
    HOUSING_SALE_GAIN = "housing_sale_gain"
    SECURITIES_GAIN = "securities_gain"
    SUBSIDY = "subsidy"
    MORAL_DAMAGES = "moral_damages"
    PENSION = "pension"
    STIPEND = "stipend"
    BENEFIT = "benefit"
    WINNINGS = "winnings"
    OBLIGATION_TERMINATION = "obligation_termination"
    INSURANCE_SUM = "insurance_sum"
    ROYALTY = "royalty"
    ACCUMULATIVE_INSURANCE = "accumulative_insurance"
    OTHER = "other"  # the opening words of art. 165(1): every kind of income


KIND_WORDS = {
    IncomeKind.EMPLOYMENT: N_("Income from employment"),
    IncomeKind.MATERIAL_BENEFIT: N_("Material benefit"),
    IncomeKind.FREE_ASSETS: N_("Assets received free of charge"),
    IncomeKind.INTEREST: N_("Interest"),
    IncomeKind.DIVIDENDS: N_("Dividends"),
    IncomeKind.VEHICLE_RESALE_GAIN: N_("Gain on the sale of a vehicle"),
    IncomeKind.HOUSING_SALE_GAIN: N_("Gain on the sale of housing"),
    IncomeKind.SECURITIES_GAIN: N_("Gain on securities"),
    IncomeKind.SUBSIDY: N_("Subsidy"),
    IncomeKind.MORAL_DAMAGES: N_("Compensation for moral damage"),
    IncomeKind.PENSION: N_("Pension"),
    IncomeKind.STIPEND: N_("Stipend"),
    IncomeKind.BENEFIT: N_("Allowance"),
    IncomeKind.WINNINGS: N_("Winnings"),
    IncomeKind.OBLIGATION_TERMINATION: N_("Income from the termination of an obligation"),
    IncomeKind.INSURANCE_SUM: N_("Insurance sum"),
    IncomeKind.ROYALTY: N_("Royalty"),
    IncomeKind.ACCUMULATIVE_INSURANCE: N_("Accumulative insurance payment"),
    IncomeKind.OTHER: N_("Other income"),
}
ITEM = {kind: number for number, kind in enumerate(list(IncomeKind)[:-1], start=1)}


def kind_citation(kind: IncomeKind) -> Citation:
    return tc(165, 1, ITEM[kind]) if kind in ITEM else tc(165, 1)


class Source(str, Enum):
    KR = "kr"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class IncomeItem:
    """One income received in the tax period."""

    kind: IncomeKind
    amount: Decimal  # gross amount received (art. 165(2): only income actually received)
    exempt_amount: Decimal = ZERO  # the part exempt under art. 167
    exemption: int | None = None  # the item of art. 167 relied on for ``exempt_amount``
    source: Source = Source.KR
    from_diplomatic_service: bool = False  # income connected with diplomatic or consular service (art. 179)
    description: str = ""


@dataclass(frozen=True)
class AggregateIncome:
    gross: Decimal  # every income listed
    exempt: Decimal  # left out under art. 167 (art. 165(3))
    outside_scope: Decimal  # not an object of tax for this person (arts. 162, 179)
    aggregate: Decimal  # aggregate annual income: gross - exempt - outside_scope


def _check(item: IncomeItem, on: dt.date) -> None:
    if item.amount < 0:
        raise ValueError(f"an income cannot be negative: {item.amount}")
    if not ZERO <= item.exempt_amount <= item.amount:
        raise ValueError(f"the exempt part must lie between 0 and the amount {item.amount}: {item.exempt_amount}")
    if item.exempt_amount > 0:
        if item.exemption is None:
            raise ValueError("an exempt part needs the item of TC art. 167 it relies on")
        entry = find(income_tax_exemptions(), item.exemption)
        if not entry.in_force(on):
            raise ValueError(f"TC art. 167({entry.item}) is repealed ({entry.repealed})")


def in_scope(item: IncomeItem, scope: TaxScope) -> bool:
    """Whether an income is an object of tax for a person with ``scope`` (TC arts. 162, 179)."""
    if scope is TaxScope.WORLDWIDE:
        return True
    if scope is TaxScope.KR_SOURCE:
        return item.source is Source.KR
    if scope is TaxScope.KR_SOURCE_NOT_FROM_SERVICE:
        return item.source is Source.KR and not item.from_diplomatic_service
    return False


def aggregate_income(
    items: Iterable[IncomeItem],
    on: dt.date,
    scope: TaxScope = TaxScope.WORLDWIDE,
    trace: Trace | None = None,
) -> AggregateIncome:
    """Aggregate annual income (TC art. 165): the sum of the incomes in scope less their exempt parts."""
    gross = exempt = outside = ZERO
    for item in items:
        _check(item, on)
        gross += item.amount
        label = item.description or KIND_WORDS.get(item.kind, item.kind.value)
        if not in_scope(item, scope):
            outside += item.amount
            if trace is not None:
                trace.step(N_("{label}: not an object of tax for this person ({scope})"), item.amount, tc(162), label=label, scope=SCOPE_WORDS[scope.value])
            continue
        exempt += item.exempt_amount
        if trace is not None:
            trace.step(N_("{label}: income received"), item.amount, kind_citation(item.kind), label=label)
            if item.exempt_amount > 0:
                trace.step(N_("{label}: exempt part"), item.exempt_amount, tc(167, None, item.exemption), label=label)
    total = gross - exempt - outside
    if trace is not None:
        trace.step(N_("Aggregate annual income (exempt income left out)"), total, tc(165, 3))
    return AggregateIncome(gross, exempt, outside, total)


# --- Bounded exemptions of TC art. 167 -------------------------------------------------------


@dataclass(frozen=True)
class BusinessTrip:
    """A reimbursement of business-trip expenses (TC art. 167(13))."""

    days: int
    per_diem_paid: Decimal = ZERO
    travel_documented: Decimal = ZERO  # (a) travel there and back, per the documents presented
    lodging_documented: Decimal = ZERO  # (b) lodging, per the documents presented
    undocumented_reimbursed: Decimal = ZERO  # travel or lodging reimbursed without documents
    undocumented_norm: Decimal = ZERO  # the Government norm for that undocumented part (not in the Code)
    per_diem_norm: Decimal | None = None  # per-day norm; None: the parameter for trips inside the KR


def business_trip_exempt_amount(trip: BusinessTrip, on: dt.date, trace: Trace | None = None) -> Decimal:
    """Exempt part of a business-trip reimbursement (TC art. 167(13)): documented travel and lodging
    in full, per diems within the Government norm, undocumented travel and lodging within its norm."""
    norm = trip.per_diem_norm if trip.per_diem_norm is not None else param(trace, "business_trip_per_diem_norm", on)
    per_diem = min(trip.per_diem_paid, norm * trip.days)
    undocumented = min(trip.undocumented_reimbursed, trip.undocumented_norm)
    exempt = trip.travel_documented + trip.lodging_documented + per_diem + undocumented
    if trace is not None:
        trace.step(N_("Documented travel and lodging, exempt in full (items (a)-(b))"), trip.travel_documented + trip.lodging_documented, tc(167, None, 13))
        trace.step(N_("Per diems exempt within the norm (item (c)): the smaller of {paid} and {days} × {norm}"), per_diem, tc(167, None, 13),
                   paid=som(trip.per_diem_paid), days=trip.days, norm=som(norm))
        if trip.undocumented_reimbursed:
            trace.step(N_("Undocumented travel and lodging, exempt within the Government norm"), undocumented, tc(167, None, 13))
        trace.step(N_("Exempt business-trip reimbursement"), exempt, tc(167, None, 13))
    return exempt


def new_year_gift_exempt_amount(gift: Decimal, child_age: int, on: dt.date, trace: Trace | None = None) -> Decimal:
    """Exempt part of an employer's New Year gift for one of the employee's children (TC art. 167(18)).

    Reading (READINGS.md, "Income tax: New Year gifts and winnings"): the 10 indices are a limit
    per child, and only the excess over them is income.
    """
    age_limit = param(trace, "income_tax_new_year_gift_child_age", on)
    if child_age >= age_limit:
        if trace is not None:
            trace.step(N_("Child aged {age}, not under {limit}: no exemption"), ZERO, tc(167, None, 18), age=child_age, limit=age_limit)
        return ZERO
    cap = amount_in_indices("income_tax_new_year_gift_cap_indices", on, trace)
    exempt = min(gift, cap)
    if trace is not None:
        trace.step(N_("New Year gift exempt up to {cap} per child: the smaller of {gift} and {cap}"), exempt, tc(167, None, 18), cap=som(cap), gift=som(gift))
    return exempt


def winnings_exempt_amount(winning: Decimal, on: dt.date, trace: Trace | None = None) -> Decimal:
    """Exempt part of one winning (TC art. 167(31)).

    "наркы 10 эсептик көрсөткүчтөн ашпаган утуштар": winnings whose value does not exceed 10
    indices. Read literally (READINGS.md): each winning is tested on its own; one worth more is
    income in full.
    """
    cap = amount_in_indices("income_tax_winnings_exempt_indices", on, trace)
    exempt = winning if winning <= cap else ZERO
    if trace is not None:
        trace.step(N_("Winning of {winning} does not exceed {cap}") if exempt else N_("Winning of {winning} exceeds {cap}"), exempt, tc(167, None, 31),
                   winning=som(winning), cap=som(cap))
    return exempt


class PersonalProperty(str, Enum):
    VEHICLE = "vehicle"  # motor vehicle (автомототранспорт каражаты)
    HOUSING = "housing"  # real estate of the housing stock per the unified register
    OTHER = "other"  # any other movable or immovable property used for personal purposes


def _anniversary(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def personal_property_sale_gain(
    kind: PersonalProperty,
    sale_price: Decimal,
    purchase_price: Decimal,
    purchased_on: dt.date,
    sold_on: dt.date,
    trace: Trace | None = None,
) -> Decimal:
    """Taxable growth in value on selling property held for personal use (TC arts. 165(1)(6)-(7), 167(32)).

    A vehicle resold less than one year after purchase and housing sold less than two consecutive
    years after purchase give taxable growth in value; every other sale of personal property is
    exempt. Art. 167(32)(a) literally excepts vehicles held "not less than" one year, against art.
    165(1)(6); we follow art. 165(1)(6) (READINGS.md, "Income tax: personal property").
    """
    gain = max(ZERO, sale_price - purchase_price)
    if kind is PersonalProperty.OTHER:
        if trace is not None:
            trace.step(N_("Personal property other than a vehicle or housing: exempt"), ZERO, tc(167, None, 32))
        return ZERO
    name, item = (
        ("income_tax_vehicle_holding_years", 6) if kind is PersonalProperty.VEHICLE else ("income_tax_housing_holding_years", 7)
    )
    years = param(trace, name, sold_on)
    held_enough = sold_on >= _anniversary(purchased_on, years)
    taxable = ZERO if held_enough else gain
    if trace is not None:
        if held_enough:
            msgid = N_("Vehicle bought {bought}, sold {sold}: held at least {years} year(s); growth in value {gain}") if kind is PersonalProperty.VEHICLE \
                else N_("Housing bought {bought}, sold {sold}: held at least {years} year(s); growth in value {gain}")
        else:
            msgid = N_("Vehicle bought {bought}, sold {sold}: held less than {years} year(s); growth in value {gain}") if kind is PersonalProperty.VEHICLE \
                else N_("Housing bought {bought}, sold {sold}: held less than {years} year(s); growth in value {gain}")
        trace.step(msgid, taxable, tc(167, None, 32) if held_enough else tc(165, 1, item), bought=purchased_on, sold=sold_on, years=years, gain=som(gain))
    return round_tyiyn(taxable)
