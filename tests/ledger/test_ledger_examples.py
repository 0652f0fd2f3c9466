"""The spec's worked examples (02-obligations..., E1-E4) end to end through the HTTP API.

Dates are chosen on Kyrgyz working days so that TC art. 16(6) does not move the due dates.
E5 (offset between taxes, TC art. 81(2)) is here; E6-E7 (deferral, TC art. 76-80) are in
test_ledger_deferrals.py and E8 (refund, TC art. 81(7), (11)) in test_ledger_refunds.py.
"""

import datetime as dt

from salyk.law.calendar import is_working_day
from conftest import API
from ledger_helpers import assess, balance, pay, sanction, tax_row

D = "2017-03-01"  # a Wednesday, a working day


def test_due_date_is_a_working_day():
    assert is_working_day(dt.date(2017, 3, 1))
    assert is_working_day(dt.date(2016, 8, 1)) and is_working_day(dt.date(2016, 9, 1))


def test_e1_45_days_late(client, officer, taxpayer):
    tin = taxpayer.login
    # TC art. 71(3), (6): 10,000 x 0.0009 = 9 som a day; 45 days (2 Mar .. 15 Apr 2017): 9 x 45 = 405.
    assess(client, officer, tin, "10000.00", D)
    row = tax_row(balance(client, taxpayer, "2017-04-15"))
    assert row == {"tax": "vat", "arrears": "10000.00", "interest": "0.00", "late_interest": "405.00", "sanctions": "0.00",
                   "overpayment": "0.00", "total_due": "10405.00", "not_yet_due": "0.00", "under_appeal": "0.00"}


def test_e2_cap(client, officer, taxpayer):
    tin = taxpayer.login
    # TC art. 71(4): after 1,111 days 9 x 1,111 = 9,999; day 1,112 adds only 1; 1,200 days: 10,000.
    assess(client, officer, tin, "10000.00", D)
    day_1111 = (dt.date(2017, 3, 1) + dt.timedelta(days=1111)).isoformat()
    day_1112 = (dt.date(2017, 3, 1) + dt.timedelta(days=1112)).isoformat()
    day_1200 = (dt.date(2017, 3, 1) + dt.timedelta(days=1200)).isoformat()
    assert tax_row(balance(client, taxpayer, day_1111))["late_interest"] == "9999.00"
    assert tax_row(balance(client, taxpayer, day_1112))["late_interest"] == "10000.00"
    row = tax_row(balance(client, taxpayer, day_1200))
    assert row["late_interest"] == "10000.00"
    assert row["total_due"] == "20000.00"  # tax + туум never exceed 2 x the arrears


def test_e3_partial_payment(client, officer, taxpayer):
    tin = taxpayer.login
    # TC art. 61, 71: 10 days on 10,000 = 90; 6,000 pays the tax first: arrears 4,000, туум 90 open;
    # 20 more days on 4,000: 4,000 x 0.0009 x 20 = 72; туум 162; 4,162 clears the tax, then the туум.
    assess(client, officer, tin, "10000.00", D)
    assert pay(client, officer, (tin, "vat", "6000.00", "2017-03-11"))["accepted"] == 1
    row = tax_row(balance(client, taxpayer, "2017-03-11"))
    assert (row["arrears"], row["late_interest"]) == ("4000.00", "90.00")
    row = tax_row(balance(client, taxpayer, "2017-03-31"))
    assert (row["arrears"], row["late_interest"], row["total_due"]) == ("4000.00", "162.00", "4162.00")
    pay(client, officer, (tin, "vat", "4162.00", "2017-03-31"))
    b = balance(client, taxpayer, "2017-03-31")
    assert tax_row(b) is None and b["total_due"] == "0.00" and b["total_overpayment"] == "0.00"
    # and it stays settled: no туум on nothing
    assert balance(client, taxpayer, "2018-01-01")["total_due"] == "0.00"


def test_e4_bucket_order(client, officer, taxpayer):
    tin = taxpayer.login
    # TC art. 61, bucket first (Q6): profit tax 30,000 due 1 Aug 2016 and 20,000 due 1 Sep 2016,
    # sanction 5,000; payment 52,000 on 20 Oct 2016.
    # туум to 20 Oct: 30,000 x 0.0009 x 80 = 2,160 (2 Aug .. 20 Oct) and 20,000 x 0.0009 x 49 = 882
    # (2 Sep .. 20 Oct); total 3,042.
    # Payment: tax 30,000 + 20,000 = 50,000; interest 0; туум 2,000 (oldest first: of the 2,160);
    # sanctions 0. Left: туум 160 + 882 = 1,042, sanction 5,000: 6,042; no туум on them (71(7)(1)).
    assess(client, officer, tin, "30000.00", "2016-08-01", tax="profit_tax", period="2015")
    assess(client, officer, tin, "20000.00", "2016-09-01", tax="profit_tax", period="2016-Q2")
    sanction(client, officer, tin, "5000.00", "2016-08-01", tax="profit_tax", period="2015")
    before = tax_row(balance(client, taxpayer, "2016-10-20"), "profit_tax")
    assert before["late_interest"] == "3042.00" and before["total_due"] == "58042.00"
    pay(client, officer, (tin, "profit_tax", "52000.00", "2016-10-20"))
    row = tax_row(balance(client, taxpayer, "2016-10-20"), "profit_tax")
    assert row == {"tax": "profit_tax", "arrears": "0.00", "interest": "0.00", "late_interest": "1042.00", "sanctions": "5000.00",
                   "overpayment": "0.00", "total_due": "6042.00", "not_yet_due": "0.00", "under_appeal": "0.00"}
    assert tax_row(balance(client, taxpayer, "2017-10-20"), "profit_tax")["total_due"] == "6042.00"


def test_statement_explains_e3(client, officer, taxpayer):
    tin = taxpayer.login
    assess(client, officer, tin, "10000.00", D)
    pay(client, officer, (tin, "vat", "6000.00", "2017-03-11"))
    r = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat", "from": "2017-03-01", "to": "2017-03-31"})
    assert r.status_code == 200, r.text
    s = r.json()
    kinds = [(ln["date"], ln["kind"], ln["amount"], ln["citation"], ln["balance"]) for ln in s["lines"]]
    assert kinds == [
        ("2017-03-01", "charge", "10000.00", "TC art. 82", "10000.00"),
        ("2017-03-11", "late_interest", "90.00", "TC art. 71(6)", "10090.00"),   # 10,000 x 0.09% x 10
        ("2017-03-11", "payment", "6000.00", "TC art. 60(1)", "4090.00"),
        ("2017-03-11", "allocation", "6000.00", "TC art. 61", "4090.00"),        # to the tax first
        ("2017-03-31", "late_interest", "72.00", "TC art. 71(6)", "4162.00"),    # 4,000 x 0.09% x 20
    ]
    assert s["closing"]["total_due"] == "4162.00" and s["from"] == "2017-03-01" and s["to"] == "2017-03-31"
    # a window that starts inside a туум period splits it; the opening balance carries the rest
    r = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat", "from": "2017-03-21", "to": "2017-03-31"})
    s = r.json()
    assert s["opening"] == {"vat": "4122.40"}  # 4,090 + 4,000 x 0.09% x 9 (12 .. 20 Mar) = 4,090 + 32.40
    # 4,000 x 0.09% x 11 (21 .. 31 Mar) = 39.60
    assert [(ln["kind"], ln["amount"], ln["balance"]) for ln in s["lines"]] == [("late_interest", "39.60", "4162.00")]


def test_e5_offset_order(client, officer, taxpayer):
    # TC art. 81(2), spec E5 shape. Due 1 Mar 2017: VAT 12,000; land tax 3,000 and a land-tax sanction
    # 100; profit tax 1,000 and a profit-tax sanction 2,000. 23,000 paid to profit tax on 11 Mar:
    # TC art. 61 first: its tax 1,000, туум 1,000 x 0.09% x 10 = 9, sanction 2,000: 19,991 left over.
    # Offset the same day (81(2), (4)): step 1 same tax: nothing left open; step 2 other taxes'
    # arrears 12,000 + 3,000 = 15,000 (4,991 left); step 3 their туум and sanctions: VAT 12,000 x
    # 0.09% x 10 = 108, land 3,000 x 0.09% x 10 = 27, sanction 100: 235. Overpayment 4,756.
    tin = taxpayer.login
    assess(client, officer, tin, "12000.00", D, tax="vat", period="2017-02")
    assess(client, officer, tin, "3000.00", D, tax="land_tax", period="2016")
    sanction(client, officer, tin, "100.00", D, tax="land_tax", period="2016")
    assess(client, officer, tin, "1000.00", D, tax="profit_tax", period="2016")
    sanction(client, officer, tin, "2000.00", D, tax="profit_tax", period="2016")
    pay(client, officer, (tin, "profit_tax", "23000.00", "2017-03-11"))
    b = balance(client, taxpayer, "2017-03-11")
    assert b["taxes"] == [{"tax": "profit_tax", "arrears": "0.00", "interest": "0.00", "late_interest": "0.00", "sanctions": "0.00",
                           "overpayment": "4756.00", "total_due": "0.00", "not_yet_due": "0.00", "under_appeal": "0.00"}]
    assert (b["total_due"], b["total_overpayment"]) == ("0.00", "4756.00")
    lines = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "vat", "from": "2017-03-11", "to": "2017-03-11"}).json()["lines"]
    offsets = [(ln["kind"], ln["amount"], ln["citation"]) for ln in lines if ln["kind"] == "offset"]
    assert offsets == [("offset", "12000.00", "TC art. 81(2)(2)"), ("offset", "108.00", "TC art. 81(2)(3)")]
    assert lines[-1]["balance"] == "0.00"


def test_offset_on_the_day_a_debt_falls_due(client, officer, taxpayer):
    # TC art. 81(4): land tax overpaid by 500 on 1 Feb 2017; a VAT charge of 300 falls due 1 Mar 2017
    # while the overpayment exists: offset as of that day, so no туум ever runs on it.
    tin = taxpayer.login
    pay(client, officer, (tin, "land_tax", "500.00", "2017-02-01"))
    assess(client, officer, tin, "300.00", D, tax="vat", period="2017-02")
    assert tax_row(balance(client, taxpayer, "2017-02-28"), "land_tax")["overpayment"] == "500.00"
    b = balance(client, taxpayer, "2017-06-01")
    assert tax_row(b, "vat") is None
    assert tax_row(b, "land_tax")["overpayment"] == "200.00"
