"""Cloud signature: the service keeps a taxpayer's key sealed under a signing PIN.

Issue 5 section 2: for the web cabinet the service holds the taxpayer's private key,
encrypted under a PIN only the taxpayer knows, and signs only after the PIN is entered.
The key gets its certificate through the same CSR path as an external client's
(``make_csr`` -> ``ServiceAuthority.issue_certificate``) and signs through the same
``sign_detached``, so both modes give the same electronic digital signature
(TC art. 28, 86(4); Offer 2.10).

Sealed-key format, versions 1 and 2 (all integers big-endian)::

    0      version: 2 = PIN key by argon2-cffi, 1 = PIN key by ``cryptography`` (older blobs)
    1      flags: bit 0 = a service pepper was mixed into the KDF
    2..5   Argon2id memory cost, KiB
    6      Argon2id iterations
    7      Argon2id lanes
    8..23  salt (16 bytes)
    24..35 AES-GCM nonce (12 bytes)
    36..   AES-256-GCM(PKCS#8 DER of the private key), tag at the end;
           bytes 0..35 are the associated data, so no parameter can be altered unseen

Version 2 derives the key with argon2-cffi's raw Argon2id hash; the pepper, when present, is
mixed in as HMAC-SHA256(pepper, PIN) for the Argon2 password. Version 1 (sealed before issue 9)
passed the pepper as Argon2's secret input through ``cryptography``'s ``Argon2id``, which
deadlocks when two threads derive with several lanes at once: those blobs still open, their
derivations run one at a time under a lock, and every new seal (``change_pin`` too) is version 2.

A PIN has at most 40 bits and often 13, so no KDF alone stops an offline guesser who
copied the database; the pepper (a service secret kept outside the database, passed as
Argon2's secret input) does, and counting wrong PINs per taxpayer stops the online one.
Both are the caller's duty; this module gives the means.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import threading
from dataclasses import dataclass
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.x509.oid import NameOID

from salyk.crypto.errors import (
    KeyUnsupported,
    PinInvalid,
    SealedKeyInvalid,
    TinInvalid,
    WeakPin,
    WrongPin,
)
from salyk.crypto.jws import sign_detached
from salyk.crypto.keys import ES256, EDDSA, SigningKey, algorithm_of, require_algorithm
from salyk.law.tin import InvalidTin, parse_tin

__all__ = [
    "DEFAULT_KDF",
    "KdfParams",
    "change_pin",
    "check_pin",
    "generate_key",
    "make_csr",
    "open_key",
    "seal_key",
    "sign_with_sealed_key",
]

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
VERSION = 2
_LEGACY_VERSION = 1  # cryptography's Argon2id, pepper as Argon2's secret input
_LEGACY_LOCK = threading.Lock()  # that implementation is not safe for two derivations at once
_FLAG_PEPPER = 0x01
_HEADER = struct.Struct(">BBIBB16s12s")
_SALT_BYTES = 16
_NONCE_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default is RFC 9106's second recommendation (64 MiB, t=3, p=4)."""

    memory_cost_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.lanes <= 16 or not 1 <= self.iterations <= 16:
            raise ValueError("Argon2id lanes and iterations are 1..16")
        if not 8 * self.lanes <= self.memory_cost_kib <= 1024 * 1024:
            raise ValueError("Argon2id memory is 8*lanes KiB .. 1 GiB")


DEFAULT_KDF = KdfParams()

# The most frequent PINs that the patterns below (one digit repeated, a run up or down,
# a repeated block) do not catch: published PIN-frequency studies' heads of the list.
_COMMON_PINS = frozenset(
    {
        "1004", "2000", "2001", "1122", "2580", "0852", "1998", "1999", "1990", "1984",
        "112233", "789456", "159753", "147258", "147852", "741852", "258456", "753951",
        "121314", "102030", "100200", "101010", "520520", "131313",
    }
)


def check_pin(pin: object) -> None:
    """Refuse a PIN that is not 4-12 ASCII digits (``PIN_INVALID``) or is guessable (``WEAK_PIN``)."""
    if (
        not isinstance(pin, str)
        or not pin.isascii()
        or not pin.isdigit()
        or not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS
    ):
        raise PinInvalid(f"a signing PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")
    reason = _weakness(pin)
    if reason:
        raise WeakPin(f"this PIN is too easy to guess: {reason}")


def _weakness(pin: str) -> str | None:
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in zip(digits, digits[1:])}
    if steps == {0}:
        return "one digit repeated"
    if steps == {1} or steps == {9}:
        return "consecutive digits"
    for period in range(1, len(pin) // 2 + 1):
        if len(pin) % period == 0 and pin == pin[:period] * (len(pin) // period):
            return "a repeated group of digits"
    if pin in _COMMON_PINS:
        return "one of the most common PINs"
    return None


def generate_key(alg: Literal["ES256", "EdDSA"] = ES256) -> SigningKey:
    """A new taxpayer signing key: ECDSA P-256 for ``ES256``, Ed25519 for ``EdDSA``."""
    if alg == ES256:
        return ec.generate_private_key(ec.SECP256R1())
    if alg == EDDSA:
        return ed25519.Ed25519PrivateKey.generate()
    raise KeyUnsupported(f"alg is ES256 or EdDSA, not {alg!r}")


def make_csr(private_key: SigningKey, tin: str) -> bytes:
    """A PEM PKCS#10 request for ``private_key``, subject CN and serialNumber = TIN.

    The CA ignores the subject (it takes the TIN from the authenticated caller); it is
    filled in only so the request reads sensibly to a human or another tool.
    """
    alg = require_algorithm(private_key)
    try:
        parse_tin(tin)
    except InvalidTin as exc:
        raise TinInvalid(str(exc)) from None
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KG"),
            x509.NameAttribute(NameOID.COMMON_NAME, tin),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, tin),
        ]
    )
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    csr = builder.sign(private_key, hashes.SHA256() if alg == ES256 else None)
    return csr.public_bytes(serialization.Encoding.PEM)


def seal_key(
    private_key: SigningKey,
    pin: str,
    *,
    pepper: bytes | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> bytes:
    """Encrypt the key under the PIN (Argon2id -> AES-256-GCM). Refuses weak PINs first."""
    require_algorithm(private_key)
    check_pin(pin)
    flags = _FLAG_PEPPER if pepper else 0
    header = _HEADER.pack(
        VERSION,
        flags,
        kdf.memory_cost_kib,
        kdf.iterations,
        kdf.lanes,
        os.urandom(_SALT_BYTES),
        os.urandom(_NONCE_BYTES),
    )
    key = _derive(pin, header, pepper if flags else None)
    plaintext = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = header[-_NONCE_BYTES:]
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def open_key(blob: bytes, pin: str, *, pepper: bytes | None = None) -> SigningKey:
    """The private key sealed in ``blob``; ``WrongPin`` if the PIN (or the blob) is wrong."""
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise SealedKeyInvalid("a sealed key is bytes")
    blob = bytes(blob)
    if len(blob) <= _HEADER.size + 16:
        raise SealedKeyInvalid("the sealed key is truncated")
    header = blob[: _HEADER.size]
    version, flags, memory, iterations, lanes, _, nonce = _HEADER.unpack(header)
    if version not in (VERSION, _LEGACY_VERSION) or flags & ~_FLAG_PEPPER:
        raise SealedKeyInvalid(f"unknown sealed-key version {version} / flags {flags}")
    try:
        KdfParams(memory, iterations, lanes)  # bounds: a forged header cannot ask for 4 GiB
    except ValueError as exc:
        raise SealedKeyInvalid(str(exc)) from None
    if flags & _FLAG_PEPPER and not pepper:
        raise SealedKeyInvalid("this key was sealed with the service pepper; it is needed to open it")
    if not isinstance(pin, str) or not pin.isascii() or not pin.isdigit():
        raise WrongPin("wrong signing PIN")
    key = _derive(pin, header, pepper if flags & _FLAG_PEPPER else None)
    try:
        plaintext = AESGCM(key).decrypt(nonce, blob[_HEADER.size :], header)
    except InvalidTag:
        raise WrongPin("wrong signing PIN") from None
    private_key = serialization.load_der_private_key(plaintext, password=None)
    if algorithm_of(private_key) is None:
        raise SealedKeyInvalid("the sealed key is not a signing key")
    return private_key  # type: ignore[return-value]


def change_pin(
    blob: bytes,
    old_pin: str,
    new_pin: str,
    *,
    pepper: bytes | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> bytes:
    """Reseal under a new PIN (new salt and nonce); the key, hence the certificate, stays."""
    check_pin(new_pin)
    return seal_key(open_key(blob, old_pin, pepper=pepper), new_pin, pepper=pepper, kdf=kdf)


def sign_with_sealed_key(
    blob: bytes, pin: str, document: Any, kid: str, *, pepper: bytes | None = None
) -> str:
    """Open the key with the PIN and sign ``document`` exactly as an external client would."""
    return sign_detached(document, open_key(blob, pin, pepper=pepper), kid)


def _derive(pin: str, header: bytes, pepper: bytes | None) -> bytes:
    version, _, memory, iterations, lanes, salt, _ = _HEADER.unpack(header)
    if version == _LEGACY_VERSION:
        with _LEGACY_LOCK:
            return Argon2id(
                salt=salt,
                length=32,
                iterations=iterations,
                lanes=lanes,
                memory_cost=memory,
                secret=pepper or None,
            ).derive(pin.encode("ascii"))
    secret = pin.encode("ascii")
    if pepper:
        secret = hmac.new(pepper, secret, hashlib.sha256).digest()
    return hash_secret_raw(secret, salt, iterations, memory, lanes, 32, Type.ID)
