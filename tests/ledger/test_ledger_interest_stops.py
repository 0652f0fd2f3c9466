"""Where туум stops (TC art. 71(7)(2)-(6), 75(6)): the officer records the ground with its dates;
туум stops and the statement says why. Today is Fri 14 Mar 2025."""

from __future__ import annotations

from conftest import API, register_taxpayer
from ledger_helpers import assess, balance, tax_row


def test_bankruptcy_stops_tuum_and_the_statement_says_why(client, officer):
    # VAT 10,000 due Mon 3 Feb 2025. The bankruptcy decision took effect on Sat 1 Mar 2025 (71(7)(2)).
    # туум 4 Feb .. 28 Feb = 25 days x 10,000 x 0.09 % = 225.00, none from 1 Mar (before: 4 Feb ..
    # 14 Mar = 39 days = 351.00).
    org = register_taxpayer(client, officer, kind="organization")
    assess(client, officer, org.login, "10000.00", "2025-02-03", period="2025-01", audit_notice=None)
    r = client.post(f"{API}/officer/taxpayers/{org.login}/interest-stops", headers=officer.headers, json={
        "ground": "bankruptcy", "start": "2025-03-01", "act_reference": "court 12/2025", "evidence": "decision of the inter-district court"})
    assert r.status_code == 201, r.text
    stops = r.json()["interest_stops"]
    assert len(stops) == 10 and {s["citation"] for s in stops} == {"TC art. 71(7)(2)"}  # every tax of art. 31
    assert tax_row(balance(client, org))["late_interest"] == "225.00"
    st = client.get(f"{API}/me/statement", headers=org.headers | {"Accept-Language": "ru"}, params={"tax": "vat"}).json()["lines"]
    why = [ln["text"] for ln in st if ln["kind"] == "interest_stop"]
    assert why == ["пеня не начисляется с 01.03.2025 до прекращения основания: банкротство (court 12/2025)"]
    assert any("банкротство" in ln["text"] and ln["citation"] == "TC art. 71(7)(2)" for ln in st if ln["kind"] == "late_interest")
    # the ground ends on Mon 10 Mar (its last day without туум): 11..14 Mar = 4 days x 9.00 = 36.00 more
    vat = next(s for s in stops if s["tax"] == "vat")
    r = client.post(f"{API}/officer/interest-stops/{vat['id']}/end", headers=officer.headers, json={"end": "2025-03-10"})
    assert r.status_code == 200 and r.json()["end"] == "2025-03-10", r.text
    assert tax_row(balance(client, org))["late_interest"] == "261.00"
    assert client.post(f"{API}/officer/interest-stops/{vat['id']}/end", headers=officer.headers, json={"end": "2025-03-10"}).status_code == 404
    listed = client.get(f"{API}/officer/taxpayers/{org.login}/interest-stops", headers=officer.headers).json()["interest_stops"]
    assert len(listed) == 10 and [s["end"] for s in listed if s["tax"] == "vat"] == ["2025-03-10"]
    assert len(client.get(f"{API}/me/interest-stops", headers=org.headers).json()["interest_stops"]) == 10


def test_property_arrest_on_one_tax_and_grounds_refused(client, officer, taxpayer):
    # 75(6): arrest of property from Mon 10 Mar 2025 on land tax only. Land tax 1,000 due Mon 3 Mar:
    # туум 4..9 Mar = 6 days x 0.90 = 5.40, none from 10 Mar.
    tin = taxpayer.login
    assess(client, officer, tin, "1000.00", "2025-03-03", tax="land_tax", period="2024", audit_notice=None)
    r = client.post(f"{API}/officer/taxpayers/{tin}/interest-stops", headers=officer.headers, json={
        "ground": "property_arrest", "tax": "land_tax", "start": "2025-03-10", "act_reference": "arrest-1"})
    assert r.status_code == 201 and r.json()["interest_stops"][0]["citation"] == "TC art. 75(6)"
    assert tax_row(balance(client, taxpayer), "land_tax")["late_interest"] == "5.40"
    # 71(7)(3) is for an individual declared missing; an organisation cannot be
    org = register_taxpayer(client, officer, kind="organization")
    r = client.post(f"{API}/officer/taxpayers/{org.login}/interest-stops", headers=officer.headers | {"Accept-Language": "ru"}, json={
        "ground": "missing_person", "start": "2025-03-01", "act_reference": "x"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "GROUND_NOT_APPLICABLE"
    r = client.post(f"{API}/officer/taxpayers/{tin}/interest-stops", headers=officer.headers, json={
        "ground": "deferral", "start": "2025-03-01", "act_reference": "x"})
    assert r.status_code == 422
    assert client.post(f"{API}/officer/taxpayers/{tin}/interest-stops", headers=taxpayer.headers, json={}).status_code in (403, 422)
