"""Service switches (Offer 3.1(8), 6.6): an admin suspends or restricts a module with a message in
ky and ru; its API answers 503 SERVICE_SUSPENDED, its tile says why; every change is audited."""

from __future__ import annotations

import sqlalchemy as sa

from conftest import API, register_taxpayer
from kernel_support import office  # noqa: F401  (fixture)
from salyk.kernel.models import AuditEntry
from web_support import post_form, web_login

MESSAGE = {"ky": "Техникалык иштер жүрүп жатат", "ru": "Идут технические работы"}


def put(office, key, state, admin=True, **extra):
    who = office.admin if admin else office.officer
    return office.client.put(f"{API}/admin/services/{key}", json={"state": state, "message": MESSAGE} | extra, headers=who.headers)


def test_off_read_only_on_again_and_every_change_audited(office):
    c = office.client
    me = register_taxpayer(c, office.officer)
    assert c.get(f"{API}/me/balance", headers=me.headers).status_code == 200

    assert put(office, "ledger", "off").status_code == 200
    for lang, text in (("ky", MESSAGE["ky"]), ("ru", MESSAGE["ru"])):
        r = c.get(f"{API}/me/balance", headers=me.headers | {"Accept-Language": lang})
        assert r.status_code == 503
        error = r.json()["error"]
        assert error["code"] == "SERVICE_SUSPENDED" and error["details"]["key"] == "ledger"
        assert text in error["message"]
    # Another module is untouched by the ledger's switch.
    assert c.get(f"{API}/me/declarations", headers=me.headers).status_code == 200
    services = {s["key"]: s for s in c.get(f"{API}/services", headers={"Accept-Language": "ru"}).json()["services"]}
    assert services["ledger"]["state"] == "off" and services["ledger"]["message"] == MESSAGE["ru"]
    assert services["declarations"] == {"key": "declarations", "title": services["declarations"]["title"], "state": "on", "message": None}

    assert put(office, "ledger", "read_only").status_code == 200
    assert c.get(f"{API}/me/balance", headers=me.headers).status_code == 200  # reads work
    r = c.post(f"{API}/me/refunds", json={"kind": "refund", "tax": "income_tax", "amount": "10.00"}, headers=me.headers)
    assert r.status_code == 503 and r.json()["error"]["code"] == "SERVICE_SUSPENDED"

    assert put(office, "ledger", "on").status_code == 200
    assert c.get(f"{API}/me/balance", headers=me.headers).status_code == 200
    r = c.post(f"{API}/me/refunds", json={"kind": "refund", "tax": "income_tax", "amount": "10.00"}, headers=me.headers)
    assert r.status_code != 503

    with office.rt.db.read() as s:
        states = s.scalars(sa.select(AuditEntry.details).where(AuditEntry.action == "service.switch").order_by(AuditEntry.id)).all()
    assert [d["state"] for d in states] == ["off", "read_only", "on"]


def test_the_home_tile_shows_the_state_and_message_in_both_languages(office):
    c = office.client
    me = register_taxpayer(c, office.officer)
    assert put(office, "declarations", "off").status_code == 200
    for lang in ("ky", "ru"):
        services = c.get(f"{API}/me/services", headers=me.headers | {"Accept-Language": lang}).json()["services"]
        tile = next(s for s in services if s["key"] == "declarations")
        assert tile["state"] == "off" and tile["message"] == MESSAGE[lang]
    # The web home screen carries the state and the message on the tile, in the page's language.
    web_login(c, me.login, me.password)
    for lang, badge in (("ky", "Токтотулган"), ("ru", "Приостановлена")):
        c.get(f"/lang/{lang}")
        home = c.get("/")
        assert home.status_code == 200
        assert badge in home.text and MESSAGE[lang] in home.text
        # Its pages say why instead of working.
        page = c.get("/declarations")
        assert page.status_code == 503 and MESSAGE[lang] in page.text


def test_an_admin_sets_a_switch_from_the_admin_page(office):
    c = office.client
    web_login(c, "kernel-admin", "admin-pass-1234")
    r = post_form(c, "/admin/services", {"key": "ledger", "state": "read_only", "message_ky": MESSAGE["ky"], "message_ru": MESSAGE["ru"],
                                         "effective_from": office.rt.today().isoformat()})
    assert r.status_code == 200
    services = {s["key"]: s for s in c.get(f"{API}/services").json()["services"]}
    assert services["ledger"]["state"] == "read_only"


def test_only_an_admin_sets_a_switch_and_only_for_a_known_service(office):
    r = put(office, "ledger", "off", admin=False)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    r = put(office, "no-such-service", "off")
    assert r.status_code == 404 and r.json()["error"]["code"] == "UNKNOWN_SERVICE"
    # Offer 6.6: users are told why, in both languages.
    r = office.client.put(f"{API}/admin/services/ledger", json={"state": "off", "message": {"ky": "", "ru": ""}}, headers=office.admin.headers)
    assert r.status_code == 422
    # The platform itself (login, offer) cannot be switched off.
    assert put(office, "registry", "off").status_code == 404


def test_a_switch_takes_effect_from_its_date(office):
    c = office.client
    me = register_taxpayer(c, office.officer)
    tomorrow = office.rt.today().toordinal() + 1
    import datetime as dt

    assert put(office, "ledger", "off", effective_from=dt.date.fromordinal(tomorrow).isoformat()).status_code == 200
    assert c.get(f"{API}/me/balance", headers=me.headers).status_code == 200
    services = {s["key"]: s for s in c.get(f"{API}/services").json()["services"]}
    assert services["ledger"]["state"] == "on"
