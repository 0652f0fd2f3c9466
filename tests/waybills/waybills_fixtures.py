"""Helpers for the waybills tests: a runtime whose clock the test moves, three taxpayers with
signing keys, a document, and signed acts.

Not a conftest.py (it would shadow tests/conftest.py for ``from conftest import``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import API, Account, login, make_settings, new_tin, register_taxpayer
from salyk.crypto import make_csr, sign_detached
from salyk.kernel.config import BISHKEK, Clock
from salyk.kernel.runtime import Runtime

START = dt.datetime(2025, 10, 5, 12, 39, tzinfo=BISHKEK)  # a Sunday noon in Bishkek


@dataclass(frozen=True)
class SetClock(Clock):
    """A clock the test sets to the minute (``Clock`` pins only the date)."""

    cell: list = field(default_factory=lambda: [START], compare=False)

    def now(self) -> dt.datetime:
        return self.cell[0]

    def today(self) -> dt.date:
        return self.cell[0].astimezone(BISHKEK).date()

    def set(self, moment: dt.datetime) -> None:
        self.cell[0] = moment

    def advance(self, **delta) -> dt.datetime:
        self.cell[0] = self.cell[0] + dt.timedelta(**delta)
        return self.cell[0]


@pytest.fixture
def clock() -> SetClock:
    return SetClock(cell=[START])


@pytest.fixture
def wrt(_shared_database, clock) -> Runtime:
    settings = replace(make_settings(_shared_database.url), clock=clock, token_ttl=dt.timedelta(days=3650))
    return Runtime(settings, _shared_database)


@pytest.fixture
def wclient(wrt):
    from fastapi.testclient import TestClient

    from salyk.api.app import create_app

    with TestClient(create_app(wrt), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def wofficer(wclient, wrt) -> Account:
    from salyk.registry.officers import ensure_officer

    name = f"off-{uuid.uuid4().hex[:8]}"
    ensure_officer(wrt, name, "officer-pass-1234", "officer")
    return login(wclient, name, "officer-pass-1234")


@dataclass
class Party:
    client: object
    account: Account
    key: object
    kid: str

    @property
    def tin(self) -> str:
        return self.account.login

    @property
    def headers(self) -> dict:
        return self.account.headers

    def sign(self, title: dict) -> str:
        return sign_detached(title, self.key, self.kid)

    def get(self, waybill_id: str):
        return self.client.get(f"{API}/me/waybills/{waybill_id}", headers=self.headers)

    def act(self, waybill_id: str, action: str, *, sha: str | None = None, signature: str | None = None, **fields):
        if sha is None:
            sha = self.client.get(f"{API}/me/waybills/{waybill_id}", headers=self.headers).json().get("document_sha256", "0" * 64)
        title = {"waybill_id": waybill_id, "action": action, "document_sha256": sha, **fields}
        body = {"title": title, "signature": self.sign(title) if signature is None else signature}
        return self.client.post(f"{API}/me/waybills/{waybill_id}/{action}", json=body, headers=self.headers)


def enrol(client, officer, name: str = "Test Taxpayer") -> Party:
    account = register_taxpayer(client, officer, kind="organization", name=name)
    key = ec.generate_private_key(ec.SECP256R1())
    r = client.post(f"{API}/me/certificates", json={"csr": make_csr(key, account.login).decode()}, headers=account.headers)
    assert r.status_code == 201, r.text
    return Party(client, account, key, r.json()["kid"])


@dataclass
class Trio:
    shipper: Party
    carrier: Party
    consignee: Party


@pytest.fixture
def trio(wclient, wofficer) -> Trio:
    return Trio(enrol(wclient, wofficer, "Shipper LLC"), enrol(wclient, wofficer, "Carrier LLC"), enrol(wclient, wofficer, "Consignee LLC"))


def document(carrier_tin: str | None, consignee_tin: str | None, **over) -> dict:
    d = {
        "kind": "sale",
        "basis": {"esf_number": "ESF-2025-17", "contract_number": "12/25", "contract_date": "2025-01-10"},
        "carrier": {"tin": carrier_tin} if carrier_tin else {"own_transport": True},
        "consignee": {"tin": consignee_tin} if consignee_tin else {"foreign": True, "name": "Almaty Oil LLP", "country": "KZ"},
        "loading_point": {"address": "Bishkek, Ibraimova 1", "rayon_code": "41711"},
        "unloading_point": {"address": "Osh, Lenina 5", "rayon_code": "41721"},
        "planned_loading_on": "2025-10-05",
        "vehicle": {"plate": "01KG123ABC", "trailer": "01KG456DEF"},
        "driver": {"pin": "21505199000123", "name": "Asan Usonov"},
        "distance_km": 10,
        "lines": [
            {"name": "Diesel fuel", "tnved": "2710194200", "unit": "kg", "quantity": "1000.5", "price": "60.00", "amount": "60030.00", "volume_l": "1190"},
            {"name": "Vodka 0.5 l", "tnved": "2208601100", "unit": "pcs", "quantity": "20", "price": "450.00", "amount": "9000.00", "marking_codes": ["010460", "010461"]},
        ],
    }
    d.update(over)
    return d


def draft(party: Party, doc: dict, client_id: str | None = None):
    return party.client.post(f"{API}/me/waybills", json={"client_id": client_id or str(uuid.uuid4()), "document": doc}, headers=party.headers)


def issued(trio: Trio, **over) -> tuple[str, str]:
    """A waybill issued by the trio's shipper: (id, number)."""
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, **over))
    assert r.status_code == 201, r.text
    wid = r.json()["id"]
    r = trio.shipper.act(wid, "issue", sha=r.json()["document_sha256"])
    assert r.status_code == 200, r.text
    return wid, r.json()["number"]


__all__ = ["API", "SetClock", "START", "Trio", "Party", "document", "draft", "enrol", "issued", "new_tin"]
