"""A client written only from the text of issue 5 and the contract: cryptography + rfc8785, JWS by hand.

It imports nothing from salyk (nor does its signing side, tests/jws_client.py): it logs in over HTTP, sends a PKCS#10 request, signs the RFC 8785
form of its document as an RFC 7515 compact JWS with a detached payload (Appendix F), files, and
verifies the receipt's signature with the certificate from GET /api/v1/service-certificate.
"""

from __future__ import annotations

import hashlib
import uuid

import pytest
import rfc8785

from conftest import register_taxpayer
from jws_client import API, HttpSigner, verify_receipt


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_independent_client_files_and_verifies_the_receipt(client, officer, alg):
    account = register_taxpayer(client, officer)  # the tax office issues the credentials (Offer 3.3)
    http = client
    signer = HttpSigner(http, account, alg)
    auth = signer.auth

    document = {
        "client_filing_id": str(uuid.uuid4()),
        "tin": account.login,
        "form": "unified_declaration_individual",
        "period": "2024",
        "kind": "initial",
        "zero": True,
        "values": {},
    }
    body = {"document": document, "signature": signer.sign(document)}
    r = http.post(f"{API}/me/declarations", json=body, headers=auth)
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert receipt["status"] == "accepted"
    assert receipt["document_sha256"] == hashlib.sha256(rfc8785.dumps(document)).hexdigest()

    verify_receipt(receipt, http.get(f"{API}/service-certificate").content)

    # Sending it again gives the same receipt (200).
    again = http.post(f"{API}/me/declarations", json=body, headers=auth)
    assert again.status_code == 200 and again.json() == receipt
    journal = http.get(f"{API}/me/declarations", headers=auth).json()["declarations"]
    assert [(e["id"], e["receipt_number"]) for e in journal] == [(receipt["id"], receipt["receipt_number"])]
