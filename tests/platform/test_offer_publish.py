"""Publishing an offer version from the cabinet is the administrator's two steps, checked by the
offer service itself whichever face calls it (issue 11 item 6; Offer 1.6, 10.1): ``review`` writes
nothing, ``publish_reviewed`` publishes only the draft whose fingerprint was shown."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from salyk.db.models.registry import OfferVersion
from salyk.kernel.errors import Conflict, Forbidden
from salyk.kernel.principal import StaffPrincipal
from salyk.registry import offers
from salyk.registry.officers import ensure_officer

KY, RU = "1. Жоболор\n1.1. Текст.", "1. Положения\n1.1. Текст."


def _staff(rt, login: str, role: str) -> StaffPrincipal:
    officer, _ = ensure_officer(rt, login, "staff-pass-12345", role)
    return StaffPrincipal(role, officer.login, officer_id=officer.id)


def _count(rt) -> int:
    with rt.db.read() as session:
        return session.scalar(select(func.count()).select_from(OfferVersion))


def test_an_officer_may_neither_review_nor_publish_from_the_cabinet(fresh_runtime):
    rt = fresh_runtime
    officer = _staff(rt, "pub-officer", "officer")
    day = rt.today() + dt.timedelta(days=5)
    with pytest.raises(Forbidden):
        offers.review(rt, officer, "2031.1", day, KY, RU)
    with pytest.raises(Forbidden):
        offers.publish_reviewed(rt, officer, offers.fingerprint("2031.1", day, KY, RU), "2031.1", day, KY, RU)
    assert _count(rt) == 1  # the seed version only


def test_review_writes_nothing_and_the_fingerprint_binds_the_draft(fresh_runtime):
    rt = fresh_runtime
    admin = _staff(rt, "pub-admin", "admin")
    day = rt.today() + dt.timedelta(days=5)
    draft = offers.review(rt, admin, " 2031.1 ", day, KY, RU)
    assert (draft.version, draft.current_version, draft.takes_effect_now) == ("2031.1", "2023.1", False)
    assert offers.review(rt, admin, "2031.2", rt.today(), KY, RU).takes_effect_now is True
    assert _count(rt) == 1
    # The fingerprint changes with each part of the draft.
    prints = {offers.fingerprint("2031.1", day, KY, RU), offers.fingerprint("2031.2", day, KY, RU),
              offers.fingerprint("2031.1", day + dt.timedelta(days=1), KY, RU), offers.fingerprint("2031.1", day, KY + ".", RU),
              offers.fingerprint("2031.1", day, KY, RU + ".")}
    assert len(prints) == 5 and draft.fingerprint in prints
    with pytest.raises(Conflict) as caught:
        offers.publish_reviewed(rt, admin, draft.fingerprint, "2031.1", day, KY, RU + " Изменено.")
    assert caught.value.code == "OFFER_DRAFT_CHANGED" and _count(rt) == 1
    published = offers.publish_reviewed(rt, admin, draft.fingerprint, "2031.1", day, KY, RU)
    assert published.version == "2031.1" and _count(rt) == 2
    with pytest.raises(Conflict) as caught:  # taken now: refused at the review already
        offers.review(rt, admin, "2031.1", day, KY, RU)
    assert caught.value.code == "OFFER_VERSION_EXISTS"
