"""No 500 for any input (issue 9 defect 4 (a)-(c)); the contract: 4xx with the error envelope,
never a 500, and a refused request writes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from conftest import API, new_tin
from salyk.api.routers.auth import LoginIn
from salyk.db.models.registry import Taxpayer
from salyk.kernel.errors import ValidationFailed
from salyk.kernel.principal import StaffPrincipal
from salyk.registry import taxpayers
from salyk.registry.officers import ensure_officer


def _nested(depth: int, leaf=1):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def test_deep_json_is_refused_before_it_is_walked():
    # Built in Python, 5,000 levels: the old recursive NUL scan died with RecursionError (a 500).
    with pytest.raises(ValidationError) as caught:
        LoginIn.model_validate({"login": "x", "password": "y", "extra": _nested(5000)})
    assert "nested deeper than 32" in str(caught.value)
    LoginIn.model_validate({"login": "x", "password": "y"})  # flat bodies still pass


@pytest.mark.parametrize("depth", [40, 313, 950, 5000, 100_000])
@pytest.mark.parametrize("path", ["/auth/login", "/me/cloud-signature/sign", "/officer/payments"])
def test_deep_json_over_http_is_a_4xx(client, officer, path, depth):
    body = '{"login":"a","password":"b","pin":"4917","document":' + '{"a":' * depth + "1" + "}" * depth + "}"
    r = client.post(f"{API}{path}", content=body, headers=officer.headers | {"content-type": "application/json"})
    assert 400 <= r.status_code < 500 and "error" in r.json(), (depth, r.status_code)


@pytest.mark.parametrize("query", [
    "from=0001-01-01&to=0001-12-31", "from=9999-12-31", "to=9999-12-31", "from=1990-12-31", "from=2200-01-01",
])
def test_obligation_dates_out_of_range_are_422(client, taxpayer, query):
    r = client.get(f"{API}/me/obligations?{query}", headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR", r.text


def test_one_date_parser_for_every_face(client, officer, taxpayer):
    assert client.get(f"{API}/me/balance", params={"as_of": "9999-12-31"}, headers=taxpayer.headers).status_code == 422
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
        "tin": taxpayer.login, "tax": "vat", "amount": "1.00", "due_date": "0001-01-01", "period": "2024-01", "reference": "x-1"})
    assert r.status_code == 422
    # 1 January 1991 .. 31 December 2199 are dates; the day before and the day after are not.
    assert client.get(f"{API}/me/obligations?from=1991-01-01&to=1991-12-31", headers=taxpayer.headers).status_code == 200


def test_nul_never_reaches_the_database_from_any_face(runtime):
    """The unit of work refuses it (SQLite would store it, PostgreSQL answered 500)."""
    officer, _ = ensure_officer(runtime, "nul-guard", "officer-pass-1234", "officer")
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    tin = new_tin()
    with pytest.raises(ValidationFailed) as caught:
        taxpayers.register(runtime, actor, taxpayers.NewTaxpayer(tin, "individual", "Name\x00", "Bishkek", dt.date(2015, 1, 1)))
    assert caught.value.code == "VALIDATION_ERROR" and caught.value.details == {"field": "name", "reason": "control_characters"}
    with runtime.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Taxpayer).where(Taxpayer.tin == tin)) == 0
