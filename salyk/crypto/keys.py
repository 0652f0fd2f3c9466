"""Shared pieces of the signature core: key algorithms, the ``kid``, base64url, certificate input.

Only ECDSA P-256 (JWS ``ES256``) and Ed25519 (JWS ``EdDSA``) are accepted, as issue 5
section 2 requires for the taxpayer's electronic digital signature (TC art. 28, 86(4),
Offer 2.10).
"""

from __future__ import annotations

import base64
import re
from typing import Literal, Union

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from salyk.crypto.errors import CertificateInvalid, KeyUnsupported

Algorithm = Literal["ES256", "EdDSA"]
ES256: Algorithm = "ES256"
EDDSA: Algorithm = "EdDSA"
ALGORITHMS: tuple[Algorithm, ...] = (ES256, EDDSA)

SigningKey = Union[ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey]
VerifyingKey = Union[ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey]

# RFC 5280 4.1.2.2: a serial is positive and at most 20 octets, so at most 40 hex digits.
MAX_SERIAL = 2**159 - 1
_HEX = re.compile(r"[0-9a-fA-F]{1,40}")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def algorithm_of(key: object) -> Algorithm | None:
    """The JWS ``alg`` for a public or private key, or None when the key is not accepted."""
    if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
        return EDDSA
    if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        if isinstance(key.curve, ec.SECP256R1):
            return ES256
    return None


def require_algorithm(key: object) -> Algorithm:
    alg = algorithm_of(key)
    if alg is None:
        raise KeyUnsupported(f"only ECDSA P-256 and Ed25519 keys sign here, not {type(key).__name__}")
    return alg


def serial_to_kid(serial: int) -> str:
    """The JWS ``kid`` of a certificate: its serial number in lowercase hex, no ``0x``, no padding."""
    if isinstance(serial, bool) or not isinstance(serial, int) or not 0 < serial <= MAX_SERIAL:
        raise ValueError("a certificate serial is a positive integer of at most 20 octets")
    return format(serial, "x")


def kid_to_serial(kid: str) -> int:
    """The certificate serial a ``kid`` names.

    Accepts hex in either case and with leading zeros (``openssl x509 -serial`` prints
    ``0A1B...``) so that a client who copied the serial from a tool is not refused over
    spelling; ``serial_to_kid(kid_to_serial(k))`` is the canonical spelling.
    """
    if not isinstance(kid, str) or not _HEX.fullmatch(kid):
        raise ValueError("a kid is the certificate serial in hex")
    serial = int(kid, 16)
    if not 0 < serial <= MAX_SERIAL:
        raise ValueError("a certificate serial is a positive integer of at most 20 octets")
    return serial


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url (RFC 7515 section 2): no padding, no whitespace, canonical trailing bits."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url without padding")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    # Two spellings of the same bytes would let one signature travel under two headers.
    if b64url_encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data


CertificateInput = Union[x509.Certificate, bytes, str]


def load_certificate(certificate: CertificateInput) -> x509.Certificate:
    """A certificate given as an object or as PEM text or bytes."""
    if isinstance(certificate, x509.Certificate):
        return certificate
    if isinstance(certificate, str):
        certificate = certificate.encode("ascii", errors="replace")
    if not isinstance(certificate, bytes):
        raise CertificateInvalid("a certificate is given as PEM")
    try:
        return x509.load_pem_x509_certificate(certificate)
    except ValueError as exc:
        raise CertificateInvalid(f"not a PEM X.509 certificate: {exc}") from None
