"""Limitation ends the debt (TC art. 58(1), 68(2), 69, 140(1)) through the HTTP API.

The suite's today is Fri 14 Mar 2025. Debts of 2017 are assessed on days of 2017 (the same
service seen on that day) and without an audit notice, so their limitation counts from the end
of the tax period (58(1)(1)).
"""

from __future__ import annotations

from conftest import API
from ledger_helpers import assess, balance, pay, ref, sanction, tax_row
from test_ledger_refunds import on


def statement(client, account, tax="vat"):
    r = client.get(f"{API}/me/statement", headers=account.headers | {"Accept-Language": "en"}, params={"tax": tax})
    assert r.status_code == 200, r.text
    return r.json()["lines"]


def test_the_balance_stops_counting_a_debt_the_day_after_its_limitation(client, runtime, officer, taxpayer):
    # VAT 10,000 for January 2017 due Mon 20 Feb 2017, never paid. Its limitation: 6 years from
    # the day after the period's end, 1 Feb 2017 (58(1)(1), 16(3)): the last day is Tue 31 Jan 2023.
    # туум from 21 Feb 2017 at 0.09 % a day (71(6)) = 9.00 a day reaches the 100 % ceiling (71(4))
    # of 10,000 long before: 10,000 / 9 = 1,111.1 days, i.e. in March 2020.
    # The sanction of 500 assessed on Wed 1 Mar 2017 is claimed within 6 years from the day after
    # the decision's delivery (140(1)): last day Wed 1 Mar 2023.
    tin = taxpayer.login
    with on(runtime, "2017-03-01") as c:
        charge = assess(c, officer, tin, "10000.00", "2017-02-20", period="2017-01", audit_notice=None)["id"]
        fine = sanction(c, officer, tin, "500.00", "2017-03-01", period="2017-01")
    row = tax_row(balance(client, taxpayer, "2023-01-31"))
    assert (row["arrears"], row["late_interest"], row["sanctions"]) == ("10000.00", "10000.00", "500.00")
    # 1 Feb 2023: the tax and its туум are extinguished (68(2)); the sanction is not yet
    row = tax_row(balance(client, taxpayer, "2023-02-01"))
    assert (row["arrears"], row["late_interest"], row["sanctions"], row["total_due"]) == ("0.00", "0.00", "500.00", "500.00")
    # 2 Mar 2023: the sanction too (140(1))
    b = balance(client, taxpayer, "2023-03-02")
    assert b["total_due"] == "0.00"
    lines = [(ln["date"], ln["amount"], ln["citation"], f"#{charge}" in ln["text"], f"#{fine}" in ln["text"])
             for ln in statement(client, taxpayer) if ln["kind"] == "limitation"]
    # 10,000 of tax + 10,000 of туум on 1 Feb 2023; 500 of sanction on 2 Mar 2023
    assert lines == [("2023-02-01", "20000.00", "TC art. 68(2)", True, False), ("2023-03-02", "500.00", "TC art. 68(2)", False, True)]
    ru = client.get(f"{API}/me/statement", headers=taxpayer.headers | {"Accept-Language": "ru"}, params={"tax": "vat"}).json()["lines"]
    assert any("срок исковой давности истёк" in ln["text"] for ln in ru if ln["kind"] == "limitation")
    # the officer's write-off (69) only records what the limitation ended: 10,000 + 10,000 + 500
    w = client.post(f"{API}/officer/write-offs", headers=officer.headers, json={
        "tin": tin, "tax": "vat", "ground": "limitation", "items": [charge, fine], "act_reference": "act-lim-1", "evidence": "58(1)"})
    assert w.status_code == 201, w.text
    assert w.json()["amount"] == "20500.00"
    assert balance(client, taxpayer)["total_due"] == "0.00"


def test_an_overpayment_is_not_offset_into_an_extinguished_debt_and_is_refunded(client, runtime, officer, taxpayer):
    # VAT 1,000 for January 2017 due 20 Feb 2017, never paid: extinguished from 1 Feb 2023 (58(1)(1),
    # 68(2)). A land-tax payment of 300 today with no land tax owed is an overpayment (81(1)).
    # Before: the automatic offset (81(2)) sent the 300 to the dead VAT debt (land overpayment 0,
    # VAT arrears 700). Now: nothing to offset, the 300 stays and a refund is not blocked (81(10)).
    tin = taxpayer.login
    with on(runtime, "2017-03-01") as c:
        assess(c, officer, tin, "1000.00", "2017-02-20", period="2017-01", audit_notice=None)
    pay(client, officer, (tin, "land_tax", "300.00", "2025-03-14"))
    b = balance(client, taxpayer)
    assert tax_row(b, "land_tax")["overpayment"] == "300.00"
    assert tax_row(b, "vat") is None or tax_row(b, "vat")["total_due"] == "0.00"
    r = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "land_tax", "amount": "300.00"})
    assert r.status_code == 201, r.text


def test_no_tuum_after_the_limitation_and_a_late_payment_is_an_overpayment(client, runtime, officer, taxpayer):
    # Income tax 100,000 for 2018 due Mon 1 Apr 2019 (92(6)); 10,000 paid on Thu 1 Apr 2021.
    # туум 2 Apr 2019 .. 1 Apr 2021 = 731 days x 100,000 x 0.09 % = 65,790.00 (71(6)); the 10,000
    # pays tax first (61): arrears 90,000 from 2 Apr 2021. 2 Apr 2021 .. 31 Dec 2024 = 1,370 days
    # x 90,000 x 0.09 % = 110,970 more; the 100 % ceiling of the 90,000 arrears (71(4)) binds:
    # туум may not exceed 90,000 (the day-by-day reading, READINGS.md). Limitation of the 2018
    # period: last day Tue 31 Dec 2024 (58(1)(1)); from 1 Jan 2025 the debt is extinguished.
    tin = taxpayer.login
    with on(runtime, "2019-04-01") as c:
        assess(c, officer, tin, "100000.00", "2019-04-01", period="2018", tax="income_tax", audit_notice=None)
    pay(client, officer, (tin, "income_tax", "10000.00", "2021-04-01"))
    row = tax_row(balance(client, taxpayer, "2024-12-31"), "income_tax")
    assert (row["arrears"], row["late_interest"]) == ("90000.00", "90000.00")
    assert balance(client, taxpayer, "2025-01-01")["total_due"] == "0.00"
    # a payment after the limitation finds no debt: it is an overpayment (81(1)), not a payment of dead debt
    pay(client, officer, (tin, "income_tax", "500.00", "2025-03-14"))
    row = tax_row(balance(client, taxpayer), "income_tax")
    assert (row["total_due"], row["overpayment"]) == ("0.00", "500.00")


def test_assessment_past_limitation_is_refused_unless_an_audit_notice_moves_the_start(client, officer, taxpayer):
    # Today Fri 14 Mar 2025. Period 2018-12: limitation ended Tue 31 Dec 2024 (58(1)(1)) -> refused.
    tin = taxpayer.login
    body = {"tin": tin, "tax": "vat", "amount": "700.00", "due_date": "2019-01-21", "period": "2018-12", "reference": ref("lim")}
    r = client.post(f"{API}/officer/assessments", headers=officer.headers | {"Accept-Language": "ru"}, json=body)
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["code"] == "LIMITATION_EXPIRED" and e["details"]["limitation_ended_on"] == "2024-12-31"
    assert "31.12.2024" in e["message"] and "давности" in e["message"]
    assert "эскирүү" in client.post(f"{API}/officer/assessments", headers=officer.headers, json=body).json()["error"]["message"]
    # Period 2019-03: last day Mon 31 Mar 2025 -> still allowed today
    ok = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body | {"period": "2019-03", "reference": ref("lim")})
    assert ok.status_code == 201, ok.text
    # An audit notice delivered on 10 Mar 2025 (58(1)(3)): 6 years from 11 Mar 2025, last day Mon 10 Mar 2031
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body | {"reference": ref("lim"), "audit_notice_delivered_on": "2025-03-10"})
    assert r.status_code == 201, r.text
    w = client.post(f"{API}/officer/write-offs", headers=officer.headers, json={
        "tin": tin, "tax": "vat", "ground": "limitation", "items": [r.json()["id"]], "act_reference": "act-lim-3", "evidence": "x"})
    assert w.status_code == 422 and "2031-03-10 (TC art. 58(1)(3)" in w.json()["error"]["details"]["reasons"][0]


def test_write_off_of_a_sanction_checks_article_140(client, runtime, officer, taxpayer):
    # A sanction for period 2017-01 assessed today (14 Mar 2025): the period's 58(1)(1) limitation
    # has long run, but the sanction is claimed within 6 years from the day after the decision's
    # delivery (140(1)): last day Fri 14 Mar 2031. The limitation ground is refused.
    tin = taxpayer.login
    fine = sanction(client, officer, tin, "500.00", "2025-03-14", period="2017-01")
    w = client.post(f"{API}/officer/write-offs", headers=officer.headers, json={
        "tin": tin, "tax": "vat", "ground": "limitation", "items": [fine], "act_reference": "act-140", "evidence": "x"})
    assert w.status_code == 422, w.text
    assert "2031-03-14 (TC art. 140(1)" in w.json()["error"]["details"]["reasons"][0]


def test_a_deferral_left_unpaid_moves_the_start_58_1_2(client, runtime, officer, taxpayer):
    # VAT 600,000 for January 2017 deferred 1 Mar .. 30 May 2017 on ground 1 (no interest, 79(4))
    # and left unpaid. 58(1)(2): the limitation counts from the day after the plan ended, so the last
    # day is Tue 30 May 2023, not 31 Jan 2023 (58(1)(1)). As of 1 Feb 2023 the debt is still owed:
    # arrears 600,000 and туум at its ceiling (600,000, 71(4)); gone from 31 May 2023.
    tin = taxpayer.login
    with on(runtime, "2017-03-01") as c:
        assess(c, officer, tin, "600000.00", "2017-03-01", period="2017-01", audit_notice=None)
        a = c.post(f"{API}/officer/taxpayers/{tin}/deferrals", headers=officer.headers, json={
            "tax": "vat", "ground": "force_majeure", "bank_guarantee": True, "amount": "600000.00", "start": "2017-03-01",
            "end": "2017-05-30", "received_on": "2017-03-01"}).json()
        assert c.post(f"{API}/officer/deferrals/{a['id']}/decision", headers=officer.headers, json={"grant": True}).status_code == 200
    row = tax_row(balance(client, taxpayer, "2023-02-01"))
    assert (row["arrears"], row["late_interest"]) == ("600000.00", "600000.00")
    row = tax_row(balance(client, taxpayer, "2023-05-30"))
    assert row["arrears"] == "600000.00"
    assert balance(client, taxpayer, "2023-05-31")["total_due"] == "0.00"
