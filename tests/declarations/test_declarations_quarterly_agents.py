"""Quarterly tax agents through the public API (issue 10 item 4; TC art. 177(1-1), 178(1-1), 16(6), 71).

Worked by hand. Income tax 10 % (174), personal deduction 650 a month (170(1)), MEI 6,000 a month
(163(2), a sample value). One employee paid 20,650 in each of April, May and June 2024: base
20,650 - 650 = 20,000 > MEI, so 2,000 a month, cumulatively (176(3)): April 2,000; May 4,000 - 2,000;
June 6,000 - 4,000. The quarter: 6,000.00.

Terms (TC art. 16(6) for days off): the day after the 20th of July 2024 is Sunday 21.07.2024 ->
Monday 22.07.2024 (Q2 report, 178(1-1); a small agent's payment, 177(1-1)). A medium agent pays each
month (177(1)): April by Tuesday 21.05.2024, May by Friday 21.06.2024, June by Monday 22.07.2024.
туум (TC art. 71): 0.09 % a day from the day after the due date through the day counted.
"""

from __future__ import annotations

from conftest import API, new_tin, register_taxpayer
from declarations_fixtures import enrol

ROWS = [{"income_paid": "20650.00", "month": m} for m in (4, 5, 6)]


def _agent(client, officer, category):
    account = register_taxpayer(client, officer, kind="organization")
    r = client.post(f"{API}/officer/taxpayers/{account.login}/registrations", json={"registration": "income_tax_agent", "valid_from": "2024-01-01"},
                    headers=officer.headers)
    assert r.status_code == 201, r.text
    r = client.put(f"{API}/officer/taxpayers/{account.login}/size-category", json={"category": category, "effective_from": "2024-04-01"},
                   headers=officer.headers)
    assert r.status_code == 200, r.text
    return enrol(client, account)


def _rows():
    tin = new_tin()
    return [dict(r, tin=tin) for r in ROWS]


def _obligations(client, account):
    r = client.get(f"{API}/me/obligations", params={"from": "2024-01-01", "to": "2024-12-31"}, headers=account.headers)
    assert r.status_code == 200, r.text
    return {o["period"]: o for o in r.json()["obligations"] if o["form"] == "income_tax_agent"}


def _balance(client, account, as_of):
    r = client.get(f"{API}/me/balance", params={"as_of": as_of}, headers=account.headers)
    assert r.status_code == 200, r.text
    return next((t for t in r.json()["taxes"] if t["tax"] == "income_tax"), None)


def test_the_size_category_is_dated_audited_and_checked(client, officer):
    account = register_taxpayer(client, officer, kind="organization")
    url = f"{API}/officer/taxpayers/{account.login}/size-category"
    assert client.get(url, headers=officer.headers).json() == {"tin": account.login, "current": None, "history": []}
    assert client.put(url, json={"category": "small", "effective_from": "2024-01-01"}, headers=officer.headers).status_code == 200
    r = client.put(url, json={"category": "medium", "effective_from": "2025-01-01"}, headers=officer.headers)
    body = r.json()
    # today is 14.03.2025 (the tests' clock): medium since 01.01.2025
    assert body["current"] == "medium"
    assert [(h["category"], h["effective_from"]) for h in body["history"]] == [("small", "2024-01-01"), ("medium", "2025-01-01")]
    assert body["history"][0]["set_by"]
    # a category takes effect on the first day of a quarter
    r = client.put(url, json={"category": "small", "effective_from": "2024-05-01"}, headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "effective_from", "reason": "not_quarter_start"}
    r = client.put(url, json={"category": "huge", "effective_from": "2024-04-01"}, headers=officer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"
    ru = client.put(url, json={"category": "small", "effective_from": "2024-05-01"}, headers=officer.headers | {"accept-language": "ru"})
    assert "первый день квартала" in ru.json()["error"]["message"]
    # not for an individual (TC art. 2(44)-(45): organisations and entrepreneurs), not for a taxpayer
    person = register_taxpayer(client, officer)
    r = client.put(f"{API}/officer/taxpayers/{person.login}/size-category", json={"category": "small", "effective_from": "2024-04-01"}, headers=officer.headers)
    assert r.status_code == 422
    assert client.put(url, json={"category": "small", "effective_from": "2024-04-01"}, headers=account.headers).status_code in (401, 403)
    assert client.put(f"{API}/officer/taxpayers/{new_tin('organization')}/size-category", json={"category": "small", "effective_from": "2024-04-01"},
                      headers=officer.headers).status_code == 404


def test_a_small_agent_reports_and_pays_once_a_quarter(client, officer):
    signer = _agent(client, officer, "small")
    found = _obligations(client, signer.account)
    # January-March: no category recorded, monthly (178(1)); from April: quarters (178(1-1))
    assert {"2024-01", "2024-02", "2024-03", "2024-Q2", "2024-Q3"} <= set(found)
    assert not {"2024-04", "2024-05", "2024-06", "2024-07"} & set(found)
    q2 = found["2024-Q2"]
    assert (q2["deadline"], q2["payment_due_date"]) == ("2024-07-22", "2024-07-22")
    assert q2["payments"] == [{"period": "2024-Q2", "due": "2024-07-22"}]
    # a monthly report for a quarter's month is refused: the period is the quarter
    r = signer.file(signer.document(form="income_tax_agent", period="2024-05", zero=False, values={"employees": _rows()[:1]}))
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "period"
    r = signer.file(signer.document(form="income_tax_agent", period="2024-Q2", zero=False, values={"employees": _rows()}))
    assert r.status_code == 201, r.text
    entry = client.get(f"{API}/me/declarations/{r.json()['id']}", headers=signer.account.headers).json()
    assert entry["tax_due"] == "6000.00"
    # a row of another quarter's month is refused
    bad = [dict(_rows()[0], month=4)]  # April is not in July-September
    r = signer.file(signer.document(form="income_tax_agent", period="2024-Q3", zero=False, values={"employees": bad}))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "employees[0].month", "reason": "out_of_range"}
    r = signer.file(signer.document(form="income_tax_agent", period="2024-Q3", zero=False, values={"employees": [dict(_rows()[0], month=0)]}))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "employees[0].month", "reason": "missing"}
    # туум only after the quarterly term 22.07.2024 (177(1-1)): nothing on that day ...
    on_due = _balance(client, signer.account, "2024-07-22")
    assert on_due is None or (on_due["arrears"], on_due["late_interest"]) == ("0.00", "0.00")
    # ... one day on 23.07.2024: 6,000 x 0.09 % = 5.40; ten days by 01.08.2024 (23.07-01.08): 54.00
    assert (_balance(client, signer.account, "2024-07-23")["late_interest"]) == "5.40"
    later = _balance(client, signer.account, "2024-08-01")
    assert (later["arrears"], later["late_interest"]) == ("6000.00", "54.00")


def test_a_medium_agent_reports_quarterly_and_pays_monthly(client, officer):
    signer = _agent(client, officer, "medium")
    q2 = _obligations(client, signer.account)["2024-Q2"]
    assert q2["deadline"] == "2024-07-22"  # 178(1-1)
    assert q2["payments"] == [{"period": "2024-04", "due": "2024-05-21"}, {"period": "2024-05", "due": "2024-06-21"},
                              {"period": "2024-06", "due": "2024-07-22"}]  # 177(1)
    assert q2["payment_due_date"] == "2024-05-21"
    r = signer.file(signer.document(form="income_tax_agent", period="2024-Q2", zero=False, values={"employees": _rows()}))
    assert r.status_code == 201, r.text
    # each month's 2,000 runs late from the day after its own term, through 01.08.2024:
    # April 22.05-01.08 = 10 + 30 + 31 + 1 = 72 days: 2,000 x 0.09 % x 72 = 129.60
    # May   22.06-01.08 = 9 + 31 + 1 = 41 days:        2,000 x 0.09 % x 41 =  73.80
    # June  23.07-01.08 = 9 + 1 = 10 days:              2,000 x 0.09 % x 10 =  18.00   -> 221.40
    b = _balance(client, signer.account, "2024-08-01")
    assert (b["arrears"], b["late_interest"]) == ("6000.00", "221.40")
    # 21.05.2024: April's 2,000 is due that day and not yet late
    assert _balance(client, signer.account, "2024-05-22")["late_interest"] == "1.80"  # one day on 2,000


def test_a_large_agent_stays_monthly(client, officer):
    signer = _agent(client, officer, "large")
    found = _obligations(client, signer.account)
    assert {"2024-04", "2024-05", "2024-06"} <= set(found) and "2024-Q2" not in found
    assert found["2024-04"]["payment_due_date"] == "2024-05-21" and "payments" not in found["2024-04"]
    r = signer.file(signer.document(form="income_tax_agent", period="2024-Q2", zero=False, values={"employees": _rows()}))
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "period"


def test_the_officer_page_shows_and_sets_the_category(client, runtime):
    from web_support import make_officer, post_form, web_login

    name, password = make_officer(runtime)
    web_login(client, name, password)
    tin = new_tin("organization")
    r = post_form(client, "/officer/taxpayers/new", {"tin": tin, "kind": "organization", "name": "Agent LLC", "address": "Bishkek", "registered_on": "2016-05-05"})
    assert r.status_code == 201
    card = client.get(f"/officer/taxpayers/{tin}", headers={"accept-language": "ru"})
    assert "Категория предпринимательства" in card.text and "Не указана" in card.text
    r = post_form(client, "/officer/taxpayers/size-category", {"tin": tin, "category": "non_commercial", "effective_from": "2024-07-01"},
                  form_page=f"/officer/taxpayers/{tin}")
    assert r.status_code == 200 and "01.07.2024" in r.text
    r = post_form(client, "/officer/taxpayers/size-category", {"tin": tin, "category": "small", "effective_from": "2024-07-02"},
                  form_page=f"/officer/taxpayers/{tin}")
    assert r.status_code == 422


def test_the_computation_preview_takes_a_quarter(client):
    # no login: the quarter's three months, 2,000 each as worked above -> 6,000.00
    r = client.post(f"{API}/forms/income_tax_agent/computation", json={"period": "2024-Q2", "values": {"employees": _rows()}})
    assert r.status_code == 200, r.text
    assert r.json()["tax_due"] == "6000.00"
    r = client.post(f"{API}/forms/profit_tax/computation", json={"period": "2024-Q2", "values": {}})
    assert r.status_code == 422
