"""The cabinet inbox (Offer 6.2, 7.1): a notice queued in a service's transaction reaches the inbox
through the worker; the body is in the reader's language; reading marks it read; another
taxpayer's notice is 404 (TC art. 54)."""

from __future__ import annotations

from conftest import API, register_taxpayer
from notices_support import run_worker
from salyk.kernel.notify import notify
from salyk.registry.taxpayers import find


def _notify(runtime, tin, **over):
    with runtime.db.transaction() as session:
        taxpayer_id = find(session, tin).id
        fields = dict(kind="refund_decided", title="Your refund application is approved",
                      body="Decision No. {number}: the refund of {amount} is approved (TC art. 81).",
                      params={"number": "R-2025-000001", "amount": "1234567.50"}, related={"type": "refund", "id": 7})
        notify(session, taxpayer_id=taxpayer_id, now=runtime.now(), **(fields | over))


def test_a_notice_reaches_the_inbox_only_after_the_worker_and_reads_in_each_language(client, runtime, officer, taxpayer):
    _notify(runtime, taxpayer.login)
    assert client.get(f"{API}/me/notices", headers=taxpayer.headers).json() == {"unread": 0, "notices": []}
    assert run_worker(runtime) >= 1
    r = client.get(f"{API}/me/notices", headers=taxpayer.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["unread"] == 1
    [n] = body["notices"]
    assert n["kind"] == "refund_decided" and n["read_at"] is None and n["related"] == {"type": "refund", "id": "7"}
    assert set(n) == {"id", "kind", "title", "created_at", "read_at", "requires_action", "related"}

    ru = client.get(f"{API}/me/notices/{n['id']}", headers=taxpayer.headers | {"Accept-Language": "ru"}).json()
    # The amount as a Russian reader writes it: thousands apart (no-break spaces), comma before the tyiyn, "сом".
    assert "1\xa0234\xa0567,50 сом" in ru["body"] and "R-2025-000001" in ru["body"]
    assert ru["read_at"] is not None
    ky = client.get(f"{API}/me/notices/{n['id']}", headers=taxpayer.headers | {"Accept-Language": "ky"}).json()
    assert ky["body"] != ru["body"] and "1\xa0234\xa0567,50" in ky["body"]
    assert client.get(f"{API}/me/notices?unread=true", headers=taxpayer.headers).json() == {"unread": 0, "notices": []}


def test_filters_read_all_and_another_taxpayers_notice(client, runtime, officer, taxpayer):
    _notify(runtime, taxpayer.login)
    _notify(runtime, taxpayer.login, kind="deferral_decided", title="Your deferral application is refused",
            body="Decision No. {number}: the deferral is refused. Reason: {reason}", params={"number": "D-2025-000001", "reason": "no ground"})
    run_worker(runtime)
    only = client.get(f"{API}/me/notices?kind=deferral_decided", headers=taxpayer.headers).json()
    assert [n["kind"] for n in only["notices"]] == ["deferral_decided"] and only["unread"] == 2
    bad = client.get(f"{API}/me/notices?kind=gossip", headers=taxpayer.headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"

    other = register_taxpayer(client, officer)
    theirs = only["notices"][0]["id"]
    r = client.get(f"{API}/me/notices/{theirs}", headers=other.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOTICE_NOT_FOUND"
    assert client.get(f"{API}/me/notices/abc", headers=taxpayer.headers).status_code == 404

    r = client.post(f"{API}/me/notices/read-all", headers=taxpayer.headers)
    assert r.status_code == 200 and r.json()["marked"] == 2
    assert client.get(f"{API}/me/notices", headers=taxpayer.headers).json()["unread"] == 0
