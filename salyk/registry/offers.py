"""The offer as versioned data (Offer 1.2, 1.5, 1.6, 6.3, 10.1, 12.5).

The current version is the newest one in effect today (latest ``effective_from`` not after today;
among equal dates the later published). A taxpayer must accept the current version before using
the cabinet; each acceptance is kept with its time and version.

Publishing a version shuts every taxpayer out of the cabinet until they accept it, from its
effective date. ``publish`` is the API's (contract §3: the officer side, role officer or admin);
the cabinet's pages publish in two steps, both for an administrator only (issue 11 item 6):
``review`` checks the draft and writes nothing, ``publish_reviewed`` publishes exactly the draft
that was reviewed (its fingerprint must match).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import BindParameter, ColumnExpressionArgument, Label, ScalarSelect, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session

from salyk.db.models.registry import OfferAcceptance, OfferVersion
from salyk.kernel.errors import Conflict, NotFound, invalid_field
from salyk.kernel import audit, authorize, outbox
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime

VERSION_MAX = 50
TEXT_MAX = 500_000


def current(session: Session, today: dt.date) -> OfferVersion:
    offer = session.scalar(
        select(OfferVersion)
        .where(OfferVersion.effective_from <= today)
        .order_by(OfferVersion.effective_from.desc(), OfferVersion.published_at.desc(), OfferVersion.id.desc())
        .limit(1)
    )
    if offer is None:
        raise NotFound("OFFER_NOT_PUBLISHED", "No offer is in effect yet.")
    return offer


def current_offer(rt: Runtime) -> OfferVersion:
    with rt.db.read() as session:
        return current(session, rt.today())


@dataclass(frozen=True)
class OfferInForce:
    """The version in force, without its texts (what every cabinet request needs to know)."""

    id: int
    version: str
    effective_from: dt.date


def in_force_id(today: dt.date | BindParameter[dt.date]) -> ScalarSelect[int]:
    """The id of the version in force on ``today``, as a scalar subquery."""
    return (
        select(OfferVersion.id)
        .where(OfferVersion.effective_from <= today)
        .order_by(OfferVersion.effective_from.desc(), OfferVersion.published_at.desc(), OfferVersion.id.desc())
        .limit(1)
        .correlate(None)  # never to an outer query's offer_versions
        .scalar_subquery()
    )


def acceptance_columns(taxpayer_id: int | ColumnExpressionArgument[int], today: dt.date | BindParameter[dt.date]) -> tuple[QueryableAttribute[int], QueryableAttribute[str], QueryableAttribute[dt.date], Label[bool]]:
    """Columns for a query that wants the version in force and whether ``taxpayer_id`` (a value
    or a column) accepted it: (id, version, effective_from, accepted), all NULL/false when no
    version is in force. Outer-join ``OfferVersion`` on ``OfferVersion.id == in_force_id(today)``."""
    accepted = exists().where(OfferAcceptance.taxpayer_id == taxpayer_id, OfferAcceptance.offer_version_id == OfferVersion.id)
    return OfferVersion.id, OfferVersion.version, OfferVersion.effective_from, accepted.label("offer_accepted")


def offer_of(row_id: int | None, version: str, effective_from: dt.date) -> OfferInForce:
    if row_id is None:
        raise NotFound("OFFER_NOT_PUBLISHED", "No offer is in effect yet.")
    return OfferInForce(row_id, version, effective_from)


def has_accepted_current(session: Session, taxpayer_id: int, today: dt.date) -> tuple[OfferInForce, bool]:
    """The version in force and whether the taxpayer accepted it, in one statement."""
    row = session.execute(select(*acceptance_columns(taxpayer_id, today)).where(OfferVersion.id == in_force_id(today))).first()
    if row is None:
        raise NotFound("OFFER_NOT_PUBLISHED", "No offer is in effect yet.")
    return offer_of(row[0], row[1], row[2]), bool(row[3])


def offer_status(rt: Runtime, taxpayer_id: int) -> tuple[OfferInForce, bool]:
    with rt.db.read() as session:
        return has_accepted_current(session, taxpayer_id, rt.today())


def accept(rt: Runtime, actor: Principal, version: str) -> OfferAcceptance:
    """Accept the current version. Accepting an old or future version is refused: the user must read the one in force."""
    actor = authorize.taxpayer(actor)
    with rt.db.transaction() as session:
        offer, already = has_accepted_current(session, actor.taxpayer_id, rt.today())
        if version != offer.version:
            raise Conflict("OFFER_VERSION_MISMATCH", "Only the current version of the offer ({current}) can be accepted.", {"current": offer.version}, current=offer.version)
        if already:
            return session.scalars(select(OfferAcceptance).where(OfferAcceptance.taxpayer_id == actor.taxpayer_id, OfferAcceptance.offer_version_id == offer.id)).one()
        acceptance = OfferAcceptance(taxpayer_id=actor.taxpayer_id, offer_version_id=offer.id, accepted_at=rt.now())
        session.add(acceptance)
        audit.record(session, actor, "offer.accept", taxpayer_id=actor.taxpayer_id, at=rt.now(), version=offer.version)
    return acceptance


def _checked(rt: Runtime, version: str, effective_from: dt.date, text_ky: str, text_ru: str) -> str:
    version = version.strip()
    if not version or len(version) > VERSION_MAX or not version.isprintable():
        raise invalid_field("version", "bad_version")
    for field, text in (("text.ky", text_ky), ("text.ru", text_ru)):
        if not text.strip():
            raise invalid_field(field, "empty")
        if len(text) > TEXT_MAX:
            raise invalid_field(field, "too_long", max=TEXT_MAX)
        if "\x00" in text:  # PostgreSQL text cannot hold NUL: the field's fault, not a 500
            raise invalid_field(field, "control_characters")
    if effective_from < dt.date(2000, 1, 1) or effective_from > rt.today() + dt.timedelta(days=3660):
        raise invalid_field("effective_from", "out_of_range")
    return version


@dataclass(frozen=True)
class Draft:
    """A version as it would be published, checked and not written."""

    version: str
    effective_from: dt.date
    text_ky: str
    text_ru: str
    current_version: str  # the version in force today
    takes_effect_now: bool  # effective today or earlier: every taxpayer must accept it at once

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.version, self.effective_from, self.text_ky, self.text_ru)


def fingerprint(version: str, effective_from: dt.date, text_ky: str, text_ru: str) -> str:
    """What was reviewed, in one value: the confirmation must carry the same (not a secret)."""
    digest = hashlib.sha256()
    for part in (version.strip(), effective_from.isoformat(), text_ky, text_ru):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    return digest.hexdigest()


def review(rt: Runtime, actor: Principal, version: str, effective_from: dt.date, text_ky: str, text_ru: str) -> Draft:
    """The first step of publishing from the cabinet: an administrator's draft, checked as
    ``publish`` would check it (a version name already taken is refused here), nothing written."""
    authorize.admin(actor)
    version = _checked(rt, version, effective_from, text_ky, text_ru)
    with rt.db.read() as session:
        if session.scalar(select(OfferVersion.id).where(OfferVersion.version == version)) is not None:
            raise Conflict("OFFER_VERSION_EXISTS", "This offer version has already been published.", {"version": version})
        in_force = current(session, rt.today())
        return Draft(version, effective_from, text_ky, text_ru, in_force.version, effective_from <= rt.today())


def publish_reviewed(rt: Runtime, actor: Principal, reviewed: str, version: str, effective_from: dt.date, text_ky: str, text_ru: str) -> OfferVersion:
    """The second step: publish the draft an administrator reviewed and confirmed; ``reviewed`` is
    the fingerprint shown with the preview, so a text changed after it is not published."""
    authorize.admin(actor)
    if reviewed != fingerprint(version, effective_from, text_ky, text_ru):
        raise Conflict("OFFER_DRAFT_CHANGED", "The draft differs from the one previewed: look at the preview again before publishing.")
    return publish(rt, actor, version, effective_from, text_ky, text_ru)


def publish(rt: Runtime, actor: Principal, version: str, effective_from: dt.date, text_ky: str, text_ru: str) -> OfferVersion:
    actor = authorize.staff(actor)
    version = _checked(rt, version, effective_from, text_ky, text_ru)
    try:
        with rt.db.transaction() as session:
            if session.scalar(select(OfferVersion.id).where(OfferVersion.version == version)) is not None:
                raise Conflict("OFFER_VERSION_EXISTS", "This offer version has already been published.", {"version": version})
            offer = OfferVersion(version=version, effective_from=effective_from, text_ky=text_ky, text_ru=text_ru, published_at=rt.now(), published_by=actor.officer_id)
            session.add(offer)
            session.flush()
            audit.record(session, actor, "offer.publish", at=rt.now(), version=version, effective_from=effective_from)
            # Every taxpayer is told (Offer 6.3, 7.1), by the notices module's worker in batches,
            # not in this transaction (issue 15).
            outbox.enqueue(session, "notices.offer_fanout", {"version": version, "effective_from": effective_from.isoformat()}, now=rt.now())
    except IntegrityError:
        raise Conflict("OFFER_VERSION_EXISTS", "This offer version has already been published.", {"version": version}) from None
    return offer


def versions(rt: Runtime) -> list[OfferVersion]:
    with rt.db.read() as session:
        return list(session.scalars(select(OfferVersion).order_by(OfferVersion.effective_from.desc(), OfferVersion.published_at.desc())))
