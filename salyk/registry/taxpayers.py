"""The taxpayer register (TC art. 95-99): registration by the tax office, lookup, removal."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import OfferVersion, Taxpayer, TaxpayerCredential
from salyk.kernel.errors import Conflict, NotFound, ValidationFailed, invalid_field
from salyk.law.tin import InvalidTin, TinKind, parse_tin
from salyk.kernel import audit, authorize
from salyk.registry import accounts
from salyk.kernel.passwords import check_strength
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime

KINDS = ("individual", "individual_entrepreneur", "organization")
# Registration under this Code began with it; earlier dates are typing errors, not history.
EARLIEST_REGISTRATION = dt.date(1991, 8, 31)


@dataclass(frozen=True)
class NewTaxpayer:
    tin: str
    kind: str
    name: str
    address: str
    registered_on: dt.date
    citizenship: str = "kg"  # kg | eaeu | other (prices a patent, issue 12)


CITIZENSHIPS = ("kg", "eaeu", "other")


def validate_tin(tin: object, kind: str | None = None) -> str:
    """``INVALID_TIN`` (422) unless the ИСН is well formed and fits the kind of taxpayer."""
    try:
        tin_kind = parse_tin(tin)
    except InvalidTin as exc:
        raise ValidationFailed("INVALID_TIN", "The TIN must be 14 digits: 0 for an organisation or 1/2 for an individual, then a valid date DDMMYYYY.", {"reason": str(exc)}) from None
    if kind is not None:
        expected = TinKind.ORGANIZATION if kind == "organization" else TinKind.INDIVIDUAL
        if tin_kind is not expected:
            raise ValidationFailed("INVALID_TIN", "The TIN does not match the kind of taxpayer: an organisation's starts with 0, an individual's with 1 or 2.", {"reason": "kind_mismatch"})
    return str(tin)


def clean_text(value: str, field: str, max_length: int) -> str:
    """Names and addresses: printable text, trimmed, within length. HTML is kept as text and escaped on output."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise invalid_field(field, "empty")
    if len(text) > max_length:
        raise invalid_field(field, "too_long", max=max_length)
    if any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co"} for c in text):
        raise invalid_field(field, "control_characters")
    return text


def register(rt: Runtime, actor: Principal, new: NewTaxpayer) -> Taxpayer:
    actor = authorize.staff(actor)
    if new.kind not in KINDS:
        raise invalid_field("kind", "unknown_kind")
    tin = validate_tin(new.tin, new.kind)
    name = clean_text(new.name, "name", 300)
    address = clean_text(new.address, "address", 500)
    if new.citizenship not in CITIZENSHIPS:
        raise invalid_field("citizenship", "not_allowed")
    if not EARLIEST_REGISTRATION <= new.registered_on <= rt.today():
        raise invalid_field("registered_on", "out_of_range")
    try:
        with rt.db.transaction() as session:
            if session.scalar(select(Taxpayer.id).where(Taxpayer.tin == tin)) is not None:
                raise Conflict("TAXPAYER_EXISTS", "A taxpayer with this TIN is already registered.", {"tin": tin})
            taxpayer = Taxpayer(tin=tin, kind=new.kind, name=name, address=address, registered_on=new.registered_on, status="active", created_at=rt.now(),
                                citizenship=new.citizenship)
            session.add(taxpayer)
            session.flush()
            audit.record(session, actor, "taxpayer.register", taxpayer_id=taxpayer.id, at=rt.now(), tin=tin, kind=new.kind)
    except IntegrityError:  # a concurrent registration of the same TIN won the race
        raise Conflict("TAXPAYER_EXISTS", "A taxpayer with this TIN is already registered.", {"tin": tin}) from None
    return taxpayer


def find(session: Session, tin: str) -> Taxpayer:
    taxpayer = session.scalar(select(Taxpayer).where(Taxpayer.tin == tin))
    if taxpayer is None:
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"tin": tin})
    return taxpayer


@dataclass(frozen=True)
class Card:
    """The taxpayer's card as the cabinet shows it (typed: the faces format it)."""

    tin: str
    kind: str
    name: str
    address: str
    registered_on: dt.date
    status: str
    offer_version: str
    offer_accepted: bool
    citizenship: str = "kg"


def my_card(rt: Runtime, principal: Principal) -> Card:
    """The logged-in taxpayer's own card and whether they accepted the offer in force (Offer 1.2)."""
    from salyk.registry import offers  # offers imports this module for the taxpayer lookup

    me = authorize.taxpayer(principal)
    today = rt.today()
    with rt.db.read() as session:
        # One statement: the card, the offer in force and the acceptance (every cabinet page shows it).
        row = session.execute(
            select(Taxpayer.tin, Taxpayer.kind, Taxpayer.name, Taxpayer.address, Taxpayer.registered_on, Taxpayer.status, Taxpayer.citizenship,
                   *offers.acceptance_columns(Taxpayer.id, today))
            .outerjoin(OfferVersion, OfferVersion.id == offers.in_force_id(today))
            .where(Taxpayer.id == me.taxpayer_id)
        ).first()
    if row is None:
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"tin": me.login})
    offer = offers.offer_of(row[7], row[8], row[9])
    return Card(row.tin, row.kind, row.name, row.address, row.registered_on, row.status, offer.version, bool(row[10]), row.citizenship)


@dataclass
class OfficerRead:
    session: Session
    taxpayer: Taxpayer
    details: dict[str, Any]  # what the audit row says about the read; may be added to while reading


@contextmanager
def officer_read(rt: Runtime, actor: Principal, tin: str, action: str, **details: Any) -> Iterator[OfficerRead]:
    """An officer's read of one taxpayer's data (TC art. 54): checks the ИСН, finds the taxpayer,
    and writes the audit row in the same transaction as the read, when the read succeeds."""
    validate_tin(tin)
    with rt.db.transaction() as session:
        read = OfficerRead(session, find(session, tin), dict(details))
        yield read
        audit.record(session, actor, action, taxpayer_id=read.taxpayer.id, at=rt.now(), **read.details)


@dataclass(frozen=True)
class Who:
    """Who a document is about, as every officer page shows it: name, ИСН and kind."""

    tin: str
    name: str
    kind: str  # individual | individual_entrepreneur | organization

    def as_dict(self) -> dict[str, str]:
        return {"tin": self.tin, "name": self.name, "taxpayer_kind": self.kind}


def who(session: Session, taxpayer_ids: Iterable[int | None]) -> dict[int, Who]:
    """Name, ИСН and kind of each taxpayer id (for officers' lists: one query)."""
    ids = {i for i in taxpayer_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Taxpayer.id, Taxpayer.tin, Taxpayer.name, Taxpayer.kind).where(Taxpayer.id.in_(ids)))
    return {r.id: Who(r.tin, r.name, r.kind) for r in rows}


def get_for_officer(rt: Runtime, actor: Principal, tin: str) -> Taxpayer:
    """An officer's read of a taxpayer's card; audited (TC art. 54)."""
    actor = authorize.staff(actor)
    with officer_read(rt, actor, tin, "taxpayer.read") as read:
        return read.taxpayer


def officer_who(rt: Runtime, actor: Principal, tin: str) -> Who:
    """Name, ИСН and kind of one taxpayer for the head of an officer's page (not audited: the
    page's own read of the taxpayer's data is)."""
    actor = authorize.staff(actor)
    validate_tin(tin)
    with rt.db.read() as session:
        t = find(session, tin)
        return Who(t.tin, t.name, t.kind)


def search(rt: Runtime, actor: Principal, query: str, limit: int = 50) -> list[Taxpayer]:
    """Officer search by TIN prefix or part of the name; the search itself is audited."""
    actor = authorize.staff(actor)
    query = query.replace("\x00", "").strip()[:100]
    with rt.db.transaction() as session:
        stmt = select(Taxpayer).order_by(Taxpayer.tin).limit(limit)
        if query:
            pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where((Taxpayer.tin.like(query[:14] + "%")) | (Taxpayer.name.ilike(pattern, escape="\\")))
        found = list(session.scalars(stmt))
        audit.record(session, actor, "taxpayer.search", at=rt.now(), query=query, results=len(found))
        return found


def remove_from_register(rt: Runtime, actor: Principal, tin: str, on: dt.date) -> Taxpayer:
    """TC art. 99: removal from the register; the record and its history stay."""
    actor = authorize.staff(actor)
    validate_tin(tin)
    with rt.db.transaction() as session:
        taxpayer = find(session, tin)
        if taxpayer.status == "removed":
            raise Conflict("TAXPAYER_REMOVED", "The taxpayer has already been removed from the register.")
        if on < taxpayer.registered_on or on > rt.today():
            raise invalid_field("removed_on", "out_of_range")
        taxpayer.status, taxpayer.removed_on = "removed", on
        audit.record(session, actor, "taxpayer.remove", taxpayer_id=taxpayer.id, at=rt.now(), removed_on=on)
        return taxpayer


def issue_password(rt: Runtime, actor: Principal, tin: str, password: str) -> str:
    """Offer 3.3: the tax office issues (or resets) the taxpayer's password; returns the login."""
    actor = authorize.staff(actor)
    validate_tin(tin)
    check_strength(password, login=tin)
    hashed = rt.passwords.hash(password)
    with rt.db.transaction() as session:
        taxpayer = find(session, tin)
        if taxpayer.status != "active":
            raise Conflict("TAXPAYER_REMOVED", "The taxpayer has been removed from the register.")
        credential = session.get(TaxpayerCredential, taxpayer.id)
        if credential is None:
            session.add(TaxpayerCredential(taxpayer_id=taxpayer.id, password_hash=hashed, issued_at=rt.now(), issued_by=actor.officer_id))
        else:
            credential.password_hash, credential.issued_at, credential.issued_by = hashed, rt.now(), actor.officer_id
        # A reset ends every session opened with the old password and lifts a lock-out.
        accounts.revoke_all(session, taxpayer_id=taxpayer.id, at=rt.now())
        accounts.clear_lock(session, tin)
        audit.record(session, actor, "taxpayer.credentials.issue", taxpayer_id=taxpayer.id, at=rt.now())
    return tin
