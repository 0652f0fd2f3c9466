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


def e7_granted(client, runtime, officer, tin) -> dict:
    """Spec E7's plan, granted: VAT 600,000 deferred from 1 Mar 2017 at 10 %, two instalments of
    300,000 (1 Jun, 29 Aug 2017)."""
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-08-29",
                  schedule=[{"date": "2017-06-01", "amount": "300000.00"}, {"date": "2017-08-29", "amount": "300000.00"}])
        decide(c, officer, a["id"], grant=True)
    return a


def e7_terminated(runtime, officer, a) -> dict:
    """E7's early termination, decided on 2 May 2017 for a breach on 30 Apr (TC art. 80(3))."""
    with on(runtime, "2017-05-02") as c:
        r = c.post(f"{API}/officer/deferrals/{a['id']}/termination", headers=officer.headers,
                   json={"breach_on": "2017-04-30", "reason": "instalment guarantee withdrawn"})
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
    # no туум on the 600,000 while in force (79(5)); the interest is due on the last day. The
    # deferred debt is not arrears while the plan holds (76(1)): not yet due, 600,000 + 14,794.52
    row = tax_row(balance(client, taxpayer, "2017-05-30"))
    assert (row["arrears"], row["late_interest"], row["interest"], row["not_yet_due"]) == ("0.00", "0.00", "0.00", "614794.52")
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
    # Spec E7, TC art. 80(3)-(4): 600,000 at 10 % from 1 Mar 2017; breach on 30 Apr. Paid 305,000 on
    # 15 Apr. The interest runs on what is unpaid each day (79(4), 76(2)), and the plan ends from the
    # breach day (80(3) "бузган күндөн тартып"), so its last day of interest is 29 Apr:
    #   600,000 x 0.10 x 45/365 (2 Mar .. 15 Apr)  = 7,397.260274
    #   295,000 x 0.10 x 14/365 (16 Apr .. 29 Apr) = 1,131.506849
    #   total 8,528.767123 -> 8,528.77 (E7, on the planned balance through 30 Apr: 9,863.01).
    # Unpaid = 600,000 + 8,528.77 - 305,000 = 303,528.77, due 30 days after the decision is received
    # (2 May 2017 + 30 = 1 Jun 2017, a Thursday).
    tin = taxpayer.login
    a = e7_granted(client, runtime, officer, tin)
    pay(client, officer, (tin, "vat", "305000.00", "2017-04-15"))
    t = e7_terminated(runtime, officer, a)
    # the 305,000 paid on 15 Apr cover the first instalment (300,000 due 1 Jun); the second is open
    assert [i["status"] for i in t["schedule"]] == ["paid", "open"]
    assert (t["status"], t["interest"], t["unpaid"], t["payment_deadline"], t["terminated_on"]) == (
        "terminated", "8528.77", "303528.77", "2017-06-01", "2017-05-02")
    # The ledger agrees: 305,000 paid the tax first (TC art. 61): arrears 295,000 and the interest
    # 8,528.77 (due 1 Jun) = 303,528.77; no туум through the decision's day.
    row = tax_row(balance(client, taxpayer, "2017-05-02"))
    assert (row["arrears"], row["late_interest"], row["not_yet_due"]) == ("295000.00", "0.00", "8528.77")
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
    # 60(2)(3)): it fulfils nothing and stops no interest, so the interest and the unpaid amount at
    # early termination (80(4)) are those of E7 above: 8,528.77 and 600,000 + 8,528.77 - 305,000 =
    # 303,528.77, not 293,528.77.
    from ledger_helpers import ref
    from test_ledger_api import _posting_id

    tin = taxpayer.login
    a = e7_granted(client, runtime, officer, tin)
    returned = ref("bank")
    pay(client, officer, (tin, "vat", "305000.00", "2017-04-15"), (returned, tin, "vat", "10000.00", "2017-04-20"))
    r = client.post(f"{API}/officer/postings/{_posting_id(client, officer, tin, returned)}/reversal", headers=officer.headers,
                    json={"reason": "returned by the bank"})
    assert r.status_code == 201, r.text
    t = e7_terminated(runtime, officer, a)
    assert (t["interest"], t["unpaid"]) == ("8528.77", "303528.77")


def test_paying_early_stops_the_deferral_interest(client, runtime, officer, taxpayer):
    # E6's plan (600,000 at 2 x 5 % from 1 Mar to 30 May 2017, ground 3), but the whole 600,000 is
    # paid on Fri 31 Mar 2017. Interest runs on the deferred amount still unpaid (79(4), 76(2)):
    # 2 Mar .. 31 Mar = 30 days: 600,000 x 0.10 x 30/365 = 4,931.506849 -> 4,931.51; nothing after
    # (the plan is fully paid, 80(2)). On the planned schedule it was 14,794.52.
    tin = taxpayer.login
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-05-30")
        assert decide(c, officer, a["id"], grant=True)["interest"] == "14794.52"  # the decision's figure, as planned
    pay(client, officer, (tin, "vat", "600000.00", "2017-03-31"))
    row = tax_row(balance(client, taxpayer, "2017-05-31"))
    assert (row["arrears"], row["interest"], row["late_interest"], row["total_due"]) == ("0.00", "4931.51", "0.00", "4931.51")
    got = client.get(f"{API}/me/deferrals/{a['id']}", headers=taxpayer.headers).json()
    assert (got["interest"], got["interest_to_date"]) == ("14794.52", "4931.51")


def test_a_partial_deferral_excludes_tuum_only_on_the_deferred_part(client, runtime, officer, taxpayer):
    # VAT 500,000 due Mon 20 Feb 2017; 300,000 of it deferred 1 Mar .. 30 May 2017 on ground 1 (no
    # interest, 79(4)). 71(7)(7): no туум on the deferred 300,000; the other 200,000 keeps accruing.
    # туум 21 Feb .. 28 Feb: 8 days x 500,000 x 0.09 % = 3,600.00; 1 Mar .. 31 Mar: 31 days x
    # 200,000 x 0.09 % = 5,580.00; as of 31 Mar 9,180.00 (before: 3,600.00, the whole debt excluded).
    # While the plan holds the deferred 300,000 is not arrears (76(1)): arrears 200,000.
    tin = taxpayer.login
    assess(client, officer, tin, "500000.00", "2017-02-20", period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="300000.00", start=D, end="2017-05-30", ground="force_majeure")
        decide(c, officer, a["id"], grant=True)
    row = tax_row(balance(client, taxpayer, "2017-03-31"))
    assert (row["arrears"], row["not_yet_due"], row["late_interest"]) == ("200000.00", "300000.00", "9180.00")


def test_deferred_debt_is_not_offset_and_does_not_block_a_refund(client, runtime, officer, taxpayer):
    # VAT 600,000 deferred whole 1 Mar .. 30 May 2017 (ground 1). A land-tax payment of 1,000 on
    # 15 Mar 2017 with no land tax owed is an overpayment (81(1)). The deferred VAT is not arrears
    # while the plan holds (76(1)): before, the 1,000 was offset into it (81(2)); now it stays, and
    # a refund application received on paper on 20 Mar is not refused for an unfulfilled obligation (81(10)).
    tin = taxpayer.login
    assess(client, officer, tin, "600000.00", D, period="2017-01")
    with on(runtime, D) as c:
        a = paper(c, officer, tin, D, amount="600000.00", start=D, end="2017-05-30", ground="force_majeure")
        decide(c, officer, a["id"], grant=True)
    pay(client, officer, (tin, "land_tax", "1000.00", "2017-03-15"))
    b = balance(client, taxpayer, "2017-03-20")
    assert tax_row(b, "land_tax")["overpayment"] == "1000.00"
    assert (tax_row(b)["arrears"], tax_row(b)["not_yet_due"]) == ("0.00", "600000.00")
    with on(runtime, "2017-03-20") as c:
        r = c.post(f"{API}/officer/taxpayers/{tin}/refunds", headers=officer.headers,
                   json={"kind": "refund", "tax": "land_tax", "amount": "1000.00", "received_on": "2017-03-20"})
    assert r.status_code == 201, r.text
    # not decided: on 31 May, the day after the plan's end, the unpaid VAT is arrears again and the
    # 1,000 is offset against it (81(2), (4)): arrears 599,000
    assert tax_row(balance(client, taxpayer, "2017-05-31"))["arrears"] == "599000.00"
