"""The service's own certificate authority and its receipt-signing identity.

Issue 5 section 2: the service issues each taxpayer an X.509 certificate for the key that
makes their electronic digital signature (TC art. 28, 86(4); Offer 2.10 - the signature
"identifies the author of the document", and the certificate is what ties the key to the
taxpayer's ИСН). The subject carries the TIN as ``serialNumber``; the TIN comes from the
authenticated caller, never from the request's own subject.

The authority holds two keys: the CA key, which only signs certificates, and a separate
service signing key, certified by the CA, which signs filing receipts. Keeping them apart
means the key used on every filing is not the one whose loss would let someone mint
taxpayer certificates.

Where the keys are stored (a file under ./var, the database) is the caller's choice:
``ServiceAuthority.to_pem()`` / ``from_pem()``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from salyk.crypto.errors import (
    AuthorityExpired,
    AuthorityInvalid,
    CertificateExpired,
    CertificateInvalid,
    CertificateNotIssuedByUs,
    CertificateNotYetValid,
    CsrInvalid,
    CsrKeyUnsupported,
    TinInvalid,
)
from salyk.crypto.jws import receipt_payload, sign_detached, verify_receipt
from salyk.crypto.keys import (
    Algorithm,
    CertificateInput,
    algorithm_of,
    load_certificate,
    serial_to_kid,
)
from salyk.law.tin import InvalidTin, parse_tin

__all__ = [
    "DOCUMENT_SIGNING",
    "IssuedCertificate",
    "ServiceAuthority",
    "certificate_algorithm",
    "certificate_tin",
    "serial_to_kid",
]

# id-kp-documentSigning, RFC 9336: the key signs documents, not TLS sessions or code.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")

DEFAULT_CA_DAYS = 3650
DEFAULT_CERTIFICATE_DAYS = 730
# A certificate valid from a minute ago survives small clock differences between servers,
# so a taxpayer who files right after enrolling is not refused as "not yet valid".
_BACKDATE = dt.timedelta(minutes=1)
_MAX_CSR_BYTES = 16 * 1024
_CN_MAX = 64
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----", re.DOTALL)


@dataclass(frozen=True)
class IssuedCertificate:
    """A taxpayer certificate just issued; ``serial_hex`` is the ``kid`` to sign with."""

    serial: int
    serial_hex: str
    pem: bytes
    not_before: dt.datetime
    not_after: dt.datetime
    algorithm: Algorithm
    tin: str
    fingerprint_sha256: str

    @property
    def kid(self) -> str:
        return self.serial_hex

    @classmethod
    def from_certificate(cls, certificate: CertificateInput) -> "IssuedCertificate":
        """The same description read back from a stored certificate (for listings)."""
        cert = load_certificate(certificate)
        return cls(
            serial=cert.serial_number,
            serial_hex=serial_to_kid(cert.serial_number),
            pem=cert.public_bytes(serialization.Encoding.PEM),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            algorithm=certificate_algorithm(cert),
            tin=certificate_tin(cert),
            fingerprint_sha256=hashlib.sha256(
                cert.public_bytes(serialization.Encoding.DER)
            ).hexdigest(),
        )


def certificate_tin(certificate: CertificateInput) -> str:
    """The TIN a taxpayer certificate is issued to (its subject ``serialNumber``)."""
    cert = load_certificate(certificate)
    values = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if len(values) != 1 or not isinstance(values[0].value, str):
        raise CertificateInvalid("the certificate names no single TIN")
    return values[0].value


def certificate_algorithm(certificate: CertificateInput) -> Algorithm:
    """The JWS ``alg`` that signatures under this certificate use."""
    alg = algorithm_of(load_certificate(certificate).public_key())
    if alg is None:
        raise CertificateInvalid("the certificate's key is neither ECDSA P-256 nor Ed25519")
    return alg


class ServiceAuthority:
    """The service CA (P-256, self-signed) and the receipt-signing identity it certifies."""

    def __init__(
        self,
        ca_key: ec.EllipticCurvePrivateKey,
        ca_certificate: x509.Certificate,
        service_key: ec.EllipticCurvePrivateKey,
        service_certificate: x509.Certificate,
    ) -> None:
        _check_pair(ca_key, ca_certificate, "CA")
        _check_pair(service_key, service_certificate, "service")
        if not _is_ca(ca_certificate):
            raise AuthorityInvalid("the CA certificate lacks BasicConstraints ca=True")
        if _is_ca(service_certificate):
            raise AuthorityInvalid("the service signing certificate must not be a CA")
        try:
            ca_certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        except x509.ExtensionNotFound:
            raise AuthorityInvalid("the CA certificate lacks a subject key identifier") from None
        try:
            service_certificate.verify_directly_issued_by(ca_certificate)
        except (ValueError, TypeError, InvalidSignature):
            raise AuthorityInvalid("the service certificate is not issued by the CA") from None
        self._ca_key = ca_key
        self._ca_cert = ca_certificate
        self._service_key = service_key
        self._service_cert = service_certificate

    # -- creation and storage ------------------------------------------------------------

    @classmethod
    def generate(
        cls,
        name: str = "Salyk STS CA",
        *,
        now: dt.datetime | None = None,
        days: int = DEFAULT_CA_DAYS,
    ) -> "ServiceAuthority":
        """A fresh CA key and self-signed certificate, and a service signing key it certifies.

        The service certificate lives as long as the CA: a receipt must stay verifiable
        with the certificate published at ``GET /api/v1/service-certificate`` for as long
        as the declaration is kept.
        """
        start = _utc(now) if now is not None else _now()
        end = start + dt.timedelta(days=days)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _service_name(name)
        ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(_random_serial())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(ca_ski, critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        service_key = ec.generate_private_key(ec.SECP256R1())
        service_cert = (
            x509.CertificateBuilder()
            .subject_name(_service_name(f"{name} receipt signing"))
            .issuer_name(ca_name)
            .public_key(service_key.public_key())
            .serial_number(_random_serial())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(signing=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), critical=False)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(service_key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        return cls(ca_key, ca_cert, service_key, service_cert)

    def to_pem(self, passphrase: bytes | None = None) -> bytes:
        """CA key, CA certificate, service key, service certificate as one PEM bundle.

        With a passphrase the two private keys are PKCS#8-encrypted; without, the bundle
        is as secret as the keys and must be stored accordingly.
        """
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption()
        )

        def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
            return key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
            )

        return b"".join(
            [
                key_pem(self._ca_key),
                self._ca_cert.public_bytes(serialization.Encoding.PEM),
                key_pem(self._service_key),
                self._service_cert.public_bytes(serialization.Encoding.PEM),
            ]
        )

    @classmethod
    def from_pem(cls, data: bytes, passphrase: bytes | None = None) -> "ServiceAuthority":
        """Load a bundle written by ``to_pem``; keys are matched to certificates, not by order."""
        if isinstance(data, str):
            data = data.encode("ascii")
        keys: list[ec.EllipticCurvePrivateKey] = []
        certs: list[x509.Certificate] = []
        for match in _PEM_BLOCK.finditer(data):
            label, block = match.group(1), match.group(0)
            try:
                if label == b"CERTIFICATE":
                    certs.append(x509.load_pem_x509_certificate(block))
                elif label.endswith(b"PRIVATE KEY"):
                    key = serialization.load_pem_private_key(block, password=passphrase or None)
                    if not isinstance(key, ec.EllipticCurvePrivateKey):
                        raise AuthorityInvalid("the service keys are ECDSA P-256")
                    keys.append(key)
            except (ValueError, TypeError) as exc:
                raise AuthorityInvalid(f"unreadable {label.decode()} block: {exc}") from None
        if len(keys) != 2 or len(certs) != 2:
            raise AuthorityInvalid("the bundle holds two private keys and two certificates")
        ca_certs = [c for c in certs if _is_ca(c)]
        if len(ca_certs) != 1:
            raise AuthorityInvalid("the bundle holds exactly one CA certificate")
        ca_cert = ca_certs[0]
        service_cert = next(c for c in certs if c is not ca_cert)
        return cls(
            _key_for(keys, ca_cert), ca_cert, _key_for(keys, service_cert), service_cert
        )

    # -- what the API publishes -------------------------------------------------------

    @property
    def ca_certificate(self) -> x509.Certificate:
        return self._ca_cert

    @property
    def service_certificate(self) -> x509.Certificate:
        return self._service_cert

    @property
    def service_kid(self) -> str:
        return serial_to_kid(self._service_cert.serial_number)

    def ca_certificate_pem(self) -> bytes:
        return self._ca_cert.public_bytes(serialization.Encoding.PEM)

    def service_certificate_pem(self) -> bytes:
        """The certificate that verifies receipt signatures (``GET /api/v1/service-certificate``)."""
        return self._service_cert.public_bytes(serialization.Encoding.PEM)

    # -- taxpayer certificates --------------------------------------------------------

    def issue_certificate(
        self,
        csr_pem: bytes | str,
        tin: str,
        serial: int | None = None,
        not_before: dt.datetime | None = None,
        days: int = DEFAULT_CERTIFICATE_DAYS,
        *,
        name: str | None = None,
    ) -> IssuedCertificate:
        """Certify the key of a PKCS#10 request for the taxpayer ``tin``.

        The request must be self-signed (proof that the taxpayer holds the key) and carry
        an ECDSA P-256 or Ed25519 key; its subject and extensions are ignored. The
        certificate does not outlive the CA. ``name`` (the taxpayer's name) goes to the
        CN when given, else the CN is the TIN.
        """
        try:
            parse_tin(tin)
        except InvalidTin as exc:
            raise TinInvalid(str(exc)) from None
        csr = _load_csr(csr_pem)
        public_key = csr.public_key()
        if algorithm_of(public_key) is None:
            raise CsrKeyUnsupported("the key must be ECDSA P-256 (ES256) or Ed25519 (EdDSA)")
        if serial is None:
            serial = _random_serial()
        serial_to_kid(serial)  # refuses a serial RFC 5280 does not allow
        start = (_utc(not_before) if not_before is not None else _now() - _BACKDATE).replace(
            microsecond=0
        )
        if days < 1:
            raise ValueError("a certificate is valid for at least one day")
        end = min(start + dt.timedelta(days=days), self._ca_cert.not_valid_after_utc)
        if end <= start:
            raise AuthorityExpired("the CA expires before this certificate would start")
        ca_ski = self._ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_taxpayer_name(name or tin, tin))
            .issuer_name(self._ca_cert.subject)
            .public_key(public_key)
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(signing=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski.value),
                critical=False,
            )
            .sign(self._ca_key, hashes.SHA256())
        )
        return IssuedCertificate.from_certificate(cert)

    def verify_certificate(
        self, certificate: CertificateInput, at: dt.datetime
    ) -> x509.Certificate:
        """The certificate, if this CA issued it as a signing certificate valid at ``at``.

        Revocation is not known here: the caller's certificate register answers that.
        """
        cert = load_certificate(certificate)
        try:
            cert.verify_directly_issued_by(self._ca_cert)
        except (ValueError, TypeError, InvalidSignature):
            raise CertificateNotIssuedByUs("the certificate is not issued by this service") from None
        if _is_ca(cert):
            raise CertificateInvalid("a CA certificate does not sign documents")
        try:
            usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            raise CertificateInvalid("the certificate has no key usage") from None
        if not usage.digital_signature:
            raise CertificateInvalid("the certificate is not for digital signature")
        when = _utc(at)
        if when < cert.not_valid_before_utc:
            raise CertificateNotYetValid(f"the certificate is valid from {cert.not_valid_before_utc}")
        if when > cert.not_valid_after_utc:
            raise CertificateExpired(f"the certificate expired at {cert.not_valid_after_utc}")
        return cert

    # -- receipts ----------------------------------------------------------------------

    def sign_receipt(self, receipt: Mapping[str, Any]) -> str:
        """The service's detached JWS over a filing receipt (issue 5 section 3).

        Covers the receipt's JCS form without its ``receipt_signature`` member, so the
        caller may sign the receipt before or after that member is added. ``kid`` is the
        service certificate's serial.
        """
        return sign_detached(receipt_payload(receipt), self._service_key, self.service_kid)

    def verify_receipt(self, receipt: Mapping[str, Any], signature: str) -> None:
        verify_receipt(receipt, signature, self._service_cert)


def _load_csr(csr_pem: bytes | str) -> x509.CertificateSigningRequest:
    if isinstance(csr_pem, str):
        csr_pem = csr_pem.encode("ascii", errors="replace")
    if not isinstance(csr_pem, bytes):
        raise CsrInvalid("the request is PEM text")
    if len(csr_pem) > _MAX_CSR_BYTES:
        raise CsrInvalid("the request is too large")
    try:
        csr = x509.load_pem_x509_csr(csr_pem.strip())
    except ValueError as exc:
        raise CsrInvalid(f"not a PEM PKCS#10 request: {exc}") from None
    try:
        csr.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise CsrKeyUnsupported(f"the request's key is not usable: {exc}") from None
    try:
        valid = csr.is_signature_valid
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CsrInvalid(f"the request's signature cannot be checked: {exc}") from None
    if not valid:
        raise CsrInvalid("the request's signature does not verify: no proof the key is held")
    return csr


def _random_serial() -> int:
    # 128 random bits: unguessable serials (CA/B Forum asks for 64+), the top bit forced
    # so every kid has 32 hex digits.
    return secrets.randbits(128) | (1 << 127)


def _service_name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KG"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Salyk"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _taxpayer_name(common_name: str, tin: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KG"),
            # X.520 bounds a CN at 64 characters; organisations' full names run longer.
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:_CN_MAX] or tin),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, tin),
        ]
    )


def _key_usage(*, cert_sign: bool = False, signing: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,  # nonRepudiation: the taxpayer answers for the report (TC art. 86(5))
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _check_pair(key: object, cert: x509.Certificate, what: str) -> None:
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise AuthorityInvalid(f"the {what} key must be ECDSA P-256")
    if key.public_key() != cert.public_key():
        raise AuthorityInvalid(f"the {what} key does not match its certificate")


def _key_for(keys: list[ec.EllipticCurvePrivateKey], cert: x509.Certificate) -> ec.EllipticCurvePrivateKey:
    for key in keys:
        if key.public_key() == cert.public_key():
            return key
    raise AuthorityInvalid("a certificate in the bundle has no matching key")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("datetimes here are timezone-aware")
    return when.astimezone(dt.timezone.utc)
