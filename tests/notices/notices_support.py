"""Helpers for the notices tests: the app on another day, the worker, a signing key, a decision."""

from __future__ import annotations

import datetime as dt
import warnings
from contextlib import contextmanager

from cryptography.hazmat.primitives.asymmetric import ec

from conftest import API, Account, at_date, login
from salyk.crypto import make_csr, sign_detached
from salyk.kernel.worker import Worker

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@contextmanager
def day(runtime, on: dt.date):
    """The same database seen on ``on`` (tokens expire, so callers log in again there)."""
    from salyk.api.app import create_app

    rt = at_date(runtime, on)
    with TestClient(create_app(rt), base_url="http://testserver") as c:
        yield rt, c


def relogin(client, account: Account) -> Account:
    return login(client, account.login, account.password)


def run_worker(rt, jobs: bool = False) -> int:
    from salyk.modules import outbox_handlers, scheduled_jobs

    return Worker(rt, outbox_handlers(), scheduled_jobs() if jobs else ()).run_once()


class Key:
    def __init__(self, client, account: Account):
        self.key = ec.generate_private_key(ec.SECP256R1())
        r = client.post(f"{API}/me/certificates", json={"csr": make_csr(self.key, account.login).decode()}, headers=account.headers)
        assert r.status_code == 201, r.text
        self.kid = r.json()["kid"]

    def sign(self, document: dict) -> str:
        return sign_detached(document, self.key, self.kid)


def issue(client, officer, tin, type="assessment", **fields):
    body = {"tin": tin, "type": type, "ground": "Field audit act No. 17 of 10.03.2025", "decision": "Pay the tax assessed."} | fields
    r = client.post(f"{API}/officer/decisions", json=body, headers=officer.headers)
    assert r.status_code == 201, r.text
    return r.json()


def appeal(client, account, key: Key, decision_id: str, expect: int = 201, **fields):
    document = {"decision_id": decision_id, "grounds": "The audit counted the same invoice twice.", "requested": "change"} | fields
    r = client.post(f"{API}/me/appeals", json={"appeal": document, "signature": key.sign(document)}, headers=account.headers)
    assert r.status_code == expect, r.text
    return r.json()
