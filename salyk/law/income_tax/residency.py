"""Who pays income tax and on which income: residency (TC art. 23(2)), payers (TC art. 161),
the object of taxation (TC art. 162) and the persons not taxed (TC art. 179).

Residency, TC art. 23(2): an individual present in the Kyrgyz Republic 183 days or more "within
any period of 12 consecutive months and as of the day the current tax period ends", or in state
service abroad. We read it as: some window of 12 consecutive months ending inside the tax year
holds at least 183 days of presence and some presence in the tax year itself (a window ending on
a day of presence in the year), every calendar day spent in the Republic counting as a day of
presence, arrival and departure days included (READINGS.md, "Income tax: residency").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from salyk.law.citation import tc
from salyk.law.trace import N_, Trace, param

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Stay:
    """A stay in the Kyrgyz Republic, both days inclusive."""

    arrived: dt.date
    departed: dt.date

    def __post_init__(self) -> None:
        if self.departed < self.arrived:
            raise ValueError("a stay cannot end before it begins")


@dataclass(frozen=True)
class ResidencyInput:
    tax_year: int
    stays: tuple[Stay, ...] = ()
    state_service_abroad: bool = False  # in Kyrgyz state service abroad: a resident whatever the days


@dataclass(frozen=True)
class ResidencyResult:
    resident: bool
    days_present: int  # the most days of presence found in a 12-month window ending in the tax year
    window_start: dt.date | None  # that window (None when decided by state service abroad)
    window_end: dt.date | None
    trace: Trace | None = None


def _twelve_months_before(day: dt.date) -> dt.date:
    """The first day of the 12 consecutive months that end on ``day``."""
    year, month = day.year - 1, day.month
    same_day = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return same_day + ONE_DAY


def _presence_days(stays: Iterable[Stay]) -> list[int]:
    """Sorted ordinals of the days present; overlapping stays count a day once."""
    days: set[int] = set()
    for stay in stays:
        days.update(range(stay.arrived.toordinal(), stay.departed.toordinal() + 1))
    return sorted(days)


def residency(inputs: ResidencyInput, trace: Trace | None = None) -> ResidencyResult:
    """Decide residency for a tax year (TC art. 23(2)-(3))."""
    if trace is not None:
        trace.titled(N_("Residency for {year}"), year=inputs.tax_year)
    if inputs.state_service_abroad:
        if trace is not None:
            trace.step(N_("In Kyrgyz state service abroad: a resident whatever the days"), True, tc(23, 2))
            trace.result = True
        return ResidencyResult(True, 0, None, None, trace)

    threshold = param(trace, "income_tax_residency_days", dt.date(inputs.tax_year, 12, 31))
    present = _presence_days(inputs.stays)
    best, best_window = 0, (None, None)  # type: tuple[int, tuple[dt.date | None, dt.date | None]]
    first = bisect.bisect_left(present, dt.date(inputs.tax_year, 1, 1).toordinal())
    last = bisect.bisect_right(present, dt.date(inputs.tax_year, 12, 31).toordinal())
    # A window ending on a day of absence holds no more days than the one ending on the last day
    # present before it, so only days present in the tax year need to be tried as window ends.
    for index in range(first, last):
        end = dt.date.fromordinal(present[index])
        start = _twelve_months_before(end)
        count = index + 1 - bisect.bisect_left(present, start.toordinal())
        if count > best:
            best, best_window = count, (start, end)
    resident = best >= threshold
    if trace is not None:
        if best_window[0] is None:
            trace.step(N_("No day of presence in any 12-month window ending in the tax year"), 0, tc(23, 2))
        else:
            trace.step(N_("Most days present in 12 consecutive months ending in {year}: {start} to {end}"), best, tc(23, 2),
                       year=inputs.tax_year, start=best_window[0], end=best_window[1])
        trace.step(N_("{days} days, at least {threshold}: resident") if resident else N_("{days} days, fewer than {threshold}: non-resident"),
                   resident, tc(23, 2) if resident else tc(23, 3), days=best, threshold=threshold)
        trace.result = resident
    return ResidencyResult(resident, best, best_window[0], best_window[1], trace)


def is_resident(tax_year: int, stays: Iterable[Stay], state_service_abroad: bool = False) -> bool:
    return residency(ResidencyInput(tax_year, tuple(stays), state_service_abroad)).resident


SCOPE_WORDS = {
    "worldwide": N_("income from sources in the Kyrgyz Republic and abroad"),
    "kr_source": N_("income from sources in the Kyrgyz Republic"),
    "kr_source_not_from_service": N_("income from sources in the Kyrgyz Republic other than from the service"),
    "none": N_("no income is taxed"),
}


class TaxScope(str, Enum):
    """Which income is the object of income tax for a person (TC art. 162)."""

    WORLDWIDE = "worldwide"  # KR and foreign sources, art. 162(1)(a)
    KR_SOURCE = "kr_source"  # KR sources only, art. 162(1)(a1), (b)
    KR_SOURCE_NOT_FROM_SERVICE = "kr_source_not_from_service"  # diplomats' non-service KR income, art. 179(1)-(2)
    NONE = "none"  # not taxed: art. 162(1)(b) exception, art. 179(3)


@dataclass(frozen=True)
class Individual:
    """The facts about a person that decide the income tax rules applied (TC arts. 23, 161-162, 179-181)."""

    citizen: bool
    resident: bool
    residence_right_or_kairylman: bool = False  # right of residence in the KR or кайрылман status (art. 161(1)(2))
    foreign_branch_employee: bool = False  # employee of a branch/representative office abroad of a domestic organisation
    diplomatic_staff: bool = False  # head, staff or family of a foreign diplomatic mission or consulate (art. 179(1)-(2))
    international_organisation_staff: bool = False  # working in an international organisation under a treaty (art. 179(3))


def income_tax_scope(person: Individual, trace: Trace | None = None) -> TaxScope:
    """The object of income tax for ``person`` (TC arts. 162, 179).

    Two readings (READINGS.md, "Income tax: payers and scope"): a non-resident citizen falls
    under both art. 162(1)(a) (a citizen: worldwide) and art. 162(1)(b) (a non-resident: KR
    sources, except an employee of a foreign branch of a domestic organisation); by TC art.
    15(3) the narrower, specific rule of (b) applies. A non-citizen resident without a right of
    residence or кайрылман status is taxed on KR sources (art. 162(1)(a1)) although art. 161
    does not list him.
    """
    if not person.citizen and person.international_organisation_staff:
        scope, why = TaxScope.NONE, tc(179, None, 3)
    elif not person.citizen and person.diplomatic_staff:
        scope, why = TaxScope.KR_SOURCE_NOT_FROM_SERVICE, tc(179, None, 1)
    elif not person.resident and person.foreign_branch_employee:
        scope, why = TaxScope.NONE, tc(162, 1, "b")
    elif not person.resident:
        scope, why = TaxScope.KR_SOURCE, tc(162, 1, "b")
    elif person.citizen or person.residence_right_or_kairylman:
        scope, why = TaxScope.WORLDWIDE, tc(162, 1, "a")
    else:
        scope, why = TaxScope.KR_SOURCE, tc(162, 1, "a1")
    if trace is not None:
        trace.step(N_("Object of income tax: {scope}"), None, why, scope=SCOPE_WORDS[scope.value])
    return scope


def deductions_allowed(person: Individual) -> bool:
    """A non-citizen non-resident gets no deduction of Section VII (TC art. 181(1)); a non-citizen
    resident gets the standard deductions (TC art. 180); a citizen always has them (TC art. 169)."""
    return person.citizen or person.resident
