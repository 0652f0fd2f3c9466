"""Cloud signature: the taxpayer's key kept sealed under a signing PIN (issue 5 section 2).

The service signs only after the PIN is entered, and the result is the same electronic
digital signature an external client makes (TC art. 28, 86(4); Offer 2.10).
"""

from __future__ import annotations

import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.crypto import (
    DEFAULT_KDF,
    KdfParams,
    KeyUnsupported,
    PinInvalid,
    SealedKeyInvalid,
    TinInvalid,
    WeakPin,
    WrongPin,
    change_pin,
    check_pin,
    generate_key,
    make_csr,
    open_key,
    parse_header,
    seal_key,
    sign_with_sealed_key,
    verify_detached,
)

from crypto_fixtures import authority, cheap_kdf  # noqa: F401  (pytest fixtures)

TIN = "11503198512345"  # ИСН of an individual born 15.03.1985 (TC art. 97)
PIN = "482913"
PEPPER = b"service secret kept outside the database"


def same_key(a, b) -> bool:
    return a.public_key() == b.public_key()


# ---- PIN rules --------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["4829", "482913", "90817263", "730194528361"])
def test_four_to_twelve_unremarkable_digits_are_a_pin(pin):
    check_pin(pin)


@pytest.mark.parametrize(
    "pin", ["", "482", "4829130000000", "48a9", " 4829", "4829\n", "٤٨٢٩", "４８２９", 4829, None]
)
def test_anything_but_4_to_12_ascii_digits_is_not_a_pin(pin):
    with pytest.raises(PinInvalid) as caught:
        check_pin(pin)
    assert caught.value.code == "PIN_INVALID"


@pytest.mark.parametrize(
    "pin",
    [
        "0000", "1111", "999999",  # one digit repeated
        "1234", "0123", "123456", "7890", "567890", "1234567890",  # counting up (9 wraps to 0)
        "4321", "9876", "3210", "0987",  # counting down
        "1212", "2020", "123123", "147147", "12341234",  # a group repeated
        "1122", "2580", "112233", "159753",  # merely common
    ],
)
def test_guessable_pins_are_weak(pin):
    with pytest.raises(WeakPin) as caught:
        check_pin(pin)
    assert caught.value.code == "WEAK_PIN"


@given(digit=st.sampled_from("0123456789"), length=st.integers(4, 12))
def test_one_digit_repeated_is_always_weak(digit, length):
    with pytest.raises(WeakPin):
        check_pin(digit * length)


@given(start=st.integers(0, 9), length=st.integers(4, 12), step=st.sampled_from([1, -1]))
def test_a_run_of_consecutive_digits_is_always_weak(start, length, step):
    with pytest.raises(WeakPin):
        check_pin("".join(str((start + step * i) % 10) for i in range(length)))


# ---- keys and requests ----------------------------------------------------------------------


def test_generate_key_gives_the_two_accepted_kinds():
    assert isinstance(generate_key("ES256"), ec.EllipticCurvePrivateKey)
    assert generate_key("ES256").curve.name == "secp256r1"
    assert isinstance(generate_key("EdDSA"), ed25519.Ed25519PrivateKey)
    with pytest.raises(KeyUnsupported):
        generate_key("RS256")


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_make_csr_is_a_self_signed_request_naming_the_tin(alg):
    key = generate_key(alg)
    csr = x509.load_pem_x509_csr(make_csr(key, TIN))
    assert csr.is_signature_valid
    assert csr.public_key() == key.public_key()
    assert csr.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == TIN


def test_make_csr_refuses_a_bad_tin_and_a_foreign_key():
    with pytest.raises(TinInvalid):
        make_csr(generate_key("ES256"), "123")
    with pytest.raises(KeyUnsupported):
        make_csr(rsa.generate_private_key(public_exponent=65537, key_size=2048), TIN)


# ---- sealing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_a_sealed_key_opens_with_its_pin_only(alg, cheap_kdf):
    key = generate_key(alg)
    blob = seal_key(key, PIN, kdf=cheap_kdf)
    assert same_key(open_key(blob, PIN), key)
    for wrong in ("482914", "4829", "", "abcd"):
        with pytest.raises(WrongPin) as caught:
            open_key(blob, wrong)
        assert caught.value.code == "WRONG_PIN"


def test_the_real_kdf_once():
    """Argon2id with the default cost (64 MiB, 3 passes, 4 lanes: RFC 9106's second option)."""
    key = generate_key("ES256")
    blob = seal_key(key, PIN)
    # bytes 2-5: memory 65536 KiB = 0x00010000; byte 6: 3 passes; byte 7: 4 lanes
    assert blob[:8] == bytes([2, 0, 0x00, 0x01, 0x00, 0x00, 3, 4])
    assert (DEFAULT_KDF.memory_cost_kib, DEFAULT_KDF.iterations, DEFAULT_KDF.lanes) == (65536, 3, 4)
    assert same_key(open_key(blob, PIN), key)
    with pytest.raises(WrongPin):
        open_key(blob, "482914")


def test_the_blob_layout_and_fresh_salt(cheap_kdf):
    key = generate_key("EdDSA")
    one, two = seal_key(key, PIN, kdf=cheap_kdf), seal_key(key, PIN, kdf=cheap_kdf)
    assert one[0] == two[0] == 2  # version 2: argon2-cffi derives the PIN key
    assert one[8:24] != two[8:24]  # 16-byte salt, new each time
    assert one[24:36] != two[24:36]  # 12-byte nonce
    # The key is PKCS#8 inside AES-GCM: ciphertext as long as the DER, plus a 16-byte tag.
    # Ed25519 PKCS#8 DER is 48 bytes: 36 + 48 + 16 = 100.
    assert len(one) == 100


def test_weak_pins_are_refused_when_sealing(cheap_kdf):
    with pytest.raises(WeakPin):
        seal_key(generate_key("ES256"), "1234", kdf=cheap_kdf)
    with pytest.raises(PinInvalid):
        seal_key(generate_key("ES256"), "12", kdf=cheap_kdf)


def test_the_pepper_is_needed_and_must_be_the_right_one(cheap_kdf):
    key = generate_key("ES256")
    blob = seal_key(key, PIN, pepper=PEPPER, kdf=cheap_kdf)
    assert blob[1] == 1  # flags: peppered
    assert same_key(open_key(blob, PIN, pepper=PEPPER), key)
    with pytest.raises(SealedKeyInvalid) as caught:
        open_key(blob, PIN)
    assert caught.value.code == "SEALED_KEY_INVALID"
    with pytest.raises(WrongPin):
        open_key(blob, PIN, pepper=b"another secret")


def test_an_unpeppered_blob_still_opens_once_the_service_uses_a_pepper(cheap_kdf):
    key = generate_key("ES256")
    blob = seal_key(key, PIN, kdf=cheap_kdf)
    assert same_key(open_key(blob, PIN, pepper=PEPPER), key)


def test_an_altered_blob_does_not_open(cheap_kdf):
    blob = seal_key(generate_key("ES256"), PIN, kdf=cheap_kdf)
    for position in (9, 30, 40, len(blob) - 1):  # salt, nonce, ciphertext, tag
        altered = bytearray(blob)
        altered[position] ^= 0x01
        with pytest.raises(WrongPin):
            open_key(bytes(altered), PIN)
    raised = bytearray(blob)
    raised[6] = 2  # one more Argon2 pass: a different key, and the header is authenticated
    with pytest.raises(WrongPin):
        open_key(bytes(raised), PIN)
    for broken in (b"", blob[:40], bytes([3]) + blob[1:], blob[:1] + bytes([0x80]) + blob[2:], "text"):
        with pytest.raises(SealedKeyInvalid):
            open_key(broken, PIN)
    huge = bytearray(blob)
    huge[2:6] = (4 * 1024 * 1024).to_bytes(4, "big")  # 4 GiB asked by a forged header
    with pytest.raises(SealedKeyInvalid):
        open_key(bytes(huge), PIN)


def test_change_pin_keeps_the_key(cheap_kdf):
    key = generate_key("ES256")
    blob = seal_key(key, PIN, kdf=cheap_kdf)
    new_blob = change_pin(blob, PIN, "730194", kdf=cheap_kdf)
    assert same_key(open_key(new_blob, "730194"), key)
    with pytest.raises(WrongPin):
        open_key(new_blob, PIN)
    with pytest.raises(WrongPin):
        change_pin(blob, "000111", "730194", kdf=cheap_kdf)
    with pytest.raises(WeakPin):
        change_pin(blob, PIN, "1111", kdf=cheap_kdf)


@settings(max_examples=25, deadline=None)
@given(pin=st.text(alphabet="0123456789", min_size=4, max_size=12))
def test_every_acceptable_pin_round_trips(pin):
    try:
        check_pin(pin)
    except WeakPin:
        return
    key = generate_key("EdDSA")
    assert same_key(open_key(seal_key(key, pin, kdf=KdfParams(8, 1, 1)), pin), key)


# ---- the cloud path is the external path ----------------------------------------------------------


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_cloud_signing_goes_through_csr_certificate_and_the_same_jws(authority, cheap_kdf, alg):
    """Both modes produce the same signature format (issue 5 section 2)."""
    key = generate_key(alg)
    issued = authority.issue_certificate(make_csr(key, TIN), TIN)
    blob = seal_key(key, PIN, pepper=PEPPER, kdf=cheap_kdf)
    del key  # from now on the service has only the sealed blob

    document = {
        "client_filing_id": "5f0e4b1c-9a8d-4e2f-b3c7-6d5a4e3f2a10",
        "tin": TIN,
        "form": "vat",
        "period": "2024-03",
        "kind": "initial",
        "zero": True,
        "values": {},
    }
    jws = sign_with_sealed_key(blob, PIN, document, issued.kid, pepper=PEPPER)
    assert parse_header(jws) == {"alg": alg, "kid": issued.kid}
    verify_detached(jws, json.loads(json.dumps(document)), issued.pem)
    with pytest.raises(WrongPin):
        sign_with_sealed_key(blob, "482914", document, issued.kid, pepper=PEPPER)


# ---- issue 9: derivation under concurrency, older blobs ---------------------------------------


def _legacy_blob(key, pin: str, pepper: bytes | None, memory: int = 1024, iterations: int = 1, lanes: int = 4) -> bytes:
    """A version-1 blob exactly as sealed before issue 9: ``cryptography``'s Argon2id, the pepper as
    Argon2's secret input, written out by hand so the test does not lean on the code it checks."""
    import os
    import struct

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    header = struct.pack(">BBIBB16s12s", 1, 1 if pepper else 0, memory, iterations, lanes, os.urandom(16), os.urandom(12))
    aes = Argon2id(salt=header[8:24], length=32, iterations=iterations, lanes=lanes, memory_cost=memory, secret=pepper).derive(pin.encode())
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return header + AESGCM(aes).encrypt(header[24:36], der, header)


@pytest.mark.parametrize("pepper", [None, PEPPER])
def test_keys_sealed_before_issue_9_still_open(pepper):
    key = generate_key("ES256")
    blob = _legacy_blob(key, PIN, pepper)
    assert same_key(open_key(blob, PIN, pepper=pepper), key)
    with pytest.raises(WrongPin):
        open_key(blob, "482914", pepper=pepper)
    # A new PIN reseals in the current format; the key (hence its certificate) stays.
    resealed = change_pin(blob, PIN, "730194", pepper=pepper, kdf=KdfParams(1024, 1, 4))
    assert resealed[0] == 2 and same_key(open_key(resealed, "730194", pepper=pepper), key)


def test_sixteen_derivations_at_once_with_four_lanes():
    """Issue 9 defect 1: two threads deriving with four lanes at once hung ``cryptography``'s
    Argon2id. Sixteen threads open sixteen keys (new format) and eight old-format keys at once."""
    from concurrent.futures import ThreadPoolExecutor

    kdf = KdfParams(memory_cost_kib=1024, iterations=1, lanes=4)
    keys = [generate_key("ES256") for _ in range(24)]
    blobs = [seal_key(k, PIN, pepper=PEPPER, kdf=kdf) for k in keys[:16]] + [_legacy_blob(k, PIN, PEPPER) for k in keys[16:]]
    with ThreadPoolExecutor(24) as pool:
        opened = list(pool.map(lambda b: open_key(b, PIN, pepper=PEPPER), blobs, timeout=60))
    assert all(same_key(a, b) for a, b in zip(opened, keys))
