"""An appeal suspends execution of the decision (TC art. 151(1)-(2)): the disputed amount is not
taken by the automatic offset of another tax's overpayment (81(2)-(4)) until the decision on the
appeal is delivered; the balance and the statement show it as under appeal (ky/ru). Worked by hand.

Dates: Fri 14.03.2025 an assessment of 10,000.00 VAT for 2024, due Mon 24.03.2025 (a working
day), opened (delivered) the same day; the taxpayer appeals 6,000.00 of it the same day, and pays
7,000.00 of income tax, which it does not owe: an overpayment (81(1)).
"""

from __future__ import annotations

import datetime as dt

from conftest import API, new_tin
from notices_support import Key, appeal, day, issue, relogin
from salyk.law.calendar import is_working_day


def _tax(client, account, as_of, tax):
    b = client.get(f"{API}/me/balance", headers=account.headers, params={"as_of": as_of})
    assert b.status_code == 200, b.text
    return next((t for t in b.json()["taxes"] if t["tax"] == tax), None)


def _pay(client, officer, tin, tax, amount, paid_on):
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"hold-{new_tin()}", "tin": tin, "tax": tax, "amount": amount, "paid_on": paid_on}]})
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text


def test_the_disputed_part_is_not_offset_until_the_refusal_is_delivered(client, runtime, officer, taxpayer):
    assert is_working_day(dt.date(2025, 3, 24)) and is_working_day(dt.date(2025, 4, 3))
    d = issue(client, officer, taxpayer.login, tax="vat", period="2024", amount="10000.00", deadline="2025-03-24")
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)  # opened: delivered 14.03.2025 (TC art. 83)
    filed = appeal(client, taxpayer, Key(client, taxpayer), d["id"], amount_disputed="6000.00")
    _pay(client, officer, taxpayer.login, "income_tax", "7000.00", "2025-03-14")

    # 24.03.2025, end of the day the VAT falls due (81(4)): the overpayment pays what is not disputed,
    # 10,000 - 6,000 = 4,000; 7,000 - 4,000 = 3,000 stays an income-tax overpayment (81(2), 151(1)).
    vat = _tax(client, taxpayer, "2025-03-24", "vat")
    assert (vat["arrears"], vat["not_yet_due"], vat["under_appeal"]) == ("0.00", "6000.00", "6000.00")
    assert _tax(client, taxpayer, "2025-03-24", "income_tax")["overpayment"] == "3000.00"
    # 25.03.2025: the 6,000 is arrears under appeal; туум runs on it (151(4) settles it at the outcome):
    # 6,000 x 0.09 % x 1 day = 5.40; the 3,000 overpayment is still not offset against it.
    vat = _tax(client, taxpayer, "2025-03-25", "vat")
    assert (vat["arrears"], vat["under_appeal"], vat["late_interest"]) == ("6000.00", "6000.00", "5.40")
    assert _tax(client, taxpayer, "2025-03-25", "income_tax")["overpayment"] == "3000.00"
    # the statement says so, in the reader's language
    lines = client.get(f"{API}/me/statement", params={"tax": "vat", "to": "2025-03-25"}, headers=taxpayer.headers | {"Accept-Language": "ru"}).json()
    held = [ln for ln in lines["lines"] if ln["kind"] == "under_appeal"]
    assert held and "обжалуется" in held[0]["text"] and filed["number"] in held[0]["text"] and held[0]["citation"] == "TC art. 151(1)"
    ky = client.get(f"{API}/me/statement", params={"tax": "vat", "to": "2025-03-25"}, headers=taxpayer.headers | {"Accept-Language": "ky"}).json()
    assert any("даттанылууда" in ln["text"] for ln in ky["lines"] if ln["kind"] == "under_appeal")

    with day(runtime, dt.date(2025, 4, 3)) as (rt, c):
        o, t = relogin(c, officer), relogin(c, taxpayer)
        r = c.post(f"{API}/officer/appeals/{filed['id']}/decision", headers=o.headers, json={"outcome": "refused", "reasons": "The invoice was counted once."})
        assert r.status_code == 200, r.text
        # decided, not yet delivered: execution stays suspended (151(2): until the decision is delivered)
        vat = _tax(c, t, "2025-04-03", "vat")
        assert (vat["arrears"], vat["under_appeal"]) == ("6000.00", "6000.00")
        assert _tax(c, t, "2025-04-03", "income_tax")["overpayment"] == "3000.00"
        # the taxpayer opens the decision on the appeal on 03.04.2025: delivered, the hold's last day is 02.04.2025
        outcome = next(x for x in c.get(f"{API}/me/decisions", headers=t.headers).json()["decisions"] if x["type"] == "appeal_decision")
        assert c.get(f"{API}/me/decisions/{outcome['id']}", headers=t.headers).status_code == 200
        # end of 03.04.2025: the remaining 3,000 overpayment pays VAT arrears first (81(2)): 6,000 - 3,000 = 3,000 left.
        # туум 25.03-03.04 = 10 days on 6,000: 6,000 x 0.09 % x 10 = 54.00 (the offset counts from the day after)
        vat = _tax(c, t, "2025-04-03", "vat")
        assert (vat["arrears"], vat["under_appeal"], vat["late_interest"]) == ("3000.00", "0.00", "54.00")
        income = _tax(c, t, "2025-04-03", "income_tax")
        assert income is None or income["overpayment"] == "0.00"
        # 04.04.2025: one more day on 3,000: 54.00 + 2.70 = 56.70
        assert _tax(c, t, "2025-04-04", "vat")["late_interest"] == "56.70"
        ended = c.get(f"{API}/me/statement", params={"tax": "vat", "to": "2025-04-04"}, headers=t.headers | {"Accept-Language": "ru"}).json()
        assert any(ln["kind"] == "under_appeal" and ln["date"] == "2025-04-03" and "окончено" in ln["text"] for ln in ended["lines"])


def test_a_returned_appeal_ends_the_hold_on_the_return_day(client, runtime, officer, taxpayer):
    d = issue(client, officer, taxpayer.login, tax="vat", period="2024", amount="10000.00", deadline="2025-03-24")
    client.get(f"{API}/me/decisions/{d['id']}", headers=taxpayer.headers)
    filed = appeal(client, taxpayer, Key(client, taxpayer), d["id"])  # no amount named: the decision's whole 10,000 is disputed
    _pay(client, officer, taxpayer.login, "income_tax", "7000.00", "2025-03-14")
    vat = _tax(client, taxpayer, "2025-03-25", "vat")
    assert (vat["arrears"], vat["under_appeal"]) == ("10000.00", "10000.00")
    assert _tax(client, taxpayer, "2025-03-25", "income_tax")["overpayment"] == "7000.00"
    with day(runtime, dt.date(2025, 4, 3)) as (rt, c):
        o, t = relogin(c, officer), relogin(c, taxpayer)
        r = c.post(f"{API}/officer/appeals/{filed['id']}/return", headers=o.headers, json={"reasons": "Not signed by the director."})
        assert r.status_code == 200, r.text
        # returned 03.04.2025 (147(4)): executable again that day; the 7,000 pays VAT arrears at its end:
        # 10,000 - 7,000 = 3,000; туум 25.03-03.04 = 10 days on 10,000: 90.00
        vat = _tax(c, t, "2025-04-03", "vat")
        assert (vat["arrears"], vat["under_appeal"], vat["late_interest"]) == ("3000.00", "0.00", "90.00")
