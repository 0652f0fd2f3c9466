"""The law book: the parameters and the working-day calendar a computation uses.

The YAML files (``salyk/law/parameters``, ``salyk/law/data``) hold the defaults with their
citations; an administrator adds dated values without a deploy (a new National Bank rate, a
decree moving a day off: design README, "editable by an admin with an effective date"). A book is
built from those entries (read from the database by ``salyk.kernel.lawbook``) and a computation
runs under it with ``using(book)``: the law functions stay pure, their answer depends only on
their arguments and the book they were given. A day an admin enters as a day off moves due
dates under TC art. 16(6) from then on; a rate entered applies from its own effective date,
never before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from salyk.law import parameters
from salyk.law.calendar import Calendar, CalendarOverride, packaged_calendar
from salyk.law.citation import Citation

CALENDAR_OVERRIDE = "calendar_override"  # the name under which a day's working status is entered


@dataclass(frozen=True)
class Entry:
    """One admin-entered value: ``name`` from ``effective_from``, with the act that set it."""

    name: str
    effective_from: dt.date
    value: Any
    citation: str
    note: str = ""


def check(entry: Entry) -> Any:
    """The entry's value in the parameter's unit; ValueError if it cannot be one."""
    if entry.name == CALENDAR_OVERRIDE:
        if not isinstance(entry.value, dict) or not isinstance(entry.value.get("working"), bool):
            raise ValueError("a calendar entry is {\"working\": true|false}")
        return entry.value
    parameters.packaged(entry.name)  # unknown names are refused
    return parameters.convert(entry.name, entry.value)


class LawBook:
    def __init__(self, entries: Iterable[Entry] = ()):
        self.entries = tuple(sorted(entries, key=lambda e: (e.name, e.effective_from)))
        by_name: dict[str, list[Entry]] = {}
        for entry in self.entries:
            by_name.setdefault(entry.name, []).append(entry)
        self._by_name = by_name
        self._merged: dict[str, parameters.Parameter] = {}
        days = [CalendarOverride(e.effective_from, bool(e.value["working"]), e.citation) for e in by_name.get(CALENDAR_OVERRIDE, ())]
        self.calendar = Calendar(days) if days else packaged_calendar()

    def definition(self, name: str) -> parameters.Parameter:
        merged = self._merged.get(name)
        if merged is not None:
            return merged
        base = parameters.packaged(name)
        entered = self._by_name.get(name)
        if not entered:
            return base
        values = dict(base.values)
        acts: dict[dt.date, Citation] = {}
        for entry in entered:  # later entries for the same day win: they are corrections
            values[entry.effective_from] = parameters.convert(name, entry.value)
            acts[entry.effective_from] = Citation("ADMIN", title=entry.citation)
        merged = dataclasses.replace(base, values=tuple(sorted(values.items())), entered=tuple(sorted(acts.items())))
        self._merged[name] = merged
        return merged


@contextmanager
def using(book: LawBook | None) -> Iterator[LawBook | None]:
    """Compute under ``book`` (None: the packaged defaults) in this context (thread, task)."""
    token = parameters.CURRENT_BOOK.set(book)
    try:
        yield book
    finally:
        parameters.CURRENT_BOOK.reset(token)
