"""What the patents service returns to its faces: frozen views with Decimal, date and the status
derived for a day (``active``/``expired`` from the validity dates, ``cancelled`` from ``pay_by``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel.errors import NotFound, SalykError, ValidationFailed, invalid_field
from salyk.law.money import from_tyiyn
from salyk.law.patent import PatentRuleError
from salyk.patents.models import Patent


def status_on(row: Patent, today: dt.date) -> str:
    if row.status == "revoked":
        return "revoked"
    if row.status == "awaiting_payment":
        return "cancelled" if today > row.pay_by else "awaiting_payment"
    if today < row.valid_from:
        return "issued"
    return "active" if today <= row.valid_to else "expired"


@dataclass(frozen=True)
class PatentView:
    id: int
    number: str | None
    status: str
    activity: str
    zone: str
    term_days: int
    valid_from: dt.date
    valid_to: dt.date
    amount: Decimal
    payment_reference: str
    pay_by: dt.date
    ordered_on: dt.date
    employee: dict[str, str] | None  # {"pin", "name"}: a hired employee's patent
    holder_name: str
    holder_tin: str
    revocation_reason: str | None = None


def view(row: Patent, taxpayer: Taxpayer, today: dt.date) -> PatentView:
    return PatentView(row.id, row.number, status_on(row, today), row.activity, row.zone, row.term_days, row.valid_from,
                      row.valid_to, from_tyiyn(row.amount), row.payment_reference, row.pay_by, row.ordered_on, row.employee,
                      taxpayer.name, taxpayer.tin, row.revocation_reason)


def taxpayer_of(session: Session, taxpayer_id: int) -> Taxpayer:
    """The holder of a patent (a foreign key, so missing only if the register lost the row)."""
    taxpayer = session.get(Taxpayer, taxpayer_id)
    if taxpayer is None:
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"id": str(taxpayer_id)})
    return taxpayer


def not_found() -> NotFound:
    return NotFound("PATENT_NOT_FOUND", "No such patent.")


def rule_error(exc: PatentRuleError) -> SalykError:
    """The law's refusal as the API's error (codes of issue 12)."""
    if exc.code == "UNKNOWN_ACTIVITY":
        return ValidationFailed("UNKNOWN_ACTIVITY", "There is no patent activity with this code.", {"activity": str(exc.value)[:50]})
    if exc.code == "UNKNOWN_ZONE":
        return ValidationFailed("UNKNOWN_ZONE", "Unknown locality zone; use bishkek, osh, oblast_center or other.", {"zone": str(exc.value)[:50]})
    if exc.code == "INVALID_TERM":
        return ValidationFailed("INVALID_TERM", "A patent is issued for 1, 2, 15, 30, 90 or 180 consecutive days.", {"term_days": str(exc.value)[:20]})
    if exc.code == "UNKNOWN_CITIZENSHIP":
        return invalid_field("citizenship", "not_allowed")
    return invalid_field("start", "out_of_range")
