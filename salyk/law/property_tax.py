"""Property tax (мүлк салыгы, TC art. 31(5)(2)) on the vehicles and real estate the registries
report (TC art. 125): the annual amount of one object, the part of the year it was owned, the due
date.

The chapter of the Code (arts. 322-336) is outside the seed text: every rate is a dated parameter
in ``parameters/property_tax.yaml``, held as a sample with its source until an administrator
enters the verified value. Readings: READINGS.md "Property tax: part-year ownership".

Trace steps carry an English msgid as ``text`` and its parameters as ``value`` (a dict), so the
service can show them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from decimal import Decimal

from salyk.law.calendar import Calendar, default_calendar
from salyk.law.citation import Citation, tc
from salyk.law.money import ZERO, format_som, round_tyiyn
from salyk.law.parameters import parameter_value
from salyk.law.trace import N_, Trace, param

VEHICLE_KINDS = ("passenger", "truck", "bus", "motorcycle", "electric", "other")
REAL_ESTATE_PURPOSES = ("dwelling_house", "apartment", "non_residential", "land_settlement", "land_agricultural")
DWELLINGS = ("dwelling_house", "apartment")
# Kinds taxed per cm³ of engine, and the parameter holding each one's table by age.
ENGINE_RATES = {
    "passenger": "property_vehicle_passenger_rates",
    "truck": "property_vehicle_truck_rates",
    "bus": "property_vehicle_bus_rates",
    "motorcycle": "property_vehicle_motorcycle_rates",
    "other": "property_vehicle_other_rates",
}
NO_ENGINE_RATE = "property_vehicle_no_engine_rate"
MONTHS_IN_YEAR = 12
# The reading of part-year ownership (READINGS.md): a month counts when the object was owned on this day of it.
COUNTING_DAY = 15


@dataclass(frozen=True)
class Vehicle:
    kind: str
    year: int  # of manufacture
    engine_cc: int | None
    book_value: Decimal | None  # som; objects without an engine are taxed on it


@dataclass(frozen=True)
class RealEstate:
    purpose: str
    area_m2: Decimal
    share: Decimal  # the owner's share, 0 < share <= 1
    locality: str


class NotAssessed(Exception):
    """No property-tax rule of ours applies to this object in this year (the reason is a msgid)."""


def _citation(name: str, on: dt.date) -> Citation:
    return parameter_value(name, on).citation


def months_owned(year: int, owned_from: dt.date, owned_to: dt.date | None, trace: Trace | None = None) -> int:
    """Months of ``year`` the owner pays for (READINGS.md "Property tax: part-year ownership"):
    a month counts when the object was the owner's on its 15th day; ``owned_to`` is the day
    ownership passed (the registration ended), so the owner held it up to the day before.
    Seller and buyer therefore never both pay for the month of a sale, and an object owned on every
    day of the year counts 12 months."""
    months = 0
    for month in range(1, MONTHS_IN_YEAR + 1):
        day = dt.date(year, month, COUNTING_DAY)
        if owned_from <= day and (owned_to is None or day < owned_to):
            months += 1
    if trace is not None:
        trace.step(N_("Months owned in {year} (a month counts when owned on its 15th day): {months} of 12"),
                   {"year": year, "months": months}, tc(15, 3))
    return months


def _rate_by_age(table: Iterable[Mapping[str, Any]], age: int) -> Decimal:
    rate = None
    for row in table:
        if int(row["from_age"]) <= age:
            rate = Decimal(str(row["rate"]))
    if rate is None:
        raise NotAssessed("No rate in the law book for a vehicle of this age.")
    return rate


def vehicle_annual_tax(year: int, vehicle: Vehicle, trace: Trace | None = None) -> Decimal:
    """The year's tax on a vehicle owned all year: som per cm³ by age, or a fraction of the book
    value for a vehicle without an engine (kind ``electric``)."""
    on = dt.date(year, 1, 1)
    if vehicle.kind == "electric":
        rate: Decimal = param(trace, NO_ENGINE_RATE, on)
        if vehicle.book_value is None:
            raise NotAssessed("The registry gave no book value for this vehicle without an engine.")
        annual = vehicle.book_value * rate
        if trace is not None:
            trace.step(N_("No engine: {rate} % of the book value {value} som = {amount} som"),
                       {"rate": _percent(rate), "value": format_som(vehicle.book_value), "amount": format_som(annual)},
                       _citation(NO_ENGINE_RATE, on))
        return annual
    name = ENGINE_RATES[vehicle.kind]
    table = param(trace, name, on)
    age = year - vehicle.year + 1
    if age < 1:
        raise NotAssessed("The vehicle was made after this tax year.")
    rate = _rate_by_age(table, age)
    cc = vehicle.engine_cc or 0
    annual = rate * cc
    if trace is not None:
        trace.step(N_("Age in {year}, counting the year of manufacture: {year} - {made} + 1 = {age} years"),
                   {"year": year, "made": vehicle.year, "age": age}, _citation(name, on))
        trace.step(N_("{cc} cm³ × {rate} som per cm³ = {amount} som a year"),
                   {"cc": cc, "rate": str(rate), "amount": format_som(annual)}, _citation(name, on))
    return annual


def real_estate_annual_tax(year: int, estate: RealEstate, trace: Trace | None = None) -> Decimal:
    """The year's tax on a dwelling owned all year: (area - exempt area) × the locality's rate,
    never below zero, times the owner's share. Other purposes are not assessed here."""
    if estate.purpose not in DWELLINGS:
        raise NotAssessed("Only dwellings are assessed here; non-residential property and land follow other rules.")
    on = dt.date(year, 1, 1)
    try:
        exempt_table = param(trace, "property_dwelling_exempt_area", on)
        rates = param(trace, "property_dwelling_rates", on)
    except LookupError:
        raise NotAssessed("No rate for dwellings is in force in this year.") from None
    exempt = Decimal(str(exempt_table[estate.purpose]))
    rate_key = estate.locality if estate.locality in rates else "other"
    rate = Decimal(str(rates[rate_key]))
    taxable = max(estate.area_m2 - exempt, ZERO)
    whole = taxable * rate
    annual = whole * estate.share
    if trace is not None:
        cite = _citation("property_dwelling_exempt_area", on)
        trace.step(N_("Taxable area: {area} m² - {exempt} m² exempt = {taxable} m² (never below zero)"),
                   {"area": str(estate.area_m2), "exempt": str(exempt), "taxable": str(taxable)}, cite)
        trace.step(N_("{taxable} m² × {rate} som per m² ({locality}) = {amount} som"),
                   {"taxable": str(taxable), "rate": str(rate), "locality": rate_key, "amount": format_som(whole)},
                   _citation("property_dwelling_rates", on))
        trace.step(N_("Your share {share}: {amount} som a year"), {"share": str(estate.share), "amount": format_som(annual)}, cite)
    return annual


def property_tax(year: int, obj: Vehicle | RealEstate, owned_from: dt.date, owned_to: dt.date | None,
                 trace: Trace | None = None) -> Decimal:
    """The property tax of ``year`` on one object: the annual amount × months owned / 12,
    rounded to the tyiyn half-up (READINGS.md "Rounding"). Raises ``NotAssessed``."""
    annual = vehicle_annual_tax(year, obj, trace) if isinstance(obj, Vehicle) else real_estate_annual_tax(year, obj, trace)
    months = months_owned(year, owned_from, owned_to, trace)
    amount = round_tyiyn(annual * months / MONTHS_IN_YEAR)
    if trace is not None:
        trace.step(N_("{annual} som × {months} / 12 = {amount} som"), {"annual": format_som(annual), "months": months,
                                                                   "amount": format_som(amount)}, tc(15, 3))
        trace.result = amount
    return amount


def due_date(year: int, trace: Trace | None = None, calendar: Calendar | None = None) -> dt.date:
    """1 September of the tax year (the parameter), moved to the next working day (TC art. 16(6))."""
    day = param(trace, "property_tax_due", dt.date(year, 1, 1))
    nominal = dt.date(year, int(day["month"]), int(day["day"]))
    due = (calendar or default_calendar()).roll_forward(nominal)
    if trace is not None:
        trace.step(N_("Due {nominal}; on a non-working day the next working day: {due}"),
                   {"nominal": nominal.strftime("%d.%m.%Y"), "due": due.strftime("%d.%m.%Y")}, tc(16, 6))
    return due


def rule_version(trace: Trace) -> str:
    """A short fingerprint of the parameter values a computation used (name, effective date,
    value): a new value entered in the law book gives a new rule version."""
    used = sorted((p.name, p.effective_from.isoformat(), json.dumps(_plain(p.value), sort_keys=True)) for p in trace.parameters)
    return hashlib.sha256(json.dumps(used).encode()).hexdigest()[:12]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _percent(fraction: Decimal) -> str:
    return format((fraction * 100).normalize(), "f")
