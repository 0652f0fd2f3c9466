"""The offer as versioned data (Offer 1.2, 1.5, 1.6, 6.3, 10.1, 12.5; contract §3)."""

import datetime as dt

from fastapi.testclient import TestClient

from conftest import API, at_date, login, register_taxpayer


def test_seed_offer_is_current_and_public(client):
    r = client.get(f"{API}/offer")
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == "2023.1" and body["effective_from"] == "2023-01-01"
    assert "Оферта" in body["text"]["ky"] and body["text"]["ru"]


def test_cabinet_is_closed_until_the_offer_is_accepted(client, officer):
    account = register_taxpayer(client, officer, accept=False)
    assert client.get(f"{API}/me", headers=account.headers).status_code == 200  # /me is the exception
    r = client.get(f"{API}/me/services", headers=account.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "OFFER_NOT_ACCEPTED"
    version = client.get(f"{API}/offer").json()["version"]
    r = client.post(f"{API}/me/offer-acceptance", json={"version": version}, headers=account.headers)
    assert r.status_code == 200 and r.json()["version"] == version
    assert client.get(f"{API}/me/services", headers=account.headers).status_code == 200
    # Accepting twice is harmless.
    assert client.post(f"{API}/me/offer-acceptance", json={"version": version}, headers=account.headers).status_code == 200


def test_only_the_current_version_can_be_accepted(client, officer):
    account = register_taxpayer(client, officer, accept=False)
    r = client.post(f"{API}/me/offer-acceptance", json={"version": "1999.9"}, headers=account.headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "OFFER_VERSION_MISMATCH"


def test_new_version_needs_new_acceptance_from_its_effective_date(fresh_runtime):
    from salyk.api.app import create_app
    from salyk.registry.officers import ensure_officer

    ensure_officer(fresh_runtime, "pub", "publisher-pass-1", "officer")
    with TestClient(create_app(fresh_runtime)) as c:
        off = login(c, "pub", "publisher-pass-1")
        tp = register_taxpayer(c, off)
        today = fresh_runtime.today()
        r = c.post(f"{API}/officer/offers", json={"version": "2025.2", "effective_from": (today + dt.timedelta(days=10)).isoformat(), "text": {"ky": "Жаңы оферта", "ru": "Новая оферта"}}, headers=off.headers)
        assert r.status_code == 201
        # Published but not yet in effect: the old acceptance still stands.
        assert c.get(f"{API}/offer").json()["version"] == "2023.1"
        assert c.get(f"{API}/me/services", headers=tp.headers).status_code == 200
        r = c.post(f"{API}/officer/offers", json={"version": "2025.2", "effective_from": today.isoformat(), "text": {"ky": "x", "ru": "y"}}, headers=off.headers)
        assert r.status_code == 409 and r.json()["error"]["code"] == "OFFER_VERSION_EXISTS"

    later = at_date(fresh_runtime, today + dt.timedelta(days=10))
    with TestClient(create_app(later)) as c:
        assert c.get(f"{API}/offer").json()["version"] == "2025.2"
        tp2 = login(c, tp.login, tp.password)
        r = c.post(f"{API}/auth/login", json={"login": tp.login, "password": tp.password})
        assert r.json()["offer"] == {"version": "2025.2", "accepted": False}
        assert c.get(f"{API}/me/services", headers=tp2.headers).json()["error"]["code"] == "OFFER_NOT_ACCEPTED"
        assert c.post(f"{API}/me/offer-acceptance", json={"version": "2025.2"}, headers=tp2.headers).status_code == 200
        assert c.get(f"{API}/me/services", headers=tp2.headers).status_code == 200


def test_acceptances_are_recorded_with_time_and_version(client, runtime, officer):
    from sqlalchemy import select

    from salyk.db.models.registry import OfferAcceptance, OfferVersion, Taxpayer

    account = register_taxpayer(client, officer)
    with runtime.db.transaction() as s:
        rows = s.execute(
            select(OfferVersion.version, OfferAcceptance.accepted_at).join(OfferAcceptance.__table__, OfferAcceptance.offer_version_id == OfferVersion.id).join(Taxpayer, Taxpayer.id == OfferAcceptance.taxpayer_id).where(Taxpayer.tin == account.login)
        ).all()
    assert len(rows) == 1 and rows[0][0] == "2023.1" and rows[0][1].tzinfo is not None


def test_services_list_in_both_languages(client, taxpayer):
    ky = client.get(f"{API}/me/services", headers=taxpayer.headers | {"Accept-Language": "ky"}).json()["services"]
    ru = client.get(f"{API}/me/services", headers=taxpayer.headers | {"Accept-Language": "ru"}).json()["services"]
    assert [s["key"] for s in ky] == ["declarations", "patents", "property", "debt", "payments", "waybills"]
    assert ky[1]["title"] == "Электрондук патент" and ru[1]["title"] == "Электронный патент"
