"""Renewal, reminders through the outbox, expiry by the date, and concurrency (one order for
concurrent identical orders, one patent for concurrent payments), on SQLite and PostgreSQL."""

import datetime as dt
import threading
import uuid

import sqlalchemy as sa
from fastapi.testclient import TestClient

from conftest import API, at_date, login
from patents_helpers import get, order, pay
from salyk.api.app import create_app


def _issued(client, officer, taxpayer, **kw):
    placed = order(client, taxpayer, **kw)
    pay(client, officer, taxpayer.login, placed["amount"], payment_reference=placed["payment_reference"])
    return get(client, taxpayer, placed["id"])


def test_renewal_is_a_new_order_from_the_next_day_priced_on_its_start(client, officer, taxpayer):
    # Hairdresser, Bishkek, 30 days from 20.06.2025 (B = 1500 then) -> valid to 19.07.2025;
    # the renewal starts 20.07.2025, when the sample table says 1800.
    first = order(client, taxpayer, activity="S-01", start="2025-06-20")
    assert first["amount"] == "1500.00" and first["valid_to"] == "2025-07-19"
    assert client.post(f"{API}/me/patents/{first['id']}/renewal", json={}, headers=taxpayer.headers).status_code == 409  # not issued
    pay(client, officer, taxpayer.login, "1500.00", payment_reference=first["payment_reference"])
    r = client.post(f"{API}/me/patents/{first['id']}/renewal", json={}, headers=taxpayer.headers)
    assert r.status_code == 201, r.text
    renewal = r.json()
    assert (renewal["activity"], renewal["zone"], renewal["term_days"]) == ("S-01", "bishkek", 30)
    assert renewal["valid_from"] == "2025-07-20" and renewal["valid_to"] == "2025-08-18"
    assert renewal["amount"] == "1800.00" and renewal["status"] == "awaiting_payment"
    again = client.post(f"{API}/me/patents/{first['id']}/renewal", json={}, headers=taxpayer.headers)
    assert again.status_code == 200 and again.json() == renewal  # one tap, one order
    assert client.post(f"{API}/me/patents/{first['id']}/renewal", json={"x": 1}, headers=taxpayer.headers).status_code == 422


def test_reminders_5_and_1_days_before_once_each(client, officer, taxpayer, runtime):
    from salyk.patents import reminders

    patent = _issued(client, officer, taxpayer, start="2025-03-14", term_days=15)  # valid to 28.03.2025
    assert patent["valid_to"] == "2025-03-28"

    def queued():
        with runtime.db.read() as session:
            rows = session.execute(sa.text("SELECT dedup_key FROM outbox WHERE kind = 'notices.deliver' AND dedup_key LIKE :k"),
                                   {"k": f"patents.expiring/{patent['id']}/%"}).scalars()
            return sorted(rows)

    reminders.run(at_date(runtime, dt.date(2025, 3, 22)))  # 6 days left: nothing
    assert queued() == []
    assert reminders.run(at_date(runtime, dt.date(2025, 3, 23))) >= 1  # 5 days left
    reminders.run(at_date(runtime, dt.date(2025, 3, 24)))  # 4 days left: the 5-day one again -> not queued twice
    assert queued() == [f"patents.expiring/{patent['id']}/5"]
    reminders.run(at_date(runtime, dt.date(2025, 3, 27)))  # 1 day left
    reminders.run(at_date(runtime, dt.date(2025, 3, 27)))
    assert queued() == [f"patents.expiring/{patent['id']}/1", f"patents.expiring/{patent['id']}/5"]
    with runtime.db.read() as session:
        payload = session.execute(sa.text("SELECT payload FROM outbox WHERE dedup_key = :k"),
                                  {"k": f"patents.expiring/{patent['id']}/1"}).scalar()
    payload = payload if isinstance(payload, dict) else __import__("json").loads(payload)
    assert payload["kind"] == "patent_expiring" and payload["params"]["valid_to"] == "2025-03-28"


def test_expired_from_the_date(client, officer, taxpayer, runtime):
    patent = _issued(client, officer, taxpayer, start="2025-03-14", term_days=1)
    assert patent["status"] == "active"
    with TestClient(create_app(at_date(runtime, dt.date(2025, 3, 15)))) as c:
        assert c.get(f"{API}/public/patents/{patent['number']}").json()["status"] == "expired"
        me = login(c, taxpayer.login, taxpayer.password)
        assert get(c, me, patent["id"])["status"] == "expired"


def test_concurrent_identical_orders_make_one_order(client, taxpayer):
    body = {"client_order_id": str(uuid.uuid4()), "activity": "S-02", "zone": "osh", "term_days": 30, "start": "2025-03-20"}
    answers = []

    def post():
        answers.append(client.post(f"{API}/me/patents", json=body, headers=taxpayer.headers))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) == [200, 200, 200, 201], [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert len(client.get(f"{API}/me/patents", headers=taxpayer.headers).json()["patents"]) == 1


def test_concurrent_payments_for_one_order_issue_one_patent(client, officer, taxpayer):
    placed = order(client, taxpayer, activity="S-03")  # 3000.00
    results = []

    def post(i):
        results.append(pay(client, officer, taxpayer.login, "3000.00", payment_reference=placed["payment_reference"],
                           bank_reference=f"conc-{placed['payment_reference']}-{i}"))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["accepted"] for r in results) == 4
    patents = client.get(f"{API}/me/patents", headers=taxpayer.headers).json()["patents"]
    assert [p["status"] for p in patents] == ["active"]
    bal = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert next(t for t in bal["taxes"] if t["tax"] == "patent")["overpayment"] == "9000.00"  # 4 × 3000 − 3000 charged
