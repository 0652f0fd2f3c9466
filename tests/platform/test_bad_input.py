"""Bad input gets a 4xx with a code, writes nothing, and never a 500 (contract §2; issue: Bad input)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from conftest import API, new_tin


def count_taxpayers(runtime):
    from salyk.db.models.registry import Taxpayer

    with runtime.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(Taxpayer))


def good(**over):
    return {"tin": new_tin(), "kind": "individual", "name": "N", "address": "A", "registered_on": "2019-05-20"} | over


def post_raw(client, officer, raw: bytes, **headers):
    return client.post(f"{API}/officer/taxpayers", content=raw, headers=officer.headers | {"Content-Type": "application/json"} | headers)


def test_malformed_json(client, officer, runtime):
    before = count_taxpayers(runtime)
    r = post_raw(client, officer, b'{"tin": "1', **{"Accept-Language": "ru"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR" and err["details"]["reason"] == "malformed_json"
    assert err["message"].startswith("Запрос неверен")
    assert count_taxpayers(runtime) == before


@pytest.mark.parametrize(
    "patch",
    [
        {"tin": 12905199000123},
        {"name": ["a"]},
        {"registered_on": "20-05-2019"},
        {"registered_on": "2019-02-30"},
        {"registered_on": 1558310400},
        {"registered_on": "2019-W01-1"},
        {"kind": "alien"},
        {"extra": "field"},
        {"name": ""},
        {"name": "x" * 301},
    ],
)
def test_wrong_types_unknown_fields_and_bad_dates(client, officer, runtime, patch):
    before = count_taxpayers(runtime)
    r = client.post(f"{API}/officer/taxpayers", json=good(**patch), headers=officer.headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
    assert count_taxpayers(runtime) == before


@pytest.mark.parametrize("registered_on", ["1900-01-01", "2999-01-01"])
def test_dates_out_of_range(client, officer, registered_on):
    r = client.post(f"{API}/officer/taxpayers", json=good(registered_on=registered_on), headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "registered_on", "reason": "out_of_range"}


def test_ten_megabyte_body_is_refused(client, officer, runtime):
    before = count_taxpayers(runtime)
    big = json.dumps(good(name="x" * (10 * 1024 * 1024))).encode()
    r = post_raw(client, officer, big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert count_taxpayers(runtime) == before


def test_injection_attempts_are_stored_as_plain_text(client, officer):
    evil = "Robert'); DROP TABLE taxpayers; -- <script>alert(1)</script>"
    b = good(name=evil, address="<img src=x onerror=alert(1)>")
    r = client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers)
    assert r.status_code == 201
    got = client.get(f"{API}/officer/taxpayers/{b['tin']}", headers=officer.headers).json()
    assert got["name"] == evil and got["address"] == b["address"]


def test_control_characters_in_names(client, officer):
    r = client.post(f"{API}/officer/taxpayers", json=good(name="a\u0007b"), headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["details"]["reason"] == "control_characters"


def test_unknown_route_and_method(client):
    r = client.get(f"{API}/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    r = client.delete(f"{API}/offer")
    assert r.status_code == 405 and r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_language_negotiation(client):
    bad = {"login": "", "password": ""}
    ky = client.post(f"{API}/auth/login", json={"login": "x", "password": "y"})
    ru = client.post(f"{API}/auth/login", json={"login": "x", "password": "y"}, headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
    en = client.post(f"{API}/auth/login", json={"login": "x", "password": "y"}, headers={"Accept-Language": "en"})
    assert ky.json()["error"]["message"] == "Логин же сырсөз туура эмес."
    assert ru.json()["error"]["message"] == "Неверный логин или пароль."
    assert en.json()["error"]["message"] == "Wrong login or password."
    assert client.post(f"{API}/auth/login", json=bad).status_code == 422


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.sampled_from(["tin", "kind", "name", "address", "registered_on", "x"]), json_values, max_size=6))
def test_no_body_gives_a_500(client, officer, payload):
    r = client.post(f"{API}/officer/taxpayers", json=payload, headers=officer.headers)
    assert 400 <= r.status_code < 500 or r.status_code == 201
    if r.status_code != 201:
        assert set(r.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("path, body", [
    ("/auth/login", {"login": "ab\u0000c", "password": "x"}),
    ("/officer/taxpayers", {"tin": "1", "kind": "individual", "name": "a\u0000", "address": "b", "registered_on": "2020-01-01"}),
])
def test_nul_characters_are_refused_everywhere(client, officer, path, body):
    # PostgreSQL cannot store NUL; the request must end in a 422, never reach the database.
    r = client.post(f"{API}{path}", json=body, headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"
    r = client.get(f"{API}/officer/taxpayers", params={"q": "a\u0000b"}, headers=officer.headers)
    assert r.status_code == 200
