"""The taxpayer's size category, dated (TC art. 2(44)-(45); issue 10 item 4).

The tax office records a category (``small``, ``medium``, ``large``, ``non_commercial``) from a day
on; the history is kept (each row from its day until the next one) and never changed: setting a
category again for the same day adds a row that wins over the earlier one. Which periods follow
from it is the law's (``salyk.law.tax_agent``: 177(1-1), 178(1-1)); obligations, deadlines and
payment terms ask :func:`category_on` / :func:`history_of`.

A category takes effect on the first day of a quarter: the reporting periods of 178 are months
and quarters, and TC art. 2(44)-(45) keep a category "to the end of the calendar year", so a
change inside a quarter would cut a reporting period in two (READINGS.md, "Tax agent:
quarterly agents").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.registry import TaxpayerSizeCategory
from salyk.kernel import audit, authorize
from salyk.kernel.errors import invalid_field
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.tax_agent import CATEGORIES
from salyk.registry.taxpayers import find, officer_read, validate_tin


@dataclass(frozen=True)
class CategorySpan:
    category: str
    effective_from: dt.date
    set_by: str
    set_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        from salyk.kernel.formats import timestamp  # noqa: PLC0415

        return {"category": self.category, "effective_from": self.effective_from.isoformat(), "set_by": self.set_by, "set_at": timestamp(self.set_at)}


def history_of(session: Session, taxpayer_id: int) -> list[CategorySpan]:
    """The categories in force, oldest first: one per day it took effect (the latest recorded for a day wins)."""
    rows = session.scalars(select(TaxpayerSizeCategory).where(TaxpayerSizeCategory.taxpayer_id == taxpayer_id)
                           .order_by(TaxpayerSizeCategory.effective_from, TaxpayerSizeCategory.id))
    by_day: dict[dt.date, CategorySpan] = {}
    for r in rows:
        by_day[r.effective_from] = CategorySpan(r.category, r.effective_from, r.set_by, r.set_at)
    return [by_day[d] for d in sorted(by_day)]


def category_in(history: list[CategorySpan], on: dt.date) -> str | None:
    """The category in force on ``on`` (``None`` before the first)."""
    found = None
    for span in history:
        if span.effective_from <= on:
            found = span.category
        else:
            break
    return found


def category_on(session: Session, taxpayer_id: int, on: dt.date) -> str | None:
    return category_in(history_of(session, taxpayer_id), on)


def set_category(rt: Runtime, officer: Principal, tin: str, category: Any, effective_from: dt.date) -> dict[str, Any]:
    """``PUT /officer/taxpayers/{tin}/size-category``: record the category from ``effective_from``
    (the first day of a quarter); audited. Returns the taxpayer's history."""
    officer = authorize.staff(officer)
    validate_tin(tin)
    if category not in CATEGORIES:
        raise invalid_field("category", "unknown_kind")
    latest = dt.date(rt.today().year + 1, 12, 31)
    if not dt.date(1991, 1, 1) <= effective_from <= latest:
        raise invalid_field("effective_from", "out_of_range")
    if effective_from.day != 1 or effective_from.month not in (1, 4, 7, 10):
        raise invalid_field("effective_from", "not_quarter_start")
    now = rt.now()
    with rt.db.transaction() as session:
        taxpayer = find(session, tin)
        if taxpayer.kind == "individual":
            raise invalid_field("category", "not_allowed")  # a size category is an organisation's or an entrepreneur's (TC art. 2(44)-(45))
        session.add(TaxpayerSizeCategory(taxpayer_id=taxpayer.id, category=category, effective_from=effective_from, set_by=officer.login, set_at=now))
        session.flush()
        audit.record(session, officer, "taxpayer.size_category.set", taxpayer_id=taxpayer.id, at=now, category=category, effective_from=effective_from)
        return {"tin": tin, "history": [s.as_dict() for s in history_of(session, taxpayer.id)],
                "current": category_in(history_of(session, taxpayer.id), rt.today())}


def history(rt: Runtime, officer: Principal, tin: str) -> dict[str, Any]:
    """``GET /officer/taxpayers/{tin}/size-category``: the history and the category today; audited (TC art. 54)."""
    officer = authorize.staff(officer)
    with officer_read(rt, officer, tin, "taxpayer.size_category.read") as read:
        spans = history_of(read.session, read.taxpayer.id)
        return {"tin": read.taxpayer.tin, "history": [s.as_dict() for s in spans], "current": category_in(spans, rt.today())}
