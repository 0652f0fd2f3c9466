"""Deferral and instalment plans (TC art. 76-80) through the HTTP API, with the spec's E6 and E7.

The NBKR discount rate is the sample 5 % of the parameters (E6's assumption): 2 x 5 % = 10 % a year.
"""

from __future__ import annotations

from conftest import API, register_taxpayer
from ledger_helpers import assess, balance, pay, tax_row
from test_ledger_refunds import on

D = "2017-03-01"  # Wednesday


def paper(c, officer, tin, received_on, expect=201, **body):
    body = {"tax": "vat", "ground": "financial_position", "bank_guarantee": True} | body | {"received_on": received_on}
    r = c.post(f"{API}/officer/taxpayers/{tin}/deferrals", headers=officer.headers, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def decide(c, officer, app_id, **body):
    r = c.post(f"{API}/officer/deferrals/{app_id}/decision", headers=officer.headers, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_e6_deferral_interest_and_no_tuum(client, runtime, officer, taxpayer):
    # Spec E6, TC art. 78, 79(4)-(5), (7): debt 600,000, 90-day deferral on ground 3 from 1 Mar 2017
    # (days 2 Mar .. 30 May 2017). Interest = 600,000 x 0.10 x 90/365 = 14,794.52 (14,794.5205...).
    tin = taxpayer.login
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-05-30")
        # 600,000 <= 1,000,000: the tax body (78); decision within 10 days from 2 Mar: 11 Mar is a
        # Saturday, so Monday 13 Mar (16(6))
        assert (a["deciding_body"], a["decision_deadline"], a["status"]) == ("tax_body", "2017-03-13", "received")
        assert a["schedule"] == [{"date": "2017-05-30", "amount": "600000.00", "status": None}]
    with on(runtime, "2017-03-03") as c:
        g = decide(c, officer, a["id"], grant=True)
        assert (g["status"], g["interest"]) == ("granted", "14794.52") and g["decision_number"].startswith("D-2017-")
    # no туум on the 600,000 while in force (79(5)); the interest is due on the last day
    row = tax_row(balance(client, taxpayer, "2017-05-30"))
    assert (row["arrears"], row["late_interest"], row["interest"], row["not_yet_due"]) == ("600000.00", "0.00", "0.00", "14794.52")
    # the day after the plan ends, unpaid: туум again, 600,000 x 0.0009 = 540 for 31 May
    row = tax_row(balance(client, taxpayer, "2017-05-31"))
    assert (row["late_interest"], row["interest"], row["total_due"]) == ("540.00", "14794.52", "615334.52")
    lst = client.get(f"{API}/me/deferrals", headers=taxpayer.headers).json()["applications"]
    assert [h["status"] for h in lst[0]["history"]] == ["received", "granted"]
    # nothing was paid by the plan's last day: the instalment is missed (a breach, TC art. 80(3))
    assert lst[0]["schedule"] == [{"date": "2017-05-30", "amount": "600000.00", "status": "missed"}]


def test_e6_routing_and_ground_1(client, runtime, officer, taxpayer):
    # TC art. 78: 1,200,000 > 1,000,000 goes to the authorised tax body; TC art. 79(4): ground 1
    # (force majeure) bears no interest.
    tin = taxpayer.login
    assess(client, officer, tin, "1200000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="1200000.00", start=D, end="2017-05-30", ground="force_majeure")
        assert a["deciding_body"] == "authorised_tax_body"
        assert decide(c, officer, a["id"], grant=True)["interest"] == "0.00"
        again = c.post(f"{API}/officer/deferrals/{a['id']}/decision", headers=officer.headers, json={"grant": True})
        assert again.json()["error"]["code"] == "APPLICATION_ALREADY_DECIDED"


def test_e7_early_termination(client, runtime, officer, taxpayer):
    # Spec E7, TC art. 80(3)-(4): 600,000 at 10 % from 1 Mar 2017; breach on 30 Apr, in force 60
    # days (2 Mar .. 30 Apr): 600,000 x 0.10 x 60/365 = 9,863.01. Paid 305,000 on 15 Apr.
    # Unpaid = 600,000 + 9,863.01 - 305,000 = 304,863.01, due 30 days after the decision is received
    # (2 May 2017 + 30 = 1 Jun 2017, a Thursday).
    tin = taxpayer.login
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-08-29",
                  schedule=[{"date": "2017-06-01", "amount": "300000.00"}, {"date": "2017-08-29", "amount": "300000.00"}])
        decide(c, officer, a["id"], grant=True)
    pay(client, officer, (tin, "vat", "305000.00", "2017-04-15"))
    with on(runtime, "2017-05-02") as c:
        r = c.post(f"{API}/officer/deferrals/{a['id']}/termination", headers=officer.headers,
                   json={"breach_on": "2017-04-30", "reason": "instalment guarantee withdrawn"})
        assert r.status_code == 200, r.text
        t = r.json()
    # the 305,000 paid on 15 Apr cover the first instalment (300,000 due 1 Jun); the second is open
    assert [i["status"] for i in t["schedule"]] == ["paid", "open"]
    assert (t["status"], t["interest"], t["unpaid"], t["payment_deadline"], t["terminated_on"]) == (
        "terminated", "9863.01", "304863.01", "2017-06-01", "2017-05-02")
    # The ledger agrees: 305,000 paid the tax first (TC art. 61): arrears 295,000 and the interest
    # 9,863.01 (due 1 Jun) = 304,863.01; no туум through the decision's day.
    row = tax_row(balance(client, taxpayer, "2017-05-02"))
    assert (row["arrears"], row["late_interest"], row["not_yet_due"]) == ("295000.00", "0.00", "9863.01")
    # туум from the day after the decision (80(4)): 295,000 x 0.0009 = 265.50 a day. (E7 says 270 on
    # 300,000: it assumes the payment went to interest first; TC art. 61 pays the tax first.)
    assert tax_row(balance(client, taxpayer, "2017-05-03"))["late_interest"] == "265.50"


def test_refusals(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    assess(client, officer, tin, "5000.00", D, period="2017-01")
    assess(client, officer, tin, "5000.00", D, tax="excise", period="2017-01")
    with on(runtime, D) as c:
        e = paper(c, officer, tin, D, 422, amount="5000.01", start=D, end="2017-05-30")["error"]
        assert (e["code"], e["details"]["owed"]) == ("DEFERRAL_EXCEEDS_DEBT", "5000.00")
        e = paper(c, officer, tin, D, 422, amount="5000.00", start=D, end="2017-03-15")["error"]  # < 1 month (79(1))
        assert e["code"] == "DEFERRAL_NOT_ALLOWED" and "79(1)" in e["details"]["reasons"][0]
        e = paper(c, officer, tin, D, 422, tax="excise", amount="5000.00", start=D, end="2017-05-30")["error"]  # 76(6)
        assert e["code"] == "DEFERRAL_NOT_ALLOWED" and "76(6)" in e["details"]["reasons"][0]
        e = paper(c, officer, tin, D, 422, amount="5000.00", start=D, end="2017-05-30", bank_guarantee=False)["error"]  # 76(5)
        assert e["code"] == "DEFERRAL_NOT_ALLOWED"
        e = paper(c, officer, tin, D, 422, amount="5000.00", start=D, end="2017-05-30",
                  schedule=[{"date": "2017-04-01", "amount": "1000.00"}])["error"]
        assert e["details"] == {"field": "schedule", "reason": "sum_differs"}
        a = paper(c, officer, tin, D, amount="5000.00", start=D, end="2017-05-30", client_reference="d1")
        assert paper(c, officer, tin, D, amount="5000.00", start=D, end="2017-05-30", client_reference="d1")["id"] == a["id"]
        assert paper(c, officer, tin, D, 409, amount="4000.00", start=D, end="2017-05-30", client_reference="d1")["error"]["code"] == "REFERENCE_CONFLICT"
        r = c.post(f"{API}/officer/deferrals/{a['id']}/decision", headers=officer.headers, json={"grant": False})
        assert r.status_code == 422
        assert decide(c, officer, a["id"], grant=False, reason="financial statements missing")["status"] == "refused"
        r = c.post(f"{API}/officer/deferrals/{a['id']}/termination", headers=officer.headers, json={"breach_on": D, "reason": "x"})
        assert r.json()["error"]["code"] == "DEFERRAL_NOT_IN_FORCE"
    other = register_taxpayer(client, officer)
    assert client.get(f"{API}/me/deferrals/{a['id']}", headers=other.headers).status_code == 404
    assert client.get(f"{API}/me/deferrals/{a['id']}", headers=taxpayer.headers).json()["status"] == "refused"


def test_cabinet_application(client, runtime, officer, taxpayer):
    import datetime as dt

    tin = taxpayer.login
    today = runtime.today()
    assess(client, officer, tin, "50000.00", (today - dt.timedelta(days=20)).isoformat(), period="2024-01")
    body = {"tax": "vat", "amount": "50000.00", "ground": "financial_position", "bank_guarantee": True,
            "start": today.isoformat(), "end": (today + dt.timedelta(days=100)).isoformat()}
    r = client.post(f"{API}/me/deferrals", headers=taxpayer.headers, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["received_on"] == today.isoformat()
    assert client.post(f"{API}/me/deferrals", headers=taxpayer.headers, json=body | {"ground": "x"}).json()["error"]["code"] == "VALIDATION_ERROR"


def test_refusal_reason_in_russian(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    assess(client, officer, tin, "5000.00", D, period="2017-01")
    body = {"tax": "vat", "ground": "financial_position", "bank_guarantee": True, "received_on": D, "amount": "5000.00", "start": D,
            "end": "2017-03-15"}
    r = client.post(f"{API}/officer/taxpayers/{tin}/deferrals", headers=officer.headers | {"Accept-Language": "ru"}, json=body)
    assert r.json()["error"]["message"] == ("Отсрочка не может быть предоставлена в запрошенном виде: "
                                            "срок должен быть от 1 месяца до 3 лет (НК ст. 79(1))")


def test_e7_a_returned_payment_does_not_lower_the_termination_debt(client, runtime, officer, taxpayer):
    # E7 with one more payment of 10,000 on 20 Apr 2017 that the bank returned (reversed, TC art.
    # 60(2)(3)): it fulfils nothing, so the unpaid amount at early termination (80(4)) stays
    # 600,000 + 9,863.01 - 305,000 = 304,863.01, not 294,863.01.
    from ledger_helpers import ref
    from test_ledger_api import _posting_id

    tin = taxpayer.login
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-08-29",
                  schedule=[{"date": "2017-06-01", "amount": "300000.00"}, {"date": "2017-08-29", "amount": "300000.00"}])
        decide(c, officer, a["id"], grant=True)
    returned = ref("bank")
    pay(client, officer, (tin, "vat", "305000.00", "2017-04-15"), (returned, tin, "vat", "10000.00", "2017-04-20"))
    r = client.post(f"{API}/officer/postings/{_posting_id(client, officer, tin, returned)}/reversal", headers=officer.headers,
                    json={"reason": "returned by the bank"})
    assert r.status_code == 201, r.text
    with on(runtime, "2017-05-02") as c:
        t = c.post(f"{API}/officer/deferrals/{a['id']}/termination", headers=officer.headers,
                   json={"breach_on": "2017-04-30", "reason": "instalment guarantee withdrawn"}).json()
    assert (t["interest"], t["unpaid"]) == ("9863.01", "304863.01")
