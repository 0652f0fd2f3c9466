"""Drafts: POST /me/waybills (idempotent on client_id), PUT edits a draft, the document's shape,
the mandatory goods categories (issue 14; Offer 3.1(7))."""

from __future__ import annotations

import hashlib
import uuid

import rfc8785

from waybills_fixtures import API, document, draft, new_tin
from waybills_fixtures import clock, trio, wclient, wofficer, wrt  # noqa: F401  (fixtures)


def test_a_draft_is_created_once_per_client_id_and_hashed_over_its_jcs(trio):
    doc = document(trio.carrier.tin, trio.consignee.tin)
    cid = str(uuid.uuid4())
    r = draft(trio.shipper, doc, cid)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "draft" and body["document"] == doc
    # document_sha256 = SHA-256 hex of the RFC 8785 form of the document (issue 14).
    assert body["document_sha256"] == hashlib.sha256(rfc8785.dumps(doc)).hexdigest()
    again = draft(trio.shipper, doc, cid)
    assert again.status_code == 200 and again.json() == body
    other = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, distance_km=11), cid)
    assert other.status_code == 409 and other.json()["error"]["code"] == "REFERENCE_CONFLICT"
    mine = trio.shipper.client.get(f"{API}/me/waybills", headers=trio.shipper.headers).json()["waybills"]
    assert [w["id"] for w in mine] == [body["id"]]


def test_put_edits_a_draft_and_only_the_shipper_sees_it(trio):
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin))
    wid = r.json()["id"]
    changed = document(trio.carrier.tin, trio.consignee.tin, distance_km=450)
    r2 = trio.shipper.client.put(f"{API}/me/waybills/{wid}", json={"document": changed}, headers=trio.shipper.headers)
    assert r2.status_code == 200, r2.text
    assert r2.json()["document"]["distance_km"] == 450
    assert r2.json()["document_sha256"] == hashlib.sha256(rfc8785.dumps(changed)).hexdigest() != r.json()["document_sha256"]
    # The carrier and consignee do not see a draft (it is not addressed to them yet): 404.
    assert trio.carrier.get(wid).status_code == 404
    assert trio.consignee.client.put(f"{API}/me/waybills/{wid}", json={"document": changed}, headers=trio.consignee.headers).status_code == 404


def test_the_document_shape_is_checked_field_by_field(trio):
    cases = [
        ({"kind": "gift"}, "document.kind"),
        ({"kind": "return"}, "document.ref_number"),  # a return names the original
        ({"distance_km": 0}, "document.distance_km"),
        ({"distance_km": "10"}, "document.distance_km"),
        ({"driver": {"pin": "123", "name": "A"}}, "document.driver.pin"),
        ({"planned_loading_on": "05.10.2025"}, "document.planned_loading_on"),
        ({"lines": []}, "document.lines"),
        ({"extra": 1}, "document.extra"),
    ]
    for over, field in cases:
        r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, **over))
        assert r.status_code == 422, (over, r.text)
        assert r.json()["error"]["details"]["field"] == field, (over, r.json())
    line = {"name": "Flour", "tnved": "1101001500", "unit": "kg", "quantity": "1", "price": "1.005", "amount": "1.00"}
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[line]))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "document.lines[0].price", "reason": "more_than_two_decimals"}
    # Money is a string with exactly two decimals (contract section 2).
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[line | {"price": "60"}]))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "document.lines[0].price", "reason": "not_money"}
    # At most 250 lines (issue 14).
    flour = line | {"price": "1.00"}
    assert draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[flour] * 250)).status_code == 201
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[flour] * 251))
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "document.lines"


def test_parties_must_be_registered_unless_foreign(trio):
    r = draft(trio.shipper, document(new_tin("organization"), trio.consignee.tin))
    assert r.status_code == 422 and r.json()["error"]["code"] == "UNKNOWN_TAXPAYER"
    assert r.json()["error"]["details"]["field"] == "document.carrier.tin"
    assert draft(trio.shipper, document(None, None)).status_code == 201  # own transport, foreign consignee


def test_mandatory_goods_need_their_category_fields(trio):
    # Fuel (ТН ВЭД 2710...) needs volume_l; alcohol (2203-2208) and tobacco (2402-2403) need marking codes.
    fuel = {"name": "Petrol", "tnved": "2710124500", "unit": "kg", "quantity": "100", "price": "70.00", "amount": "7000.00"}
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[fuel]))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "CATEGORY_FIELDS_REQUIRED"
    assert r.json()["error"]["details"] == {"line": 0, "tnved": "2710124500", "category": "fuel", "field": "volume_l"}
    cigarettes = {"name": "Cigarettes", "tnved": "2402209000", "unit": "pcs", "quantity": "10", "price": "100.00", "amount": "1000.00"}
    r = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[cigarettes]), None)
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "marking_codes"
    # Medicines (3004) are not mandatory in 2025 (the sample list adds them from 1 January 2027).
    pills = {"name": "Paracetamol", "tnved": "3004900002", "unit": "pcs", "quantity": "5", "price": "10.00", "amount": "50.00"}
    assert draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin, lines=[pills])).status_code == 201


def test_errors_are_in_the_callers_language(trio):
    fuel = {"name": "Petrol", "tnved": "2710124500", "unit": "kg", "quantity": "100", "price": "70.00", "amount": "7000.00"}
    body = {"client_id": str(uuid.uuid4()), "document": document(trio.carrier.tin, trio.consignee.tin, lines=[fuel])}
    ru = trio.shipper.client.post(f"{API}/me/waybills", json=body, headers=trio.shipper.headers | {"Accept-Language": "ru"}).json()
    ky = trio.shipper.client.post(f"{API}/me/waybills", json=body, headers=trio.shipper.headers | {"Accept-Language": "ky"}).json()
    en = trio.shipper.client.post(f"{API}/me/waybills", json=body, headers=trio.shipper.headers | {"Accept-Language": "en"}).json()
    assert en["error"]["message"] == "Line 1 (fuel) must carry the field «Volume, litres»."  # the field by its label (issue 11)
    assert ru["error"]["message"] != en["error"]["message"] and ky["error"]["message"] != en["error"]["message"]
    assert ru["error"]["message"] != ky["error"]["message"]
