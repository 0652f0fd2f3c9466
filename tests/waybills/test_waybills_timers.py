"""Timers (issue 14; sample values, salyk/law/parameters/waybill.yaml): validity ceil(km/200) days
to 23:59 Bishkek, consignee 72 h (deemed_received), assignment 15 days (discarded); a read shows
the state before the worker records it."""

from __future__ import annotations

import datetime as dt

from salyk.kernel.config import BISHKEK
from salyk.law import waybill as law
from salyk.waybills import timers
from waybills_fixtures import API, START, document, draft, issued
from waybills_fixtures import clock, trio, wclient, wofficer, wrt  # noqa: F401  (fixtures)


def test_validity_by_hand():
    # 10 km loaded on 5 October: ceil(10/200) = 1 day -> 6 October 23:59 Bishkek (the example).
    assert law.valid_until(dt.date(2025, 10, 5), 10) == dt.datetime(2025, 10, 6, 23, 59, tzinfo=BISHKEK)
    # 200 km is one day, 201 km two, 401 km three (one day per 200 km or part of it).
    assert [law.validity_days(km, dt.date(2025, 10, 5)) for km in (1, 200, 201, 400, 401)] == [1, 1, 2, 2, 3]
    assert law.valid_until(dt.date(2025, 12, 31), 401) == dt.datetime(2026, 1, 3, 23, 59, tzinfo=BISHKEK)


def test_valid_until_counts_from_the_day_of_loading(trio, clock):
    wid, number = issued(trio, distance_km=450, planned_loading_on="2025-10-06")
    # Before loading: from the planned day, 6 October + ceil(450/200) = 3 days -> 9 October 23:59.
    assert trio.shipper.get(wid).json()["valid_until"] == "2025-10-09T23:59:00+06:00"
    clock.set(dt.datetime(2025, 10, 7, 8, 0, tzinfo=BISHKEK))
    trio.carrier.act(wid, "carrier-acceptance")
    # Loaded on 7 October: 7 + 3 = 10 October 23:59.
    assert trio.shipper.get(wid).json()["valid_until"] == "2025-10-10T23:59:00+06:00"
    assert trio.shipper.client.get(f"{API}/public/waybills/{number}").json()["valid_until"] == "2025-10-10T23:59:00+06:00"


def test_silence_of_the_consignee_is_deemed_receipt_after_72_hours(trio, clock, wrt):
    wid, number = issued(trio)
    trio.carrier.act(wid, "carrier-acceptance")
    delivered_at = clock.advance(hours=5)
    trio.carrier.act(wid, "delivery")
    clock.set(delivered_at + dt.timedelta(hours=72) - dt.timedelta(minutes=1))
    assert trio.consignee.get(wid).json()["status"] == "delivered"
    clock.set(delivered_at + dt.timedelta(hours=72))
    # The worker has not run: the read already shows it, and the consignee can no longer answer.
    assert trio.consignee.get(wid).json()["status"] == "deemed_received"
    assert [w["status"] for w in trio.consignee.client.get(f"{API}/me/waybills?status=deemed_received", headers=trio.consignee.headers).json()["waybills"] if w["id"] == wid] == ["deemed_received"]
    r = trio.consignee.act(wid, "receipt", result="received")
    assert r.status_code == 409 and r.json()["error"]["details"] == {"status": "deemed_received"}
    clock.advance(hours=3)
    assert timers.run(wrt) >= 1
    view = trio.consignee.get(wid).json()
    last = view["events"][-1]
    # Recorded at the deadline itself (delivery + 72 h), signed by the service.
    assert (last["action"], last["actor"]["role"], last["status"]) == ("deemed_received", "system", "deemed_received")
    assert last["at"] == (delivered_at + dt.timedelta(hours=72)).isoformat(timespec="seconds")
    assert timers.record_due(wrt, wid, clock.now()) == 0  # nothing more to record


def test_never_loaded_within_15_days_is_discarded(trio, clock, wrt):
    wid, number = issued(trio)
    clock.set(START + dt.timedelta(days=15) - dt.timedelta(seconds=1))
    assert trio.shipper.get(wid).json()["status"] == "issued"
    clock.set(START + dt.timedelta(days=15))
    assert trio.carrier.get(wid).json()["status"] == "discarded"
    assert trio.shipper.client.get(f"{API}/public/waybills/{number}").json()["status"] == "discarded"
    r = trio.carrier.act(wid, "carrier-acceptance")
    assert r.status_code == 409 and r.json()["error"]["details"] == {"status": "discarded"}
    timers.run(wrt)
    assert trio.shipper.get(wid).json()["events"][-1]["action"] == "discarded"


def test_the_worker_runs_the_job_from_the_manifest(trio, clock, wrt):
    from salyk.kernel.worker import Worker
    from salyk.modules import outbox_handlers, scheduled_jobs

    wid, _ = issued(trio)
    clock.advance(days=16)
    assert timers.run in scheduled_jobs()
    Worker(wrt, outbox_handlers(), scheduled_jobs()).run_once()
    assert trio.shipper.get(wid).json()["events"][-1]["action"] == "discarded"
