"""The catalogue, the quote and the taxpayer's orders (Offer 3.1(3)).

An order is priced by ``salyk.law.patent`` on its start date with the citizenship on the
taxpayer's record, and waits for a bank payment quoting its ``payment_reference`` until
``pay_by``. Orders are idempotent on ``client_order_id`` (same body: the first order; another
body: ``REFERENCE_CONFLICT``); the taxpayer's row is locked while ordering, so two concurrent
orders of one taxpayer cannot both pass the overlap check.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel import audit, authorize
from salyk.kernel.errors import Conflict, ValidationFailed, invalid_field
from salyk.kernel.principal import Principal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.law import patent as law
from salyk.law.money import to_tyiyn
from salyk.patents.models import Patent
from salyk.patents.views import PatentView, not_found, rule_error, status_on, taxpayer_of, view
from salyk.registry.taxpayers import clean_text, validate_tin

# Dates outside these are typing errors (and would overflow date arithmetic).
EARLIEST_START = dt.date(2012, 5, 28)
LATEST_START = dt.date(2199, 12, 31)
RENEWAL_NAMESPACE = uuid.UUID("6b0c1f3e-8d7a-4c52-9a51-2f4f3c0e7a12")


def catalogue(rt: Runtime, on: dt.date) -> law.Catalogue:
    _check_start(on, "on")
    try:
        return law.catalogue(on)
    except law.PatentRuleError as exc:
        raise rule_error(exc) from None


def _check_start(start: dt.date, field: str = "start") -> None:
    if not EARLIEST_START <= start <= LATEST_START:
        raise invalid_field(field, "out_of_range")


def quote(rt: Runtime, activity: str, zone: str, term_days: int, start: dt.date, citizenship: str = "kg") -> law.Quote:
    """The price and why (no login needed: the anonymous quote of spec 04 section 2.7)."""
    _check_start(start)
    try:
        return law.quote(activity, zone, term_days, start, citizenship)
    except law.PatentRuleError as exc:
        raise rule_error(exc) from None


@dataclass(frozen=True)
class OrderIn:
    client_order_id: Any
    activity: str
    zone: str
    term_days: int
    start: dt.date
    employee: dict[str, Any] | None = None  # as sent: {"pin", "name"}


@dataclass(frozen=True)
class Ordered:
    patent: PatentView
    created: bool  # False: a replay of the same client_order_id


def _client_order_id(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise invalid_field("client_order_id", "not_a_uuid") from None


def _employee(value: dict[str, Any] | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"pin": validate_tin(value.get("pin")), "name": clean_text(str(value.get("name") or ""), "employee.name", 300)}


def _payment_reference() -> str:
    # Typed at a bank counter: digits only, no ambiguity; 12 random digits after the prefix.
    return "PT" + "".join(secrets.choice("0123456789") for _ in range(12))


def _same(row: Patent, new: OrderIn, employee: dict[str, str] | None) -> bool:
    return (row.activity, row.zone, row.term_days, row.start, row.employee) == (new.activity, new.zone, new.term_days, new.start, employee)


def _overlapping(session: Session, taxpayer_id: int, activity: str, zone: str, valid_from: dt.date, valid_to: dt.date,
                 today: dt.date, employee: dict[str, str] | None) -> Patent | None:
    rows = session.scalars(select(Patent).where(Patent.taxpayer_id == taxpayer_id, Patent.activity == activity, Patent.zone == zone))
    for row in rows:
        if status_on(row, today) not in {"awaiting_payment", "issued", "active"}:
            continue
        if (row.employee or {}).get("pin") != (employee or {}).get("pin"):
            continue  # a hired employee's patent is the employee's own
        if row.valid_from <= valid_to and valid_from <= row.valid_to:
            return row
    return None


def order(rt: Runtime, principal: Principal, new: OrderIn, *, renewal_of: int | None = None) -> Ordered:
    me = authorize.taxpayer(principal)
    client_order_id = _client_order_id(new.client_order_id)
    employee = _employee(new.employee)
    today = rt.today()
    for attempt in range(2):
        try:
            with rt.db.transaction() as session:
                return _order(rt, session, me, new, client_order_id, employee, today, renewal_of)
        except IntegrityError:
            if attempt:  # a second collision: not a race we can explain
                raise
            # A concurrent request with the same client_order_id won: answer as its replay.
    raise AssertionError("unreachable")


def _order(rt: Runtime, session: Session, principal: TaxpayerPrincipal, new: OrderIn, client_order_id: str, employee: dict[str, str] | None,
           today: dt.date, renewal_of: int | None) -> Ordered:
    query = select(Taxpayer).where(Taxpayer.id == principal.taxpayer_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # one order at a time per taxpayer (the overlap check)
    taxpayer = session.scalars(query).one()
    existing = session.scalar(select(Patent).where(Patent.taxpayer_id == taxpayer.id, Patent.client_order_id == client_order_id))
    if existing is not None:
        if not _same(existing, new, employee):
            raise Conflict("REFERENCE_CONFLICT", "This client_order_id was already used for a different order.", {"client_order_id": client_order_id})
        return Ordered(view(existing, taxpayer, today), False)
    if new.start < today:
        raise ValidationFailed("START_IN_PAST", "A patent cannot start before today.", {"start": new.start.isoformat(), "today": today.isoformat()})
    _check_start(new.start)  # a start centuries ahead is a typing error
    try:
        priced = law.quote(new.activity, new.zone, new.term_days, new.start, taxpayer.citizenship)
        pay_by = law.pay_by(today)
    except law.PatentRuleError as exc:
        raise rule_error(exc) from None
    clash = _overlapping(session, taxpayer.id, priced.activity, priced.zone, priced.valid_from, priced.valid_to, today, employee)
    if clash is not None:
        raise Conflict("PATENT_OVERLAP", "You already have a patent or an order for this activity and zone on these dates.",
                       {"id": str(clash.id), "valid_from": clash.valid_from.isoformat(), "valid_to": clash.valid_to.isoformat()})
    row = Patent(
        taxpayer_id=taxpayer.id, client_order_id=client_order_id, activity=priced.activity, zone=priced.zone,
        term_days=priced.term_days, start=priced.start, citizenship=taxpayer.citizenship, amount=to_tyiyn(priced.amount),
        employee=employee, payment_reference=_payment_reference(), ordered_on=today, pay_by=pay_by, created_at=rt.now(),
        renewal_of=renewal_of, status="awaiting_payment", valid_from=priced.valid_from, valid_to=priced.valid_to,
    )
    session.add(row)
    session.flush()
    audit.record(session, principal, "patents.order", taxpayer_id=taxpayer.id, at=rt.now(), id=row.id,
                 activity=row.activity, zone=row.zone, term_days=row.term_days, amount=str(priced.amount))
    return Ordered(view(row, taxpayer, today), True)


def owned(session: Session, principal: Principal, patent_id: int) -> tuple[Patent, Taxpayer]:
    row = session.get(Patent, patent_id) if 0 < patent_id < 2**62 else None
    if row is None or row.taxpayer_id != principal.taxpayer_id:  # another taxpayer's patent: 404 (TC art. 54)
        raise not_found()
    return row, taxpayer_of(session, row.taxpayer_id)


def my_patents(rt: Runtime, principal: Principal) -> list[PatentView]:
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        taxpayer = taxpayer_of(session, me.taxpayer_id)
        rows = session.scalars(select(Patent).where(Patent.taxpayer_id == taxpayer.id).order_by(Patent.valid_from.desc(), Patent.id.desc()))
        return [view(r, taxpayer, rt.today()) for r in rows]


def my_patent(rt: Runtime, principal: Principal, patent_id: int) -> PatentView:
    authorize.taxpayer(principal)
    with rt.db.read() as session:
        row, taxpayer = owned(session, principal, patent_id)
        return view(row, taxpayer, rt.today())


def renew(rt: Runtime, principal: Principal, patent_id: int) -> Ordered:
    """One-tap renewal: a new order for the same activity, zone and term from the day after
    ``valid_to``, priced on its own start date. Idempotent per patent (its client_order_id is
    derived from the patent), so a second tap returns the first renewal."""
    authorize.taxpayer(principal)
    with rt.db.read() as session:
        row, _ = owned(session, principal, patent_id)
        if row.status != "issued":
            raise Conflict("PATENT_NOT_RENEWABLE", "Only an issued patent can be renewed.", {"status": status_on(row, rt.today())})
        source = OrderIn(str(uuid.uuid5(RENEWAL_NAMESPACE, f"renewal/{row.id}")), row.activity, row.zone, row.term_days,
                         row.valid_to + dt.timedelta(days=1), row.employee)
    start = max(source.start, rt.today())  # an expired patent renews from today
    return order(rt, principal, OrderIn(source.client_order_id, source.activity, source.zone, source.term_days, start, source.employee),
                 renewal_of=patent_id)


def citizenship_of(rt: Runtime, principal: Principal) -> str:
    """The citizenship on the taxpayer's record (prices the quote the cabinet shows)."""
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return taxpayer_of(session, me.taxpayer_id).citizenship
