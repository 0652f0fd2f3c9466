"""Overpayment applications (TC art. 81(6)-(11)) through the HTTP API, with the spec's E8."""

from __future__ import annotations

import contextlib
from decimal import Decimal
import datetime as dt

from fastapi.testclient import TestClient

from conftest import API, at_date, register_taxpayer
from ledger_helpers import assess, balance, pay, tax_row


@contextlib.contextmanager
def on(runtime, day: str):
    """The same service and database seen on ``day`` (SALYK_TODAY)."""
    from salyk.api.app import create_app

    with TestClient(create_app(at_date(runtime, dt.date.fromisoformat(day))), base_url="http://testserver") as c:
        yield c


def apply(c, account, expect=201, **body):
    r = c.post(f"{API}/me/refunds", headers=account.headers, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def paper(c, officer, tin, received_on, expect=201, **body):
    """An application handed in at the office on ``received_on`` (the cabinet files on today only)."""
    r = c.post(f"{API}/officer/taxpayers/{tin}/refunds", headers=officer.headers, json=body | {"received_on": received_on})
    assert r.status_code == expect, r.text
    return r.json()


def test_e8_refund_ten_days_late(client, runtime, officer, taxpayer):
    # Spec E8, TC art. 81(7), (11): application for 50,000 received Wed 1 Mar 2017; day 1 is 2 Mar,
    # day 30 is Fri 31 Mar 2017. Paid Mon 10 Apr: 10 days late (1..10 Apr).
    # Owed to the taxpayer: 50,000 x 0.0009 x 10 = 450.00.
    tin = taxpayer.login
    pay(client, officer, (tin, "vat", "50000.00", "2017-02-01"))
    with on(runtime, "2017-03-01") as c:
        a = paper(c, officer, tin, "2017-03-01", kind="refund", tax="vat", amount="50000.00")
        assert (a["status"], a["received_on"], a["refund_deadline"], a["days_late"], a["late_interest"]) == (
            "received", "2017-03-01", "2017-03-31", 0, "0.00")
    with on(runtime, "2017-03-02") as c:
        r = c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": True})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved" and r.json()["decision_number"].startswith("R-2017-")
    # the overpayment is gone from the ledger as of the decision
    assert tax_row(balance(client, taxpayer, "2017-03-01"))["overpayment"] == "50000.00"
    assert tax_row(balance(client, taxpayer, "2017-03-02")) is None
    with on(runtime, "2017-04-05") as c:  # still unpaid: 5 days late so far (1..5 Apr) = 50,000 x 0.0009 x 5 = 225
        got = c.get(f"{API}/officer/refunds", headers=officer.headers, params={"tin": tin}).json()["applications"][0]
        assert (got["days_late"], got["late_interest"]) == (5, "225.00")
    with on(runtime, "2017-04-10") as c:
        r = c.post(f"{API}/officer/refunds/{a['id']}/paid", headers=officer.headers, json={"paid_on": "2017-04-10"})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["days_late"], r.json()["late_interest"]) == ("paid", 10, "450.00")
    lst = client.get(f"{API}/me/refunds", headers=taxpayer.headers).json()["applications"]
    assert [x["status"] for x in lst[0]["history"]] == ["received", "approved", "paid"]
    assert (lst[0]["days_late"], lst[0]["late_interest"]) == (10, "450.00")
    st = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat", "to": "2017-03-02"}).json()
    assert [(ln["kind"], ln["amount"], ln["citation"], ln["balance"]) for ln in st["lines"] if ln["kind"] == "refund"] == [
        ("refund", "50000.00", "TC art. 81(7)", "0.00")]
    # 81(11): the 450.00 is posted to the ledger on the day it is paid with the refund (before: only
    # shown on the application); it is the budget's money to the taxpayer, so the balance stays 0.00
    st = client.get(f"{API}/me/statement", headers=taxpayer.headers | {"Accept-Language": "ru"}, params={"tax": "vat"}).json()
    got = [(ln["date"], ln["amount"], ln["citation"], ln["balance"]) for ln in st["lines"] if ln["kind"] == "refund_interest"]
    assert got == [("2017-04-10", "450.00", "TC art. 81(11)", "0.00")]
    assert any("выплачены вместе с ним" in ln["text"] for ln in st["lines"] if ln["kind"] == "refund_interest")
    # marking it paid again answers the same, and posts nothing twice
    with on(runtime, "2017-04-10") as c:
        assert c.post(f"{API}/officer/refunds/{a['id']}/paid", headers=officer.headers, json={"paid_on": "2017-04-10"}).status_code == 409
    st = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat"}).json()
    assert len([ln for ln in st["lines"] if ln["kind"] == "refund_interest"]) == 1


def test_refund_refused_beyond_the_overpayment_or_with_debt(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    pay(client, officer, (tin, "vat", "1000.00", "2017-02-01"))
    c = client
    if True:
        e = apply(c, taxpayer, 422, kind="refund", tax="vat", amount="1000.01")["error"]
        assert (e["code"], e["details"]["overpayment"]) == ("OVERPAYMENT_INSUFFICIENT", "1000.00")
        assert apply(c, taxpayer, 422, kind="refund", tax="land_tax", amount="1.00")["error"]["code"] == "OVERPAYMENT_INSUFFICIENT"
        assert apply(c, taxpayer, 422, kind="offset", tax="vat", to_tax="vat", amount="1.00")["error"]["code"] == "OFFSET_SAME_TAX"
    # TC art. 81(10): an unpaid sanction of another tax blocks a refund. A sanction is offset
    # automatically (81(2)(3)), so use a debt the overpayment cannot reach: none exists; instead
    # a charge larger than the overpayment leaves arrears and no overpayment at all.
    assess(client, officer, tin, "5000.00", "2017-03-01", tax="land_tax", period="2016")
    assert apply(client, taxpayer, 422, kind="refund", tax="vat", amount="1.00")["error"]["code"] == "OVERPAYMENT_INSUFFICIENT"


def test_claim_window_six_years(client, runtime, officer, taxpayer):
    # TC art. 81(8): overpayment arose 1 Feb 2010; 6 years from 2 Feb 2010 end on 1 Feb 2016 (Monday).
    tin = taxpayer.login
    pay(client, officer, (tin, "vat", "300.00", "2010-02-01"))
    assert paper(client, officer, tin, "2016-02-01", kind="refund", tax="vat", amount="100.00", client_reference="w1")["status"] == "received"
    if True:
        e = paper(client, officer, tin, "2016-02-02", 422, kind="refund", tax="vat", amount="100.00")["error"]
        assert (e["code"], e["details"]["claimable"]) == ("CLAIM_WINDOW_PASSED", "0.00")


def test_offset_on_application_pays_a_future_charge(client, runtime, officer, taxpayer):
    # TC art. 81(6): land tax overpaid 2,000; VAT 1,500 charged, due later (not offset automatically,
    # 81(2) reaches debts only). On application the 2,000 move to VAT: 1,500 pay the charge early
    # (TC art. 59(5)), 500 stay as a VAT overpayment.
    tin = taxpayer.login
    pay(client, officer, (tin, "land_tax", "2000.00", "2017-02-01"))
    assess(client, officer, tin, "1500.00", "2017-06-20", tax="vat", period="2017-05")
    with on(runtime, "2017-03-01") as c:
        a = paper(c, officer, tin, "2017-03-01", kind="offset", tax="land_tax", to_tax="vat", amount="2000.00", client_reference="o1")
        again = apply(client, taxpayer, kind="offset", tax="land_tax", to_tax="vat", amount="2000.00", client_reference="o1")
        assert again["id"] == a["id"]
        assert apply(client, taxpayer, 409, kind="offset", tax="land_tax", to_tax="vat", amount="1.00", client_reference="o1")["error"]["code"] == "REFERENCE_CONFLICT"
        r = c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": True})
        assert r.json()["status"] == "applied", r.text
        again = c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": False, "reason": "x"})
        assert again.json()["error"]["code"] == "APPLICATION_ALREADY_DECIDED"
    b = balance(client, taxpayer, "2017-03-01")
    assert tax_row(b, "land_tax") is None and tax_row(b, "vat")["overpayment"] == "2000.00"
    # the charge counts from its due date (recorded later, charges.py): the VAT overpayment pays it then
    b = balance(client, taxpayer, "2017-06-20")
    assert (tax_row(b, "vat")["not_yet_due"], tax_row(b, "vat")["overpayment"], tax_row(b, "vat")["total_due"]) == ("0.00", "500.00", "0.00")


def test_reject_needs_a_reason_and_others_see_404(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    pay(client, officer, (tin, "vat", "100.00", (runtime.today() - dt.timedelta(days=30)).isoformat()))
    other = register_taxpayer(client, officer)
    c = client
    if True:
        a = apply(c, taxpayer, kind="refund", tax="vat", amount="100.00")
        assert c.get(f"{API}/me/refunds/{a['id']}", headers=other.headers).status_code == 404
        assert c.get(f"{API}/me/refunds", headers=other.headers).json() == {"applications": []}
        r = c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": False})
        assert r.status_code == 422
        r = c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": False, "reason": "documents"},
                   )
        assert r.json()["status"] == "rejected"
        r = c.post(f"{API}/officer/refunds/{a['id']}/paid", headers=officer.headers, json={"paid_on": runtime.today().isoformat()})
        assert r.json()["error"]["code"] == "APPLICATION_NOT_APPROVED"
        lst = c.get(f"{API}/officer/refunds", headers=officer.headers, params={"tin": tin}).json()["applications"]
        assert [x["id"] for x in lst] == [a["id"]] and lst[0]["tin"] == tin
        assert c.get(f"{API}/officer/refunds", headers=taxpayer.headers).status_code == 403


def test_offset_notice(client, runtime, officer, taxpayer):
    # TC art. 81(2), (5): profit tax overpaid 500 on 1 Mar 2017 while VAT 300 is in arrears: offset
    # that day; the notice is due within 10 calendar days, by 11 Mar 2017 (Saturday) -> Monday 13 Mar (16(6)).
    tin = taxpayer.login
    assess(client, officer, tin, "300.00", "2017-02-20", tax="vat", period="2017-01")
    pay(client, officer, (tin, "profit_tax", "500.00", "2017-03-01"))
    offs = client.get(f"{API}/me/offsets", headers=taxpayer.headers).json()["offsets"]
    assert [(o["date"], o["from_tax"], o["notice_deadline"]) for o in offs][0] == ("2017-03-01", "profit_tax", "2017-03-13")
    assert sum(float(o["amount"]) for o in offs) == 300.0 + 300 * 0.0009 * 9  # arrears + туум 21 Feb .. 1 Mar (9 days)
    # the notice speaks the user's language (it answered in English under Accept-Language: ru)
    ru = client.get(f"{API}/me/offsets", headers=taxpayer.headers | {"Accept-Language": "ru"}).json()["offsets"]
    ky = client.get(f"{API}/me/offsets", headers=taxpayer.headers | {"Accept-Language": "ky"}).json()["offsets"]
    first = next(o for o in ru if o["to_tax"] == "vat" and o["amount"] == "300.00")
    assert first["text"].startswith("в счёт «Налог на добавленную стоимость»: налог по начислению №")
    assert first["citation"] == "TC art. 81(2)(2)" and first["citation_text"] == "НК ст. 81 ч. 2 п. 2"
    assert all(o["citation_text"].startswith("СК 81-бер.") and "«Кошумча нарк салыгы» эсебине" in o["text"] for o in ky)


def test_e5_notice_and_the_remainder_only_on_application(client, runtime, officer, taxpayer):
    # Spec E5 shape (as in test_ledger_examples): 23,000 paid to profit tax on 11 Mar 2017 leave
    # 4,756 after the automatic offsets of TC art. 81(2). Notice within 10 calendar days from the
    # day after (81(5)): 21 Mar 2017 is Nooruz (a holiday), so Wednesday 22 Mar (16(6)). The 4,756
    # stay until the taxpayer applies (81(6), (10)).
    from ledger_helpers import sanction

    tin = taxpayer.login
    assess(client, officer, tin, "12000.00", "2017-03-01", tax="vat", period="2017-02")
    assess(client, officer, tin, "3000.00", "2017-03-01", tax="land_tax", period="2016")
    sanction(client, officer, tin, "100.00", "2017-03-01", tax="land_tax", period="2016")
    assess(client, officer, tin, "1000.00", "2017-03-01", tax="profit_tax", period="2016")
    sanction(client, officer, tin, "2000.00", "2017-03-01", tax="profit_tax", period="2016")
    pay(client, officer, (tin, "profit_tax", "23000.00", "2017-03-11"))
    offs = client.get(f"{API}/me/offsets", headers=taxpayer.headers).json()["offsets"]
    assert {(o["date"], o["from_tax"], o["notice_deadline"]) for o in offs} == {("2017-03-11", "profit_tax", "2017-03-22")}
    # 12,000 + 3,000 (step 2) + 108 + 27 + 100 (step 3) = 15,235
    assert sum(Decimal(o["amount"]) for o in offs) == Decimal("15235.00")
    assert tax_row(balance(client, taxpayer, "2017-12-31"), "profit_tax")["overpayment"] == "4756.00"
    with on(runtime, "2017-03-14") as c:
        a = paper(c, officer, tin, "2017-03-13", kind="refund", tax="profit_tax", amount="4756.00")
        assert a["refund_deadline"] == "2017-04-12"  # 13 Mar + 30 days, a Wednesday
        assert c.post(f"{API}/officer/refunds/{a['id']}/decision", headers=officer.headers, json={"approve": True}).json()["status"] == "approved"
    assert balance(client, taxpayer, "2017-12-31")["total_overpayment"] == "0.00"
