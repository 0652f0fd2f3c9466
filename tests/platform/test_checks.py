"""Kinds and statuses are closed lists in the database too (issue 8 item 5): a value the code
does not know is refused by the database itself, on SQLite (triggers) and PostgreSQL (CHECK)."""

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer


def _taxpayer_id(runtime, tin):
    with runtime.db.read() as session:
        return session.scalar(select(Taxpayer.id).where(Taxpayer.tin == tin))


def test_unknown_posting_kind_is_refused(runtime, taxpayer):
    tid = _taxpayer_id(runtime, taxpayer.login)
    now = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
    row = dict(taxpayer_id=tid, tax="income_tax", period="2024", amount=100, value_date=dt.date(2025, 3, 1), recorded_at=now,
               recorded_by="test", source="assessment", citation="TC art. 31", details={})
    with pytest.raises(IntegrityError, match="ck_ledger_postings_kind"):
        with runtime.db.transaction() as session:
            session.add(Posting(kind="bonus", reference="check-bad-kind", **row))
    with runtime.db.transaction() as session:  # a known kind passes the same check
        session.add(Posting(kind="charge", reference=f"check-good-kind-{tid}", **row))


@pytest.mark.parametrize("column, value", [("kind", "alien"), ("status", "frozen")])
def test_unknown_taxpayer_kind_or_status_is_refused(runtime, taxpayer, column, value):
    with pytest.raises(IntegrityError, match=f"ck_taxpayers_{column}"):
        with runtime.db.transaction() as session:
            session.execute(update(Taxpayer).where(Taxpayer.tin == taxpayer.login).values({column: value}))
    with runtime.db.read() as session:
        row = session.scalar(select(Taxpayer).where(Taxpayer.tin == taxpayer.login))
        assert (row.kind, row.status) == ("individual", "active")
