"""The independent clients' side of signing, written only from the contract and the RFCs, not from
our code: it imports nothing from ``salyk`` (only ``cryptography``, ``rfc8785``, ``json`` and
``base64``), so the tests that use it check the service against the published words.

* "POST /api/v1/me/certificates {"csr": "<PEM PKCS#10>"} issues an X.509 certificate ... ECDSA P-256
  required, Ed25519 optional";
* "The signature is a JWS (RFC 7515) with detached payload (Appendix F), header {"alg": "ES256" (or
  "EdDSA"), "kid": "<certificate serial>"}, over the RFC 8785 (JCS) canonical JSON of document";
* "receipt_signature is the service's own signature over the receipt (verifiable with the service
  certificate)".
"""

from __future__ import annotations

import base64
import json

import rfc8785
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.x509.oid import NameOID

API = "/api/v1"


def b64url(data: bytes) -> str:
    # RFC 7515 section 2: base64url without the trailing "=".
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key(alg: str):
    """A fresh private key for ``alg``: ES256 (P-256) or EdDSA (Ed25519)."""
    return ec.generate_private_key(ec.SECP256R1()) if alg == "ES256" else ed25519.Ed25519PrivateKey.generate()


def csr_pem(private_key, common_name: str = "my key") -> str:
    # The client may put anything in the subject; the service takes the TIN from the login.
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    algorithm = hashes.SHA256() if isinstance(private_key, ec.EllipticCurvePrivateKey) else None
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(private_key, algorithm)
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def kid_of(certificate_pem: bytes) -> str:
    """The certificate serial, hex: the ``kid`` that names the certificate."""
    return format(x509.load_pem_x509_certificate(certificate_pem).serial_number, "x")


def jws_detached(payload: dict, private_key, kid: str) -> str:
    """The compact JWS of ``payload``'s JCS form with the payload part left empty (RFC 7515 Appendix F)."""
    alg = "ES256" if isinstance(private_key, ec.EllipticCurvePrivateKey) else "EdDSA"
    header = b64url(json.dumps({"alg": alg, "kid": kid}).encode("utf-8"))
    signing_input = f"{header}.{b64url(rfc8785.dumps(payload))}".encode("ascii")
    if alg == "ES256":
        # RFC 7518 3.4: the JWS signature is R || S, each 32 bytes, not the DER that cryptography returns.
        r, s = decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = private_key.sign(signing_input)
    return f"{header}..{b64url(signature)}"


def verify_es256(public_key, signing_input: bytes, signature: bytes) -> None:
    """Raises ``InvalidSignature`` unless ``signature`` (R || S, RFC 7518 3.4) signs ``signing_input``."""
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))


def verify_receipt(receipt: dict, service_certificate_pem: bytes) -> None:
    """The service's ES256 signature over the receipt without its ``receipt_signature``, named by the
    service certificate's serial; raises ``InvalidSignature`` when it does not hold."""
    header_b64, empty, signature_b64 = receipt["receipt_signature"].split(".")
    assert empty == ""
    header = json.loads(b64url_decode(header_b64))
    assert header["alg"] == "ES256" and header["kid"] == kid_of(service_certificate_pem)
    signed = {k: v for k, v in receipt.items() if k != "receipt_signature"}
    certificate = x509.load_pem_x509_certificate(service_certificate_pem)
    verify_es256(certificate.public_key(), f"{header_b64}.{b64url(rfc8785.dumps(signed))}".encode("ascii"), b64url_decode(signature_b64))


class HttpSigner:
    """A taxpayer's client over HTTP: logs in with the credentials the tax office issued, has a
    certificate issued for a new ``alg`` key, and signs with it (``sign``)."""

    def __init__(self, http, account, alg: str, common_name: str = "my key"):
        self.http, self.tin = http, account.login
        token = http.post(f"{API}/auth/login", json={"login": account.login, "password": account.password}).json()["access_token"]
        self.auth = {"Authorization": f"Bearer {token}"}
        self.key = new_key(alg)
        r = http.post(f"{API}/me/certificates", json={"csr": csr_pem(self.key, common_name)}, headers=self.auth)
        assert r.status_code == 201, r.text
        self.kid = kid_of(r.json()["certificate"].encode())

    def sign(self, payload: dict) -> str:
        return jws_detached(payload, self.key, self.kid)
