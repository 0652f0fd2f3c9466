"""Gapless legal numbers (design principle 6): one counter row per series and year, taken with
``UPDATE ... RETURNING`` so the row stays locked until the caller's transaction ends. A rolled-back
document gives its number back; two transactions never get the same number. Callers take the
number as late as they can in their transaction, since the row is held until commit."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salyk.kernel.models import Counter

_TAKE = text("UPDATE counters SET last_value = last_value + :count WHERE series = :series RETURNING last_value")


def series_key(series: str, year: int) -> str:
    return f"{series}/{year}"


def next_number(session: Session, series: str, year: int) -> int:
    """The next value (1, 2, ...) of ``series`` in ``year``, in the caller's transaction."""
    return next_numbers(session, series, year, 1)


def next_numbers(session: Session, series: str, year: int, count: int) -> int:
    """The first of the next ``count`` values of ``series`` in ``year`` (the caller uses
    first .. first + count - 1), in one statement: a group commit numbers its batch at once."""
    if count < 1:
        raise ValueError("count must be at least 1")
    key = series_key(series, year)
    value = session.execute(_TAKE, {"series": key, "count": count}).scalar()
    if value is None:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(Counter).values(series=key, last_value=0).on_conflict_do_nothing(index_elements=["series"]))
        value = session.execute(_TAKE, {"series": key, "count": count}).scalar()
    if value is None:  # the row was inserted or existed just above: it cannot be missing
        raise RuntimeError(f"counter {key} has no row")
    return int(value) - count + 1


def last_number(session: Session, series: str, year: int) -> int:
    """How many numbers the series has given in ``year`` (0 if none)."""
    row = session.get(Counter, series_key(series, year))
    return 0 if row is None else int(row.last_value)
