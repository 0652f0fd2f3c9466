"""The web cabinet's part of issue 9: no text with NUL from any form (PostgreSQL answered 500)
and the security headers on every HTML answer."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from conftest import new_tin
from salyk.db.models.ledger import WriteOff
from salyk.kernel.principal import SystemPrincipal, TaxpayerPrincipal
from salyk.ledger import deferrals, refunds
from salyk.ledger.charges import post_charge
from salyk.ledger.payments import PaymentIn, import_payments
from salyk.registry.taxpayers import find
from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, web_login


def test_nul_in_officer_web_forms_is_refused_and_nothing_is_written(runtime, client):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    with runtime.db.transaction() as s:
        tp = find(s, tin).id
        post_charge(s, taxpayer_id=tp, tax="vat", amount=500, due_date=dt.date(2016, 2, 22), period="2016-01", source="test",
                    reference=f"nul-{tin}", recorded_at=runtime.now(), citation="TC art. 82")
    officer, password = make_officer(runtime)
    web_login(client, officer, password)
    page = client.get("/officer/ledger", params={"tin": tin})
    item = re.search(r'name="items" value="(\d+)"', page.text).group(1)
    form = {"csrf": csrf_of(page.text), "tin": tin, "tax": "vat", "ground": "limitation", "act_reference": "act\x007",
            "evidence": "limitation period ended 31 Jan 2022", "items": [item], "confirmed": "yes"}
    r = client.post("/officer/ledger/write-off", data=form)
    assert r.status_code == 422, r.status_code
    with runtime.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(WriteOff).where(WriteOff.taxpayer_id == tp)) == 0
    # A refund and a deferral application to decide: the reasons carry a NUL.
    tin = make_taxpayer(runtime, new_tin(), accept=True)  # another taxpayer, with no old debt
    with runtime.db.transaction() as s:
        tp = find(s, tin).id
    me = TaxpayerPrincipal(tin, tp)
    import_payments(runtime, SystemPrincipal("test:nul"), [PaymentIn(f"nul-{tin}", tin, "land_tax", "300.00", (runtime.today() - dt.timedelta(days=3)).isoformat())])
    refund = refunds.apply(runtime, me, kind="refund", tax="land_tax", amount="300.00")
    post_charge_today = runtime.today() - dt.timedelta(days=20)
    with runtime.db.transaction() as s:
        post_charge(s, taxpayer_id=tp, tax="vat", amount=50000, due_date=post_charge_today, period="2024-01", source="test",
                    reference=f"nul-d-{tin}", recorded_at=runtime.now(), citation="TC art. 82")
    deferral = deferrals.apply(runtime, me, tax="vat", amount="50000.00", ground="financial_position", bank_guarantee=True,
                               start=runtime.today(), end=runtime.today() + dt.timedelta(days=100))
    page = client.get("/officer/ledger/refunds")
    r = client.post("/officer/ledger/refunds", data={"csrf": csrf_of(page.text), "id": str(refund.id), "action": "reject", "reason": "no\x00", "confirmed": "yes"})
    assert r.status_code == 422
    page = client.get("/officer/ledger/deferrals")
    r = client.post("/officer/ledger/deferrals", data={"csrf": csrf_of(page.text), "id": str(deferral.id), "action": "refuse", "reason": "no\x00", "confirmed": "yes"})
    assert r.status_code == 422
    # Nothing was decided: both still wait for a decision.
    assert refunds.my_applications(runtime, me)[0].status == "received"
    assert deferrals.my_applications(runtime, me)[0].status == "received"


# --- headers and cookies (issue 9 defect 5) ----------------------------------------------------


def test_session_cookie_is_secure_by_default(runtime):
    import dataclasses

    from fastapi.testclient import TestClient

    from salyk.api.app import create_app
    from salyk.kernel.config import Settings
    from salyk.kernel.runtime import Runtime

    assert Settings().secure_cookies is True
    assert Settings.from_env({"SALYK_SECRET_KEY": "k"}).secure_cookies is True
    assert Settings.from_env({"SALYK_SECRET_KEY": "k", "SALYK_SECURE_COOKIES": "0"}).secure_cookies is False
    rt = Runtime(dataclasses.replace(runtime.settings, secure_cookies=Settings().secure_cookies), runtime.db)
    name, password = make_officer(rt)
    with TestClient(create_app(rt), base_url="https://testserver") as c:  # Secure cookies come back over TLS only
        page = c.get("/login")
        r = c.post("/login", data={"login": name, "password": password, "csrf": csrf_of(page.text)}, follow_redirects=False)
    session = [h for h in r.headers.get_list("set-cookie") if h.startswith("salyk_session=")]
    assert r.status_code == 303 and session and "secure" in session[0].lower() and "httponly" in session[0].lower()


def test_hsts_only_over_tls_and_only_when_set(runtime):
    import dataclasses

    from fastapi.testclient import TestClient

    from salyk.api.app import create_app
    from salyk.kernel.runtime import Runtime

    rt = Runtime(dataclasses.replace(runtime.settings, hsts_seconds=31536000), runtime.db)
    with TestClient(create_app(rt), base_url="https://testserver") as c:
        assert c.get("/login").headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    with TestClient(create_app(rt), base_url="http://testserver") as c:
        assert "strict-transport-security" not in c.get("/login").headers
    with TestClient(create_app(runtime), base_url="https://testserver") as c:  # the default: 0, none
        assert "strict-transport-security" not in c.get("/login").headers


def test_api_answers_are_never_cached_or_sniffed(client, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    from conftest import login

    account = login(client, tin, PASSWORD)
    for r in (client.get("/api/v1/me/balance", headers=account.headers), client.get("/api/v1/offer"),
              client.get("/api/v1/me/balance"), client.post("/api/v1/auth/login", json={"login": "x", "password": "y"})):
        assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff", r.url


def test_every_html_answer_has_frame_and_script_protection(client):
    for r in (client.get("/", follow_redirects=False), client.get("/no-such-page"), client.get("/login"),
              client.get("/api/v1/docs"), client.get("/lang/ru", follow_redirects=False)):
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], r.url
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", follow_redirects=False).status_code in (302, 303, 307)


def test_pdfs_are_never_cached():
    import asyncio

    from salyk.api.middleware import SecurityHeaders

    async def pdf_app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/pdf")]})
        await send({"type": "http.response.body", "body": b"%PDF-1.4"})

    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeaders(pdf_app)({"type": "http", "path": "/declarations/x.pdf", "scheme": "http"}, None, send))
    headers = dict(sent[0]["headers"])
    assert headers[b"cache-control"] == b"no-store" and headers[b"x-content-type-options"] == b"nosniff"
