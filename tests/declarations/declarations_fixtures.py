"""Helpers for the declarations tests: a taxpayer's key with a certificate, documents, signing.

Not a conftest.py: a second conftest module would shadow tests/conftest.py for "from conftest import".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from salyk.crypto import make_csr, sign_detached
from conftest import API, Account, register_taxpayer


@dataclass
class Signer:
    client: object
    account: Account
    key: object
    kid: str
    certificate: str
    extra: dict = field(default_factory=dict)

    @property
    def tin(self) -> str:
        return self.account.login

    def document(self, form="unified_declaration_individual", period="2024", kind="initial", zero=True, values=None, **over) -> dict:
        doc = {
            "client_filing_id": str(uuid.uuid4()),
            "tin": self.tin,
            "form": form,
            "period": period,
            "kind": kind,
            "zero": zero,
            "values": {} if values is None else values,
        }
        doc.update(over)
        return doc

    def sign(self, document: dict) -> str:
        return sign_detached(document, self.key, self.kid)

    def file(self, document: dict, signature: str | None = None, headers: dict | None = None):
        body = {"document": document, "signature": self.sign(document) if signature is None else signature}
        return self.client.post(f"{API}/me/declarations", json=body, headers=headers or self.account.headers)


def enrol(client, account: Account, alg: str = "ES256") -> Signer:
    key = ec.generate_private_key(ec.SECP256R1()) if alg == "ES256" else ed25519.Ed25519PrivateKey.generate()
    r = client.post(f"{API}/me/certificates", json={"csr": make_csr(key, account.login).decode()}, headers=account.headers)
    assert r.status_code == 201, r.text
    return Signer(client, account, key, r.json()["kid"], r.json()["certificate"])


@pytest.fixture
def signer(client, taxpayer) -> Signer:
    """An individual with an ECDSA P-256 signing certificate."""
    return enrol(client, taxpayer)


@pytest.fixture
def org_signer(client, officer) -> Signer:
    """An organisation with a signing certificate."""
    return enrol(client, register_taxpayer(client, officer, kind="organization"))
