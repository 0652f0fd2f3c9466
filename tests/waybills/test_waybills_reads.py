"""Reads: the lists by role, status and change with cursor paging, the detail with its events
(parties only), the notices to the counterparties, the public check and the officer's side
(issue 14)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from salyk.kernel.models import AuditEntry, OutboxMessage
from waybills_fixtures import API, document, draft, enrol, issued
from waybills_fixtures import clock, trio, wclient, wofficer, wrt  # noqa: F401  (fixtures)


def _list(party, query=""):
    r = party.client.get(f"{API}/me/waybills{query}", headers=party.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_lists_by_role_and_status_with_cursor_paging(trio, clock):
    first, _ = issued(trio)
    clock.advance(minutes=1)
    second, _ = issued(trio)
    clock.advance(minutes=1)
    trio.carrier.act(first, "carrier-acceptance")
    clock.advance(minutes=1)
    own = draft(trio.shipper, document(trio.carrier.tin, trio.consignee.tin)).json()["id"]
    assert [w["id"] for w in _list(trio.shipper, "?role=shipper")["waybills"]] == [second, first, own]
    assert [w["id"] for w in _list(trio.carrier, "?role=carrier")["waybills"]] == [second, first]
    assert _list(trio.carrier, "?role=shipper")["waybills"] == []
    assert [w["id"] for w in _list(trio.consignee, "?role=consignee&status=in_transit")["waybills"]] == [first]
    assert _list(trio.consignee)["waybills"][0]["roles"] == ["consignee"]
    # Paging: one at a time, following next_cursor, gives the same order and then stops.
    page1 = _list(trio.shipper, "?limit=1")
    page2 = _list(trio.shipper, f"?limit=1&cursor={page1['next_cursor']}")
    page3 = _list(trio.shipper, f"?limit=1&cursor={page2['next_cursor']}")
    assert [p["waybills"][0]["id"] for p in (page1, page2, page3)] == [second, first, own]
    assert page3["next_cursor"] is None
    # updated_after: only what changed since.
    mark = (clock.now() - dt.timedelta(seconds=90)).isoformat()
    assert [w["id"] for w in _list(trio.carrier, f"?updated_after={mark.replace('+', '%2B')}")["waybills"]] == [first]
    r = trio.shipper.client.get(f"{API}/me/waybills?role=driver", headers=trio.shipper.headers)
    assert r.status_code == 422


def test_detail_shows_events_and_notices_go_to_the_counterparties(trio, wrt):
    wid, number = issued(trio)
    trio.carrier.act(wid, "carrier-acceptance")
    view = trio.consignee.get(wid).json()
    assert view["number"] == number and view["status"] == "in_transit"
    assert view["shipper"]["tin"] == trio.shipper.tin and view["carrier"]["tin"] == trio.carrier.tin
    assert view["document"]["lines"][0]["price"] == "60.00"  # the parties see the prices
    assert [e["actor"]["tin"] for e in view["events"]] == [trio.shipper.tin, trio.carrier.tin]
    with wrt.db.read() as session:
        notices = [m.payload for m in session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notices.deliver"))
                   if (m.payload.get("related") or {}).get("waybill_id") == wid]
    # Issue: carrier (asked to act) and consignee; acceptance: shipper and consignee. Never the actor.
    assert sorted((n["related"]["action"], n["kind"], n["requires_action"]) for n in notices) == [
        ("carrier-acceptance", "waybill_action", False), ("carrier-acceptance", "waybill_action", False),
        ("issue", "waybill_action", False), ("issue", "waybill_action", True)]


def test_public_check_shows_no_prices(trio, wclient):
    wid, number = issued(trio)
    r = wclient.get(f"{API}/public/waybills/{number}")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "number": number, "status": "issued", "valid_until": "2025-10-06T23:59:00+06:00",
        "shipper": {"tin": trio.shipper.tin, "name": "Shipper LLC"}, "consignee": {"tin": trio.consignee.tin, "name": "Consignee LLC"},
        "vehicle_plate": "01KG123ABC",
        "goods": [{"tnved": "2710194200", "quantity": "1000.5", "unit": "kg"}, {"tnved": "2208601100", "quantity": "20", "unit": "pcs"}],
    }
    assert wclient.get(f"{API}/public/waybills/ЭТТК-2025-999999999").status_code == 404
    assert wclient.get(f"{API}/public/waybills/nonsense").status_code == 404


def test_public_check_is_rate_limited(trio, wclient):
    from salyk.waybills import api

    api._hits.clear()
    codes = [wclient.get(f"{API}/public/waybills/nonsense").status_code for _ in range(api.PUBLIC_LIMIT + 1)]
    assert codes[:-1] == [404] * api.PUBLIC_LIMIT and codes[-1] == 429
    api._hits.clear()


def test_officer_inspects_and_lists_audited(trio, wclient, wofficer, wrt):
    wid, number = issued(trio)
    r = wclient.post(f"{API}/officer/waybills/{number}/inspections", json={"place": "Kara-Balta", "result": "violation", "note": "No seals"}, headers=wofficer.headers)
    assert r.status_code == 201 and r.json()["inspection"]["result"] == "violation"
    ev = trio.shipper.get(wid).json()["events"][-1]
    assert (ev["action"], ev["actor"]["role"], ev["status"]) == ("inspection", "officer", "issued")
    r = wclient.post(f"{API}/officer/waybills/{number}/inspections", json={"place": "x", "result": "maybe"}, headers=wofficer.headers)
    assert r.status_code == 422
    # Not for taxpayers.
    assert wclient.post(f"{API}/officer/waybills/{number}/inspections", json={"place": "x", "result": "ok"}, headers=trio.shipper.headers).status_code == 403
    # Delivered waybills are no longer inspected on the road.
    trio.carrier.act(wid, "carrier-acceptance")
    trio.carrier.act(wid, "delivery")
    r = wclient.post(f"{API}/officer/waybills/{number}/inspections", json={"place": "x", "result": "ok"}, headers=wofficer.headers)
    assert r.status_code == 409 and r.json()["error"]["details"] == {"status": "delivered"}
    r = wclient.get(f"{API}/officer/waybills?tin={trio.carrier.tin}&status=delivered&from=2025-10-05&to=2025-10-05", headers=wofficer.headers)
    assert r.status_code == 200 and [w["number"] for w in r.json()["waybills"]] == [number]
    assert wclient.get(f"{API}/officer/waybills?tin={trio.carrier.tin}&from=2025-10-06", headers=wofficer.headers).json()["waybills"] == []
    with wrt.db.read() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).where(AuditEntry.actor == wofficer.login))]
    assert actions.count("waybill.officer_list") == 2 and "waybill.inspection" in actions


def test_a_return_refers_to_an_original_of_the_shipper(trio, wclient, wofficer):
    wid, number = issued(trio)
    back = document(trio.carrier.tin, trio.shipper.tin, kind="return", ref_number=number)
    r = draft(trio.consignee, back)
    assert r.status_code == 201, r.text
    stranger = enrol(wclient, wofficer, "Stranger")
    r = draft(stranger, document(trio.carrier.tin, trio.shipper.tin, kind="correction", ref_number=number))
    assert r.status_code == 422 and r.json()["error"]["code"] == "UNKNOWN_WAYBILL"
