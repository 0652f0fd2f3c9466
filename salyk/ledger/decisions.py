"""What the application and decision workflows share: gapless decision numbers (design "Ledger
principles" 6) and the append-only status history, both written in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salyk.db.models.ledger import StatusChange
from salyk.db.models.registry import Counter

SERIES = {"refund": "ledger.refund.{year}", "offset": "ledger.refund.{year}", "deferral": "ledger.deferral.{year}",
          "termination": "ledger.deferral.{year}", "write_off": "ledger.write_off.{year}"}
PREFIX = {"refund": "R", "offset": "R", "deferral": "D", "termination": "D", "write_off": "W"}


def next_number(session: Session, what: str, year: int) -> str:
    """The next number of the year's series for ``what``: the counter row stays locked until the
    transaction ends, so a rolled-back decision gives its number back (no gaps)."""
    series = SERIES[what].format(year=year)
    take = text("UPDATE counters SET last_value = last_value + 1 WHERE series = :series RETURNING last_value")
    value = session.execute(take, {"series": series}).scalar()
    if value is None:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(Counter).values(series=series, last_value=0).on_conflict_do_nothing(index_elements=["series"]))
        value = session.execute(take, {"series": series}).scalar()
    return f"{PREFIX[what]}-{year}-{value:06d}"


def record_status(session: Session, subject: str, subject_id: int, status: str, *, at: dt.datetime, actor: str, note: str | None = None) -> None:
    session.add(StatusChange(subject=subject, subject_id=subject_id, status=status, at=at, actor=actor, note=note))


def history(session: Session, subject: str, subject_id: int) -> list[StatusChange]:
    return list(session.scalars(select(StatusChange).where(StatusChange.subject == subject, StatusChange.subject_id == subject_id)
                                .order_by(StatusChange.id)))
