"""Schemathesis against the whole app, in-process (issue 9, "Keep it so").

Every operation of ``/api/v1/openapi.json`` is fed schema-driven cases, valid and invalid
(Hypothesis, fixed seed, bounded examples), with a taxpayer's token and with an officer's, on each
database of the run (SQLite; PostgreSQL too with SALYK_TEST_DATABASE_URL). Each answer must pass:

- ``not_a_server_error``: no 5xx for any input (contract §2);
- ``status_code_conformance``: the status is one the document lists for the operation;
- ``response_schema_conformance``: the body matches the documented model (the error envelope for
  4xx, the operation's response model for 2xx).

Plain fuzzing never passes the signature check of a filing, so the filing is also fed documents
that are generated the same way but really signed with the taxpayer's certificate: they reach the
form and period rules behind the signature.

``SALYK_SCHEMATHESIS_EXAMPLES`` (default 3) sets the examples per operation, mode and token; the
``slow`` variant (``make bench``) runs 25.
"""

from __future__ import annotations

import os
import uuid
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis import strategies as st

from conftest import API, login, register_taxpayer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from fastapi.testclient import TestClient
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

CHECKS = (not_a_server_error, status_code_conformance, response_schema_conformance)
EXAMPLES = int(os.environ.get("SALYK_SCHEMATHESIS_EXAMPLES", "3"))
# Ends the session the rest of the run needs (tested in test_auth); nothing else is left out.
SKIP = {("POST", "/auth/logout")}


def _settings(examples: int):
    return settings(max_examples=examples, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


class Findings:
    def __init__(self) -> None:
        self.failures: dict[tuple, str] = {}
        self.calls = 0

    def check(self, case, response, label: str) -> None:
        self.calls += 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except BaseException as exc:  # schemathesis raises a FailureGroup (an exception group)
                if isinstance(exc, KeyboardInterrupt):
                    raise
                key = (label, case.method.upper(), case.operation.path, check.__name__, response.status_code)
                self.failures.setdefault(key, str(exc)[:800])

    def report(self) -> str:
        return "\n\n".join(f"{' '.join(map(str, k))}\n{v}" for k, v in sorted(self.failures.items()))


@pytest.fixture
def world(fresh_runtime):
    """Its own database: the officer token may publish offers and change what is global."""
    from salyk.api.app import create_app
    from salyk.registry.officers import ensure_officer

    with TestClient(create_app(fresh_runtime), base_url="http://testserver") as client:
        ensure_officer(fresh_runtime, "fuzz-officer", "officer-pass-1234", "officer")
        officer = login(client, "fuzz-officer", "officer-pass-1234")
        taxpayer = register_taxpayer(client, officer)
        yield client, officer, taxpayer


def run_schemathesis(world, examples: int) -> Findings:
    client, officer, taxpayer = world
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", client.app)
    findings = Findings()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100
    for label, account in (("taxpayer", taxpayer), ("officer", officer)):
        for operation in operations:
            if (operation.method.upper(), operation.path) in SKIP:
                continue
            has_input = bool(operation.body) or any(True for _ in operation.iter_parameters())
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if has_input else (GenerationMode.POSITIVE,):

                @_settings(examples)
                @given(case=operation.as_strategy(generation_mode=mode))
                def fuzz(case):
                    findings.check(case, case.call(headers=account.headers), label)

                try:
                    fuzz()
                except Unsatisfiable:
                    # no invalid value exists for its inputs (a free-text path segment, say)
                    assert mode is GenerationMode.NEGATIVE, (operation.method, operation.path)
    signed_filings(schema, taxpayer, client, findings, examples)
    return findings


def signed_filings(schema, taxpayer, client, findings: Findings, examples: int) -> None:
    """Documents made like the fuzzer's but signed with the taxpayer's own certificate, so that the
    filing's rules (form, period, kind, values, replay) are what answers, not the signature check."""
    from cryptography.hazmat.primitives.asymmetric import ec

    from salyk.crypto import make_csr, sign_detached

    key = ec.generate_private_key(ec.SECP256R1())
    r = client.post(f"{API}/me/certificates", json={"csr": make_csr(key, taxpayer.login).decode()}, headers=taxpayer.headers)
    assert r.status_code == 201, r.text
    kid = r.json()["kid"]
    forms = [f["code"] for f in client.get(f"{API}/forms").json()["forms"]]
    operation = schema["/me/declarations"]["POST"]
    scalars = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=12) | st.sampled_from(["0.00", "1000.50", "-1.00", "1e9", "99999999999999999.99"])
    values = st.dictionaries(st.text(min_size=1, max_size=20) | st.sampled_from(["employment_income", "sales_income", "expenses", "employees", "locality"]),
                             scalars | st.lists(st.dictionaries(st.sampled_from(["tin", "income_paid"]), scalars, max_size=2), max_size=2), max_size=4)
    documents = st.fixed_dictionaries({
        "client_filing_id": st.builds(lambda: str(uuid.uuid4())),
        "tin": st.just(taxpayer.login) | st.sampled_from(["", "00000000000000", taxpayer.login[:-1] + "9"]),
        "form": st.sampled_from(forms) | st.text(max_size=10),
        "period": st.sampled_from(["2024", "2024-Q1", "2024-03", "2025-02", "1990", "2099", "0001-01", "2024-13", "2024-Q5", ""]),
        "kind": st.sampled_from(["initial", "clarified", "other"]),
        "zero": st.booleans(),
        "values": values,
    })

    def send(document) -> int:
        case = operation.Case(body={"document": document, "signature": sign_detached(document, key, kid)}, media_type="application/json")
        response = case.call(headers=taxpayer.headers)
        findings.check(case, response, "signed")
        return response.status_code

    # The explicit examples: a zero report for 2024 is filed (201), its replay gives the first
    # receipt (200), the same client_filing_id with other content is a conflict (409).
    good = {"client_filing_id": str(uuid.uuid4()), "tin": taxpayer.login, "form": "unified_declaration_individual",
            "period": "2024", "kind": "initial", "zero": True, "values": {}}
    assert [send(good), send(good), send(good | {"period": "2023"})] == [201, 200, 409]

    @_settings(max(examples * 5, 10))
    @given(document=documents, resend=st.sampled_from(["once", "twice", "changed"]))
    def file(document, resend):
        send(document)
        if resend != "once":  # a replay (200 with the first receipt) or a conflict (409)
            send(document if resend == "twice" else document | {"zero": not document["zero"]})

    file()


def test_schemathesis_finds_nothing(world):
    findings = run_schemathesis(world, EXAMPLES)
    assert findings.calls > 500
    assert not findings.failures, findings.report()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SALYK_SLOW"), reason="make bench runs it (SALYK_SLOW=1)")
def test_schemathesis_finds_nothing_in_a_longer_run(world):
    findings = run_schemathesis(world, 25)
    assert not findings.failures, findings.report()
