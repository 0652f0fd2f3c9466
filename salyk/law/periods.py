"""Tax periods (TC art. 36): a calendar year, quarter or month, as the contract writes them.

The contract's strings are "2024" (a year), "2024-Q1" (a quarter) and "2024-03" (a month).
TC art. 16(3): a calendar year runs from 1 January to 31 December; TC art. 16(4): a month is a
calendar month. A period shortened by registration or deregistration (TC art. 36(2)) is the
same period with a different first or last day; callers that need it keep those dates
themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from salyk.law.calendar import last_day_of_month

Kind = Literal["year", "quarter", "month"]

_YEAR = re.compile(r"([0-9]{4})")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_ORDER = {"year": 0, "quarter": 1, "month": 2}


@dataclass(frozen=True, order=False)
class TaxPeriod:
    """A tax period. ``index`` is the quarter (1-4) or month (1-12); 0 for a year."""

    kind: Kind
    year: int
    index: int = 0

    def __post_init__(self) -> None:
        if self.kind not in _ORDER:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        limit = {"year": (0, 0), "quarter": (1, 4), "month": (1, 12)}[self.kind]
        if not limit[0] <= self.index <= limit[1]:
            raise ValueError(f"{self.kind} index out of range: {self.index}")

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> "TaxPeriod":
        """Parse "2024", "2024-Q1" or "2024-03"; anything else (spaces included) is a ValueError."""
        if not isinstance(text, str):
            raise ValueError(f"a period is a string, got {type(text).__name__}")
        if m := _YEAR.fullmatch(text):
            return cls._checked("year", int(m[1]), 0, text)
        if m := _QUARTER.fullmatch(text):
            return cls._checked("quarter", int(m[1]), int(m[2]), text)
        if m := _MONTH.fullmatch(text):
            return cls._checked("month", int(m[1]), int(m[2]), text)
        raise ValueError(f"not a tax period (expected YYYY, YYYY-Qn or YYYY-MM): {text!r}")

    @classmethod
    def _checked(cls, kind: Kind, year: int, index: int, text: str) -> "TaxPeriod":
        try:
            return cls(kind, year, index)
        except ValueError:
            raise ValueError(f"not a tax period: {text!r}") from None

    @classmethod
    def of_year(cls, year: int) -> "TaxPeriod":
        return cls("year", year)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> "TaxPeriod":
        return cls("quarter", year, quarter)

    @classmethod
    def of_month(cls, year: int, month: int) -> "TaxPeriod":
        return cls("month", year, month)

    @classmethod
    def containing(cls, day: dt.date, kind: Kind) -> "TaxPeriod":
        if kind == "year":
            return cls.of_year(day.year)
        if kind == "quarter":
            return cls.of_quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.of_month(day.year, day.month)

    # --- dates -----------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return {"year": 1, "quarter": 3 * self.index - 2, "month": self.index}[self.kind]

    @property
    def last_month(self) -> int:
        return {"year": 12, "quarter": 3 * self.index, "month": self.index}[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return last_day_of_month(self.year, self.last_month)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> "TaxPeriod":
        if self.kind == "year":
            return TaxPeriod("year", self.year + 1)
        size = 4 if self.kind == "quarter" else 12
        if self.index == size:
            return TaxPeriod(self.kind, self.year + 1, 1)
        return TaxPeriod(self.kind, self.year, self.index + 1)

    def previous(self) -> "TaxPeriod":
        if self.kind == "year":
            return TaxPeriod("year", self.year - 1)
        size = 4 if self.kind == "quarter" else 12
        if self.index == 1:
            return TaxPeriod(self.kind, self.year - 1, size)
        return TaxPeriod(self.kind, self.year, self.index - 1)

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    def __lt__(self, other: "TaxPeriod") -> bool:
        """Chronological by first day, then the longer period first (so 2024 < 2024-Q1 < 2024-01)."""
        if not isinstance(other, TaxPeriod):
            return NotImplemented
        return (self.start, _ORDER[self.kind]) < (other.start, _ORDER[other.kind])
