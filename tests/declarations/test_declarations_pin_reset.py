"""The signing-PIN reset asks for the account password (issue 11 item 7).

Replacing a cloud-signature PIN already set (``POST /me/cloud-signature`` when one exists) needs
``password``: missing → 422 ``VALIDATION_ERROR`` on ``password``; wrong → 422 ``WRONG_PASSWORD``
and the attempt counts toward the login lock-out (Offer 7.5: five failures, then 423
``ACCOUNT_LOCKED``). The first set-up needs no password (issue 5's clients set the PIN with the
token alone).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import API, register_taxpayer
from salyk.api.app import create_app

CSRF = re.compile(r'name="csrf" value="([0-9a-f]*)"')


def _enrol(client, account, **body):
    return client.post(f"{API}/me/cloud-signature", json={"pin": "4917"} | body, headers=account.headers)


def test_first_set_up_needs_no_password_a_reset_does(client, officer):
    tp = register_taxpayer(client, officer)
    first = _enrol(client, tp)
    assert first.status_code == 201

    missing = _enrol(client, tp, pin="8260")
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "VALIDATION_ERROR" and missing.json()["error"]["details"]["field"] == "password"

    wrong = client.post(f"{API}/me/cloud-signature", json={"pin": "8260", "password": "Not-mine-2024"}, headers=tp.headers | {"Accept-Language": "ky"})
    assert wrong.status_code == 422
    assert wrong.json()["error"] == {"code": "WRONG_PASSWORD", "message": "Учурдагы сырсөз туура эмес.", "details": {}}

    # Nothing was replaced by the refused resets: the first PIN still signs.
    signed = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4917", "document": {"a": 1}}, headers=tp.headers)
    assert signed.status_code == 200 and signed.json()["kid"] == first.json()["kid"]

    reset = _enrol(client, tp, pin="8260", password=tp.password)
    assert reset.status_code == 201 and reset.json()["kid"] != first.json()["kid"]
    assert client.post(f"{API}/me/cloud-signature/sign", json={"pin": "8260", "document": {"a": 1}}, headers=tp.headers).status_code == 200


def test_wrong_passwords_at_the_pin_reset_lock_the_login(client, officer):
    tp = register_taxpayer(client, officer)
    assert _enrol(client, tp).status_code == 201
    for _ in range(5):
        assert _enrol(client, tp, pin="8260", password="Guess-pass-0000").json()["error"]["code"] == "WRONG_PASSWORD"
    locked = client.post(f"{API}/auth/login", json={"login": tp.login, "password": tp.password})
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "ACCOUNT_LOCKED"
    assert _enrol(client, tp, pin="8260", password=tp.password).status_code == 423


def test_a_pin_that_cannot_be_used_spends_no_password_attempt(client, officer):
    tp = register_taxpayer(client, officer)
    _enrol(client, tp)
    for _ in range(6):
        assert _enrol(client, tp, pin="1234", password="Guess-pass-0000").json()["error"]["code"] == "WEAK_PIN"
    assert client.post(f"{API}/auth/login", json={"login": tp.login, "password": tp.password}).status_code == 200


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def _post(web, path, data):
    page = web.get(path)
    return web.post(path, data={**data, "csrf": CSRF.search(page.text).group(1)}, follow_redirects=False)


def test_the_pin_page_asks_for_the_password_once_a_pin_is_set(web, client, officer):
    tp = register_taxpayer(client, officer)
    page = web.get("/login")
    web.post("/login", data={"login": tp.login, "password": tp.password, "csrf": CSRF.search(page.text).group(1)})
    assert 'name="password"' not in web.get("/declarations/signature").text  # first set-up
    assert _post(web, "/declarations/signature", {"pin": "4917", "pin_again": "4917"}).status_code == 303

    web.cookies.set("lang", "ru")
    page = web.get("/declarations/signature")
    assert 'name="password"' in page.text and "Пароль от кабинета" in page.text
    wrong = _post(web, "/declarations/signature", {"pin": "8260", "pin_again": "8260", "password": "Not-mine-2024"})
    assert wrong.status_code == 422 and "Текущий пароль неверен." in wrong.text
    right = _post(web, "/declarations/signature", {"pin": "8260", "pin_again": "8260", "password": tp.password})
    assert right.status_code == 303
