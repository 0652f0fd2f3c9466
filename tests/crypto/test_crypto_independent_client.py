"""A client written only from the text of issue 5 (sections 2 and 3), not from our code.

The client side (``tests/jws_client.py``) uses nothing of ``salyk``: only ``cryptography``, ``rfc8785``,
``json`` and ``base64``, following the contract word by word:

* "POST /api/v1/me/certificates {"csr": "<PEM PKCS#10>"} issues an X.509 certificate ...
  (subject carries the TIN as serialNumber), ECDSA P-256 required, Ed25519 optional";
* "The signature is a JWS (RFC 7515) with detached payload (Appendix F), header
  {"alg": "ES256" (or "EdDSA"), "kid": "<certificate serial>"}, over the RFC 8785 (JCS)
  canonical JSON of document";
* "receipt_signature is the service's own signature over the receipt (verifiable with
  the service certificate)".

Only the server side (issuing the certificate, verifying the filing, signing the receipt)
calls ``salyk.crypto``. The law: a report filed electronically is certified by the
taxpayer's electronic digital signature (TC art. 86(4), TC art. 28); the signature shows
the document unchanged and identifies its author (Offer 2.10).
"""

from __future__ import annotations

import json
import uuid

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from salyk.crypto import SignatureInvalid, ServiceAuthority, verify_detached

from crypto_fixtures import authority  # noqa: F401  (pytest fixtures)
from jws_client import csr_pem, jws_detached, kid_of, verify_receipt

TIN = "11503198512345"  # ИСН of an individual born 15.03.1985 (TC art. 97)


# ---- the independent client (tests/jws_client.py), as the contract tells it -----------------


def client_sign(document: dict, private_key, certificate_pem: str) -> str:
    return jws_detached(document, private_key, kid_of(certificate_pem.encode("ascii")))


def client_verify_receipt(receipt: dict, service_certificate_pem: str) -> bool:
    try:
        verify_receipt(receipt, service_certificate_pem.encode("ascii"))
    except InvalidSignature:
        return False
    return True


def zero_report() -> dict:
    return {
        "client_filing_id": str(uuid.uuid4()),
        "tin": TIN,
        "form": "income_tax_agent",
        "period": "2024-03",
        "kind": "initial",
        "zero": True,
        "values": {},
    }


# ---- the service side, as the declarations endpoint will do it ----------------------


def server_accepts(authority: ServiceAuthority, http_body: str, certificate_pem: bytes) -> dict:
    """Parse the request body as the web layer does, verify, and answer a signed receipt."""
    body = json.loads(http_body)
    verify_detached(body["signature"], body["document"], certificate_pem)
    receipt = {
        "id": "d-1",
        "receipt_number": "R-2024-000001",
        "filed_at": "2024-04-18T09:30:00Z",
        "filing_date": "2024-04-18",
        "status": "accepted",
        "document_sha256": "0" * 64,
    }
    receipt["receipt_signature"] = authority.sign_receipt(receipt)
    return receipt


@pytest.mark.parametrize(
    "new_key",
    [lambda: ec.generate_private_key(ec.SECP256R1()), ed25519.Ed25519PrivateKey.generate],
    ids=["ES256", "EdDSA"],
)
def test_a_client_built_from_the_issue_text_files_and_checks_the_receipt(authority, new_key):
    """TC art. 86(4): the electronic report carries the taxpayer's digital signature."""
    private_key = new_key()
    issued = authority.issue_certificate(csr_pem(private_key, "my phone").encode("ascii"), TIN)
    certificate = x509.load_pem_x509_certificate(issued.pem)
    assert certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == TIN

    document = zero_report()
    signature = client_sign(document, private_key, issued.pem.decode("ascii"))
    # The client's own JSON (default separators, its own key order) travels over HTTP.
    http_body = json.dumps({"signature": signature, "document": document}, indent=2)
    receipt = server_accepts(authority, http_body, issued.pem)

    service_certificate = authority.service_certificate_pem().decode("ascii")
    assert client_verify_receipt(receipt, service_certificate)
    receipt["filing_date"] = "2024-04-17"  # a receipt altered after signing
    assert not client_verify_receipt(receipt, service_certificate)


def test_the_client_signature_fails_once_the_document_is_changed(authority):
    """Offer 2.10: the signature guarantees the document is unchanged."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    issued = authority.issue_certificate(csr_pem(private_key, "my phone").encode("ascii"), TIN)
    document = zero_report()
    signature = client_sign(document, private_key, issued.pem.decode("ascii"))
    document["period"] = "2024-02"
    with pytest.raises(SignatureInvalid) as caught:
        verify_detached(signature, document, issued.pem)
    assert caught.value.code == "SIGNATURE_INVALID"


def test_a_kid_copied_from_openssl_in_upper_case_still_names_the_certificate(authority):
    """``openssl x509 -serial`` prints the serial in upper-case hex; "<certificate serial>"
    does not say which case, so the service reads hex in either (TC art. 15(3) spirit)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    issued = authority.issue_certificate(csr_pem(private_key, "my phone").encode("ascii"), TIN)
    document = zero_report()
    kid = "0" + format(x509.load_pem_x509_certificate(issued.pem).serial_number, "X")
    signature = jws_detached(document, private_key, kid)
    verify_detached(signature, document, issued.pem)
