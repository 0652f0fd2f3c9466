"""The one parser of calendar dates typed by people or clients, for every face (issue 9).

A date outside ``FIRST_DAY`` .. ``LAST_DAY`` is a typing error for a tax service that began in 1991
(the Kyrgyz Republic's tax system) and plans no further than 2199; refusing it here keeps every
date sum later on (periods, deadlines, interest days) far from ``date.min``/``date.max``.
"""

from __future__ import annotations

import datetime as dt
import re

from salyk.kernel.errors import ValidationFailed, invalid_field

FIRST_DAY = dt.date(1991, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__("expected a date YYYY-MM-DD" if reason == "not_a_date" else f"the date must be between {FIRST_DAY} and {LAST_DAY}")
        self.reason = reason


def to_date(value: object) -> dt.date:
    """``YYYY-MM-DD`` (or a ``date``) within the bounds; ``DateRefused`` (a ``ValueError``) otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise DateRefused("not_a_date")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise DateRefused("not_a_date") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateRefused("out_of_range")
    return day


def parse_date(value: object, field: str) -> dt.date:
    """``to_date`` with the contract's 422 ``VALIDATION_ERROR`` naming the field."""
    try:
        return to_date(value)
    except DateRefused as exc:
        raise invalid_field(field, exc.reason) from None


def in_range(day: dt.date, field: str) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise invalid_field(field, "out_of_range")
    return day


__all__ = ["FIRST_DAY", "LAST_DAY", "DateRefused", "ValidationFailed", "in_range", "parse_date", "to_date"]
