"""Sanctions computed from the offence, not typed (TC art. 139-143, 90(5)), through the HTTP API.
The calculation index is the sample 100 som of the parameters."""

from __future__ import annotations

from conftest import API
from ledger_helpers import balance, ref, tax_row


def post(client, officer, tin, expect=201, lang="en", **facts):
    body = {"tin": tin, "tax": "vat", "due_date": "2025-03-14", "period": "2024-06", "reference": ref("san"),
            "committed_on": "2024-07-22"} | facts
    r = client.post(f"{API}/officer/sanctions", headers=officer.headers | {"Accept-Language": lang}, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def test_understatement_tiers_142(client, officer, taxpayer):
    # 30,000 understated against 1,000,000 of income the year before: 3 %, over 2 % to 5 %: half,
    # 15,000 (TC art. 142). 20,000 / 1,000,000 = exactly 2 %: nothing ("2 пайызга чейинки").
    s = post(client, officer, taxpayer.login, offence="understatement", understated="30000.00", prior_year_income="1000000.00")
    assert (s["amount"], s["citation"]) == ("15000.00", "TC art. 142")
    e = post(client, officer, taxpayer.login, 422, offence="understatement", understated="20000.00", prior_year_income="1000000.00")
    assert e["error"]["code"] == "NO_SANCTION"
    assert tax_row(balance(client, taxpayer, "2025-03-15"))["sanctions"] == "15000.00"


def test_a_clarified_report_before_the_audit_notice_excludes_the_sanction_90_5(client, officer, taxpayer):
    # The taxpayer filed a clarified report on 1 Feb 2025; the audit notice came on 1 Mar 2025: its own
    # correction is no ground for a sanction (TC art. 90(5)). Filed after the notice (10 Mar): 15,000.
    facts = {"offence": "understatement", "understated": "30000.00", "prior_year_income": "1000000.00", "audit_notice_delivered_on": "2025-03-01"}
    e = post(client, officer, taxpayer.login, 422, lang="ru", clarified_report_filed_on="2025-02-01", **facts)["error"]
    assert e["code"] == "SANCTION_EXCLUDED" and "90(5)" in e["message"] and "уточнённым" in e["message"]
    assert post(client, officer, taxpayer.login, clarified_report_filed_on="2025-03-10", **facts)["amount"] == "15000.00"


def test_agent_nonpayment_143(client, officer, taxpayer):
    # 10,000 withheld and not paid, due Mon 20 Jan 2025, paid Fri 14 Mar 2025: months started
    # 21 Jan .. 20 Feb and 21 Feb .. 20 Mar = 2; 2 x 10 % = 20 % -> 2,000 (TC art. 143)
    s = post(client, officer, taxpayer.login, offence="agent_nonpayment", unpaid="10000.00", tax_due_date="2025-01-20", paid_on="2025-03-14",
             tax="income_tax")
    assert (s["amount"], s["citation"]) == ("2000.00", "TC art. 143")


def test_unregistered_activity_141(client, officer, taxpayer):
    # taxes of the period 3,000 < 50 indices x 100 = 5,000: the floor, 5,000 (TC art. 141)
    s = post(client, officer, taxpayer.login, offence="unregistered_activity", taxes="3000.00")
    assert (s["amount"], s["citation"]) == ("5000.00", "TC art. 141")
    # a typed amount must be the law's
    e = post(client, officer, taxpayer.login, 422, offence="unregistered_activity", taxes="3000.00", amount="4000.00")["error"]
    assert (e["code"], e["details"]["computed"]) == ("SANCTION_AMOUNT_DIFFERS", "5000.00")


def test_no_sanction_in_the_code_for_late_filing_or_late_payment(client, officer, taxpayer):
    # 87(3): late filing is for the Administrative Liability Code; late payment bears туум (71(2))
    e = post(client, officer, taxpayer.login, 422, lang="ky", offence="late_filing")["error"]
    assert (e["code"], e["details"]["citation"]) == ("NO_SANCTION_IN_CODE", "TC art. 87(3)") and "Салык кодекси" in e["message"]
    e = post(client, officer, taxpayer.login, 422, offence="late_payment")["error"]
    assert (e["code"], e["details"]["citation"]) == ("NO_SANCTION_IN_CODE", "TC art. 71(2)")
