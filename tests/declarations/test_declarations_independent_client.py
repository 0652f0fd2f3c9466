"""A client written only from the text of issue 5 and the contract: cryptography + rfc8785, JWS by hand.

It imports nothing from salyk: it logs in over HTTP, sends a PKCS#10 request, signs the RFC 8785
form of its document as an RFC 7515 compact JWS with a detached payload (Appendix F), files, and
verifies the receipt's signature with the certificate from GET /api/v1/service-certificate.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid

import pytest
import rfc8785
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.x509.oid import NameOID

from conftest import register_taxpayer

API = "/api/v1"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jws_detached(payload: dict, key, kid: str) -> str:
    alg = "ES256" if isinstance(key, ec.EllipticCurvePrivateKey) else "EdDSA"
    header = b64u(json.dumps({"alg": alg, "kid": kid}).encode())
    signing_input = f"{header}.{b64u(rfc8785.dumps(payload))}".encode()
    if alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        sig = key.sign(signing_input)
    return f"{header}..{b64u(sig)}"


def verify_jws_detached(jws: str, payload: dict, certificate_pem: bytes) -> None:
    header_b64, empty, sig_b64 = jws.split(".")
    assert empty == ""
    header = json.loads(unb64u(header_b64))
    cert = x509.load_pem_x509_certificate(certificate_pem)
    assert header["alg"] == "ES256" and int(header["kid"], 16) == cert.serial_number
    sig = unb64u(sig_b64)
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    cert.public_key().verify(der, f"{header_b64}.{b64u(rfc8785.dumps(payload))}".encode(), ec.ECDSA(hashes.SHA256()))


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_independent_client_files_and_verifies_the_receipt(client, officer, alg):
    account = register_taxpayer(client, officer)  # the tax office issues the credentials (Offer 3.3)
    http = client
    token = http.post(f"{API}/auth/login", json={"login": account.login, "password": account.password}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}

    key = ec.generate_private_key(ec.SECP256R1()) if alg == "ES256" else ed25519.Ed25519PrivateKey.generate()
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "my key")]))
        .sign(key, hashes.SHA256() if alg == "ES256" else None)
    )
    r = http.post(f"{API}/me/certificates", json={"csr": csr.public_bytes(serialization.Encoding.PEM).decode()}, headers=auth)
    assert r.status_code == 201, r.text
    kid = format(x509.load_pem_x509_certificate(r.json()["certificate"].encode()).serial_number, "x")

    document = {
        "client_filing_id": str(uuid.uuid4()),
        "tin": account.login,
        "form": "unified_declaration_individual",
        "period": "2024",
        "kind": "initial",
        "zero": True,
        "values": {},
    }
    body = {"document": document, "signature": jws_detached(document, key, kid)}
    r = http.post(f"{API}/me/declarations", json=body, headers=auth)
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert receipt["status"] == "accepted"
    assert receipt["document_sha256"] == hashlib.sha256(rfc8785.dumps(document)).hexdigest()

    service_pem = http.get(f"{API}/service-certificate").content
    signed_part = {k: v for k, v in receipt.items() if k != "receipt_signature"}
    verify_jws_detached(receipt["receipt_signature"], signed_part, service_pem)

    # Sending it again gives the same receipt (200).
    again = http.post(f"{API}/me/declarations", json=body, headers=auth)
    assert again.status_code == 200 and again.json() == receipt
    journal = http.get(f"{API}/me/declarations", headers=auth).json()["declarations"]
    assert [(e["id"], e["receipt_number"]) for e in journal] == [(receipt["id"], receipt["receipt_number"])]
