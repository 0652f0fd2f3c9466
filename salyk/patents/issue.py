"""A payment issues the patent (subscriber of ``events.PAYMENT_RECEIVED``, in the payment's transaction).

A payment on tax ``patent`` quoting an order's ``payment_reference``, by the order's taxpayer,
of at least its amount, paid on or before ``pay_by``, issues the patent: the next gapless number
of the year (``ПЭ-2025-000001``), the charge on tax ``patent`` on the payment date (the payment
itself is already in the ledger), status ``issued``. Anything else (late, short, unknown
reference, another taxpayer, a second payment) does nothing here: the payment stays an ordinary
payment on tax ``patent`` and shows as overpayment, refundable under TC art. 81. The order row
is locked (PostgreSQL) or the database is (SQLite), so concurrent payments issue one patent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.kernel import audit, numbers
from salyk.kernel.principal import SystemPrincipal
from salyk.law.citation import tc
from salyk.law.money import to_tyiyn
from salyk.ledger.charges import post_charge
from salyk.patents.models import Patent

SERIES = "patents.patent"
PREFIX = "ПЭ"  # "патент электрондук / патент электронный"; the real prefixes are not known (spec 04 section 2.5)
# The patent tax (TC art. 31(6)(1)-(2)); the patent articles themselves (345-355) lie outside the seed text.
CHARGE_CITATION = str(tc(31, 6, 1))


def format_number(year: int, value: int) -> str:
    return f"{PREFIX}-{year}-{value:06d}"


def on_payment(rt: Any, session: Session, payload: dict[str, Any]) -> None:
    reference = payload.get("payment_reference")
    if payload.get("tax") != "patent" or not reference:
        return
    query = select(Patent).where(Patent.payment_reference == reference)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is None or row.taxpayer_id != payload["taxpayer_id"] or row.status != "awaiting_payment":
        return
    paid_on = dt.date.fromisoformat(payload["paid_on"])
    if paid_on > row.pay_by or to_tyiyn(Decimal(payload["amount"])) < row.amount:
        return
    # Valid from the chosen start, never before the payment (issue 12 "Validity").
    if paid_on > row.valid_from:
        row.valid_from, row.valid_to = paid_on, paid_on + (row.valid_to - row.valid_from)
    now = rt.now()
    year = rt.today().year
    row.charge_posting_id = post_charge(
        session, taxpayer_id=row.taxpayer_id, tax="patent", amount=Decimal(row.amount) / 100, due_date=paid_on,
        period=f"{paid_on:%Y-%m}", source="patent", reference=f"patent/{row.id}", recorded_at=now, citation=CHARGE_CITATION)
    row.paid_on, row.payment_posting_id, row.issued_at, row.status = paid_on, payload["posting_id"], now, "issued"
    row.number = format_number(year, numbers.next_number(session, SERIES, year))  # as late as possible: the counter row stays locked
    session.flush()
    audit.record(session, SystemPrincipal("patents"), "patents.issue", taxpayer_id=row.taxpayer_id, at=now, id=row.id,
                 number=row.number, bank_reference=payload.get("bank_reference"))
