"""The services speak through the inbox (Offer 6.2, 7.1): refund, offset and deferral decisions,
a new offer version to every taxpayer (fanned out by the worker in batches), reminders sent
once; e-mail alerts through a local SMTP sink carry no amounts; the access log (TC art. 54)."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from email import message_from_bytes, policy

import pytest

from conftest import API, login, register_taxpayer
from notices_support import issue, run_worker
from salyk.kernel.runtime import Runtime


def _kinds(client, account):
    return [n["kind"] for n in client.get(f"{API}/me/notices", headers=account.headers).json()["notices"]]


def test_refund_and_offset_decisions_tell_the_taxpayer(client, runtime, officer, taxpayer):
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"b-{uuid.uuid4().hex[:10]}", "tin": taxpayer.login, "tax": "vat", "amount": "5000.00", "paid_on": "2025-03-01"}]})
    assert r.status_code == 200, r.text
    refund = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "vat", "amount": "1000.00"}).json()
    offset = client.post(f"{API}/me/refunds", headers=taxpayer.headers,
                         json={"kind": "offset", "tax": "vat", "to_tax": "profit_tax", "amount": "500.00"}).json()
    for application in (refund, offset):
        r = client.post(f"{API}/officer/refunds/{application['id']}/decision", headers=officer.headers, json={"approve": True})
        assert r.status_code == 200, r.text
    run_worker(runtime)
    assert sorted(_kinds(client, taxpayer)) == ["offset_made", "refund_decided"]
    body = client.get(f"{API}/me/notices?kind=refund_decided", headers=taxpayer.headers | {"Accept-Language": "ru"}).json()
    full = client.get(f"{API}/me/notices/{body['notices'][0]['id']}", headers=taxpayer.headers | {"Accept-Language": "ru"}).json()
    assert "1\xa0000,00 сом" in full["body"]


def test_a_refused_deferral_tells_the_taxpayer(client, runtime, officer, taxpayer):
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
        "tin": taxpayer.login, "tax": "vat", "amount": "20000.00", "due_date": "2025-03-10", "period": "2024", "reference": f"a-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    a = client.post(f"{API}/me/deferrals", headers=taxpayer.headers, json={
        "tax": "vat", "amount": "20000.00", "ground": "financial_position", "start": "2025-03-15", "end": "2025-06-15", "bank_guarantee": True})
    assert a.status_code == 201, a.text
    r = client.post(f"{API}/officer/deferrals/{a.json()['id']}/decision", headers=officer.headers, json={"grant": False, "reason": "no ground"})
    assert r.status_code == 200, r.text
    run_worker(runtime)
    assert _kinds(client, taxpayer) == ["deferral_decided"]


def test_a_new_offer_reaches_every_taxpayer_once_in_batches(fresh_runtime, monkeypatch):
    from fastapi.testclient import TestClient

    from salyk.api.app import create_app
    from salyk.notices import hooks
    from salyk.registry.officers import ensure_officer

    monkeypatch.setattr(hooks, "BATCH", 2)  # three taxpayers: two outbox rows of fan-out
    with TestClient(create_app(fresh_runtime)) as c:
        ensure_officer(fresh_runtime, "adm-offer", "admin-pass-1234", "admin")
        adm = login(c, "adm-offer", "admin-pass-1234")
        people = [register_taxpayer(c, adm) for _ in range(3)]
        r = c.post(f"{API}/officer/offers", headers=adm.headers, json={"version": "2025-04", "effective_from": "2025-04-01",
                                                                       "text": {"ky": "Жаңы оферта", "ru": "Новая оферта"}})
        assert r.status_code == 201, r.text
        run_worker(fresh_runtime)
        run_worker(fresh_runtime)
        for person in people:
            notices = c.get(f"{API}/me/notices", headers=person.headers)
            # the new version is not in force until 1 April, so the cabinet stays open
            assert notices.status_code == 200, notices.text
            assert [n["kind"] for n in notices.json()["notices"]] == ["offer_changed"]


def test_reminders_are_sent_once_per_taxpayer_subject_and_day(client, runtime, officer, taxpayer):
    from salyk.notices.reminders import remind

    # Today is Fri 14 Mar 2025; reminders go 3 days before (Mon 17 Mar) and the day before.
    d = issue(client, officer, taxpayer.login, tax="vat", period="2024", amount="100.00", deadline="2025-03-17")
    remind(runtime)
    run_worker(runtime)
    assert _kinds(client, taxpayer).count("deadline_soon") == 0  # not delivered: no clock, no reminder
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)
    remind(runtime)
    remind(runtime)
    run_worker(runtime)
    assert _kinds(client, taxpayer).count("deadline_soon") == 1


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    from browser_support import free_port

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, f"smtp://127.0.0.1:{controller.port}"
    controller.stop()


def test_email_is_confirmed_then_alerts_carry_no_amounts(runtime, officer, taxpayer, smtp_sink):
    from fastapi.testclient import TestClient

    from salyk.api.app import create_app

    sink, url = smtp_sink
    rt = Runtime(replace(runtime.settings, smtp_url=url), runtime.db)
    with TestClient(create_app(rt)) as c:
        r = c.put(f"{API}/me/email", headers=taxpayer.headers, json={"address": "aibek@example.kg"})
        assert r.status_code == 200 and r.json() == {"address": "aibek@example.kg", "confirmed": False, "confirmed_at": None}
        run_worker(rt)
        [mail] = [m for m in sink.messages if m["To"] == "aibek@example.kg"]
        code = re.search(r"\b([0-9]{6})\b", mail.get_content()).group(1)
        wrong = c.post(f"{API}/me/email/confirmation", headers=taxpayer.headers, json={"code": "000000" if code != "000000" else "111111"})
        assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "EMAIL_CODE_WRONG"
        assert c.post(f"{API}/me/email/confirmation", headers=taxpayer.headers, json={"code": code}).json()["confirmed"] is True

        issue(c, officer, taxpayer.login, tax="vat", period="2024", amount="98765.43", deadline="2025-04-30")
        run_worker(rt)  # the inbox row, then the mail
        run_worker(rt)
        alerts = [m for m in sink.messages if m["To"] == "aibek@example.kg"][1:]
        assert len(alerts) == 1
        text = alerts[0].get_content()
        assert "98765" not in text and "98\xa0765" not in text and "http" not in text and "TD-" not in text
        assert "Salyk" in alerts[0]["Subject"]


def test_the_access_log_shows_role_object_and_reason_not_the_name(client, officer, taxpayer):
    r = client.get(f"{API}/officer/taxpayers/{taxpayer.login}/balance", headers=officer.headers | {"X-Access-Reason": "audit"})
    assert r.status_code == 200
    client.get(f"{API}/officer/taxpayers/{taxpayer.login}/payments", headers=officer.headers | {"X-Access-Reason": "gossip"})
    log = client.get(f"{API}/me/access-log", headers=taxpayer.headers)
    assert log.status_code == 200
    entries = log.json()["entries"]
    [read] = [e for e in entries if e["action"] == "ledger.balance.read"]
    assert {"role": "officer", "object": "account", "reason": "audit"}.items() <= read.items()
    assert any(e["action"] == "taxpayer.register" and e["object"] == "registration" for e in entries)
    assert any(e["action"] == "ledger.payments.read" and e["reason"] is None for e in entries)  # not on the list: ignored
    assert officer.login not in log.text
    assert client.get(f"{API}/me/access-log?from=2025-03-15&to=2025-03-20", headers=taxpayer.headers).json() == {"entries": []}
    assert client.get(f"{API}/me/access-log?from=2025-03-20&to=2025-03-15", headers=taxpayer.headers).status_code == 422
