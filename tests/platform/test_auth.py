"""Login, lock-out, tokens and roles (contract §3 Auth; Offer 3.3, 5.2, 7.5)."""

import datetime as dt

from conftest import API, at_date, login, new_tin, register_taxpayer


def test_login_answers_token_role_and_offer_state(client, officer):
    account = register_taxpayer(client, officer, accept=False)
    r = client.post(f"{API}/auth/login", json={"login": account.login, "password": account.password})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["role"] == "taxpayer" and body["access_token"]
    assert body["offer"] == {"version": client.get(f"{API}/offer").json()["version"], "accepted": False}


def test_officer_login_role(client, officer):
    r = client.post(f"{API}/auth/login", json={"login": officer.login, "password": officer.password})
    assert r.json()["role"] == "officer"


def test_wrong_password_and_unknown_login_get_the_same_answer(client, taxpayer):
    wrong = client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "not-the-password-1"})
    unknown = client.post(f"{API}/auth/login", json={"login": new_tin(), "password": "not-the-password-1"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"


def test_five_failures_lock_the_login_even_for_the_right_password(client, runtime, taxpayer):
    for _ in range(5):
        assert client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "wrong-password-1"}).status_code == 401
    r = client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": taxpayer.password})
    assert r.status_code == 423 and r.json()["error"]["code"] == "ACCOUNT_LOCKED"


def test_unknown_logins_lock_too_so_the_lock_reveals_nothing(client):
    ghost = new_tin()
    codes = [client.post(f"{API}/auth/login", json={"login": ghost, "password": "wrong-password-1"}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [423]


def test_lock_lifts_after_fifteen_minutes(client, runtime, taxpayer):
    from salyk.registry import accounts

    for _ in range(5):
        client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "wrong-password-1"})
    # The same database seen the next day: the 15-minute lock has run out.
    tomorrow = at_date(runtime, runtime.today() + dt.timedelta(days=1))
    assert accounts.login(tomorrow, taxpayer.login, taxpayer.password).principal.login == taxpayer.login


def test_success_resets_the_failure_count(client, taxpayer):
    for _ in range(4):
        client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "wrong-password-1"})
    login(client, taxpayer.login, taxpayer.password)
    for _ in range(4):
        assert client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "wrong-password-1"}).status_code == 401
    login(client, taxpayer.login, taxpayer.password)


def test_logout_kills_the_token(client, taxpayer):
    assert client.get(f"{API}/me", headers=taxpayer.headers).status_code == 200
    assert client.post(f"{API}/auth/logout", headers=taxpayer.headers).status_code == 204
    r = client.get(f"{API}/me", headers=taxpayer.headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"


def test_tokens_expire(client, runtime, taxpayer):
    from salyk.registry import accounts
    from salyk.kernel.errors import Unauthorized
    import pytest

    later = at_date(runtime, runtime.today() + dt.timedelta(days=2))
    with pytest.raises(Unauthorized):
        accounts.authenticate(later, taxpayer.token)


def test_password_reset_revokes_old_sessions(client, officer, taxpayer):
    r = client.post(f"{API}/officer/taxpayers/{taxpayer.login}/credentials", json={"password": "Another-pass-2025"}, headers=officer.headers)
    assert r.status_code == 201 and r.json() == {"login": taxpayer.login}
    assert client.get(f"{API}/me", headers=taxpayer.headers).status_code == 401
    login(client, taxpayer.login, "Another-pass-2025")


def test_missing_or_garbage_token(client):
    assert client.get(f"{API}/me").status_code == 401
    assert client.get(f"{API}/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get(f"{API}/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_roles_are_enforced(client, officer, taxpayer):
    r = client.post(f"{API}/officer/taxpayers", json={"tin": new_tin(), "kind": "individual", "name": "x", "address": "y", "registered_on": "2020-01-01"}, headers=taxpayer.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    r = client.get(f"{API}/me", headers=officer.headers)
    assert r.status_code == 403
    r = client.post(f"{API}/officer/staff", json={"login": "x-new", "password": "long-enough-1"}, headers=officer.headers)
    assert r.status_code == 403  # only an admin creates staff


def test_admin_creates_staff(client, admin):
    r = client.post(f"{API}/officer/staff", json={"login": f"staff-{new_tin()[-5:]}", "password": "long-enough-1", "role": "officer"}, headers=admin.headers)
    assert r.status_code == 201 and r.json()["role"] == "officer"


def test_removed_taxpayer_cannot_log_in(client, officer, taxpayer):
    r = client.post(f"{API}/officer/taxpayers/{taxpayer.login}/removal", json={"removed_on": "2025-03-01"}, headers=officer.headers)
    assert r.status_code == 200 and r.json()["status"] == "removed"
    assert client.get(f"{API}/me", headers=taxpayer.headers).status_code == 401
    r = client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": taxpayer.password})
    assert r.status_code == 401
