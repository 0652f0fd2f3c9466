"""Decisions of the tax body (TC art. 82-83): 23 types in the Code's order, an assessment posts a
charge in the same transaction, gapless numbers, delivery by opening or on paper, the unopened
flag after 5 working days."""

from __future__ import annotations

import datetime as dt

from conftest import API, register_taxpayer
from notices_support import day, issue, relogin, run_worker
from salyk.law import appeals as law
from salyk.law.calendar import is_working_day


def test_the_23_types_of_83_5_in_order_with_their_citations():
    assert len(law.DECISION_TYPES) == 23
    assert law.DECISION_TYPES[0] == "transfer_price" and law.DECISION_TYPES[2] == "assessment"
    assert law.DECISION_TYPES[10] == "appeal_decision" and law.DECISION_TYPES[22] == "vat_registration"
    assert str(law.decision_citation("assessment")) == "TC art. 83(5)(3)"
    assert str(law.decision_citation("vat_registration")) == "TC art. 83(5)(23)"


def test_an_assessment_posts_a_charge_and_is_delivered_when_opened(client, runtime, officer, taxpayer):
    # Friday 14 Mar 2025: assessment of 100,000.00 VAT for 2024, due Monday 24 Mar 2025 (a working day).
    assert is_working_day(dt.date(2025, 3, 24))
    created = issue(client, officer, taxpayer.login, tax="vat", period="2024", amount="100000.00", deadline="2025-03-24")
    assert set(created) == {"id", "number", "type", "date", "status", "delivered_at"}
    assert created["status"] == "issued" and created["delivered_at"] is None and created["date"] == "2025-03-14"
    assert created["number"].startswith("TD-2025-")

    b = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    vat = next(t for t in b["taxes"] if t["tax"] == "vat")
    assert vat["not_yet_due"] == "100000.00"  # charged, due on the decision's deadline

    listed = client.get(f"{API}/me/decisions", headers=taxpayer.headers).json()["decisions"]
    assert listed == [{"id": created["id"], "number": created["number"], "type": "assessment", "date": "2025-03-14",
                       "delivered_at": None, "appeal_deadline": None}]

    run_worker(runtime)  # the notice of the decision reaches the inbox
    notices = client.get(f"{API}/me/notices", headers=taxpayer.headers).json()
    assert notices["unread"] == 1 and notices["notices"][0]["related"] == {"type": "decision", "id": created["id"]}

    opened = client.get(f"{API}/me/decisions/{created['id']}", headers=taxpayer.headers).json()
    assert opened["delivered_at"] is not None and opened["delivery_method"] == "cabinet" and opened["delivered_on"] == "2025-03-14"
    # 30 calendar days from the day after delivery: 15 Mar .. 13 Apr; 13 Apr is a Sunday, so Monday 14 Apr (TC art. 16(6)).
    assert opened["appeal_deadline"] == "2025-04-14"
    assert opened["citation"] == "TC art. 83(5)(3)" and opened["taxpayer"]["tin"] == taxpayer.login
    assert opened["amount"] == "100000.00" and opened["deadline"] == "2025-03-24" and "147" in opened["appeal_procedure"]
    assert opened["debt"]["as_of"] == "2025-03-14"
    again = client.get(f"{API}/me/decisions/{created['id']}", headers=taxpayer.headers).json()
    assert again["delivered_at"] == opened["delivered_at"]  # the first opening counts

    # The service signed the TC 82(2) contents: anyone can check it with the service certificate.
    from salyk.crypto import verify_detached

    signed = {"number": opened["number"], "type": "assessment", "citation": opened["citation"], "date": opened["date"],
              "tin": taxpayer.login, "name": opened["taxpayer"]["name"], "ground": opened["ground"], "decision": opened["decision"],
              "tax": "vat", "period": "2024", "amount": "100000.00", "deadline": "2025-03-24", "debt": opened["debt"]}
    certificate = client.get(f"{API}/service-certificate").content
    verify_detached(opened["signature"], signed, certificate)

    pdf = client.get(f"{API}/me/decisions/{created['id']}.pdf", headers=taxpayer.headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_numbers_are_gapless_and_a_failed_decision_takes_none(client, officer, taxpayer):
    first = issue(client, officer, taxpayer.login, type="documents_request")
    bad = client.post(f"{API}/officer/decisions", headers=officer.headers, json={
        "tin": taxpayer.login, "type": "assessment", "ground": "x", "decision": "y", "tax": "vat", "period": "2024", "amount": "10.00"})
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "deadline"
    unknown = client.post(f"{API}/officer/decisions", headers=officer.headers, json={"tin": taxpayer.login, "type": "fine", "ground": "x", "decision": "y"})
    assert unknown.status_code == 422
    second = issue(client, officer, taxpayer.login, type="documents_request")
    n1, n2 = int(first["number"].rsplit("-", 1)[1]), int(second["number"].rsplit("-", 1)[1])
    assert n2 == n1 + 1


def test_paper_delivery_starts_the_clock_and_another_taxpayer_sees_404(client, runtime, officer, taxpayer):
    created = issue(client, officer, taxpayer.login, type="desk_audit_discrepancy")
    other = register_taxpayer(client, officer)
    assert client.get(f"{API}/me/decisions/{created['id']}", headers=other.headers).status_code == 404
    r = client.post(f"{API}/officer/decisions/{created['number']}/delivery", headers=officer.headers,
                    json={"method": "registered_mail", "delivered_on": "2025-03-14", "evidence": "Post receipt 55"})
    assert r.status_code == 200, r.text
    assert r.json()["delivery_method"] == "registered_mail" and r.json()["appeal_deadline"] == "2025-04-14"
    # a second, different paper record does not move the clock
    r = client.post(f"{API}/officer/decisions/{created['number']}/delivery", headers=officer.headers,
                    json={"method": "hand_at_office", "delivered_on": "2025-03-14", "evidence": "signed"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "DECISION_ALREADY_DELIVERED"
    opened = client.get(f"{API}/me/decisions/{created['id']}", headers=taxpayer.headers).json()
    assert opened["delivery_method"] == "registered_mail"  # opening after paper delivery changes nothing


def test_an_unopened_decision_is_flagged_after_five_working_days(runtime, client, officer, taxpayer):
    created = issue(client, officer, taxpayer.login, type="documents_request")
    # Issued Fri 14 Mar 2025; working days after it: 17, 18, 19, 20 Mar, then 21 Mar is Nooruz (a holiday),
    # so the fifth working day is Mon 24 Mar (TC art. 16(2): the count starts the next day).
    assert not is_working_day(dt.date(2025, 3, 21))
    assert law.unopened_flag_day(dt.date(2025, 3, 14)) == dt.date(2025, 3, 24)
    for on, flagged in ((dt.date(2025, 3, 21), False), (dt.date(2025, 3, 24), True)):
        with day(runtime, on) as (_, c):
            o = relogin(c, officer)
            r = c.get(f"{API}/officer/decisions?unopened=true&tin={taxpayer.login}", headers=o.headers)
            assert r.status_code == 200
            assert (created["number"] in [d["number"] for d in r.json()["decisions"]]) is flagged
