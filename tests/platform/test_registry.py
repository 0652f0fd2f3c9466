"""The taxpayer register and credentials (TC art. 95-99, 97; Offer 3.3; contract §3 Officer side)."""

import pytest
from sqlalchemy import select

from conftest import API, new_tin


def body(**over):
    return {"tin": new_tin(), "kind": "individual", "name": "Токтосунов Азамат", "address": "Бишкек ш.", "registered_on": "2019-05-20"} | over


def test_register_returns_the_taxpayer(client, officer):
    b = body()
    r = client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers)
    assert r.status_code == 201
    out = r.json()
    assert {k: out[k] for k in ("tin", "kind", "name", "address", "registered_on")} == b
    assert out["status"] == "active"


@pytest.mark.parametrize("tin", ["123", "1290519900012x", "32905199000123", "13202199000123", "129051990001234", ""])
def test_invalid_tin(client, officer, tin):
    r = client.post(f"{API}/officer/taxpayers", json=body(tin=tin), headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_TIN"


def test_tin_must_fit_the_kind(client, officer):
    r = client.post(f"{API}/officer/taxpayers", json=body(tin=new_tin("individual"), kind="organization"), headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_TIN"
    r = client.post(f"{API}/officer/taxpayers", json=body(tin=new_tin("organization"), kind="organization"), headers=officer.headers)
    assert r.status_code == 201


def test_existing_tin_conflicts(client, officer):
    b = body()
    assert client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers).status_code == 201
    r = client.post(f"{API}/officer/taxpayers", json=b | {"name": "Other"}, headers=officer.headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "TAXPAYER_EXISTS"


@pytest.mark.parametrize("password", ["short1", "onlyletterslong", "1234567890123", "qwerty12345", "aaaaaaaaaa11"])
def test_weak_passwords_are_refused(client, officer, password):
    b = body()
    client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers)
    r = client.post(f"{API}/officer/taxpayers/{b['tin']}/credentials", json={"password": password}, headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "WEAK_PASSWORD"


def test_password_containing_the_tin_is_weak(client, officer):
    b = body()
    client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers)
    r = client.post(f"{API}/officer/taxpayers/{b['tin']}/credentials", json={"password": "x" + b["tin"]}, headers=officer.headers)
    assert r.json()["error"]["code"] == "WEAK_PASSWORD"


def test_credentials_for_unknown_taxpayer(client, officer):
    r = client.post(f"{API}/officer/taxpayers/{new_tin()}/credentials", json={"password": "Strong-pass-2024"}, headers=officer.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "TAXPAYER_NOT_FOUND"


def test_password_is_stored_as_argon2id(client, officer, runtime, taxpayer):
    from salyk.db.models.registry import Taxpayer, TaxpayerCredential

    with runtime.db.transaction() as s:
        stored = s.scalar(select(TaxpayerCredential.password_hash).join(Taxpayer).where(Taxpayer.tin == taxpayer.login))
    assert stored.startswith("$argon2id$") and taxpayer.password not in stored


def test_officer_reads_and_changes_are_audited(client, officer, runtime, taxpayer):
    from salyk.db.models.registry import Taxpayer
    from salyk.kernel.models import AuditEntry

    assert client.get(f"{API}/officer/taxpayers/{taxpayer.login}", headers=officer.headers).status_code == 200
    with runtime.db.transaction() as s:
        tp = s.scalar(select(Taxpayer).where(Taxpayer.tin == taxpayer.login))
        rows = s.execute(select(AuditEntry.action, AuditEntry.actor).where(AuditEntry.taxpayer_id == tp.id)).all()
    actions = [(a, who) for a, who in rows]
    assert ("taxpayer.register", officer.login) in actions
    assert ("taxpayer.credentials.issue", officer.login) in actions
    assert ("taxpayer.read", officer.login) in actions


def test_audit_log_is_append_only(runtime):
    import sqlalchemy as sa
    from sqlalchemy.exc import DatabaseError

    with pytest.raises(DatabaseError):
        with runtime.db.transaction() as s:
            s.execute(sa.text("UPDATE audit_log SET action = 'x'"))
    with pytest.raises(DatabaseError):
        with runtime.db.transaction() as s:
            s.execute(sa.text("DELETE FROM audit_log"))


def test_officer_search(client, officer):
    b = body(name="Уникалдуу Аты Жону")
    client.post(f"{API}/officer/taxpayers", json=b, headers=officer.headers)
    r = client.get(f"{API}/officer/taxpayers", params={"q": "Уникалдуу"}, headers=officer.headers)
    assert [t["tin"] for t in r.json()["taxpayers"]] == [b["tin"]]
    r = client.get(f"{API}/officer/taxpayers", params={"q": "%' OR 1=1 --"}, headers=officer.headers)
    assert r.status_code == 200 and r.json()["taxpayers"] == []


def test_me_shows_own_card(client, taxpayer):
    r = client.get(f"{API}/me", headers=taxpayer.headers)
    assert r.status_code == 200
    assert r.json()["tin"] == taxpayer.login and r.json()["kind"] == "individual"
