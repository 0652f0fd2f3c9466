"""The patent regime (TC 2008 arts. 345-355; Offer 3.1(3)): the catalogue of activities, the terms,
the price and the validity of a patent.

Every number comes from ``parameters/patent.yaml`` (dated, cited; the Government's amounts are
samples until an administrator enters the real table). The price of a term is

    30 days: B;  90 days: 3 × B × 0.95;  180 days: 6 × B × 0.90;  1, 2, 15 days: B × days / 30

with B the monthly base amount of the activity in the locality zone in force on the start date,
times 5 for a foreign citizen or stateless person who is not an EAEU citizen, rounded half up to
the tyiyn. Pure functions: no I/O; errors are ``PatentRuleError`` with a machine code the
service maps to its API error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from salyk.law.citation import Citation
from salyk.law.money import round_tyiyn
from salyk.law.parameters import ParameterError, parameter_value

CITIZENSHIPS = ("kg", "eaeu", "other")
FOREIGN = "other"  # neither a Kyrgyz citizen nor an EAEU citizen: the coefficient applies


class PatentRuleError(ValueError):
    """A request the rules cannot price: ``code`` is UNKNOWN_ACTIVITY, UNKNOWN_ZONE or INVALID_TERM."""

    def __init__(self, code: str, value: Any):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


@dataclass(frozen=True)
class Activity:
    code: str
    gked: str
    kind: str  # voluntary | obligatory
    title_ky: str
    title_ru: str
    act: str
    base: dict[str, Decimal]  # zone -> monthly base amount (som)
    citation: str
    sample: bool


@dataclass(frozen=True)
class Catalogue:
    on: dt.date
    zones: tuple[str, ...]
    terms: tuple[int, ...]
    activities: tuple[Activity, ...]

    def find(self, code: str) -> Activity | None:
        return next((a for a in self.activities if a.code == code), None)


@dataclass(frozen=True)
class Step:
    """One line of the price's explanation: an English msgid with its parameters and citation."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)
    citation: str = ""


@dataclass(frozen=True)
class Quote:
    activity: str
    zone: str
    term_days: int
    start: dt.date
    citizenship: str
    base: Decimal
    amount: Decimal
    valid_from: dt.date
    valid_to: dt.date
    steps: tuple[Step, ...]


def _value(name: str, on: dt.date) -> Any:
    try:
        return parameter_value(name, on)
    except ParameterError:
        raise PatentRuleError("NOT_IN_FORCE", on.isoformat()) from None


def catalogue(on: dt.date) -> Catalogue:
    """The activities, zones and terms in force on ``on``, with each activity's base amounts."""
    activities = _value("patent_activities", on)
    amounts = _value("patent_base_amounts", on)
    zones = tuple(str(z) for z in _value("patent_zones", on).value)
    terms = tuple(sorted(int(t) for t in _value("patent_terms", on).value))
    out = []
    for row in activities.value:
        base = amounts.value.get(row["code"])
        if base is None:  # an activity without an amount cannot be priced: not offered
            continue
        out.append(Activity(
            code=str(row["code"]), gked=str(row["gked"]), kind=str(row["kind"]), title_ky=str(row["title_ky"]),
            title_ru=str(row["title_ru"]), act=str(row.get("act", "")),
            base={z: Decimal(str(base[z])) for z in zones if z in base},
            citation=str(amounts.citation), sample=amounts.sample or activities.sample,
        ))
    return Catalogue(on, zones, terms, tuple(out))


def validity(start: dt.date, term_days: int) -> tuple[dt.date, dt.date]:
    """``valid_from`` = the start, ``valid_to`` = start + term − 1 day (consecutive days, TC art. 355(2))."""
    return start, start + dt.timedelta(days=term_days - 1)


def quote(activity: str, zone: str, term_days: int, start: dt.date, citizenship: str = "kg") -> Quote:
    """The price of a patent and why (each step with its citation)."""
    cat = catalogue(start)
    found = cat.find(activity) if isinstance(activity, str) else None
    if found is None:
        raise PatentRuleError("UNKNOWN_ACTIVITY", activity)
    if zone not in cat.zones or zone not in found.base:
        raise PatentRuleError("UNKNOWN_ZONE", zone)
    terms = _value("patent_terms", start)
    rule = terms.value.get(term_days) if isinstance(term_days, int) and not isinstance(term_days, bool) else None
    if rule is None:
        raise PatentRuleError("INVALID_TERM", term_days)
    if citizenship not in CITIZENSHIPS:
        raise PatentRuleError("UNKNOWN_CITIZENSHIP", citizenship)

    base = found.base[zone]
    amounts = parameter_value("patent_base_amounts", start)
    steps = [Step("Monthly base amount for {activity} ({gked}) in zone {zone}, in force on {start} (since {since}): {base} som",
                  {"activity": found.code, "gked": found.gked, "zone": zone, "start": start.isoformat(),
                   "since": amounts.effective_from.isoformat(), "base": f"{base:.2f}"}, str(amounts.citation))]
    if rule.get("prorated"):
        price = base * term_days / 30
        steps.append(Step("{days} days: base × {days} / 30 = {amount} som", {"days": term_days, "amount": f"{round_tyiyn(price):.2f}"},
                          str(terms.citation)))
    else:
        months, coefficient = int(rule["months"]), Decimal(str(rule["coefficient"]))
        price = base * months * coefficient
        steps.append(Step("{days} days: {months} × base × {coefficient} = {amount} som",
                          {"days": term_days, "months": months, "coefficient": str(coefficient), "amount": f"{round_tyiyn(price):.2f}"},
                          str(terms.citation)))
    if citizenship == FOREIGN:
        k = parameter_value("patent_foreign_coefficient", start)
        price = price * int(k.value)
        steps.append(Step("A citizen of a state outside the EAEU or a stateless person: × {k} = {amount} som",
                          {"k": int(k.value), "amount": f"{round_tyiyn(price):.2f}"}, str(k.citation)))
    amount = round_tyiyn(price)
    valid_from, valid_to = validity(start, term_days)
    steps.append(Step("Valid from {valid_from} to {valid_to} ({days} consecutive days)",
                      {"valid_from": valid_from.isoformat(), "valid_to": valid_to.isoformat(), "days": term_days}, str(terms.citation)))
    return Quote(found.code, zone, term_days, start, citizenship, base, amount, valid_from, valid_to, tuple(steps))


def pay_by(ordered_on: dt.date) -> dt.date:
    """The last day to pay an order (order date + the payment days)."""
    return ordered_on + dt.timedelta(days=int(parameter_value("patent_payment_days", ordered_on).value))


def reminder_days(on: dt.date) -> tuple[int, ...]:
    return tuple(sorted((int(d) for d in parameter_value("patent_reminder_days", on).value), reverse=True))


def reminder_due(valid_to: dt.date, today: dt.date) -> int | None:
    """Which reminder (5 or 1 days before ``valid_to``) is due today, if any: the smallest
    threshold not below the days left, so each threshold is reminded once (a missed day is caught up)."""
    left = (valid_to - today).days
    if left < 0:
        return None
    due = [d for d in reminder_days(today) if left <= d]
    return min(due) if due else None


CITATION = Citation("OFFER", "3.1(3)")
