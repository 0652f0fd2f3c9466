"""Working days and terms of the Tax Code, TC art. 16.

TC art. 16(2): a term starts on the day after the date or event that opens it.
TC art. 16(3): a term in years ends in the corresponding month and day of its last year.
TC art. 16(4): a term in months ends in the corresponding month of its last month (see
READINGS.md "Terms in months" for the two readings of the Kyrgyz words).
TC art. 16(5): when that month has no corresponding day, the term ends on its last day.
TC art. 16(6): when the last day is a non-working day, the term ends on the next working day.

The Code does not list non-working days. They come from the Labour Code (weekends and public
holidays) and Government decrees that move days off; we take them from the ``holidays`` package
(country KG, category public) and correct it with dated overrides
(``salyk/law/data/calendar_overrides.yaml``, plus whatever an administrator adds through
``Calendar(overrides=...)``).

Lookups are cached per calendar year: deadlines and interest are computed in loops.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import holidays
import yaml

from salyk.law.parameters import CURRENT_BOOK, parameter

DATA = Path(__file__).parent / "data" / "calendar_overrides.yaml"
ONE_DAY = dt.timedelta(days=1)

# Roll-forward never needs more than a few weeks; a longer run means a broken override table.
_MAX_ROLL_DAYS = 60


@dataclass(frozen=True)
class CalendarOverride:
    """One day whose working status a decree (or a confirmed Ait date) fixes."""

    date: dt.date
    working: bool
    source: str

    @classmethod
    def parse(cls, raw: object) -> "CalendarOverride":
        if not isinstance(raw, dict):
            raise ValueError(f"a calendar override is a mapping, got {raw!r}")
        day, working, source = raw.get("date"), raw.get("working"), raw.get("source")
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValueError(f"override date must be YYYY-MM-DD: {raw!r}")
        if not isinstance(working, bool):
            raise ValueError(f"override 'working' must be true or false: {raw!r}")
        if not source or not isinstance(source, str):
            raise ValueError(f"override needs a source (the decree or confirmation): {raw!r}")
        return cls(day, working, source)


def load_overrides(path: Path = DATA) -> tuple[CalendarOverride, ...]:
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh) or {}
    entries = doc.get("overrides") or []
    out = tuple(CalendarOverride.parse(e) for e in entries)
    seen: dict[dt.date, CalendarOverride] = {}
    for o in out:
        if o.date in seen and seen[o.date].working != o.working:
            raise ValueError(f"{path.name}: contradictory overrides for {o.date}")
        seen[o.date] = o
    return out


@dataclass(frozen=True)
class _Year:
    non_working: frozenset[dt.date]


class Calendar:
    """Kyrgyz working days: weekends, public holidays, decree transfers, then overrides.

    Later overrides win over earlier ones, so an administrator's entry corrects the packaged
    table.
    """

    def __init__(self, overrides: Iterable[CalendarOverride] = (), *, include_packaged: bool = True) -> None:
        table: dict[dt.date, CalendarOverride] = {}
        for o in (*(load_overrides() if include_packaged else ()), *overrides):
            table[o.date] = o
        self._overrides = table
        self._years: dict[int, _Year] = {}
        self._lock = threading.Lock()

    @property
    def overrides(self) -> dict[dt.date, CalendarOverride]:
        return dict(self._overrides)

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._years.get(year)
            if cached is None:
                cached = self._build(year)
                self._years[year] = cached
        return cached

    def _build(self, year: int) -> _Year:
        # A decree for year Y+1 can make a Saturday at the end of year Y a working day, so the
        # package is asked for both years and the answer filtered to Y.
        kg = _package_holidays(year)
        non_working: set[dt.date] = set()
        first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        for ordinal in range(first, last + 1):
            day = dt.date.fromordinal(ordinal)
            off = day.weekday() in parameter("weekly_days_off", day)
            if off and day in kg.weekend_workdays:
                off = False
            if day in kg:
                off = True
            o = self._overrides.get(day)
            if o is not None:
                off = not o.working
            if off:
                non_working.add(day)
        return _Year(frozenset(non_working))

    def is_working_day(self, d: dt.date) -> bool:
        return d not in self._year(d.year).non_working

    def roll_forward(self, d: dt.date) -> dt.date:
        """TC art. 16(6): the date itself if it is a working day, else the next working day."""
        day = d
        for _ in range(_MAX_ROLL_DAYS):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        raise ValueError(f"no working day within {_MAX_ROLL_DAYS} days after {d}: check the calendar overrides")

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after ``d`` (TC art. 16(2): the count starts the next day).

        For terms the Code counts in working days ("жумушчу күн"), e.g. TC art. 87(5).
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        day = d
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def non_working_days(self, year: int) -> frozenset[dt.date]:
        return self._year(year).non_working

    def term_end(
        self,
        anchor: dt.date,
        *,
        days: int = 0,
        months: int = 0,
        years: int = 0,
        working_days: int = 0,
        bound: Literal["taxpayer", "tax_body"] = "taxpayer",
    ) -> dt.date:
        """The last day of a term opened by ``anchor``, rolled forward (TC art. 16(2)-(6))."""
        if working_days:
            if days or months or years:
                raise ValueError("a term is counted either in working days or in calendar units")
            return self.add_working_days(anchor, working_days)
        return self.roll_forward(nominal_term_end(anchor, days=days, months=months, years=years, bound=bound))


@lru_cache(maxsize=256)
def _package_holidays(year: int) -> holidays.HolidayBase:
    years = (year, year + 1) if year < dt.MAXYEAR else (year,)
    return holidays.country_holidays("KG", years=years, categories=("public",))


_default: Calendar | None = None
_default_lock = threading.Lock()


def default_calendar() -> Calendar:
    """The calendar of the law book in force (``salyk.law.book.using``), else the packaged tables."""
    book = CURRENT_BOOK.get()
    if book is not None:
        calendar: Calendar = book.calendar
        return calendar
    return packaged_calendar()


def packaged_calendar() -> Calendar:
    """The calendar of the packaged tables (the holidays package and calendar_overrides.yaml)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Calendar()
    return _default


def is_working_day(d: dt.date) -> bool:
    """Contract: a Kyrgyz working day (not a weekend, public holiday or transferred day off)."""
    return default_calendar().is_working_day(d)


def roll_forward(d: dt.date) -> dt.date:
    """Contract (TC art. 16(6)): ``d`` if it is a working day, else the next working day."""
    return default_calendar().roll_forward(d)


def add_working_days(d: dt.date, n: int) -> dt.date:
    return default_calendar().add_working_days(d, n)


# --- period arithmetic (TC art. 16(3)-(5)); calendar days, no roll-forward --------------------


def add_days(d: dt.date, n: int) -> dt.date:
    """A term of ``n`` days opened by ``d`` ends on ``d + n`` (TC art. 16(2): day 1 is d + 1)."""
    return d + dt.timedelta(days=n)


def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, _stdcal.monthrange(year, month)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """The corresponding day ``n`` months on; the month's last day when it has none (TC art. 16(5))."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, _stdcal.monthrange(year, month)[1]))


def add_years(d: dt.date, n: int) -> dt.date:
    """TC art. 16(3), (5): same month and day ``n`` years on; 29 February becomes 28 February."""
    return add_months(d, 12 * n)


def nominal_term_end(
    anchor: dt.date,
    *,
    days: int = 0,
    months: int = 0,
    years: int = 0,
    bound: Literal["taxpayer", "tax_body"] = "taxpayer",
) -> dt.date:
    """The last day of a term opened by ``anchor`` before TC art. 16(6) moves it.

    Terms in months: TC art. 16(4) reads both "the corresponding month" and "the last day of the
    last month" (READINGS.md). TC art. 15(3) favours the taxpayer, so a term the taxpayer must act
    within (``bound="taxpayer"``) ends on the last day of its last month, and a term that limits
    the tax body (``bound="tax_body"``) on the corresponding day. Years follow TC art. 16(3).
    """
    if min(days, months, years) < 0:
        raise ValueError("a term cannot be negative")
    end = add_days(add_years(anchor, years), days)
    if months:
        end = add_months(end, months)
        if bound == "taxpayer":
            end = last_day_of_month(end.year, end.month)
    return end


def period_end(start: dt.date, *, months: int = 0, years: int = 0) -> dt.date:
    """The last day of a period of whole months/years that begins on ``start`` (inclusive).

    A "year" is any twelve consecutive calendar months (TC art. 16(3)): the period that begins
    on 15 March 2024 and lasts a year ends on 14 March 2025.
    """
    target = add_months(start, 12 * years + months)
    if target.day < start.day:  # no corresponding day: the month's last day ends it (16(5))
        return target
    return target - ONE_DAY


def term_end(
    anchor: dt.date,
    *,
    days: int = 0,
    months: int = 0,
    years: int = 0,
    working_days: int = 0,
    bound: Literal["taxpayer", "tax_body"] = "taxpayer",
) -> dt.date:
    """The last day of a term opened by ``anchor``, moved to a working day (TC art. 16(2)-(6))."""
    return default_calendar().term_end(
        anchor, days=days, months=months, years=years, working_days=working_days, bound=bound
    )
