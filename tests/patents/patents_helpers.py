"""Helpers for the patent tests: order through the API, pay through the officer's bank import."""

from __future__ import annotations

import uuid

from conftest import API


def order(client, account, *, activity="S-63", zone="bishkek", term_days=30, start="2025-03-14", expect=201, **extra):
    body = {"client_order_id": str(uuid.uuid4()), "activity": activity, "zone": zone, "term_days": term_days, "start": start} | extra
    r = client.post(f"{API}/me/patents", json=body, headers=account.headers)
    assert r.status_code == expect, r.text
    return r.json()


def pay(client, officer, tin, amount, paid_on="2025-03-14", payment_reference=None, tax="patent", bank_reference=None):
    row = {"bank_reference": bank_reference or f"bank-{uuid.uuid4().hex[:12]}", "tin": tin, "tax": tax, "amount": amount,
           "paid_on": paid_on}
    if payment_reference is not None:
        row["payment_reference"] = payment_reference
    r = client.post(f"{API}/officer/payments", json={"payments": [row]}, headers=officer.headers)
    assert r.status_code == 200, r.text
    return r.json()


def get(client, account, patent_id):
    r = client.get(f"{API}/me/patents/{patent_id}", headers=account.headers)
    assert r.status_code == 200, r.text
    return r.json()
