"""A client written only from the text of issue 14: cryptography + rfc8785, JWS by hand, HTTP only.

It imports nothing from salyk (nor does its signing side, tests/jws_client.py). Three taxpayers (made by the tax office, as in the contract) send
PKCS#10 requests, then drive waybills through every path: received, received with discrepancy,
rejected, deemed received, carrier declined and replaced, cancelled, discarded; checks the error
codes, the public check and the QR's offline signature. Only the test harness moves the clock.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import rfc8785
from cryptography import x509

from conftest import register_taxpayer
from jws_client import API, HttpSigner, b64url, b64url_decode, verify_es256
from waybills_fixtures import clock, wclient, wofficer, wrt  # noqa: F401  (the harness: server and clock)


class Taxpayer(HttpSigner):
    def __init__(self, http, account, alg):
        super().__init__(http, account, alg, common_name="k")

    def draft(self, document):
        r = self.http.post(f"{API}/me/waybills", json={"client_id": str(uuid.uuid4()), "document": document}, headers=self.auth)
        assert r.status_code == 201, r.text
        assert r.json()["document_sha256"] == hashlib.sha256(rfc8785.dumps(document)).hexdigest()
        return r.json()

    def act(self, waybill_id, action, sha, **fields):
        title = {"waybill_id": waybill_id, "action": action, "document_sha256": sha, **fields}
        return self.http.post(f"{API}/me/waybills/{waybill_id}/{action}", json={"title": title, "signature": self.sign(title)}, headers=self.auth)

    def ok(self, waybill_id, action, sha, **fields):
        r = self.act(waybill_id, action, sha, **fields)
        assert r.status_code == 200, r.text
        return r.json()

    def read(self, waybill_id):
        return self.http.get(f"{API}/me/waybills/{waybill_id}", headers=self.auth)


def make_document(carrier, consignee, distance_km=10):
    return {
        "kind": "sale", "basis": {"contract_number": "7", "contract_date": "2025-09-01"},
        "carrier": {"tin": carrier}, "consignee": {"tin": consignee},
        "loading_point": {"address": "Bishkek", "rayon_code": "41711"}, "unloading_point": {"address": "Osh", "rayon_code": "41721"},
        "planned_loading_on": "2025-10-05", "vehicle": {"plate": "01KG777AAA"}, "driver": {"pin": "11111199900011", "name": "Driver"},
        "distance_km": distance_km,
        "lines": [{"name": "Cigarettes", "tnved": "2402209000", "unit": "pcs", "quantity": "100", "price": "120.00", "amount": "12000.00",
                   "marking_codes": ["04600000000001"]}],
    }


def test_independent_client_drives_every_path(wclient, wofficer, clock):
    http = wclient
    shipper, carrier, consignee, spare = (Taxpayer(http, register_taxpayer(http, wofficer, kind="organization", name=n), alg)
                                          for n, alg in (("S", "ES256"), ("C", "EdDSA"), ("R", "ES256"), ("C2", "ES256")))
    service_pem = http.get(f"{API}/service-certificate").content

    def issue(distance_km=10):
        d = shipper.draft(make_document(carrier.tin, consignee.tin, distance_km))
        out = shipper.ok(d["id"], "issue", d["document_sha256"])
        assert out["status"] == "issued" and out["number"].startswith("ЭТТК-2025-") and len(out["number"]) == 19
        return d["id"], d["document_sha256"], out

    # 1. received, and the QR's JWS checks offline with the service certificate.
    wid, sha, out = issue()
    url, compact = out["qr"].split("#")
    header, payload, sig = compact.split(".")
    verify_es256(x509.load_pem_x509_certificate(service_pem).public_key(), f"{header}.{payload}".encode(), b64url_decode(sig))
    offline = json.loads(b64url_decode(payload))
    assert url == f"{API}/public/waybills/{out['number']}" and offline["number"] == out["number"] and offline["status"] == "issued"
    for action, status in (("carrier-acceptance", "in_transit"), ("delivery", "delivered")):
        assert carrier.ok(wid, action, sha)["status"] == status
        assert http.get(url).json()["status"] == status
    assert consignee.ok(wid, "receipt", sha, result="received")["status"] == "received"
    public = http.get(url).json()
    assert public["status"] == "received" and "price" not in json.dumps(public) and "amount" not in json.dumps(public)
    assert public["goods"] == [{"tnved": "2402209000", "quantity": "100", "unit": "pcs"}]
    # The replay of a signed title answers the same again.
    replay = consignee.act(wid, "receipt", sha, result="received")
    assert replay.status_code == 200 and replay.json()["status"] == "received"

    # 2. received with discrepancy; 3. rejected.
    wid, sha, _ = issue()
    carrier.ok(wid, "carrier-acceptance", sha)
    carrier.ok(wid, "delivery", sha)
    assert consignee.ok(wid, "receipt", sha, result="received_with_discrepancy", lines=[{"quantity": "90", "amount": "10800.00"}])["status"] == "received_with_discrepancy"
    wid, sha, _ = issue()
    carrier.ok(wid, "carrier-acceptance", sha)
    carrier.ok(wid, "delivery", sha)
    assert consignee.ok(wid, "receipt", sha, result="rejected", reason="Seals broken")["status"] == "rejected"

    # 4. the carrier declines, the shipper names another, who accepts.
    wid, sha, _ = issue()
    assert carrier.ok(wid, "carrier-decline", sha, reason="Busy")["status"] == "carrier_declined"
    assert shipper.ok(wid, "carrier", sha, carrier_tin=spare.tin)["status"] == "issued"
    assert spare.ok(wid, "carrier-acceptance", sha)["status"] == "in_transit"

    # 5. cancelled within 24 h; after an inspection: INSPECTED; codes of the contract.
    wid, sha, _ = issue()
    r = carrier.act(wid, "cancellation", sha, reason="x")
    assert r.status_code == 403 and r.json()["error"]["code"] == "NOT_A_PARTY"
    assert shipper.ok(wid, "cancellation", sha, reason="Order withdrawn")["status"] == "cancelled"
    r = carrier.act(wid, "carrier-acceptance", sha)
    assert r.status_code == 409 and r.json()["error"]["code"] == "INVALID_STATE" and r.json()["error"]["details"]["status"] == "cancelled"
    wid, sha, out = issue()
    r = http.post(f"{API}/officer/waybills/{out['number']}/inspections", json={"place": "Post 5", "result": "ok", "note": "fine"}, headers=wofficer.headers)
    assert r.status_code == 201
    r = shipper.act(wid, "cancellation", sha, reason="x")
    assert r.status_code == 409 and r.json()["error"]["code"] == "INSPECTED"
    r = carrier.act(wid, "carrier-acceptance", "0" * 64)
    assert r.status_code == 409 and r.json()["error"]["code"] == "DOCUMENT_CHANGED"
    bad = {"title": {"waybill_id": wid, "action": "carrier-acceptance", "document_sha256": sha}, "signature": carrier.sign({"other": 1})}
    r = http.post(f"{API}/me/waybills/{wid}/carrier-acceptance", json=bad, headers=carrier.auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "SIGNATURE_INVALID"

    # 6. deemed received after 72 h of silence; 7. discarded after 15 days never loaded; 8. cancel window.
    deemed, sha_d, _ = issue()
    carrier.ok(deemed, "carrier-acceptance", sha_d)
    carrier.ok(deemed, "delivery", sha_d)
    never, sha_n, _ = issue()
    late, sha_l, _ = issue()
    clock.advance(hours=25)
    r = shipper.act(late, "cancellation", sha_l, reason="late")
    assert r.status_code == 409 and r.json()["error"]["code"] == "CANCEL_WINDOW_CLOSED"
    clock.advance(hours=48)
    assert consignee.read(deemed).json()["status"] == "deemed_received"
    clock.advance(days=14)
    assert shipper.read(never).json()["status"] == "discarded"

    # Lists by role, and others see nothing (404).
    mine = http.get(f"{API}/me/waybills?role=consignee&status=deemed_received", headers=consignee.auth).json()["waybills"]
    assert [w["id"] for w in mine] == [deemed]
    assert spare.read(deemed).status_code == 404
    events = consignee.read(deemed).json()["events"]
    assert [e["action"] for e in events] == ["issue", "carrier-acceptance", "delivery"]
    title0 = events[0]["title"]
    # Each stored act is the party's signature over the JCS of its title.
    h, _, s = events[0]["signature"].split(".")
    verify_es256(shipper.key.public_key(), f"{h}.{b64url(rfc8785.dumps(title0))}".encode(), b64url_decode(s))
