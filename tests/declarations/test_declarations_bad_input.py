"""Junk into every declarations endpoint: a 4xx with an error code, never a 500 (contract §2)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import API
from declarations_fixtures import signer  # noqa: F401  (pytest fixture)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ("client_filing_id", "tin", "form", "period", "kind", "zero", "values")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(patch=st.dictionaries(st.sampled_from(FIELDS + ("extra",)), JSON, max_size=3), signature=st.one_of(st.text(max_size=80), JSON))
def test_filing_never_fails_with_500(client, signer, patch, signature):
    doc = signer.document() | patch
    r = client.post(f"{API}/me/declarations", json={"document": doc, "signature": signature}, headers=signer.account.headers)
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["error"]["code"]


# What a client can sign at all: JCS has no form for integers beyond 2**53 or for infinities.
SIGNABLE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=SIGNABLE, period=SIGNABLE, zero=SIGNABLE)
def test_values_junk_is_a_4xx(client, signer, values, period, zero):
    doc = signer.document(zero=False, values=values if isinstance(values, dict) else {"employment_income": values})
    r = signer.file(doc)
    assert r.status_code < 500, r.text
    r = client.post(f"{API}/forms/unified_declaration_individual/computation", json={"period": period, "zero": zero, "values": values})
    assert 400 <= r.status_code < 500 or r.status_code == 200, r.text


def test_other_endpoints_with_junk(client, signer, officer):
    h = signer.account.headers
    junk = [None, 1, "x", [], {"a": 1}, "A" * 20000]
    for body in junk:
        for path in ("/me/certificates", "/me/cloud-signature", "/me/cloud-signature/sign", "/me/extensions", f"/me/certificates/{signer.kid}/revocation"):
            r = client.post(f"{API}{path}", content=json.dumps(body), headers=h | {"Content-Type": "application/json"})
            assert 400 <= r.status_code < 500 or (path.endswith("revocation") and r.status_code == 200), (path, body, r.text)
        for path in (f"/officer/taxpayers/{signer.tin}/field-audits", f"/officer/taxpayers/{signer.tin}/registrations"):
            r = client.post(f"{API}{path}", content=json.dumps(body), headers=officer.headers | {"Content-Type": "application/json"})
            assert 400 <= r.status_code < 500, (path, body, r.text)
    for q in ({"from": "x"}, {"to": "2025-13-01"}, {"from": "0001-01-01", "to": "9999-12-31"}):
        assert client.get(f"{API}/me/obligations", params=q, headers=h).status_code == 422
    for path in ("/me/declarations/%00", "/me/declarations/" + "9" * 100, "/me/certificates/zz", "/me/certificates/" + "f" * 50, "/me/declarations/x.pdf"):
        assert client.get(f"{API}{path}", headers=h).status_code == 404, path
    r = client.post(f"{API}/me/cloud-signature/sign", json={"pin": "1" * 64, "document": {}}, headers=h)
    assert 400 <= r.status_code < 500
