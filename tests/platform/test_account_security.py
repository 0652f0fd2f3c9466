"""The taxpayer's own password and sessions (issue 11 item 7; Offer 5.7, 7.5).

``POST /me/password`` ``{"current_password", "new_password"}`` → 204; wrong current → 422
``WRONG_PASSWORD``; weak new → 422 ``WEAK_PASSWORD`` (the issuing rule: at least 10 characters,
letters and digits, not the login, not a common word); afterwards every OTHER token of the account
answers 401, the one used keeps working, the old password no longer logs in. A wrong current
password is a counted attempt like a wrong login: the fifth locks the login (Offer 7.5, 423
``ACCOUNT_LOCKED``), so the endpoint cannot be used to guess passwords.
"""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import API, login, new_tin, register_taxpayer
from counting_passwords import counting_runtime
from web_support import PASSWORD, make_taxpayer
from salyk.api.app import create_app
from salyk.kernel.principal import StaffPrincipal
from salyk.registry import account_security, accounts
from salyk.registry.officers import ensure_officer

NEW = "Tomorrow-2025-kg"


def _change(client, account, current, new, **headers):
    return client.post(f"{API}/me/password", json={"current_password": current, "new_password": new}, headers=account.headers | headers)


def test_change_keeps_this_session_and_ends_every_other(client, officer):
    tp = register_taxpayer(client, officer)
    phone = login(client, tp.login, tp.password)  # a second session of the same account
    other = register_taxpayer(client, officer)  # someone else's session must not be touched

    r = _change(client, tp, tp.password, NEW)
    assert r.status_code == 204, r.text
    assert r.content == b""

    assert client.get(f"{API}/me/balance", headers=tp.headers).status_code == 200  # the token used keeps working
    assert client.get(f"{API}/me", headers=phone.headers).status_code == 401  # the other one is revoked
    assert client.get(f"{API}/me", headers=other.headers).status_code == 200
    bad = client.post(f"{API}/auth/login", json={"login": tp.login, "password": tp.password})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "INVALID_CREDENTIALS"
    assert login(client, tp.login, NEW).token


def test_wrong_current_password_is_422_in_the_users_language(client, officer):
    tp = register_taxpayer(client, officer)
    r = _change(client, tp, "Not-my-pass-2024", NEW, **{"Accept-Language": "ru"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "WRONG_PASSWORD"
    assert error["message"] == "Текущий пароль неверен."
    # Nothing changed: the password still logs in and the session still works.
    assert client.get(f"{API}/me", headers=tp.headers).status_code == 200
    assert login(client, tp.login, tp.password).token


@pytest.mark.parametrize("weak, problem", [
    ("short1", "too_short"),  # 6 characters < 10
    ("onlyletters-here", "needs_letters_and_digits"),
    ("1234567890", "common"),
])
def test_weak_new_password_is_refused_with_the_issuing_rule(client, officer, weak, problem):
    tp = register_taxpayer(client, officer)
    r = _change(client, tp, tp.password, weak, **{"Accept-Language": "ky"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "WEAK_PASSWORD" and problem in error["details"]["problems"]
    assert "10" in error["message"] and "Password" not in error["message"]
    assert login(client, tp.login, tp.password).token  # unchanged


def test_new_password_containing_the_tin_is_weak(client, officer):
    tp = register_taxpayer(client, officer)
    r = _change(client, tp, tp.password, f"x{tp.login}")
    assert r.status_code == 422 and "contains_login" in r.json()["error"]["details"]["problems"]


def test_same_password_again_is_refused(client, officer):
    tp = register_taxpayer(client, officer)
    r = _change(client, tp, tp.password, tp.password)
    assert r.status_code == 422 and r.json()["error"]["code"] == "SAME_PASSWORD"


def test_wrong_current_passwords_count_toward_the_login_lock_out(client, officer):
    """Four wrong current passwords and one wrong login are the five failures of Offer 7.5: the
    right password then answers 423 on login and on the change alike."""
    tp = register_taxpayer(client, officer)
    for _ in range(4):
        assert _change(client, tp, "Guess-pass-0000", NEW).json()["error"]["code"] == "WRONG_PASSWORD"
    assert client.post(f"{API}/auth/login", json={"login": tp.login, "password": "Guess-pass-0001"}).status_code == 401
    locked = client.post(f"{API}/auth/login", json={"login": tp.login, "password": tp.password})
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "ACCOUNT_LOCKED"
    again = _change(client, tp, tp.password, NEW)
    assert again.status_code == 423 and again.json()["error"]["code"] == "ACCOUNT_LOCKED"


def test_weak_new_passwords_spend_no_attempt(client, officer):
    """The strength rule is checked before any password is: six weak requests lock nothing."""
    tp = register_taxpayer(client, officer)
    for _ in range(6):
        assert _change(client, tp, "Guess-pass-0000", "weak").json()["error"]["code"] == "WEAK_PASSWORD"
    assert login(client, tp.login, tp.password).token


def test_a_right_change_takes_its_attempt_back(client, officer):
    """Four wrong, then a right change: the count starts again, so four more wrong logins and the
    new password still logs in (4 < 5)."""
    tp = register_taxpayer(client, officer)
    for _ in range(4):
        _change(client, tp, "Guess-pass-0000", NEW)
    assert _change(client, tp, tp.password, NEW).status_code == 204
    for _ in range(4):
        assert client.post(f"{API}/auth/login", json={"login": tp.login, "password": "Guess-pass-0002"}).status_code == 401
    assert login(client, tp.login, NEW).token


def test_parallel_wrong_current_passwords_get_five_checked(runtime):
    """Twelve guesses at once through the change endpoint: the claim is taken under the lock-out
    rows before argon2 runs, so five are checked (422) and seven refused unchecked (423)."""
    rt = counting_runtime(runtime)
    tin = make_taxpayer(rt, new_tin(), accept=True)
    with TestClient(create_app(rt), base_url="http://testserver") as client:
        account = login(client, tin, PASSWORD)
        before = rt.passwords.checked
        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(lambda i: _change(client, account, f"Guess-pass-{i:04d}", NEW), range(12)))
    codes = sorted(r.json()["error"]["code"] for r in answers)
    assert codes == ["ACCOUNT_LOCKED"] * 7 + ["WRONG_PASSWORD"] * 5
    assert rt.passwords.checked - before == 5


def test_before_the_offer_is_accepted_the_change_is_403(client, officer):
    """The contract's offer gate: every /me/... endpoint but GET /me answers 403 OFFER_NOT_ACCEPTED."""
    tp = register_taxpayer(client, officer, accept=False)
    r = _change(client, tp, tp.password, NEW)
    assert r.status_code == 403 and r.json()["error"]["code"] == "OFFER_NOT_ACCEPTED"
    assert client.get(f"{API}/me/sessions", headers=tp.headers).status_code == 403


def test_body_must_name_both_passwords(client, taxpayer):
    r = client.post(f"{API}/me/password", json={"new_password": NEW}, headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"
    r = client.post(f"{API}/me/password", json={"current_password": taxpayer.password, "new_password": NEW, "extra": 1}, headers=taxpayer.headers)
    assert r.status_code == 422
    assert client.post(f"{API}/me/password", json={"current_password": "x", "new_password": NEW}).status_code == 401


def test_sessions_list_marks_this_one_and_revokes_another(client, officer):
    tp = register_taxpayer(client, officer)
    phone = login(client, tp.login, tp.password)
    r = client.get(f"{API}/me/sessions", headers=tp.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 2 and len(body["sessions"]) == 2
    mine = [s for s in body["sessions"] if s["current"]]
    others = [s for s in body["sessions"] if not s["current"]]
    assert len(mine) == 1 and len(others) == 1
    # Tokens live settings.token_ttl from login: expires - created is that span.
    import datetime as dt

    created, expires = dt.datetime.fromisoformat(mine[0]["created_at"]), dt.datetime.fromisoformat(mine[0]["expires_at"])
    assert expires - created == client.app.state.runtime.settings.token_ttl
    assert tp.token not in r.text and accounts.token_digest(tp.token) not in r.text  # never the token nor its digest

    # The phone sees the same two sessions, with itself as the current one.
    seen = client.get(f"{API}/me/sessions", headers=phone.headers).json()
    assert {s["id"] for s in seen["sessions"]} == {s["id"] for s in body["sessions"]}
    assert [s["id"] for s in seen["sessions"] if s["current"]] == [others[0]["id"]]

    assert client.post(f"{API}/me/sessions/{others[0]['id']}/revocation", headers=tp.headers).status_code == 204
    assert client.get(f"{API}/me", headers=phone.headers).status_code == 401
    assert client.get(f"{API}/me/sessions", headers=tp.headers).json()["total"] == 1
    gone = client.post(f"{API}/me/sessions/{others[0]['id']}/revocation", headers=tp.headers)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "SESSION_NOT_FOUND"


def test_another_taxpayers_session_is_404(client, officer):
    a, b = register_taxpayer(client, officer), register_taxpayer(client, officer)
    theirs = client.get(f"{API}/me/sessions", headers=b.headers).json()["sessions"][0]["id"]
    r = client.post(f"{API}/me/sessions/{theirs}/revocation", headers=a.headers)
    assert r.status_code == 404
    assert client.get(f"{API}/me", headers=b.headers).status_code == 200
    for junk in ("zz", "0" * 24, "../../x", "A" * 64):
        assert client.post(f"{API}/me/sessions/{junk}/revocation", headers=a.headers).status_code == 404


def test_logout_and_change_leave_no_session_listed(client, officer):
    tp = register_taxpayer(client, officer)
    spare = login(client, tp.login, tp.password)
    assert client.post(f"{API}/auth/logout", headers=spare.headers).status_code == 204
    assert client.get(f"{API}/me/sessions", headers=tp.headers).json()["total"] == 1


def test_an_officer_changes_their_own_password(runtime):
    """The same service for tax-office users (the web page /officer/account uses it)."""
    name = f"acct-{__import__('uuid').uuid4().hex[:8]}"
    officer, _ = ensure_officer(runtime, name, "Officer-pass-2024x", "officer")
    first = accounts.login(runtime, name, "Officer-pass-2024x")
    second = accounts.login(runtime, name, "Officer-pass-2024x")
    principal = StaffPrincipal("officer", name, officer_id=officer.id)
    account_security.change_password(runtime, principal, "Officer-pass-2024x", "Officer-new-2025y", token=first.token, address="t")
    assert accounts.authenticate(runtime, first.token) == principal
    with pytest.raises(Exception) as caught:
        accounts.authenticate(runtime, second.token)
    assert getattr(caught.value, "code", None) == "UNAUTHORIZED"
    assert accounts.login(runtime, name, "Officer-new-2025y").token


def test_the_owner_is_told_of_the_change_in_the_cabinet(client, officer):
    """A change the owner did not make must show: a notice in the inbox (and by e-mail when one is
    confirmed), in the reader's language."""
    from salyk.kernel.worker import Worker
    from salyk.modules import outbox_handlers

    tp = register_taxpayer(client, officer)
    assert _change(client, tp, tp.password, NEW).status_code == 204
    Worker(client.app.state.runtime, outbox_handlers()).run_once()
    notices = client.get(f"{API}/me/notices", headers=tp.headers | {"Accept-Language": "ru"}).json()["notices"]
    mine = [n for n in notices if n["kind"] == "password_changed"]
    assert len(mine) == 1 and mine[0]["title"] == "Ваш пароль изменён"
