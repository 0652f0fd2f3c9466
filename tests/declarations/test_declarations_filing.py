"""Filing signed reports (issue 5 item 3; TC art. 28, 86, 87, 89, 90) and every error it names.

The test day is Friday 14 March 2025 (tests/conftest.py TODAY).
"""

from __future__ import annotations

import hashlib
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import API, register_taxpayer
from declarations_fixtures import enrol, org_signer, signer  # noqa: F401  (pytest fixtures)
from salyk.crypto import canonicalize, sign_detached, verify_receipt


def test_zero_filing_receipt_and_its_signature(client, signer):
    doc = signer.document()
    r = signer.file(doc)
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert set(receipt) == {"id", "receipt_number", "filed_at", "filing_date", "status", "document_sha256", "receipt_signature"}
    assert receipt["status"] == "accepted"
    assert receipt["filing_date"] == "2025-03-14"  # TC art. 89(1): the day it was sent, in Bishkek
    assert receipt["filed_at"].startswith("2025-03-14T") and receipt["filed_at"].endswith("+06:00")
    assert receipt["document_sha256"] == hashlib.sha256(canonicalize(doc)).hexdigest()
    verify_receipt(receipt, receipt["receipt_signature"], client.get(f"{API}/service-certificate").text)


def test_replay_returns_the_first_receipt_and_a_changed_document_conflicts(client, signer):
    doc = signer.document()
    first = signer.file(doc)
    again = signer.file(doc)
    assert again.status_code == 200 and again.json() == first.json()
    changed = dict(doc, zero=False, values={"employment_income": "1000.00"})
    r = signer.file(changed)
    assert r.status_code == 409 and r.json()["error"]["code"] == "REFERENCE_CONFLICT"


def test_tampered_document_and_wrong_key(client, signer):
    doc = signer.document(zero=False, values={"employment_income": "100000.00"})
    signature = signer.sign(doc)
    tampered = dict(doc, values={"employment_income": "1000.00"})
    r = signer.file(tampered, signature)
    assert r.status_code == 422 and r.json()["error"]["code"] == "SIGNATURE_INVALID"
    stranger = ec.generate_private_key(ec.SECP256R1())
    r = signer.file(doc, sign_detached(doc, stranger, signer.kid))
    assert r.json()["error"]["code"] == "SIGNATURE_INVALID"
    for garbage in ["", "abc", "a.b.c", signature.replace("..", ".x."), signature + "A"]:
        r = signer.file(doc, garbage)
        assert r.status_code == 422 and r.json()["error"]["code"] == "SIGNATURE_INVALID", garbage


def test_unknown_and_revoked_certificates(client, signer):
    doc = signer.document()
    key = ec.generate_private_key(ec.SECP256R1())
    r = signer.file(doc, sign_detached(doc, key, "7f" * 16))
    assert r.status_code == 422 and r.json()["error"]["code"] == "CERTIFICATE_UNKNOWN"
    client.post(f"{API}/me/certificates/{signer.kid}/revocation", headers=signer.account.headers)
    r = signer.file(doc)
    assert r.status_code == 422 and r.json()["error"]["code"] == "CERTIFICATE_REVOKED"


def test_tin_mismatch(client, officer, signer):
    other = enrol(client, register_taxpayer(client, officer))
    # The document names another TIN (signed with my own key).
    doc = signer.document(tin=other.tin)
    assert signer.file(doc).json()["error"]["code"] == "TIN_MISMATCH"
    # Another taxpayer's certificate and key, filed under my token.
    doc = other.document(tin=signer.tin)
    r = signer.file(doc, other.sign(doc))
    assert r.status_code == 422 and r.json()["error"]["code"] == "TIN_MISMATCH"
    # Their own document filed with my token.
    doc = other.document()
    assert signer.file(doc, other.sign(doc)).json()["error"]["code"] == "TIN_MISMATCH"


def test_form_values_and_period_errors(client, signer):
    cases = [
        (signer.document(form="no_such_form"), "UNKNOWN_FORM"),
        (signer.document(form="unified_declaration_organization"), "FORM_NOT_APPLICABLE"),
        (signer.document(zero=True, values={"employment_income": "5.00"}), "INVALID_VALUES"),
        (signer.document(zero=False, values={"employment_income": 5}), "INVALID_VALUES"),
        (signer.document(zero=False, values={"bonus": "5.00"}), "INVALID_VALUES"),
        (signer.document(period="2024-03"), "INVALID_VALUES"),
        (signer.document(period="2025"), "PERIOD_NOT_ENDED"),
    ]
    for doc, code in cases:
        r = signer.file(doc)
        assert r.status_code == 422 and r.json()["error"]["code"] == code, (doc, r.text)


def test_malformed_documents_are_validation_errors(client, signer):
    good = signer.document()
    for doc, field in [
        ({k: v for k, v in good.items() if k != "kind"}, "document.kind"),
        (dict(good, extra=1), "document.extra"),
        (dict(good, client_filing_id="not-a-uuid"), "document.client_filing_id"),
        (dict(good, period="2024-13"), "document.period"),
        (dict(good, kind="final"), "document.kind"),
        (dict(good, zero="yes"), "document.zero"),
        (dict(good, values=[]), "document.values"),
    ]:
        r = signer.file(doc)
        assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR", (doc, r.text)
        assert r.json()["error"]["details"]["field"] == field
    r = client.post(f"{API}/me/declarations", json={"document": good}, headers=signer.account.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"


def test_duplicate_initial_then_clarified_with_the_difference(client, signer):
    # Income 120 000: base 120 000 - 7 800 = 112 200; tax 11 220 (TC art. 163(1), 170(1), 174).
    first = signer.file(signer.document(zero=False, values={"employment_income": "120000.00"}))
    assert first.status_code == 201, first.text
    dup = signer.file(signer.document())
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "DUPLICATE_FILING"
    # Clarified: income 150 000 -> base 142 200 -> tax 14 220; the difference 3 000 is posted.
    r = signer.file(signer.document(kind="clarified", zero=False, values={"employment_income": "150000.00"}))
    assert r.status_code == 201, r.text
    journal = client.get(f"{API}/me/declarations", headers=signer.account.headers).json()["declarations"]
    by_id = {e["id"]: e for e in journal}
    assert by_id[first.json()["id"]]["tax_due"] == "11220.00" and by_id[first.json()["id"]]["charge_amount"] == "11220.00"
    assert by_id[r.json()["id"]]["kind"] == "clarified"
    assert by_id[r.json()["id"]]["tax_due"] == "14220.00" and by_id[r.json()["id"]]["charge_amount"] == "3000.00"
    # A second clarified lowering it to 120 000 posts -3 000.
    r2 = signer.file(signer.document(kind="clarified", zero=False, values={"employment_income": "120000.00"}))
    entry = next(e for e in client.get(f"{API}/me/declarations", headers=signer.account.headers).json()["declarations"] if e["id"] == r2.json()["id"])
    assert entry["charge_amount"] == "-3000.00"


def test_clarified_before_initial_and_after_limitation(client, signer):
    r = signer.file(signer.document(kind="clarified"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "NO_INITIAL_FILING"
    # 2017: the limitation period (TC art. 58(1), 6 years from 1 January 2018) ended on
    # 31 December 2023, moved to Monday 8 January 2024 after the holidays; today is 14 March 2025.
    assert signer.file(signer.document(period="2017")).status_code == 201
    r = signer.file(signer.document(period="2017", kind="clarified"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "LIMITATION_EXPIRED"


def test_receipt_numbers_are_gapless_and_unique(client, signer, org_signer):
    numbers = []
    for period in ("2022", "2023"):
        numbers.append(signer.file(signer.document(period=period)).json()["receipt_number"])
    numbers.append(org_signer.file(org_signer.document(form="unified_declaration_organization", period="2024")).json()["receipt_number"])
    year, first = numbers[0].split("-")
    assert year == "2025"
    assert len(set(numbers)) == 3
    assert all(n.startswith("2025-") for n in numbers)
    values = sorted(int(n.split("-")[1]) for n in numbers)
    assert values[-1] - values[0] >= 2


def test_ed25519_signer_files(client, taxpayer):
    s = enrol(client, taxpayer, "EdDSA")
    assert s.file(s.document()).status_code == 201


def test_cloud_signature_files_the_same_way(client, officer):
    account = register_taxpayer(client, officer)
    h = account.headers
    client.post(f"{API}/me/cloud-signature", json={"pin": "4917"}, headers=h)
    doc = {"client_filing_id": str(uuid.uuid4()), "tin": account.login, "form": "unified_declaration_individual", "period": "2024", "kind": "initial", "zero": True, "values": {}}
    signature = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4917", "document": doc}, headers=h).json()["signature"]
    r = client.post(f"{API}/me/declarations", json={"document": doc, "signature": signature}, headers=h)
    assert r.status_code == 201, r.text


def test_late_initial_filing_is_flagged(client, org_signer):
    # Profit tax 2024 (TC art. 87(4)(2)): 2 March 2025 is a Sunday -> Monday 3 March; filed 14 March: late.
    r = org_signer.file(org_signer.document(form="profit_tax", period="2024", zero=False, values={"sales_income": "500000.00", "expenses": "100000.00"}))
    assert r.status_code == 201, r.text
    entry = client.get(f"{API}/me/declarations/{r.json()['id']}", headers=org_signer.account.headers).json()
    assert entry["deadline"] == "2025-03-03" and entry["late"] is True
    # 400 000 profit x 10% (sample rate) = 40 000, payable by the report deadline (READINGS.md reading).
    assert entry["tax_due"] == "40000.00" and entry["payment_due_date"] == "2025-03-03"


def test_offer_gate_and_auth(client, officer):
    account = register_taxpayer(client, officer, accept=False)
    r = client.post(f"{API}/me/declarations", json={"document": {}, "signature": ""}, headers=account.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "OFFER_NOT_ACCEPTED"
    assert client.get(f"{API}/me/declarations").status_code == 401
    assert client.get(f"{API}/me/declarations", headers=officer.headers).status_code == 403


@pytest.mark.parametrize("period", ["2008", "1000", "9999"])
def test_periods_outside_the_code_are_refused_not_crashed(client, signer, period):
    # The Code (2008 No. 230) applies from 1 January 2009; far-future periods cannot be computed.
    r = signer.file(signer.document(period=period))
    assert r.status_code == 422 and r.json()["error"]["code"] == "PERIOD_OUT_OF_RANGE"
    assert r.json()["error"]["details"]["first"] == "2009-01-01"


def test_out_of_range_periods_elsewhere(client, org_signer):
    h = org_signer.account.headers
    for period in ("2001-01", "1000-12", "9999-12"):
        assert client.post(f"{API}/me/extensions", json={"form": "vat", "period": period}, headers=h).json()["error"]["code"] == "PERIOD_OUT_OF_RANGE"
        r = client.post(f"{API}/forms/vat/computation", json={"period": period, "values": {"tax_due": "1.00"}})
        assert r.status_code == 422 and r.json()["error"]["code"] == "PERIOD_OUT_OF_RANGE"
    r = client.get(f"{API}/me/obligations", params={"from": "1995-01-01", "to": "2004-12-31"}, headers=h)
    assert r.status_code == 200 and r.json()["obligations"] == []
