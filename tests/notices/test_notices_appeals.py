"""Appeals (TC art. 146-152): signed like a filing, the window counted from delivery with TC art. 16,
suspension of the review, deemed satisfied when the term runs out, and the outcome in the ledger
(151(4) worked by hand)."""

from __future__ import annotations

import datetime as dt

from conftest import API
from notices_support import Key, appeal, day, issue, relogin, run_worker
from salyk.law.calendar import is_working_day


def _assessment(client, officer, taxpayer, amount="100000.00"):
    # Fri 14 Mar 2025: 100,000.00 VAT for 2024, due Mon 24 Mar 2025.
    return issue(client, officer, taxpayer.login, tax="vat", period="2024", amount=amount, deadline="2025-03-24")


def _vat(client, account, as_of):
    b = client.get(f"{API}/me/balance", headers=account.headers, params={"as_of": as_of}).json()
    return next((t for t in b["taxes"] if t["tax"] == "vat"), None)


def test_partly_satisfied_keeps_only_the_upheld_amount_and_its_tuum(client, runtime, officer, taxpayer):
    d = _assessment(client, officer, taxpayer)
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)  # opened: delivered 14 Mar
    key = Key(client, taxpayer)
    filed = appeal(client, taxpayer, key, d["id"], amount_disputed="100000.00")
    assert filed["status"] == "under_review" and filed["filed_on"] == "2025-03-14" and filed["number"].startswith("AP-2025-")
    # 30 days from the day after registration: 15 Mar .. 13 Apr (Sunday) -> Mon 14 Apr (TC art. 149(1), 16(6)).
    assert filed["review_deadline"] == "2025-04-14"
    shown = client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers).json()
    assert shown["under_appeal"] == "100000.00"  # 151(1): execution suspended for the disputed amount

    assert is_working_day(dt.date(2025, 4, 3))
    with day(runtime, dt.date(2025, 4, 3)) as (rt, c):
        o, t = relogin(c, officer), relogin(c, taxpayer)
        # Without the appeal decision: 100,000.00 due 24 Mar; туум from 25 Mar to 3 Apr = 10 days:
        # 100,000.00 x 0.09 % x 10 = 900.00 (TC art. 71).
        before = _vat(c, t, "2025-04-03")
        assert before["arrears"] == "100000.00" and before["late_interest"] == "900.00"
        r = c.post(f"{API}/officer/appeals/{filed['id']}/decision", headers=o.headers,
                   json={"outcome": "partly_satisfied", "upheld_amount": "60000.00", "reasons": "One invoice was counted twice."})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "partly_satisfied" and r.json()["upheld_amount"] == "60000.00"
        # 151(4): туум for the review period only on the upheld 60,000.00: 60,000.00 x 0.09 % x 10 = 540.00.
        after = _vat(c, t, "2025-04-03")
        assert after["arrears"] == "60000.00" and after["late_interest"] == "540.00"
        mine = c.get(f"{API}/me/appeals/{filed['id']}", headers=t.headers).json()
        assert set(mine) >= {"id", "number", "decision_id", "status", "filed_on", "review_deadline", "outcome", "upheld_amount"}
        assert mine["outcome"] == "partly_satisfied"
        # The decision on the appeal is itself a decision, delivered like any other (150).
        run_worker(rt)
        kinds = [n["kind"] for n in c.get(f"{API}/me/notices", headers=t.headers).json()["notices"]]
        assert "appeal_decided" in kinds
        listed = c.get(f"{API}/me/decisions", headers=t.headers).json()["decisions"]
        assert [x["type"] for x in listed][0] == "appeal_decision"


def test_bad_signature_second_appeal_and_someone_elses_decision(client, officer, taxpayer):
    d = _assessment(client, officer, taxpayer, "500.00")
    key = Key(client, taxpayer)
    document = {"decision_id": d["id"], "grounds": "wrong", "requested": "cancel"}
    r = client.post(f"{API}/me/appeals", headers=taxpayer.headers,
                    json={"appeal": document | {"grounds": "changed after signing"}, "signature": key.sign(document)})
    assert r.status_code == 422 and r.json()["error"]["code"] == "SIGNATURE_INVALID"
    first = appeal(client, taxpayer, key, d["id"])
    assert appeal(client, taxpayer, key, d["id"])["id"] == first["id"]  # the same signed appeal again: its first answer
    again = appeal(client, taxpayer, key, d["id"], expect=409, grounds="another text")
    assert again["error"]["code"] == "APPEAL_EXISTS"


def test_the_window_runs_from_delivery_not_from_issue(client, runtime, officer, taxpayer):
    on_paper = issue(client, officer, taxpayer.login, type="documents_request")
    never = issue(client, officer, taxpayer.login, type="desk_audit_discrepancy")
    r = client.post(f"{API}/officer/decisions/{on_paper['number']}/delivery", headers=officer.headers,
                    json={"method": "hand_at_address", "delivered_on": "2025-03-14", "evidence": "signed by the director"})
    assert r.status_code == 200
    key = Key(client, taxpayer)
    # Delivered Fri 14 Mar: the 30 days end Sun 13 Apr, moved to Mon 14 Apr (TC art. 147(1), 16(6)).
    with day(runtime, dt.date(2025, 4, 15)) as (_, c):
        t = relogin(c, taxpayer)
        late = appeal(c, t, key, on_paper["id"], expect=422)
        assert late["error"]["code"] == "APPEAL_LATE" and late["error"]["details"]["deadline"] == "2025-04-14"
        # Never delivered: no clock has started, so it cannot be late.
        assert appeal(c, t, key, never["id"])["status"] == "under_review"
    with day(runtime, dt.date(2025, 4, 14)) as (_, c):
        t = relogin(c, taxpayer)
        assert appeal(c, t, key, on_paper["id"])["status"] == "under_review"


def test_deemed_satisfied_on_read_then_by_the_worker(client, runtime, officer, taxpayer):
    d = _assessment(client, officer, taxpayer, "1000.00")
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)
    filed = appeal(client, taxpayer, Key(client, taxpayer), d["id"])
    assert filed["review_deadline"] == "2025-04-14"
    with day(runtime, dt.date(2025, 4, 14)) as (_, c):
        assert c.get(f"{API}/me/appeals/{filed['id']}", headers=relogin(c, taxpayer).headers).json()["status"] == "under_review"
    with day(runtime, dt.date(2025, 4, 15)) as (rt, c):
        t, o = relogin(c, taxpayer), relogin(c, officer)
        shown = c.get(f"{API}/me/appeals/{filed['id']}", headers=t.headers).json()
        assert shown["status"] == "deemed_satisfied" and shown["outcome"] == "satisfied"  # before the worker ran (149(3))
        late = c.post(f"{API}/officer/appeals/{filed['id']}/decision", headers=o.headers, json={"outcome": "refused", "reasons": "too late"})
        assert late.status_code == 409 and late.json()["error"]["code"] == "APPEAL_DEEMED_SATISFIED"
        assert _vat(c, t, "2025-04-15")["arrears"] == "1000.00"  # the ledger waits for the worker
        from salyk.notices.appeals import deem_satisfied

        assert deem_satisfied(rt) >= 1
        assert deem_satisfied(rt) == 0  # once
        vat = _vat(c, t, "2025-04-15")
        assert vat is None or (vat["arrears"] == "0.00" and vat["late_interest"] == "0.00")  # the charge is cancelled
        assert c.get(f"{API}/me/appeals/{filed['id']}", headers=t.headers).json()["status"] == "deemed_satisfied"


def test_a_suspension_moves_the_review_term_and_a_return_allows_ten_days(client, runtime, officer, taxpayer):
    d = issue(client, officer, taxpayer.login, type="documents_request")
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)
    key = Key(client, taxpayer)
    filed = appeal(client, taxpayer, key, d["id"])
    with day(runtime, dt.date(2025, 3, 20)) as (_, c):
        r = c.post(f"{API}/officer/appeals/{filed['id']}/suspension", headers=relogin(c, officer).headers, json={"reason": "counter audit"})
        assert r.status_code == 200 and r.json()["status"] == "suspended"
    with day(runtime, dt.date(2025, 3, 30)) as (_, c):
        r = c.post(f"{API}/officer/appeals/{filed['id']}/resumption", headers=relogin(c, officer).headers, json={})
        assert r.status_code == 200, r.text
        # Suspended 20 -> 30 Mar = 10 days added: 14 Mar + 30 + 10 = Wed 23 Apr 2025 (TC art. 149(2)).
        assert r.json()["status"] == "under_review" and r.json()["review_deadline"] == "2025-04-23"
    with day(runtime, dt.date(2025, 4, 15)) as (_, c):
        assert c.get(f"{API}/me/appeals/{filed['id']}", headers=relogin(c, taxpayer).headers).json()["status"] == "under_review"

    other = issue(client, officer, taxpayer.login, type="measurement")
    client.get(f"{API}/me/decisions/{other['id']}", headers=taxpayer.headers)
    second = appeal(client, taxpayer, key, other["id"])
    with day(runtime, dt.date(2025, 3, 24)) as (_, c):
        r = c.post(f"{API}/officer/appeals/{second['id']}/return", headers=relogin(c, officer).headers, json={"reasons": "no signature page"})
        # Returned Mon 24 Mar: 10 days from the next day end Thu 3 Apr (TC art. 147(5)).
        assert r.json()["status"] == "returned" and r.json()["resubmit_until"] == "2025-04-03"
    with day(runtime, dt.date(2025, 4, 3)) as (_, c):
        # The 30 days from delivery still run to 14 Apr; filing again is allowed anyway.
        assert appeal(c, relogin(c, taxpayer), key, other["id"], grounds="with the page")["status"] == "under_review"
