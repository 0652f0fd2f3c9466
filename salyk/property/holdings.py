"""What the state thinks a taxpayer owns (the registries' current view), since when, with the
history of every version, and the property tax it brings in a year (an estimate until the
officer's annual assessment posts it).

A taxpayer sees only objects whose versions name them (TC art. 54): another's object is 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.kernel import authorize
from salyk.kernel.errors import NotFound, invalid_field
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.property_tax import NotAssessed, RealEstate, Vehicle, due_date, property_tax, rule_version
from salyk.law.trace import Trace
from salyk.property.models import PropertyAssessment, PropertyObject, PropertyVersion
from salyk.property.records import VEHICLE

TAX = "property_tax"
FIRST_YEAR = 2009  # the Code in force (TC 2008 No. 230)
LAST_YEAR = 2199


@dataclass(frozen=True)
class RegistryRef:
    id: str  # the registry's own id of the record
    version: int
    received_at: dt.datetime


@dataclass(frozen=True)
class Holding:
    """One object as the registry reports it (the current version, or the taxpayer's latest)."""

    id: int
    kind: str  # vehicle | real_estate
    fields: Mapping[str, Any]  # the record's fields (without the TIN)
    owned_from: dt.date
    owned_to: dt.date | None
    registry: RegistryRef

    @property
    def title(self) -> str:
        """What the card shows first: the plate, or the address."""
        return str(self.fields.get("plate") or self.fields.get("address") or "")


@dataclass(frozen=True)
class Version:
    version: int
    received_at: dt.datetime
    fields: Mapping[str, Any]
    owned_from: dt.date
    owned_to: dt.date | None


@dataclass(frozen=True)
class HoldingDetail:
    holding: Holding
    history: tuple[Version, ...]  # oldest first


@dataclass(frozen=True)
class TraceLine:
    text: str  # English msgid
    params: Mapping[str, Any]
    citation: str | None


@dataclass(frozen=True)
class ObjectTax:
    object_id: int
    holding: Holding
    amount: Decimal
    due_date: dt.date
    trace: tuple[TraceLine, ...]
    rule_version: str
    assessed: bool  # the annual assessment has posted this amount


@dataclass(frozen=True)
class NotTaxed:
    holding: Holding
    reason: str  # msgid


@dataclass(frozen=True)
class YearTax:
    year: int
    objects: tuple[ObjectTax, ...]
    not_taxed: tuple[NotTaxed, ...]
    total: Decimal


def owned_on(owned_from: dt.date, owned_to: dt.date | None, day: dt.date) -> bool:
    """``owned_to`` is the day ownership passed (READINGS.md): the owner held it the day before."""
    return owned_from <= day and (owned_to is None or day < owned_to)


def _fields(content: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in content.items() if k not in ("tin", "owned_from", "owned_to")})


def _holding(obj: PropertyObject) -> Holding:
    return Holding(obj.id, obj.kind, _fields(obj.content), obj.owned_from, obj.owned_to,
                   RegistryRef(obj.registry_id, obj.version, obj.received_at))


def law_object(h: Holding) -> Vehicle | RealEstate:
    f = h.fields
    if h.kind == VEHICLE:
        value = f.get("book_value")
        return Vehicle(f["kind"], int(f["year"]), int(f.get("engine_cc") or 0), None if value is None else Decimal(value))
    return RealEstate(f["purpose"], Decimal(f["area_m2"]), Decimal(f["share"]), f["locality"])


def check_year(year: object) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise invalid_field("year", "out_of_range")
    return year


def current_holdings(session: Session, taxpayer_id: int) -> list[Holding]:
    rows = session.scalars(select(PropertyObject).where(PropertyObject.taxpayer_id == taxpayer_id)
                           .order_by(PropertyObject.kind.desc(), PropertyObject.id)).all()
    return [_holding(o) for o in rows]


def holdings(rt: Runtime, principal: Principal, as_of: dt.date | None = None) -> list[Holding]:
    """``GET /me/property?as_of``: the objects the taxpayer owned on ``as_of`` (default today)."""
    me = authorize.taxpayer(principal)
    day = as_of or rt.today()
    with rt.db.read() as session:
        return [h for h in current_holdings(session, me.taxpayer_id) if owned_on(h.owned_from, h.owned_to, day)]


def holding(rt: Runtime, principal: Principal, object_id: int) -> HoldingDetail:
    """``GET /me/property/{id}``: the object with the versions that name this taxpayer."""
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        obj = session.get(PropertyObject, object_id)
        versions = [] if obj is None else session.scalars(
            select(PropertyVersion).where(PropertyVersion.object_id == object_id,
                                          PropertyVersion.taxpayer_id == me.taxpayer_id)
            .order_by(PropertyVersion.version)).all()
        if obj is None or not versions:
            raise NotFound("PROPERTY_NOT_FOUND", "No such object among your property.", {"id": str(object_id)})
        history = tuple(Version(v.version, v.received_at, _fields(v.content), v.owned_from, v.owned_to) for v in versions)
        if obj.taxpayer_id == me.taxpayer_id:
            current = _holding(obj)
        else:  # the registry has since given it to someone else: show this taxpayer's last version
            last = versions[-1]
            current = Holding(obj.id, obj.kind, _fields(last.content), last.owned_from, last.owned_to,
                              RegistryRef(obj.registry_id, last.version, last.received_at))
        return HoldingDetail(current, history)


def owns(session: Session, taxpayer_id: int, object_id: int) -> bool:
    return session.scalar(select(PropertyVersion.id).where(PropertyVersion.object_id == object_id,
                                                           PropertyVersion.taxpayer_id == taxpayer_id).limit(1)) is not None


def tax_of(year: int, h: Holding) -> ObjectTax | NotTaxed:
    """The property tax of ``year`` on one object as the parameters in force give it."""
    trace = Trace()
    try:
        amount = property_tax(year, law_object(h), h.owned_from, h.owned_to, trace)
    except NotAssessed as exc:
        return NotTaxed(h, str(exc))
    due = due_date(year, trace)
    lines = tuple(TraceLine(s.text, MappingProxyType(dict(s.value or {})), None if s.citation is None else str(s.citation))
                  for s in trace.steps)
    return ObjectTax(h.id, h, amount, due, lines, rule_version(trace), False)


def overlaps(h: Holding, year: int) -> bool:
    return h.owned_from <= dt.date(year, 12, 31) and (h.owned_to is None or h.owned_to > dt.date(year, 1, 1))


def year_tax(rt: Runtime, principal: Principal, year: object) -> YearTax:
    """``GET /me/property/tax?year``: per object, what the parameters in force give for the year,
    marked assessed when the officer's assessment has posted that amount."""
    me = authorize.taxpayer(principal)
    year = check_year(year)
    with rt.db.read() as session:
        owned = [h for h in current_holdings(session, me.taxpayer_id) if overlaps(h, year)]
        assessed = {(a.object_id, a.registry_version, a.rule_version, a.amount) for a in session.scalars(
            select(PropertyAssessment).where(PropertyAssessment.taxpayer_id == me.taxpayer_id, PropertyAssessment.year == year))}
    results = [tax_of(year, h) for h in owned]  # under the law book the face put in force (salyk.law.book.using)
    objects = tuple(
        ObjectTax(r.object_id, r.holding, r.amount, r.due_date, r.trace, r.rule_version,
                  (r.object_id, r.holding.registry.version, r.rule_version, int(r.amount * 100)) in assessed)
        for r in results if isinstance(r, ObjectTax))
    not_taxed = tuple(r for r in results if isinstance(r, NotTaxed))
    return YearTax(year, objects, not_taxed, sum((o.amount for o in objects), Decimal("0.00")))


def held_in_year(rt: Runtime, principal: Principal, year: object) -> list[Holding]:
    """The property the taxpayer held at any time in ``year`` as the registries report it, with
    the registry's version: the read-only section pre-filled in the unified declaration of an
    individual (TC art. 92)."""
    me = authorize.taxpayer(principal)
    year = check_year(year)
    with rt.db.read() as session:
        return [h for h in current_holdings(session, me.taxpayer_id) if overlaps(h, year)]
