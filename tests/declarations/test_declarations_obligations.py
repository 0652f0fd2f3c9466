"""Obligations, extensions (TC art. 88), registrations and field audits (TC art. 90(4)).

Today is Friday 14 March 2025. Deadlines worked by hand from TC art. 87(4), 92(6) and 16(6).
"""

from __future__ import annotations

from conftest import API
from declarations_fixtures import enrol, org_signer, signer  # noqa: F401  (pytest fixtures)


def _obligations(client, account, **params):
    r = client.get(f"{API}/me/obligations", params=params, headers=account.headers)
    assert r.status_code == 200, r.text
    return {(o["form"], o["period"]): o for o in r.json()["obligations"]}


def test_individual_must_file_the_single_declaration(client, signer):
    found = _obligations(client, signer.account)
    # Default range 1 January 2024 .. 12 June 2025: the declarations for 2023 (due 1 April 2024) and 2024 (due 1 April 2025).
    assert set(found) == {("unified_declaration_individual", "2023"), ("unified_declaration_individual", "2024")}
    assert found[("unified_declaration_individual", "2023")]["status"] == "overdue"
    assert found[("unified_declaration_individual", "2024")]["status"] == "open"
    assert found[("unified_declaration_individual", "2024")]["deadline"] == "2025-04-01"
    receipt = signer.file(signer.document(period="2024")).json()
    after = _obligations(client, signer.account)[("unified_declaration_individual", "2024")]
    assert after["status"] == "fulfilled" and after["filing"]["id"] == receipt["id"] and after["filing"]["receipt_number"] == receipt["receipt_number"]


def test_organisation_with_a_vat_registration(client, officer, org_signer):
    r = client.post(f"{API}/officer/taxpayers/{org_signer.tin}/registrations", json={"registration": "vat", "valid_from": "2025-01-01"}, headers=officer.headers)
    assert r.status_code == 201, r.text
    assert client.get(f"{API}/me/registrations", headers=org_signer.account.headers).json()["registrations"][0]["registration"] == "vat"
    found = _obligations(client, org_signer.account, **{"from": "2025-01-01", "to": "2025-06-12"})
    # VAT 2025-01: 21 February 2025 (Friday) -> overdue. 2025-02: 21 March is Nooruz -> Monday 24 March.
    # 2025-03: 21 April 2025 (Monday). 2025-04: 21 May 2025 (Wednesday). 2025-05: 21 June (Saturday) -> 23 June, out of range.
    vat = {p: o for (f, p), o in found.items() if f == "vat"}
    assert {p: o["deadline"] for p, o in vat.items()} == {"2025-01": "2025-02-21", "2025-02": "2025-03-24", "2025-03": "2025-04-21", "2025-04": "2025-05-21"}
    assert vat["2025-01"]["status"] == "overdue" and vat["2025-02"]["status"] == "open"
    # The single declaration of an organisation for 2024: 1 March 2025 (Saturday) -> Monday 3 March; profit tax
    # 2 March (Sunday) -> 3 March (TC art. 87(4)(2)).
    assert found[("unified_declaration_organization", "2024")]["deadline"] == "2025-03-03"
    assert found[("profit_tax", "2024")]["deadline"] == "2025-03-03"
    assert found[("profit_tax", "2024")]["status"] == "overdue"


def test_extension_moves_the_filing_deadline_not_the_payment(client, officer, org_signer):
    client.post(f"{API}/officer/taxpayers/{org_signer.tin}/registrations", json={"registration": "sales_tax", "valid_from": "2024-06-01"}, headers=officer.headers)
    h = org_signer.account.headers
    # Sales tax 2025-02 is due Monday 24 March 2025; applied on 14 March: + 30 days = 23 April 2025 (Wednesday).
    r = client.post(f"{API}/me/extensions", json={"form": "sales_tax", "period": "2025-02"}, headers=h)
    assert r.status_code == 201, r.text
    assert r.json() == {"form": "sales_tax", "period": "2025-02", "applied_on": "2025-03-14", "original_deadline": "2025-03-24", "extended_deadline": "2025-04-23", "payment_due_date": "2025-03-24"}
    again = client.post(f"{API}/me/extensions", json={"form": "sales_tax", "period": "2025-02"}, headers=h)
    assert again.status_code == 409 and again.json()["error"]["code"] == "EXTENSION_EXISTS"
    # 2025-01 was due 21 February: the application comes too late (TC art. 88(1)).
    late = client.post(f"{API}/me/extensions", json={"form": "sales_tax", "period": "2025-01"}, headers=h)
    assert late.status_code == 422 and late.json()["error"]["code"] == "EXTENSION_REFUSED"
    assert client.post(f"{API}/me/extensions", json={"form": "nope", "period": "2025-01"}, headers=h).json()["error"]["code"] == "UNKNOWN_FORM"
    found = _obligations(client, org_signer.account)
    assert found[("sales_tax", "2025-02")]["deadline"] == "2025-04-23" and found[("sales_tax", "2025-02")]["extended"] is True
    assert [e["period"] for e in client.get(f"{API}/me/extensions", headers=h).json()["extensions"]] == ["2025-02"]


def test_field_audit_blocks_clarified_reports(client, officer, signer):
    assert signer.file(signer.document(period="2024")).status_code == 201
    url = f"{API}/officer/taxpayers/{signer.tin}/field-audits"
    r = client.post(url, json={"period": "2024", "status": "open"}, headers=officer.headers)
    assert r.status_code == 200 and r.json()["status"] == "open"
    assert client.post(url, json={"period": "2024", "status": "open"}, headers=officer.headers).status_code == 409
    blocked = signer.file(signer.document(period="2024", kind="clarified"))
    assert blocked.status_code == 422 and blocked.json()["error"]["code"] == "AMENDMENT_BLOCKED_BY_AUDIT"
    closed = client.post(url, json={"period": "2024", "status": "closed"}, headers=officer.headers)
    assert closed.json()["status"] == "closed" and closed.json()["closed_on"] == "2025-03-14"
    assert signer.file(signer.document(period="2024", kind="clarified")).status_code == 201
    nothing = client.post(url, json={"period": "2024", "status": "closed"}, headers=officer.headers)
    assert nothing.status_code == 404 and nothing.json()["error"]["code"] == "FIELD_AUDIT_NOT_OPEN"
    assert [a["status"] for a in client.get(url, headers=officer.headers).json()["field_audits"]] == ["closed"]
    assert client.post(url, json={"period": "24", "status": "open"}, headers=officer.headers).json()["error"]["code"] == "INVALID_PERIOD"
    assert client.post(url, json={"period": "2024", "status": "open"}, headers=signer.account.headers).status_code == 403


def test_bad_ranges_and_registrations(client, officer, taxpayer):
    r = client.get(f"{API}/me/obligations", params={"from": "2025-02-01", "to": "2025-01-01"}, headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_RANGE"
    assert client.get(f"{API}/me/obligations", params={"from": "1.1.2025"}, headers=taxpayer.headers).status_code == 422
    # An individual is not registered for VAT here (the form is for organisations and entrepreneurs).
    r = client.post(f"{API}/officer/taxpayers/{taxpayer.login}/registrations", json={"registration": "vat", "valid_from": "2025-01-01"}, headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "FORM_NOT_APPLICABLE"
