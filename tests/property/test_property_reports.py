"""Reports on property data (issue 13): the taxpayer says "wrong", "not mine" or "missing"; the
officer lists and answers; the answer reaches the taxpayer through the outbox (kernel.notify,
kind property_report_answered); every step audited. Both databases."""

from __future__ import annotations

import json

import sqlalchemy as sa

from conftest import API, register_taxpayer
from property_helpers import feed, my_property, vehicle
from salyk.kernel.notify import DELIVER
from salyk.kernel.outbox import pending


def _file(client, account, body, expect=201):
    r = client.post(f"{API}/me/property/reports", json=body, headers=account.headers)
    assert r.status_code == expect, r.text
    return r.json()


def test_report_answer_and_notice(client, officer, taxpayer, runtime):
    feed(client, officer, "vehicles", vehicle(taxpayer.login))
    car = my_property(client, taxpayer)["vehicles"][0]
    filed = _file(client, taxpayer, {"kind": "not_mine", "object_id": car["id"], "text": "I sold it in 2021"})
    assert filed["status"] == "open" and filed["number"].startswith("2025-")
    mine = client.get(f"{API}/me/property/reports", headers=taxpayer.headers).json()["reports"]
    assert [(r["id"], r["status"], r["answer"]) for r in mine] == [(filed["id"], "open", None)]
    queue = client.get(f"{API}/officer/property/reports", params={"status": "open"}, headers=officer.headers).json()["reports"]
    assert filed["id"] in [r["id"] for r in queue]
    answer = client.post(f"{API}/officer/property/reports/{filed['id']}/answer",
                         json={"status": "resolved", "text": "The registry will correct it."}, headers=officer.headers)
    assert answer.status_code == 200, answer.text
    mine = client.get(f"{API}/me/property/reports", headers=taxpayer.headers).json()["reports"]
    assert (mine[0]["status"], mine[0]["answer"]) == ("resolved", "The registry will correct it.")
    with runtime.db.read() as session:
        notices = [m.payload for m in pending(session, DELIVER) if m.payload.get("related") == {"property_report": int(filed["id"])}]
        rows = session.execute(sa.text("SELECT action, details FROM audit_log WHERE action LIKE 'property.report%'")).all()
        actions = [a for a, d in rows if (d if isinstance(d, dict) else json.loads(d)).get("id") == int(filed["id"])]
    assert [n["kind"] for n in notices] == ["property_report_answered"]
    assert notices[0]["params"]["number"] == filed["number"]
    assert set(actions) >= {"property.report_filed", "property.report_answered"}
    # answered once: the same answer again is the first result, another is a conflict
    same = client.post(f"{API}/officer/property/reports/{filed['id']}/answer",
                       json={"status": "resolved", "text": "The registry will correct it."}, headers=officer.headers)
    assert same.status_code == 200
    other = client.post(f"{API}/officer/property/reports/{filed['id']}/answer",
                        json={"status": "rejected", "text": "No."}, headers=officer.headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "REPORT_ALREADY_ANSWERED"


def test_missing_object_needs_no_object_and_numbers_are_gapless(client, officer, taxpayer):
    a = _file(client, taxpayer, {"kind": "missing_object", "text": "My garage is not listed", "details": {"eni": "1-2-3"}})
    b = _file(client, taxpayer, {"kind": "missing_object", "text": "And my car"})
    year_a, n_a = a["number"].split("-")
    year_b, n_b = b["number"].split("-")
    assert year_a == year_b == "2025" and int(n_b) > int(n_a)  # the series counts up (kernel.numbers: gapless)


def test_report_bad_input_and_other_taxpayers_objects(client, officer, taxpayer):
    other = register_taxpayer(client, officer)
    feed(client, officer, "vehicles", vehicle(other.login))
    theirs = my_property(client, other)["vehicles"][0]["id"]
    r = _file(client, taxpayer, {"kind": "not_mine", "object_id": theirs, "text": "x"}, expect=404)
    assert r["error"]["code"] == "PROPERTY_NOT_FOUND"
    _file(client, taxpayer, {"kind": "wrong_data", "text": "x"}, expect=422)  # which object?
    _file(client, taxpayer, {"kind": "wrong_data", "object_id": theirs, "text": " "}, expect=422)
    _file(client, taxpayer, {"kind": "stolen", "text": "x"}, expect=422)
    _file(client, taxpayer, {"kind": "missing_object", "text": "x", "details": [1]}, expect=422)
    r = client.get(f"{API}/officer/property/reports", headers=taxpayer.headers)
    assert r.status_code == 403
    r = client.post(f"{API}/officer/property/reports/999999999/answer", json={"status": "resolved", "text": "x"}, headers=officer.headers)
    assert r.status_code == 404
    r = client.get(f"{API}/officer/property/reports", params={"status": "lost"}, headers=officer.headers)
    assert r.status_code == 422
