"""Write-off of hopeless debt (TC art. 68-69) through the HTTP API."""

from __future__ import annotations

from conftest import API, register_taxpayer
from ledger_helpers import assess, balance, pay, sanction, tax_row
from test_ledger_refunds import on


def write_off(client, officer, tin, items, expect=201, **body):
    body = {"tin": tin, "tax": "vat", "ground": "limitation", "items": [str(i) for i in items], "act_reference": "act-1",
            "evidence": "limitation period expired"} | body
    r = client.post(f"{API}/officer/write-offs", headers=officer.headers, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def test_limitation_write_off_with_tuum(client, runtime, officer, taxpayer):
    # TC art. 58(1)(1), 68(2): period 2017-01 ends 31 Jan 2017; its limitation ends 31 Jan 2023, long
    # gone today. VAT 10,000 due Mon 20 Feb 2017 has run туум to its 100 % ceiling (71(4)): 10,000.
    # The sanction of 500 was assessed on Mon 20 Feb 2017: claimed until Tue 20 Feb 2023 (140(1)).
    # The balance stopped counting them on those days; the write-off records 10,000 + 10,000 + 500 = 20,500.
    tin = taxpayer.login
    with on(runtime, "2017-02-20") as c:
        charge = assess(c, officer, tin, "10000.00", "2017-02-20", period="2017-01", audit_notice=None)["id"]
        fine = sanction(c, officer, tin, "500.00", "2017-02-20", period="2017-01")
    recent = assess(client, officer, tin, "100.00", "2024-02-20", period="2024-01", audit_notice=None)["id"]
    w = write_off(client, officer, tin, [charge, fine], act_reference="act-2017-01")
    assert (w["amount"], w["citation"], w["ground"]) == ("20500.00", "TC art. 68(2)", "limitation")
    assert w["decision_number"].startswith("W-")
    again = write_off(client, officer, tin, [charge, fine], act_reference="act-2017-01")
    assert again["id"] == w["id"]
    assert write_off(client, officer, tin, [charge], 409, act_reference="act-2017-01")["error"]["code"] == "REFERENCE_CONFLICT"
    row = tax_row(balance(client, taxpayer))
    assert (row["arrears"], row["sanctions"]) == ("100.00", "0.00")  # only the 2024 charge is left
    # a period still inside its limitation period (2024-01: until 31 Jan 2030) is refused
    e = write_off(client, officer, tin, [recent], 422, act_reference="act-2024")["error"]
    assert e["code"] == "WRITE_OFF_NOT_ALLOWED" and "58(1)" in e["details"]["reasons"][0]
    lines = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat"}).json()["lines"]
    assert [(ln["kind"], ln["amount"], ln["citation"]) for ln in lines if ln["kind"] == "write_off"] == [("write_off", "20500.00", "TC art. 68(2)")]
    listed = client.get(f"{API}/officer/taxpayers/{tin}/write-offs", headers=officer.headers).json()["write_offs"]
    assert [x["id"] for x in listed] == [w["id"]]
    assert client.get(f"{API}/me/write-offs", headers=taxpayer.headers).json()["write_offs"][0]["amount"] == "20500.00"


def test_grounds_and_items(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    org = register_taxpayer(client, officer, kind="organization")
    with on(runtime, "2017-02-20") as c:
        paid = assess(c, officer, tin, "100.00", "2017-02-20", period="2017-01", audit_notice=None)["id"]
    pay(client, officer, (tin, "vat", "100.00", "2017-02-20"))
    assert write_off(client, officer, tin, [paid], 409)["error"]["code"] == "NOTHING_TO_WRITE_OFF"
    theirs = assess(client, officer, org.login, "100.00", "2017-02-20", period="2017-01")["id"]
    e = write_off(client, officer, tin, [theirs], 422)["error"]
    assert (e["code"], e["details"]) == ("NOT_A_DEBT", {"id": theirs})
    # TC art. 68(4): death of an individual; an organisation cannot die
    e = write_off(client, officer, org.login, [theirs], 422, ground="death", act_reference="d")["error"]
    assert e["code"] == "WRITE_OFF_NOT_ALLOWED"
    assert write_off(client, officer, org.login, [theirs], ground="special_law", act_reference="law-1")["citation"] == "TC art. 68(6)"
    assert write_off(client, officer, tin, [paid], 422, ground="bankrupt")["error"]["details"] == {"field": "ground", "reason": "not_allowed"}
    assert client.post(f"{API}/officer/write-offs", headers=taxpayer.headers, json={}).status_code in (403, 422)


def test_a_second_write_off_of_the_same_debt_finds_nothing(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    with on(runtime, "2017-02-20") as c:
        charge = assess(c, officer, tin, "10.00", "2017-02-20", period="2017-01", audit_notice=None)["id"]
    assert write_off(client, officer, tin, [charge], act_reference="a1")["amount"] == "20.00"  # 10 + туум capped at 10
    assert write_off(client, officer, tin, [charge], 409, act_reference="a2")["error"]["code"] == "NOTHING_TO_WRITE_OFF"


def test_death_and_missing_grounds_apply_to_an_individual_entrepreneur(client, runtime, officer):
    # TC art. 24(1): an individual entrepreneur is a resident "жеке жак" doing business without an
    # organisation; 68(4)-(5) speak of a "жеке жак", so they reach him. VAT 1,000 due Mon 3 Mar 2025,
    # today Fri 14 Mar 2025: туум 4..14 Mar = 11 days x 1,000 x 0.09 % = 9.90; written off 1,009.90.
    # (Before: refused, "this ground applies to individuals only".)
    ie = register_taxpayer(client, officer, kind="individual_entrepreneur")
    debt = assess(client, officer, ie.login, "1000.00", "2025-03-03", period="2025-02", audit_notice=None)["id"]
    w = write_off(client, officer, ie.login, [debt], ground="death", act_reference="death-ie-1", evidence="death certificate, no heir")
    assert (w["amount"], w["citation"]) == ("1009.90", "TC art. 68(4)")
    other = assess(client, officer, ie.login, "500.00", "2025-03-03", period="2025-02", audit_notice=None)["id"]
    assert write_off(client, officer, ie.login, [other], ground="missing_or_incapable", act_reference="missing-ie-1")["citation"] == "TC art. 68(5)"
