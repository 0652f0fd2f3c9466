"""Helpers for the ledger tests: post charges and payments through the HTTP API, read balances."""

from __future__ import annotations

import uuid

from conftest import API, TODAY

# The suite's today is 2025-03-14 and most worked cases are dated 2017, past the six years of TC
# art. 58(1)(1): they are assessed as after a tax audit whose notice is delivered today
# (58(1)(3)), so their limitation counts from today. Tests of limitation pass audit_notice=None.
AUDIT_NOTICE = TODAY.isoformat()


def ref(prefix: str = "r") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def assess(client, officer, tin, amount, due, *, tax="vat", period="2017-02", reference=None, expect=201, audit_notice=AUDIT_NOTICE):
    body = {"tin": tin, "tax": tax, "amount": amount, "due_date": due, "period": period, "reference": reference or ref("dec")}
    if audit_notice is not None:
        body["audit_notice_delivered_on"] = audit_notice
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def sanction(client, officer, tin, amount, due, *, tax="vat", period="2017-02", reference=None):
    """A sanction of ``amount``: an understatement of ``amount`` against a prior-year income of the
    same ``amount``, 100 % > 5 %, takes the whole understated tax (TC art. 142)."""
    r = client.post(f"{API}/officer/sanctions", headers=officer.headers, json={
        "tin": tin, "tax": tax, "due_date": due, "period": period, "reference": reference or ref("san"), "offence": "understatement",
        "committed_on": due, "understated": amount, "prior_year_income": amount})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def pay(client, officer, *items):
    """items: (tin, tax, amount, paid_on) or (bank_reference, tin, tax, amount, paid_on)."""
    body = []
    for it in items:
        if len(it) == 4:
            it = (ref("bank"), *it)
        body.append(dict(zip(("bank_reference", "tin", "tax", "amount", "paid_on"), it)))
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": body})
    assert r.status_code == 200, r.text
    return r.json()


def balance(client, account, as_of=None):
    params = {} if as_of is None else {"as_of": as_of}
    r = client.get(f"{API}/me/balance", headers=account.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def tax_row(b, tax="vat"):
    rows = [t for t in b["taxes"] if t["tax"] == tax]
    return rows[0] if rows else None
