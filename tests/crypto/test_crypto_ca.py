"""The service CA: issuing taxpayer signing certificates and checking them (issue 5 section 2).

The certificate is what ties a signature to its author: the digital signature must
identify who made the document (Offer 2.10) for a signed electronic report to be the
taxpayer's electronic document (TC art. 28, 86(4)).
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.x509.oid import ExtensionOID, NameOID

from salyk.crypto import (
    DOCUMENT_SIGNING,
    AuthorityExpired,
    AuthorityInvalid,
    CertificateExpired,
    CertificateInvalid,
    CertificateNotIssuedByUs,
    CertificateNotYetValid,
    CsrInvalid,
    CsrKeyUnsupported,
    IssuedCertificate,
    ServiceAuthority,
    TinInvalid,
    certificate_algorithm,
    certificate_tin,
    kid_to_serial,
    make_csr,
    serial_to_kid,
)

from crypto_fixtures import authority, other_authority  # noqa: F401  (pytest fixtures)

TIN = "11503198512345"  # ИСН of an individual born 15.03.1985 (TC art. 97)
OTHER_TIN = "00102201000017"  # ИСН of an organisation registered 01.02.2010
UTC = dt.timezone.utc


def csr_for(key, subject_tin: str = OTHER_TIN) -> bytes:
    """A request whose subject claims ``subject_tin``, as any client could write it."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "claimed name"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, subject_tin),
        ]
    )
    algorithm = None if isinstance(key, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)) else hashes.SHA256()
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, algorithm)
    return csr.public_bytes(serialization.Encoding.PEM)


def p256():
    return ec.generate_private_key(ec.SECP256R1())


# ---- the authority itself -----------------------------------------------------------------


def test_a_generated_authority_is_a_p256_ca_for_ten_years():
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    authority = ServiceAuthority.generate(name="Salyk STS CA", now=start)
    ca = authority.ca_certificate
    assert ca.subject == ca.issuer
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Salyk STS CA"
    ca.verify_directly_issued_by(ca)  # self-signed
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    assert ca.public_key().curve.name == "secp256r1"
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    # 3650 days from 2025-01-01: 2025..2034 are ten years with two leap days (2028, 2032),
    # 3652 days, so 3650 days end two days short: 2034-12-30.
    assert ca.not_valid_before_utc == start
    assert ca.not_valid_after_utc == dt.datetime(2034, 12, 30, tzinfo=UTC)


def test_the_service_signing_certificate_is_separate_and_issued_by_the_ca(authority):
    service = authority.service_certificate
    ca = authority.ca_certificate
    assert service.public_key() != ca.public_key()
    service.verify_directly_issued_by(ca)
    assert not service.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert service.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert authority.service_kid == format(service.serial_number, "x")
    assert x509.load_pem_x509_certificate(authority.service_certificate_pem()) == service


@pytest.mark.parametrize("passphrase", [None, b"correct horse battery staple"])
def test_to_pem_and_back_gives_the_same_authority(authority, passphrase):
    restored = ServiceAuthority.from_pem(authority.to_pem(passphrase), passphrase)
    assert restored.ca_certificate == authority.ca_certificate
    assert restored.service_certificate == authority.service_certificate
    # A certificate issued by the restored authority is one of ours for the original.
    issued = restored.issue_certificate(make_csr(p256(), TIN), TIN)
    authority.verify_certificate(issued.pem, issued.not_before)


def test_the_bundle_may_come_in_any_order(authority):
    blocks = re.findall(rb"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----\n", authority.to_pem(), re.DOTALL)
    assert len(blocks) == 4
    random.Random(7).shuffle(blocks)
    restored = ServiceAuthority.from_pem(b"".join(blocks))
    assert restored.service_kid == authority.service_kid


def test_an_encrypted_bundle_needs_its_passphrase(authority):
    sealed = authority.to_pem(b"right")
    for wrong in (b"wrong", None):
        with pytest.raises(AuthorityInvalid):
            ServiceAuthority.from_pem(sealed, wrong)


def test_a_bundle_mixing_two_authorities_is_refused(authority, other_authority):
    ours = re.findall(rb"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----\n", authority.to_pem(), re.DOTALL)
    theirs = re.findall(rb"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----\n", other_authority.to_pem(), re.DOTALL)
    # our CA key and certificate with their service key and certificate
    with pytest.raises(AuthorityInvalid):
        ServiceAuthority.from_pem(b"".join(ours[:2] + theirs[2:]))
    # a key that belongs to no certificate of the bundle
    with pytest.raises(AuthorityInvalid):
        ServiceAuthority.from_pem(b"".join([theirs[0], ours[1], ours[2], ours[3]]))
    for broken in (b"", b"garbage", b"".join(ours[:3])):
        with pytest.raises(AuthorityInvalid):
            ServiceAuthority.from_pem(broken)


# ---- issuing taxpayer certificates ---------------------------------------------------------


@pytest.mark.parametrize("key_factory", [p256, ed25519.Ed25519PrivateKey.generate], ids=["ES256", "EdDSA"])
def test_the_certificate_names_the_authenticated_tin_not_the_requested_one(authority, key_factory):
    """Issue 5 section 2: the subject carries the TIN as serialNumber; the request's subject
    (here claiming another TIN) is not trusted."""
    key = key_factory()
    issued = authority.issue_certificate(csr_for(key, subject_tin=OTHER_TIN), TIN)
    cert = x509.load_pem_x509_certificate(issued.pem)
    assert cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == TIN
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == TIN
    assert certificate_tin(issued.pem) == TIN
    assert issued.tin == TIN
    assert cert.public_key() == key.public_key()
    assert cert.issuer == authority.ca_certificate.subject
    assert issued.algorithm == certificate_algorithm(cert) == ("ES256" if key_factory is p256 else "EdDSA")


def test_the_certificate_is_for_signing_documents_only(authority):
    issued = authority.issue_certificate(make_csr(p256(), TIN), TIN)
    cert = x509.load_pem_x509_certificate(issued.pem)
    extensions = cert.extensions
    constraints = extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and not constraints.value.ca
    usage = extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment  # nonRepudiation
    assert not usage.value.key_cert_sign and not usage.value.key_encipherment
    assert list(extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [DOCUMENT_SIGNING]
    assert DOCUMENT_SIGNING.dotted_string == "1.3.6.1.5.5.7.3.36"  # RFC 9336 id-kp-documentSigning
    ski = extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(cert.public_key())
    aki = extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
    ca_ski = authority.ca_certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ca_ski.digest


def test_a_stored_certificate_reads_back_as_issued(authority):
    issued = authority.issue_certificate(make_csr(p256(), TIN), TIN)
    assert IssuedCertificate.from_certificate(issued.pem) == issued
    assert IssuedCertificate.from_certificate(issued.pem.decode("ascii")) == issued


def test_the_taxpayer_name_goes_to_the_cn(authority):
    issued = authority.issue_certificate(make_csr(p256(), OTHER_TIN), OTHER_TIN, name="ОсОО «Ала-Тоо Сервис»")
    cert = x509.load_pem_x509_certificate(issued.pem)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "ОсОО «Ала-Тоо Сервис»"


def test_serials_are_random_128_bit_and_the_kid_is_their_hex(authority):
    issued = [authority.issue_certificate(make_csr(p256(), TIN), TIN) for _ in range(3)]
    assert len({i.serial for i in issued}) == 3
    for one in issued:
        assert 2**127 <= one.serial < 2**128
        assert one.serial_hex == one.kid == serial_to_kid(one.serial)
        assert re.fullmatch(r"[0-9a-f]{32}", one.kid)
        assert x509.load_pem_x509_certificate(one.pem).serial_number == one.serial


def test_a_given_serial_and_validity_are_used(authority):
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    issued = authority.issue_certificate(make_csr(p256(), TIN), TIN, serial=0x0ABC, not_before=start, days=730)
    assert issued.kid == "abc"
    assert kid_to_serial("0ABC") == kid_to_serial("abc") == 0xABC
    # 730 days from 2025-01-01 across 2025 and 2026 (no leap day): 2027-01-01.
    assert (issued.not_before, issued.not_after) == (start, dt.datetime(2027, 1, 1, tzinfo=UTC))


def test_a_certificate_does_not_outlive_its_ca():
    # 3650 days from 2020-01-01: to 2029-01-01 are 3288 days (2020, 2024 and 2028 leap),
    # 362 more days end on 2029-12-29.
    authority = ServiceAuthority.generate(now=dt.datetime(2020, 1, 1, tzinfo=UTC))
    ca_end = dt.datetime(2029, 12, 29, tzinfo=UTC)
    assert authority.ca_certificate.not_valid_after_utc == ca_end
    issued = authority.issue_certificate(
        make_csr(p256(), TIN), TIN, not_before=dt.datetime(2029, 6, 1, tzinfo=UTC), days=730
    )
    assert issued.not_after == ca_end
    with pytest.raises(AuthorityExpired):
        authority.issue_certificate(make_csr(p256(), TIN), TIN, not_before=ca_end)


@pytest.mark.parametrize(
    "key_factory",
    [
        lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        lambda: ec.generate_private_key(ec.SECP384R1()),
        lambda: ec.generate_private_key(ec.SECP256K1()),
        ed448.Ed448PrivateKey.generate,
    ],
    ids=["RSA-2048", "P-384", "secp256k1", "Ed448"],
)
def test_keys_other_than_p256_and_ed25519_are_refused(authority, key_factory):
    with pytest.raises(CsrKeyUnsupported) as caught:
        authority.issue_certificate(csr_for(key_factory()), TIN)
    assert caught.value.code == "CSR_KEY_UNSUPPORTED"


def broken_signature(csr_pem: bytes) -> bytes:
    """The same request with the last byte of its signature flipped."""
    der = bytearray(x509.load_pem_x509_csr(csr_pem).public_bytes(serialization.Encoding.DER))
    der[-1] ^= 0x01
    body = base64.encodebytes(bytes(der)).decode("ascii").replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN CERTIFICATE REQUEST-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE REQUEST-----\n").encode()


@pytest.mark.parametrize("key_factory", [p256, ed25519.Ed25519PrivateKey.generate], ids=["ES256", "EdDSA"])
def test_a_request_with_a_broken_signature_is_refused(authority, key_factory):
    """Without a valid self-signature nothing proves the requester holds the key."""
    forged = broken_signature(csr_for(key_factory()))
    x509.load_pem_x509_csr(forged)  # still a well-formed request
    with pytest.raises(CsrInvalid) as caught:
        authority.issue_certificate(forged, TIN)
    assert caught.value.code == "CSR_INVALID"


@pytest.mark.parametrize("garbage", [b"", b"hello", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", None, b"x" * 20000])
def test_garbage_is_not_a_request(authority, garbage):
    with pytest.raises(CsrInvalid) as caught:
        authority.issue_certificate(garbage, TIN)
    assert caught.value.code == "CSR_INVALID"


def test_a_certificate_pem_is_not_a_request(authority):
    with pytest.raises(CsrInvalid):
        authority.issue_certificate(authority.service_certificate_pem(), TIN)


@pytest.mark.parametrize("tin", ["", "1234", "12345678901234", "31503198512345", "1150319851234x", None])
def test_only_a_valid_tin_goes_into_a_certificate(authority, tin):
    """TC art. 97: an ИСН is 14 digits, first 0/1/2, then a DDMMYYYY date."""
    with pytest.raises(TinInvalid):
        authority.issue_certificate(make_csr(p256(), TIN), tin)


# ---- checking certificates -------------------------------------------------------------------


def test_validity_is_checked_on_the_given_instant(authority):
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    issued = authority.issue_certificate(make_csr(p256(), TIN), TIN, not_before=start, days=730)
    end = dt.datetime(2027, 1, 1, tzinfo=UTC)  # 730 days later, as above
    bishkek = dt.timezone(dt.timedelta(hours=6))
    for inside in (start, end, dt.datetime(2026, 6, 1, 12, tzinfo=bishkek)):  # RFC 5280: both ends included
        cert = authority.verify_certificate(issued.pem, inside)
        assert cert.serial_number == issued.serial
    with pytest.raises(CertificateNotYetValid) as early:
        authority.verify_certificate(issued.pem, start - dt.timedelta(seconds=1))
    assert early.value.code == "CERTIFICATE_NOT_YET_VALID"
    with pytest.raises(CertificateExpired) as late:
        authority.verify_certificate(issued.pem, end + dt.timedelta(seconds=1))
    assert late.value.code == "CERTIFICATE_EXPIRED"
    # 2027-01-01 06:00:01 in Bishkek is 00:00:01 UTC: one second too late.
    with pytest.raises(CertificateExpired):
        authority.verify_certificate(issued.pem, dt.datetime(2027, 1, 1, 6, 0, 1, tzinfo=bishkek))


def test_a_naive_instant_is_a_programming_error(authority):
    issued = authority.issue_certificate(make_csr(p256(), TIN), TIN)
    with pytest.raises(ValueError):
        authority.verify_certificate(issued.pem, dt.datetime(2026, 1, 1))


def test_a_certificate_from_another_ca_of_the_same_name_is_not_ours(authority, other_authority):
    issued = other_authority.issue_certificate(make_csr(p256(), TIN), TIN)
    assert x509.load_pem_x509_certificate(issued.pem).issuer == authority.ca_certificate.subject
    with pytest.raises(CertificateNotIssuedByUs) as caught:
        authority.verify_certificate(issued.pem, issued.not_before)
    assert caught.value.code == "CERTIFICATE_NOT_ISSUED_BY_US"


def test_a_self_made_certificate_naming_our_ca_as_issuer_is_not_ours(authority):
    forger = p256()
    now = dt.datetime.now(UTC)
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.SERIAL_NUMBER, TIN)]))
        .issuer_name(authority.ca_certificate.subject)
        .public_key(forger.public_key())
        .serial_number(12345)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(forger, hashes.SHA256())
    )
    with pytest.raises(CertificateNotIssuedByUs):
        authority.verify_certificate(forged, now)


def test_the_ca_certificate_itself_does_not_sign_declarations(authority):
    with pytest.raises(CertificateInvalid):
        authority.verify_certificate(authority.ca_certificate_pem(), dt.datetime.now(UTC))


def test_an_unreadable_certificate_is_certificate_invalid(authority):
    with pytest.raises(CertificateInvalid) as caught:
        authority.verify_certificate(b"not a certificate", dt.datetime.now(UTC))
    assert caught.value.code == "CERTIFICATE_INVALID"
