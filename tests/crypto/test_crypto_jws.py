"""Detached JWS over JCS: what verifies and what is refused with ``SIGNATURE_INVALID``.

The taxpayer's electronic digital signature certifies an electronic report (TC art. 86(4),
TC art. 28) and must show the document unchanged and name its author (Offer 2.10); the
wire format is issue 5 section 3.
"""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.crypto import (
    DocumentInvalid,
    SignatureInvalid,
    canonicalize,
    document_sha256,
    make_csr,
    parse_header,
    serial_to_kid,
    sign_detached,
    verify_detached,
    verify_receipt,
)

from crypto_fixtures import authority, other_authority  # noqa: F401  (pytest fixtures)
from jws_client import b64url, b64url_decode, new_key  # the wire format written from the RFCs, not from salyk

TIN = "11503198512345"  # ИСН of an individual born 15.03.1985 (TC art. 97)
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # SEC 2, n


@pytest.fixture(params=["ES256", "EdDSA"])
def signer(request, authority):
    """A taxpayer's key and its certificate, for each accepted algorithm."""
    key = new_key(request.param)
    issued = authority.issue_certificate(make_csr(key, TIN), TIN)
    return key, issued


def document() -> dict:
    return {
        "client_filing_id": "0b9a3c58-1f7e-4c1e-9d7c-1f0c8e6a2b11",
        "tin": TIN,
        "form": "profit_tax",
        "period": "2024",
        "kind": "initial",
        "zero": False,
        "values": {"income": "1250000.00", "expenses": "400000.00", "lines": [1, 2, 3]},
    }


def test_round_trip_and_the_exact_wire_format(signer):
    key, issued = signer
    jws = sign_detached(document(), key, issued.kid)
    header_b64, payload, signature_b64 = jws.split(".")
    assert payload == ""  # RFC 7515 Appendix F
    assert json.loads(b64url_decode(header_b64)) == {"alg": issued.algorithm, "kid": issued.serial_hex}
    assert len(b64url_decode(signature_b64)) == 64  # ES256 R||S is 32+32; Ed25519 is 64
    assert "=" not in jws
    assert parse_header(jws) == {"alg": issued.algorithm, "kid": issued.serial_hex}
    verify_detached(jws, document(), issued.pem)


def test_a_changed_value_breaks_the_signature(signer):
    """Offer 2.10: the signature guarantees the document is unchanged."""
    key, issued = signer
    jws = sign_detached(document(), key, issued.kid)
    tampered = document()
    tampered["values"]["income"] = "1250000.01"
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, tampered, issued.pem)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(zero=True),
        lambda d: d.pop("values"),
        lambda d: d.update(extra=None),
        lambda d: d["values"]["lines"].reverse(),
        lambda d: d.update(period=2024),  # the number 2024 is not the string "2024"
    ],
    ids=["flag", "removed", "added", "reordered-list", "type"],
)
def test_any_change_that_jcs_sees_breaks_the_signature(signer, change):
    key, issued = signer
    jws = sign_detached(document(), key, issued.kid)
    changed = document()
    change(changed)
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, changed, issued.pem)


def test_a_signature_by_another_key_is_refused(signer):
    """Offer 2.10: the signature identifies the author, i.e. the certificate's holder."""
    key, issued = signer
    intruder = new_key(issued.algorithm)
    jws = sign_detached(document(), intruder, issued.kid)  # right kid, wrong key
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, document(), issued.pem)


def test_a_swapped_kid_is_refused(authority):
    key_a, key_b = new_key("ES256"), new_key("ES256")
    cert_a = authority.issue_certificate(make_csr(key_a, TIN), TIN)
    cert_b = authority.issue_certificate(make_csr(key_b, TIN), TIN)
    jws = sign_detached(document(), key_a, cert_b.kid)
    # Against the certificate the kid names, the key is wrong ...
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, document(), cert_b.pem)
    # ... and against the signer's own certificate, the kid is.
    with pytest.raises(SignatureInvalid, match="kid"):
        verify_detached(jws, document(), cert_a.pem)


def hand_signed(key, header: dict, doc: dict) -> str:
    """A JWS built by hand with any header, signed by ``key`` in the JWS form of its type."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    header_b64 = b64url(json.dumps(header).encode())
    signing_input = f"{header_b64}.{b64url(canonicalize(doc))}".encode()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = key.sign(signing_input)
    return f"{header_b64}..{b64url(signature)}"


def test_alg_must_fit_the_certificate_key(signer):
    key, issued = signer
    other_alg = "EdDSA" if issued.algorithm == "ES256" else "ES256"
    jws = hand_signed(key, {"alg": other_alg, "kid": issued.kid}, document())
    with pytest.raises(SignatureInvalid, match="alg"):
        verify_detached(jws, document(), issued.pem)


@pytest.mark.parametrize("alg", ["none", "HS256", "RS256", "ES384", "Ed25519", "es256", None, 1])
def test_only_es256_and_eddsa_are_accepted(signer, alg):
    key, issued = signer
    jws = hand_signed(key, {"alg": alg, "kid": issued.kid}, document())
    with pytest.raises(SignatureInvalid):
        parse_header(jws)
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, document(), issued.pem)


def test_an_attached_payload_is_refused(signer):
    """Issue 5 section 3 asks for the detached form; a payload in the middle is not it."""
    key, issued = signer
    header_b64, _, signature_b64 = sign_detached(document(), key, issued.kid).split(".")
    attached = f"{header_b64}.{b64url(canonicalize(document()))}.{signature_b64}"
    with pytest.raises(SignatureInvalid, match="detached"):
        verify_detached(attached, document(), issued.pem)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "..",
        "abc",
        "a.b",
        "a..b..c",
        "eyJhbGciOiJFUzI1NiJ9..",  # no signature, header without kid
        "!!!..AAAA",
        None,
        b"eyJ..AA",
        "x" * 5000,
    ],
)
def test_garbage_is_refused_as_an_invalid_signature(signer, garbage):
    _, issued = signer
    with pytest.raises(SignatureInvalid) as caught:
        verify_detached(garbage, document(), issued.pem)
    assert caught.value.code == "SIGNATURE_INVALID"


def test_base64url_must_be_unpadded_and_canonical(signer):
    key, issued = signer
    header_b64, _, signature_b64 = sign_detached(document(), key, issued.kid).split(".")
    padded = header_b64 + "=" * (-len(header_b64) % 4)
    if padded != header_b64:
        with pytest.raises(SignatureInvalid):
            parse_header(f"{padded}..{signature_b64}")
    standard = base64.b64encode(b64url_decode(signature_b64)).decode().rstrip("=")
    if standard != signature_b64:  # "+" and "/" instead of "-" and "_"
        with pytest.raises(SignatureInvalid):
            verify_detached(f"{header_b64}..{standard}", document(), issued.pem)
    with pytest.raises(SignatureInvalid):
        parse_header(f" {header_b64}..{signature_b64}")
    # 64 signature bytes spell as 86 characters: the last one carries 2 bits of the last
    # byte and 4 spare bits; flipping a spare bit spells the very same bytes differently.
    last = signature_b64[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert b64url_decode(signature_b64[:-1] + twin) == b64url_decode(signature_b64)
    with pytest.raises(SignatureInvalid):
        verify_detached(f"{header_b64}..{signature_b64[:-1]}{twin}", document(), issued.pem)


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "ES256"},
        {"kid": "ab"},
        {"alg": "ES256", "kid": "ab", "typ": "text/plain"},
        {"alg": "ES256", "kid": "ab", "b64": False, "crit": ["b64"]},
        {"alg": "ES256", "kid": "ab", "jwk": {}},
        {"alg": "ES256", "kid": "0"},
        {"alg": "ES256", "kid": "-1"},
        {"alg": "ES256", "kid": "0x1f"},
        {"alg": "ES256", "kid": "zz"},
        {"alg": "ES256", "kid": 31},
        {"alg": "ES256", "kid": "f" * 41},
        ["ES256", "ab"],
    ],
)
def test_the_header_has_alg_and_a_hex_kid_and_nothing_unknown(header):
    jws = f"{b64url(json.dumps(header).encode())}..{b64url(bytes(64))}"
    with pytest.raises(SignatureInvalid):
        parse_header(jws)


def test_a_duplicated_header_member_is_refused():
    raw = b'{"alg":"EdDSA","kid":"ab","alg":"ES256"}'
    with pytest.raises(SignatureInvalid):
        parse_header(f"{b64url(raw)}..{b64url(bytes(64))}")


def test_a_der_encoded_ecdsa_signature_is_not_the_jws_form(authority):
    """RFC 7518 3.4: ES256 is R||S; DER is what a careless client sends."""
    from cryptography.hazmat.primitives import hashes

    key = new_key("ES256")
    issued = authority.issue_certificate(make_csr(key, TIN), TIN)
    header_b64 = b64url(json.dumps({"alg": "ES256", "kid": issued.kid}).encode())
    signing_input = f"{header_b64}.{b64url(canonicalize(document()))}".encode()
    der = key.sign(signing_input, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(SignatureInvalid):
        verify_detached(f"{header_b64}..{b64url(der)}", document(), issued.pem)


def test_key_order_and_number_spelling_do_not_matter(signer):
    """JCS (RFC 8785) canonicalizes: the same JSON in another order or spelling verifies."""
    key, issued = signer
    jws = sign_detached(document(), key, issued.kid)
    reordered = dict(reversed(list(document().items())))
    reordered["values"] = dict(reversed(list(reordered["values"].items())))
    verify_detached(jws, reordered, issued.pem)
    as_text = '{ "values": {"lines": [1.0, 2, 3e0], "expenses": "400000.00", "income": "1250000.00"},'
    as_text += f'"zero": false, "kind": "initial", "period": "2024", "form": "profit_tax", "tin": "{TIN}",'
    as_text += '"client_filing_id": "0b9a3c58-1f7e-4c1e-9d7c-1f0c8e6a2b11" }'
    verify_detached(jws, json.loads(as_text), issued.pem)


def test_a_document_without_canonical_form_cannot_verify(signer):
    key, issued = signer
    jws = sign_detached(document(), key, issued.kid)
    for bad in ({"n": float("nan")}, {"n": 2**53}, {1: "int key"}, {"d": object()}):
        with pytest.raises(SignatureInvalid):
            verify_detached(jws, bad, issued.pem)
        with pytest.raises(DocumentInvalid):
            document_sha256(bad)


def test_jcs_matches_the_rfc_8785_example():
    """RFC 8785 section 3.2.2-3.2.3: numbers in ES6 form, strings minimally escaped, keys sorted."""
    source = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],'
        '"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    ).encode("utf-8")
    assert canonicalize(json.loads(source)) == expected


def test_document_sha256_is_the_hash_of_the_jcs_bytes():
    # By hand: JCS of {"b": 2, "a": 1} sorts the keys and drops the blanks: {"a":1,"b":2}.
    assert document_sha256({"b": 2, "a": 1}) == hashlib.sha256(b'{"a":1,"b":2}').hexdigest()
    assert document_sha256({"a": 1, "b": 2.0}) == document_sha256({"b": 2, "a": 1})


def test_ecdsa_malleability_is_why_filings_are_keyed_by_document(authority):
    """(r, n - s) verifies as well as (r, s): two signature strings, one document.
    Replays and idempotency must compare ``document_sha256``, never the signature text."""
    key = new_key("ES256")
    issued = authority.issue_certificate(make_csr(key, TIN), TIN)
    jws = sign_detached(document(), key, issued.kid)
    header_b64, _, signature_b64 = jws.split(".")
    raw = b64url_decode(signature_b64)
    s = int.from_bytes(raw[32:], "big")
    twin = f"{header_b64}..{b64url(raw[:32] + (P256_ORDER - s).to_bytes(32, 'big'))}"
    assert twin != jws
    verify_detached(twin, document(), issued.pem)


# ---- receipts ---------------------------------------------------------------------------


def receipt() -> dict:
    return {
        "id": "7c2e0d4a-5b7f-4e8e-8a55-2f3d2b7f6d10",
        "receipt_number": "R-2024-000042",
        "filed_at": "2024-04-19T17:59:59Z",
        "filing_date": "2024-04-19",
        "status": "accepted",
        "document_sha256": document_sha256(document()),
    }


def test_the_receipt_signature_verifies_with_the_service_certificate(authority):
    body = receipt()
    body["receipt_signature"] = authority.sign_receipt(body)
    assert parse_header(body["receipt_signature"]) == {"alg": "ES256", "kid": authority.service_kid}
    verify_receipt(body, body["receipt_signature"], authority.service_certificate_pem())
    authority.verify_receipt(body, body["receipt_signature"])


def test_a_changed_receipt_fails(authority):
    body = receipt()
    signature = authority.sign_receipt(body)
    body["filing_date"] = "2024-04-18"
    with pytest.raises(SignatureInvalid):
        verify_receipt(body, signature, authority.service_certificate_pem())


def test_a_receipt_is_not_verifiable_with_another_certificate(authority, other_authority, signer):
    body = receipt()
    signature = authority.sign_receipt(body)
    _, issued = signer
    for certificate in (other_authority.service_certificate_pem(), issued.pem, authority.ca_certificate_pem()):
        with pytest.raises(SignatureInvalid):
            verify_receipt(body, signature, certificate)


def test_serial_to_kid_is_lowercase_hex_without_prefix():
    assert serial_to_kid(255) == "ff"
    assert serial_to_kid(0xA1B) == "a1b"
    for bad in (0, -1, 2**159, True):
        with pytest.raises(ValueError):
            serial_to_kid(bad)


# ---- properties -----------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
documents = st.dictionaries(st.text(max_size=8), json_values, min_size=1, max_size=6)


def shuffled(value, rnd):
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        return {k: shuffled(v, rnd) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v, rnd) for v in value]
    return value


@pytest.fixture(scope="module")
def es256_signer(authority):
    key = new_key("ES256")
    return key, authority.issue_certificate(make_csr(key, TIN), TIN)


@settings(max_examples=60, deadline=None)
@given(doc=documents, rnd=st.randoms(use_true_random=False))
def test_any_json_document_round_trips_in_any_key_order(es256_signer, doc, rnd):
    key, issued = es256_signer
    jws = sign_detached(doc, key, issued.kid)
    verify_detached(jws, shuffled(doc, rnd), issued.pem)
    # and through JSON text, as the web layer receives it
    verify_detached(jws, json.loads(json.dumps(shuffled(doc, rnd))), issued.pem)


@settings(max_examples=60, deadline=None)
@given(doc=documents, key=st.text(min_size=1, max_size=8))
def test_adding_a_member_breaks_the_signature(es256_signer, doc, key):
    signer_key, issued = es256_signer
    jws = sign_detached(doc, signer_key, issued.kid)
    changed = dict(doc)
    changed[key] = ["added"] if doc.get(key) != ["added"] else ["other"]
    with pytest.raises(SignatureInvalid):
        verify_detached(jws, changed, issued.pem)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200) | st.from_regex(r"[A-Za-z0-9_\-]{0,60}\.[A-Za-z0-9_\-]{0,5}\.[A-Za-z0-9_\-]{0,90}"))
def test_any_string_is_a_header_or_a_signature_invalid_never_a_crash(es256_signer, text):
    _, issued = es256_signer
    try:
        parse_header(text)
    except SignatureInvalid:
        pass
    with pytest.raises(SignatureInvalid):
        verify_detached(text, {"a": 1}, issued.pem)


@pytest.mark.parametrize("typ", ["JOSE", "JWT"])
def test_a_standard_typ_member_is_tolerated(typ):
    # PyJWT and other JOSE libraries add "typ" by default; it carries no security meaning here.
    jws = f"{b64url(json.dumps({'alg': 'ES256', 'kid': 'ab', 'typ': typ}).encode())}..{b64url(bytes(64))}"
    assert parse_header(jws)["alg"] == "ES256"
