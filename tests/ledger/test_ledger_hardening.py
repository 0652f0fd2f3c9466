"""No 500 and no double application under parallel requests; pending refunds reserve the
overpayment they ask for (issue 9 defects 4(d) and 6).

TC art. 81(6): an overpayment is refunded or offset on the taxpayer's application, never beyond
the overpayment; the contract: the same client_reference with the same content is a replay (the
first answer), with other content 409 REFERENCE_CONFLICT.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from conftest import API
from ledger_helpers import assess, pay, ref
from salyk.db.models.ledger import DeferralApplication, RefundApplication


def _parallel(client, account, path, bodies):
    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(lambda b: client.post(f"{API}{path}", headers=account.headers, json=b), bodies, timeout=300))


def _count(runtime, model, taxpayer_login):
    from salyk.registry.taxpayers import find

    with runtime.db.transaction() as s:
        tp = find(s, taxpayer_login).id
        return s.scalar(select(func.count()).select_from(model).where(model.taxpayer_id == tp))


def test_twenty_parallel_refund_applications_with_one_reference(client, runtime, officer, taxpayer):
    today = runtime.today()
    pay(client, officer, (taxpayer.login, "land_tax", "300.00", (today - dt.timedelta(days=3)).isoformat()))
    body = {"kind": "refund", "tax": "land_tax", "amount": "300.00", "client_reference": ref("par")}
    answers = _parallel(client, taxpayer, "/me/refunds", [body] * 20)
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers if r.status_code != 201]
    assert len({r.json()["id"] for r in answers}) == 1  # one application, nineteen replays
    assert _count(runtime, RefundApplication, taxpayer.login) == 1
    # Other content under the same reference, in parallel: each is 409, none written.
    others = _parallel(client, taxpayer, "/me/refunds", [body | {"amount": f"{n}.00"} for n in range(1, 11)])
    assert {r.status_code for r in others} == {409} and {r.json()["error"]["code"] for r in others} == {"REFERENCE_CONFLICT"}
    assert _count(runtime, RefundApplication, taxpayer.login) == 1


def test_twenty_parallel_deferral_applications_with_one_reference(client, runtime, officer, taxpayer):
    today = runtime.today()
    assess(client, officer, taxpayer.login, "50000.00", (today - dt.timedelta(days=20)).isoformat(), period="2024-01")
    body = {"tax": "vat", "amount": "50000.00", "ground": "financial_position", "bank_guarantee": True,
            "start": today.isoformat(), "end": (today + dt.timedelta(days=100)).isoformat(), "client_reference": ref("par")}
    answers = _parallel(client, taxpayer, "/me/deferrals", [body] * 20)
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers if r.status_code != 201]
    assert len({r.json()["id"] for r in answers}) == 1
    assert _count(runtime, DeferralApplication, taxpayer.login) == 1


def test_pending_refund_applications_reserve_the_overpayment(client, runtime, officer, taxpayer):
    # Overpaid land tax 1,000.00 (a payment with nothing due). A pending application for 600.00
    # reserves 600.00: another for 600.00 would make 1,200.00 > 1,000.00 and is refused; what is
    # left, 1,000.00 - 600.00 = 400.00, can still be asked for.
    today = runtime.today()
    pay(client, officer, (taxpayer.login, "land_tax", "1000.00", (today - dt.timedelta(days=3)).isoformat()))
    first = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "land_tax", "amount": "600.00"})
    assert first.status_code == 201, first.text
    second = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "land_tax", "amount": "600.00"})
    assert second.status_code == 422 and second.json()["error"]["code"] == "OVERPAYMENT_INSUFFICIENT"
    assert second.json()["error"]["details"]["overpayment"] == "400.00"
    third = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "land_tax", "amount": "400.00"})
    assert third.status_code == 201, third.text


def test_parallel_applications_never_ask_for_more_than_the_overpayment(client, runtime, officer, taxpayer):
    # 1,000.00 overpaid; ten parallel applications of 300.00 each: at most three fit
    # (3 x 300.00 = 900.00 <= 1,000.00 < 4 x 300.00 = 1,200.00).
    today = runtime.today()
    pay(client, officer, (taxpayer.login, "land_tax", "1000.00", (today - dt.timedelta(days=3)).isoformat()))
    bodies = [{"kind": "refund", "tax": "land_tax", "amount": "300.00", "client_reference": ref("res")} for _ in range(10)]
    codes = sorted(r.status_code for r in _parallel(client, taxpayer, "/me/refunds", bodies))
    assert codes == [201] * 3 + [422] * 7
