"""Signing certificates and the cloud signature (issue 5 item 2; TC art. 28, 86(4); Offer 2.10)."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from conftest import API, register_taxpayer
from declarations_fixtures import enrol, signer  # noqa: F401  (pytest fixture)
from salyk.crypto import verify_detached


def _csr_naming(key, tin: str) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone"), x509.NameAttribute(NameOID.SERIAL_NUMBER, tin)])
    return x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()


def test_issue_list_and_tin_from_the_token(client, officer, taxpayer):
    other = register_taxpayer(client, officer)
    key = ec.generate_private_key(ec.SECP256R1())
    # The request names another taxpayer's TIN: the certificate still carries the caller's.
    r = client.post(f"{API}/me/certificates", json={"csr": _csr_naming(key, other.login)}, headers=taxpayer.headers)
    assert r.status_code == 201, r.text
    cert = x509.load_pem_x509_certificate(r.json()["certificate"].encode())
    assert cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == taxpayer.login
    assert r.json()["algorithm"] == "ES256" and r.json()["status"] == "active" and r.json()["kid"] == format(cert.serial_number, "x")
    listed = client.get(f"{API}/me/certificates", headers=taxpayer.headers).json()["certificates"]
    assert [c["serial"] for c in listed] == [r.json()["serial"]]
    assert client.get(f"{API}/me/certificates", headers=other.headers).json()["certificates"] == []
    # Another taxpayer cannot read or revoke it.
    assert client.get(f"{API}/me/certificates/{r.json()['serial']}", headers=other.headers).status_code == 404
    assert client.post(f"{API}/me/certificates/{r.json()['serial']}/revocation", headers=other.headers).status_code == 404


def test_ed25519_optional_and_bad_requests(client, taxpayer):
    s = enrol(client, taxpayer, "EdDSA")
    assert client.get(f"{API}/me/certificates/{s.kid}", headers=taxpayer.headers).json()["algorithm"] == "EdDSA"
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    r = client.post(f"{API}/me/certificates", json={"csr": _csr_naming(rsa_key, taxpayer.login)}, headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "CSR_KEY_UNSUPPORTED"
    r = client.post(f"{API}/me/certificates", json={"csr": "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"}, headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "CSR_INVALID"
    p384 = ec.generate_private_key(ec.SECP384R1())
    r = client.post(f"{API}/me/certificates", json={"csr": _csr_naming(p384, taxpayer.login)}, headers=taxpayer.headers)
    assert r.json()["error"]["code"] == "CSR_KEY_UNSUPPORTED"
    assert client.post(f"{API}/me/certificates", json={"csr": "x"}).status_code == 401


def test_revocation_is_idempotent(client, signer):
    url = f"{API}/me/certificates/{signer.kid}/revocation"
    first = client.post(url, json={"reason": "lost phone"}, headers=signer.account.headers)
    assert first.status_code == 200 and first.json()["status"] == "revoked" and first.json()["revoked_at"]
    again = client.post(url, headers=signer.account.headers)
    assert again.status_code == 200 and again.json()["revoked_at"] == first.json()["revoked_at"]


def test_service_certificate_is_public_pem(client):
    r = client.get(f"{API}/service-certificate")
    assert r.status_code == 200 and r.text.startswith("-----BEGIN CERTIFICATE-----")
    service = x509.load_pem_x509_certificate(r.content)
    ca = x509.load_pem_x509_certificate(client.get(f"{API}/ca-certificate").content)
    service.verify_directly_issued_by(ca)


def test_cloud_signature_enrol_sign_and_pin_rules(client, taxpayer):
    h = taxpayer.headers
    assert client.get(f"{API}/me/cloud-signature", headers=h).json() == {"enrolled": False, "certificate": None}
    assert client.post(f"{API}/me/cloud-signature", json={"pin": "1234"}, headers=h).json()["error"]["code"] == "WEAK_PIN"
    assert client.post(f"{API}/me/cloud-signature", json={"pin": "12a"}, headers=h).json()["error"]["code"] == "PIN_INVALID"
    r = client.post(f"{API}/me/cloud-signature", json={"pin": "4917"}, headers=h)
    assert r.status_code == 201 and r.json()["cloud"] is True
    cert_pem = r.json()["certificate"]
    doc = {"hello": "world"}
    signed = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4917", "document": doc}, headers=h)
    assert signed.status_code == 200 and signed.json()["kid"] == r.json()["kid"]
    verify_detached(signed.json()["signature"], doc, cert_pem)
    wrong = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4918", "document": doc}, headers=h)
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "WRONG_PIN"
    # Re-enrolment (a forgotten PIN) revokes the old cloud certificate.
    again = client.post(f"{API}/me/cloud-signature", json={"pin": "8260", "password": taxpayer.password}, headers=h)  # a reset asks for the password
    listed = {c["serial"]: c["status"] for c in client.get(f"{API}/me/certificates", headers=h).json()["certificates"]}
    assert listed == {r.json()["serial"]: "revoked", again.json()["serial"]: "active"}


def test_five_wrong_pins_lock_signing(client, officer):
    account = register_taxpayer(client, officer)
    h = account.headers
    client.post(f"{API}/me/cloud-signature", json={"pin": "4917"}, headers=h)
    for _ in range(5):
        assert client.post(f"{API}/me/cloud-signature/sign", json={"pin": "0001", "document": {}}, headers=h).json()["error"]["code"] == "WRONG_PIN"
    locked = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4917", "document": {}}, headers=h)
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "PIN_LOCKED"


def test_cloud_sign_without_enrolment(client, taxpayer):
    r = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "4917", "document": {}}, headers=taxpayer.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "CLOUD_SIGNATURE_NOT_SET_UP"
