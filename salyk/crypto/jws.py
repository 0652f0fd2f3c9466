"""Detached-payload JWS (RFC 7515, Appendix F) over the JCS form of a document.

The wire format is the public filing contract of issue 5 section 3::

    BASE64URL(header) + ".." + BASE64URL(signature)
    header         = {"alg": "ES256" | "EdDSA", "kid": "<certificate serial, hex>"}
    signing input  = ASCII(BASE64URL(header) + "." + BASE64URL(JCS(document)))

It is an ordinary RFC 7515 compact JWS whose payload part is removed (no ``b64: false``):
a client re-inserts ``BASE64URL(JCS(document))`` and any JWS library verifies it.
``ES256`` signatures are the raw 64-byte ``R || S`` of RFC 7518 3.4, not DER; ``EdDSA``
is Ed25519 (RFC 8037). This is the taxpayer's electronic digital signature that certifies
an electronic report (TC art. 28, 86(4); Offer 2.10: it proves the document unchanged and
names its author through the certificate).

ECDSA signatures are malleable (``(r, n - s)`` also verifies), so a filing is identified
by its document (``document_sha256``), never by the bytes of its signature.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from salyk.crypto.errors import DocumentInvalid, SignatureInvalid
from salyk.crypto.jcs import canonicalize, document_sha256
from salyk.crypto.keys import (
    ALGORITHMS,
    ES256,
    CertificateInput,
    SigningKey,
    algorithm_of,
    b64url_decode,
    b64url_encode,
    kid_to_serial,
    load_certificate,
    require_algorithm,
    serial_to_kid,
)

__all__ = [
    "document_sha256",
    "parse_header",
    "receipt_payload",
    "sign_detached",
    "verify_detached",
    "verify_receipt",
    "RECEIPT_SIGNATURE_FIELD",
]

# A header of two short members never comes near this; the bound keeps garbage cheap to refuse.
MAX_JWS_LENGTH = 2048
_P256_BYTES = 32
_SIGNATURE_BYTES = 64  # ES256 R || S and Ed25519 alike
_HEADER_MEMBERS = frozenset({"alg", "kid"})
# Common JOSE libraries (PyJWT, jose4j) add a media type by default; it changes nothing we verify.
_OPTIONAL_MEMBERS = {"typ": frozenset({"JOSE", "JWT"})}

RECEIPT_SIGNATURE_FIELD = "receipt_signature"


def sign_detached(document: Any, private_key: SigningKey, kid: str) -> str:
    """Sign the JCS form of ``document``; the result is ``header..signature``.

    ``alg`` follows the key: ``ES256`` for ECDSA P-256, ``EdDSA`` for Ed25519.
    """
    alg = require_algorithm(private_key)
    kid = serial_to_kid(kid_to_serial(kid))
    header = json.dumps({"alg": alg, "kid": kid}, separators=(",", ":")).encode("ascii")
    header_b64 = b64url_encode(header)
    signing_input = _signing_input(header_b64, canonicalize(document))
    if alg == ES256:
        assert isinstance(private_key, ec.EllipticCurvePrivateKey)
        r, s = decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(_P256_BYTES, "big") + s.to_bytes(_P256_BYTES, "big")
    else:
        assert isinstance(private_key, ed25519.Ed25519PrivateKey)
        signature = private_key.sign(signing_input)
    return f"{header_b64}..{b64url_encode(signature)}"


def parse_header(jws: str) -> dict[str, str]:
    """The protected header of a detached JWS: ``{"alg": ..., "kid": ...}``.

    Strict: three parts with an empty middle one, unpadded base64url, a JSON object with
    exactly ``alg`` (``ES256`` or ``EdDSA``) and ``kid`` (hex serial). The returned ``kid``
    is in canonical spelling (``serial_to_kid``), ready to look the certificate up.
    """
    header, _, _ = _split(jws)
    return header


def verify_detached(jws: str, document: Any, certificate: CertificateInput, *, canonical: bytes | None = None) -> None:
    """Raise ``SignatureInvalid`` unless ``jws`` is the certificate key's signature of ``document``.
    ``canonical``: the JCS of ``document`` when the caller has made it already.

    Checks that the ``kid`` names this certificate, that ``alg`` fits its key and that the
    signature verifies over the JCS form of ``document``. Whether the certificate is ours,
    valid on the day and not revoked is ``ServiceAuthority.verify_certificate`` and the
    caller's certificate register.
    """
    cert = load_certificate(certificate)
    header, header_b64, signature = _split(jws)
    if header["kid"] != serial_to_kid(cert.serial_number):
        raise SignatureInvalid("the kid names another certificate")
    public_key = cert.public_key()
    if algorithm_of(public_key) != header["alg"]:
        raise SignatureInvalid(f"alg {header['alg']} does not fit the certificate's key")
    try:
        payload = canonicalize(document) if canonical is None else canonical
    except DocumentInvalid as exc:
        raise SignatureInvalid(exc.message) from None
    signing_input = _signing_input(header_b64, payload)
    try:
        if header["alg"] == ES256:
            assert isinstance(public_key, ec.EllipticCurvePublicKey)
            r = int.from_bytes(signature[:_P256_BYTES], "big")
            s = int.from_bytes(signature[_P256_BYTES:], "big")
            der = encode_dss_signature(r, s)
            public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        else:
            assert isinstance(public_key, ed25519.Ed25519PublicKey)
            public_key.verify(signature, signing_input)
    except InvalidSignature:
        raise SignatureInvalid("the signature does not verify over this document") from None


def receipt_payload(receipt: Mapping[str, Any]) -> dict[str, Any]:
    """What a receipt signature covers: the receipt without its ``receipt_signature`` member."""
    if not isinstance(receipt, Mapping):
        raise DocumentInvalid("a receipt is a JSON object")
    return {k: v for k, v in receipt.items() if k != RECEIPT_SIGNATURE_FIELD}


def verify_receipt(
    receipt: Mapping[str, Any], signature: str, service_certificate: CertificateInput
) -> None:
    """Raise ``SignatureInvalid`` unless the service signed this receipt (issue 5 section 3)."""
    verify_detached(signature, receipt_payload(receipt), service_certificate)


def _signing_input(header_b64: str, payload: bytes) -> bytes:
    return f"{header_b64}.{b64url_encode(payload)}".encode("ascii")


def _split(jws: object) -> tuple[dict[str, str], str, bytes]:
    if not isinstance(jws, str):
        raise SignatureInvalid("a signature is a JWS compact string")
    if len(jws) > MAX_JWS_LENGTH:
        raise SignatureInvalid("the signature is too long to be a detached JWS")
    parts = jws.split(".")
    if len(parts) != 3:
        raise SignatureInvalid("a JWS compact serialization has three parts")
    header_b64, payload_b64, signature_b64 = parts
    if payload_b64:
        raise SignatureInvalid("the payload must be detached (RFC 7515 Appendix F): header..signature")
    try:
        header_bytes = b64url_decode(header_b64)
        signature = b64url_decode(signature_b64)
    except ValueError as exc:
        raise SignatureInvalid(str(exc)) from None
    header = _parse_header_json(header_bytes)
    if len(signature) != _SIGNATURE_BYTES:
        raise SignatureInvalid(f"a {header['alg']} signature has {_SIGNATURE_BYTES} bytes")
    return header, header_b64, signature


def _parse_header_json(raw: bytes) -> dict[str, str]:
    try:
        header = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SignatureInvalid("the JWS header is not a JSON object") from None
    if not isinstance(header, dict):
        raise SignatureInvalid("the JWS header is not a JSON object")
    extra = set(header) - _HEADER_MEMBERS
    if not _HEADER_MEMBERS <= set(header) or any(header[m] not in _OPTIONAL_MEMBERS.get(m, ()) for m in extra):
        # No "crit", "b64", "jwk", "x5u": the certificate comes only from our register.
        raise SignatureInvalid('the JWS header has the members "alg" and "kid" (and at most "typ")')
    alg, kid = header["alg"], header["kid"]
    if alg not in ALGORITHMS:
        raise SignatureInvalid(f"alg must be one of {', '.join(ALGORITHMS)}")
    try:
        canonical_kid = serial_to_kid(kid_to_serial(kid))
    except ValueError as exc:
        raise SignatureInvalid(f"kid: {exc}") from None
    return {"alg": alg, "kid": canonical_kid}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate member {key!r}")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
