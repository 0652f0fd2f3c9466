"""The registry feed (TC art. 125; issue 13): duplicates, conflicts, stale versions, unknown
TINs, per-row errors, and versions kept as history. Both databases (conftest)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from conftest import API, TODAY, new_tin
from property_helpers import estate, feed, my_property, tin_of, vehicle


def test_vehicle_arrives_and_the_taxpayer_sees_it(client, officer, taxpayer):
    record = vehicle(tin_of(taxpayer))
    assert feed(client, officer, "vehicles", record) == {"accepted": 1, "duplicates": 0, "rejected": []}
    seen = my_property(client, taxpayer)
    assert seen["real_estate"] == []
    [car] = seen["vehicles"]
    assert (car["plate"], car["vin"], car["make"], car["model"], car["year"], car["engine_cc"], car["kind"]) == (
        "01KG123ABC", "JTDBR32E720123456", "Toyota", "Camry", 2019, 2000, "passenger")
    assert (car["owned_from"], car["owned_to"]) == ("2020-01-10", None)
    assert car["registry"]["id"] == record["registry_id"] and car["registry"]["version"] == 1
    assert car["registry"]["received_at"].endswith("+06:00")


def test_same_version_same_content_is_a_duplicate_other_content_a_conflict(client, officer, taxpayer):
    record = vehicle(tin_of(taxpayer))
    feed(client, officer, "vehicles", record)
    assert feed(client, officer, "vehicles", record) == {"accepted": 0, "duplicates": 1, "rejected": []}
    # the same spelled differently (lower-case VIN, version as text) is the same content
    assert feed(client, officer, "vehicles", record | {"vin": record["vin"].lower()})["duplicates"] == 1
    changed = feed(client, officer, "vehicles", record | {"engine_cc": 2400})
    assert changed["accepted"] == 0
    [rejected] = changed["rejected"]
    assert rejected["registry_id"] == record["registry_id"]
    assert rejected["error"]["code"] == "REFERENCE_CONFLICT"


def test_newer_version_replaces_the_view_and_keeps_history(client, officer, taxpayer):
    record = estate(tin_of(taxpayer))
    feed(client, officer, "real-estate", record)
    assert feed(client, officer, "real-estate", record | {"version": 2, "area_m2": "101.25"})["accepted"] == 1
    [flat] = my_property(client, taxpayer)["real_estate"]
    assert (flat["area_m2"], flat["registry"]["version"]) == ("101.25", 2)
    detail = client.get(f"{API}/me/property/{flat['id']}", headers=taxpayer.headers).json()
    assert [(v["version"], v["area_m2"]) for v in detail["history"]] == [(1, "95.5"), (2, "101.25")]
    # an older version after a newer one: STALE_VERSION, the view stays at 2
    stale = feed(client, officer, "real-estate", record | {"version": 1, "area_m2": "50"})
    assert [r["error"]["code"] for r in stale["rejected"]] == ["REFERENCE_CONFLICT"]  # version 1 is held: conflict
    # a version never held but below the current one: stale
    feed(client, officer, "real-estate", record | {"version": 5, "area_m2": "101.25"})
    stale = feed(client, officer, "real-estate", record | {"version": 3, "area_m2": "60"})
    assert [r["error"]["code"] for r in stale["rejected"]] == ["STALE_VERSION"]
    assert stale["rejected"][0]["error"]["details"]["held"] == 5
    assert my_property(client, taxpayer)["real_estate"][0]["registry"]["version"] == 5


def test_ownership_ends_only_with_owned_to_and_nothing_is_deleted(client, officer, taxpayer, runtime):
    record = vehicle(tin_of(taxpayer))
    feed(client, officer, "vehicles", record)
    feed(client, officer, "vehicles", record | {"version": 2, "owned_to": "2025-02-01"})
    assert my_property(client, taxpayer, as_of="2025-01-31")["vehicles"][0]["owned_to"] == "2025-02-01"
    assert my_property(client, taxpayer, as_of="2025-02-01")["vehicles"] == []  # owned_to: the day it passed
    with runtime.db.read() as session:
        versions = session.execute(sa.text(
            "SELECT count(*) FROM property_versions v JOIN property_objects o ON o.id = v.object_id "
            "WHERE o.registry_id = :r"), {"r": record["registry_id"]}).scalar()
    assert versions == 2


def test_unknown_tin_is_reported_never_guessed(client, officer):
    stranger = new_tin()
    result = feed(client, officer, "vehicles", vehicle(stranger))
    assert result["accepted"] == 0
    assert result["rejected"][0]["error"]["code"] == "TAXPAYER_NOT_FOUND"
    assert result["rejected"][0]["error"]["details"] == {"tin": stranger}


def test_bad_rows_are_refused_alone_with_their_field(client, officer, taxpayer):
    tin = tin_of(taxpayer)
    good = vehicle(tin)
    rows = [
        estate(tin, area_m2="-5"),
        estate(tin, share="1.5"),
        estate(tin, owned_from="2020-01-01", owned_to="2019-12-31"),
    ]
    result = feed(client, officer, "real-estate", *rows, headers={"Accept-Language": "ru"})
    assert result["accepted"] == 0
    assert [(r["error"]["details"]["field"], r["error"]["details"]["reason"]) for r in result["rejected"]] == [
        ("area_m2", "negative"), ("share", "share_above_one"), ("owned_to", "ends_before_start")]
    assert all(r["error"]["code"] == "VALIDATION_ERROR" for r in result["rejected"])
    assert "share" in result["rejected"][1]["error"]["message"]
    future = TODAY.year + 1
    result = feed(client, officer, "vehicles", good, vehicle(tin, vin="SHORTVIN"), vehicle(tin, vin="JTDBR32E72O123456"),
                  vehicle(tin, year=future), "not an object", vehicle(tin, colour="red"), vehicle(tin, kind="tank"))
    assert result["accepted"] == 1
    assert [(r["error"]["details"]["field"], r["error"]["details"]["reason"]) for r in result["rejected"]] == [
        ("vin", "bad_vin"), ("vin", "bad_vin"), ("year", "future_year"), ("record", "not_an_object"),
        ("colour", "unknown_field"), ("kind", "unknown_kind")]
    assert result["rejected"][3]["registry_id"] is None


def test_electric_car_needs_its_book_value(client, officer, taxpayer):
    tin = tin_of(taxpayer)
    result = feed(client, officer, "vehicles", vehicle(tin, kind="electric", engine_cc=0),
                  vehicle(tin, kind="electric", engine_cc=0, book_value="2400000.00"))
    assert result["accepted"] == 1
    assert result["rejected"][0]["error"]["details"]["reason"] == "book_value_needed"


def test_a_newer_version_can_name_another_owner(client, officer, taxpayer):
    from conftest import register_taxpayer

    other = register_taxpayer(client, officer)
    record = vehicle(tin_of(taxpayer))
    feed(client, officer, "vehicles", record)
    feed(client, officer, "vehicles", record | {"version": 2, "tin": tin_of(other)})
    assert my_property(client, taxpayer)["vehicles"] == []
    [car] = my_property(client, other)["vehicles"]
    # the other owner sees only the versions that name them (TC art. 54)
    detail = client.get(f"{API}/me/property/{car['id']}", headers=other.headers).json()
    assert [v["version"] for v in detail["history"]] == [2]


def test_feed_is_for_officers_and_taxpayers_see_only_their_own(client, officer, taxpayer):
    from conftest import register_taxpayer

    r = client.post(f"{API}/officer/registry/vehicles", json={"records": []}, headers=taxpayer.headers)
    assert r.status_code == 403
    other = register_taxpayer(client, officer)
    feed(client, officer, "vehicles", vehicle(tin_of(other)))
    theirs = my_property(client, other)["vehicles"][0]["id"]
    r = client.get(f"{API}/me/property/{theirs}", headers=taxpayer.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "PROPERTY_NOT_FOUND"
    assert client.get(f"{API}/me/property/abc", headers=taxpayer.headers).status_code == 404


def test_malformed_bodies_are_4xx(client, officer):
    for body in ({}, {"records": "x"}, {"records": [], "extra": 1}):
        r = client.post(f"{API}/officer/registry/vehicles", json=body, headers=officer.headers)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"]


def test_duplicates_inside_one_delivery(client, officer, taxpayer):
    record = vehicle(tin_of(taxpayer))
    result = feed(client, officer, "vehicles", record, record, record | {"version": 2, "plate": "01KG999ZZZ"},
                  record | {"make": "Lexus"})
    assert (result["accepted"], result["duplicates"]) == (2, 1)
    assert [r["error"]["code"] for r in result["rejected"]] == ["REFERENCE_CONFLICT"]
    assert my_property(client, taxpayer)["vehicles"][0]["plate"] == "01KG999ZZZ"
    assert dt.date.fromisoformat("2020-01-10")  # owned_from as sent
