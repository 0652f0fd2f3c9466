"""The e-patent API of issue 12 end to end, on SQLite and PostgreSQL. Prices are worked by hand
from salyk/law/parameters/patent.yaml (sample amounts): S-63 translator, Bishkek, B = 2000.00."""

import datetime as dt

import pytest

from conftest import API, at_date, login, new_tin, register_taxpayer
from patents_helpers import get, order, pay


# --- catalogue and quote -----------------------------------------------------------------------


def test_catalogue(client):
    r = client.get(f"{API}/patents/catalogue", params={"on": "2025-03-14"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["on"] == "2025-03-14"
    assert body["zones"] == ["bishkek", "osh", "oblast_center", "other"]
    assert body["terms"] == [1, 2, 15, 30, 90, 180]
    s63 = next(a for a in body["activities"] if a["code"] == "S-63")
    assert s63 == {"code": "S-63", "gked": "74.30.0", "kind": "voluntary",
                   "title": {"ky": "Котормочунун кызмат көрсөтүүлөрү", "ru": "Услуги переводчика"},
                   "base": {"bishkek": "2000.00", "osh": "1600.00", "oblast_center": "1200.00", "other": "800.00"},
                   "citation": "Government Res. No. 84 of 18.02.2022, appendices 1-2 (base amounts)", "sample": True}
    # Market space is an activity only from Decree No. 1 of 08.01.2025
    old = client.get(f"{API}/patents/catalogue", params={"on": "2024-12-31"}).json()
    assert "S-04" not in [a["code"] for a in old["activities"]]
    assert client.get(f"{API}/patents/catalogue", params={"on": "31.12.2024"}).status_code == 422


def test_quote_explains_the_price(client):
    r = client.post(f"{API}/patents/quote", json={"activity": "S-63", "zone": "bishkek", "term_days": 90, "start": "2025-03-20",
                                                   "citizenship": "other"}, headers={"Accept-Language": "ru"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["amount"] == "28500.00"  # 5 × 3 × 2000 × 0.95 (Law 68; Res. 418/84)
    assert body["valid_from"] == "2025-03-20" and body["valid_to"] == "2025-06-17"  # + 90 − 1 days
    assert len(body["trace"]) == 4 and all(set(s) == {"text", "citation"} for s in body["trace"])
    assert "2000.00" in body["trace"][0]["text"] and "Res. No. 84" in body["trace"][0]["citation"]
    assert body["trace"][1]["text"] != "{days} days: {months} × base × {coefficient} = {amount} som"  # translated, filled


@pytest.mark.parametrize("change, code", [
    ({"activity": "S-99"}, "UNKNOWN_ACTIVITY"),
    ({"zone": "naryn"}, "UNKNOWN_ZONE"),
    ({"term_days": 45}, "INVALID_TERM"),
    ({"term_days": -1}, "INVALID_TERM"),
    ({"term_days": "thirty"}, "VALIDATION_ERROR"),
    ({"citizenship": "mars"}, "VALIDATION_ERROR"),
    ({"start": "9999-12-31"}, "VALIDATION_ERROR"),
    ({"start": "1990-01-01"}, "VALIDATION_ERROR"),
])
def test_quote_refuses(client, change, code):
    body = {"activity": "S-63", "zone": "bishkek", "term_days": 30, "start": "2025-03-20", "citizenship": "kg"} | change
    r = client.post(f"{API}/patents/quote", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == code


# --- orders ------------------------------------------------------------------------------------


def test_order_is_priced_from_the_record_and_idempotent(client, taxpayer):
    body = {"client_order_id": "0b9f5c9e-3c55-4d1a-9f5a-3f1f1b1d2c01", "activity": "S-63", "zone": "bishkek", "term_days": 90,
            "start": "2025-03-20"}
    r = client.post(f"{API}/me/patents", json=body, headers=taxpayer.headers)
    assert r.status_code == 201, r.text
    first = r.json()
    assert set(first) == {"id", "status", "amount", "payment_reference", "pay_by", "valid_from", "valid_to", "number", "activity",
                          "zone", "term_days"}
    assert first["status"] == "awaiting_payment" and first["number"] is None
    assert first["amount"] == "5700.00"  # 3 × 2000 × 0.95, a Kyrgyz citizen (default)
    assert first["pay_by"] == "2025-03-17"  # 14.03 + 3 days (patent_payment_days)
    assert (first["valid_from"], first["valid_to"]) == ("2025-03-20", "2025-06-17")
    again = client.post(f"{API}/me/patents", json=body, headers=taxpayer.headers)
    assert again.status_code == 200 and again.json() == first
    other = client.post(f"{API}/me/patents", json=body | {"term_days": 30}, headers=taxpayer.headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "REFERENCE_CONFLICT"
    assert client.get(f"{API}/me/patents", headers=taxpayer.headers).json()["patents"] == [first]


def test_citizenship_on_the_record_prices_the_order(client, officer):
    foreigner = register_taxpayer(client, officer, citizenship="other")
    assert client.get(f"{API}/me", headers=foreigner.headers).json()["citizenship"] == "other"
    assert order(client, foreigner, term_days=30)["amount"] == "10000.00"  # 5 × 2000
    eaeu = register_taxpayer(client, officer, citizenship="eaeu")
    assert order(client, eaeu, term_days=30)["amount"] == "2000.00"
    r = client.post(f"{API}/officer/taxpayers", json={"tin": new_tin(), "kind": "individual", "name": "X", "address": "Y",
                                                       "registered_on": "2015-01-01", "citizenship": "martian"}, headers=officer.headers)
    assert r.status_code == 422


def test_order_refusals(client, taxpayer):
    assert order(client, taxpayer, start="2025-03-13", expect=422) and True
    r = client.post(f"{API}/me/patents", json={"client_order_id": "not-a-uuid", "activity": "S-63", "zone": "bishkek", "term_days": 30,
                                               "start": "2025-03-14"}, headers=taxpayer.headers)
    assert r.status_code == 422
    for change, code in [({"start": "2025-03-13"}, "START_IN_PAST"), ({"activity": "S-99"}, "UNKNOWN_ACTIVITY"),
                         ({"zone": "x"}, "UNKNOWN_ZONE"), ({"term_days": 7}, "INVALID_TERM")]:
        body = {"client_order_id": "11111111-2222-4333-8444-555555555555", "activity": "S-63", "zone": "bishkek", "term_days": 30,
                "start": "2025-03-14"} | change
        r = client.post(f"{API}/me/patents", json=body, headers=taxpayer.headers)
        assert r.status_code == 422 and r.json()["error"]["code"] == code, r.text
    assert client.get(f"{API}/me/patents", headers=taxpayer.headers).json()["patents"] == []  # nothing half-written


def test_overlap(client, taxpayer):
    first = order(client, taxpayer, start="2025-03-20", term_days=30)  # 20.03 - 18.04
    r = client.post(f"{API}/me/patents", json={"client_order_id": "21111111-2222-4333-8444-555555555555", "activity": "S-63",
                                               "zone": "bishkek", "term_days": 15, "start": "2025-04-18"}, headers=taxpayer.headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "PATENT_OVERLAP"
    assert order(client, taxpayer, start="2025-04-19", term_days=15)["valid_from"] == "2025-04-19"  # the next day is free
    assert order(client, taxpayer, zone="osh", start="2025-03-20")["zone"] == "osh"  # another zone
    assert first["status"] == "awaiting_payment"


def test_another_taxpayers_patent_is_404(client, officer, taxpayer):
    mine = order(client, taxpayer)
    other = register_taxpayer(client, officer)
    assert client.get(f"{API}/me/patents/{mine['id']}", headers=other.headers).status_code == 404
    assert client.get(f"{API}/me/patents/{mine['id']}.pdf", headers=other.headers).status_code == 404
    assert client.post(f"{API}/me/patents/{mine['id']}/renewal", json={}, headers=other.headers).status_code == 404
    assert client.get(f"{API}/me/patents/abc", headers=taxpayer.headers).status_code == 404


# --- payment and issue -------------------------------------------------------------------------


def test_payment_issues_the_patent_with_a_gapless_number(client, officer, taxpayer, runtime):
    placed = order(client, taxpayer, start="2025-03-14", term_days=30)
    result = pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    assert result["accepted"] == 1
    issued = get(client, taxpayer, placed["id"])
    assert issued["status"] == "active" and issued["number"].startswith("ПЭ-2025-")
    assert len(issued["number"]) == len("ПЭ-2025-000001")
    later = order(client, taxpayer, start="2025-03-20", term_days=30, zone="osh")  # 1600.00
    pay(client, officer, taxpayer.login, "1600.00", payment_reference=later["payment_reference"])
    second = get(client, taxpayer, later["id"])
    assert second["status"] == "issued"  # until valid_from
    assert int(second["number"][-6:]) > int(issued["number"][-6:])
    # The ledger: charge 2000 + 1600 and the same paid on tax patent: nothing due, nothing over.
    bal = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert [t for t in bal["taxes"] if t["tax"] == "patent" and (t["total_due"], t["overpayment"]) != ("0.00", "0.00")] == []
    statement = client.get(f"{API}/me/statement", headers=taxpayer.headers)
    assert statement.status_code == 200 and "TC art. 31(6)(1)" in statement.text  # the charge with its citation
    # The public check (TC art. 54: no amounts)
    r = client.get(f"{API}/public/patents/{issued['number']}")
    assert r.status_code == 200
    assert r.json() == {"number": issued["number"], "status": "active", "valid_from": "2025-03-14", "valid_to": "2025-04-12",
                        "activity": "S-63", "zone": "bishkek", "holder": {"name": "Test Taxpayer", "tin": taxpayer.login}}
    # Expired derives from the date
    r = client.get(f"{API}/me/patents/{placed['id']}", headers=taxpayer.headers)
    assert r.json()["status"] == "active"


def test_numbers_are_consecutive(client, officer, runtime):
    from salyk.kernel.numbers import last_number

    with runtime.db.read() as session:
        before = last_number(session, "patents.patent", 2025)
    a = register_taxpayer(client, officer)
    placed = order(client, a)
    pay(client, officer, a.login, "2000.00", payment_reference=placed["payment_reference"])
    assert get(client, a, placed["id"])["number"] == f"ПЭ-2025-{before + 1:06d}"


@pytest.mark.parametrize("amount, paid_on, use_reference, why", [
    ("1999.99", "2025-03-14", True, "short by a tyiyn"),
    ("2000.00", "2025-03-14", False, "no reference"),
])
def test_payments_that_do_not_issue_stay_overpayment(client, officer, taxpayer, amount, paid_on, use_reference, why):
    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, amount, paid_on=paid_on, payment_reference=placed["payment_reference"] if use_reference else None)
    assert get(client, taxpayer, placed["id"])["status"] == "awaiting_payment", why
    bal = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert next(t for t in bal["taxes"] if t["tax"] == "patent")["overpayment"] == amount  # TC art. 81


def test_late_payment_does_not_issue_and_the_order_is_cancelled(client, officer, taxpayer, runtime):
    from fastapi.testclient import TestClient

    from salyk.api.app import create_app

    placed = order(client, taxpayer, start="2025-03-20")  # pay_by 17.03
    later = at_date(runtime, dt.date(2025, 3, 18))
    with TestClient(create_app(later)) as c:
        officer, taxpayer = login(c, officer.login, officer.password), login(c, taxpayer.login, taxpayer.password)
        pay(c, officer, taxpayer.login, "2000.00", paid_on="2025-03-18", payment_reference=placed["payment_reference"])
        assert get(c, taxpayer, placed["id"])["status"] == "cancelled"
        bal = c.get(f"{API}/me/balance", headers=taxpayer.headers).json()
        assert next(t for t in bal["taxes"] if t["tax"] == "patent")["overpayment"] == "2000.00"


def test_second_payment_and_a_payment_by_someone_else_never_issue_twice(client, officer, taxpayer):
    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    number = get(client, taxpayer, placed["id"])["number"]
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    mine = client.get(f"{API}/me/patents", headers=taxpayer.headers).json()["patents"]
    assert [p["number"] for p in mine] == [number]
    bal = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert next(t for t in bal["taxes"] if t["tax"] == "patent")["overpayment"] == "2000.00"


def test_a_reused_bank_reference_with_another_payment_reference_is_a_conflict(client, officer, taxpayer):
    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, "2000.00", payment_reference="PT000", bank_reference="bank-reuse-" + taxpayer.login)
    result = pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"],
                 bank_reference="bank-reuse-" + taxpayer.login)
    assert result["accepted"] == 0 and result["rejected"][0]["error"]["code"] == "REFERENCE_CONFLICT"
    assert get(client, taxpayer, placed["id"])["status"] == "awaiting_payment"


def test_payment_reference_on_the_csv_import(client, officer, taxpayer, runtime):
    from salyk.kernel.principal import SystemPrincipal
    from salyk.ledger.bank_file import read_payment_file
    from salyk.ledger.payments import import_payments

    placed = order(client, taxpayer)
    rows = read_payment_file(f"bank_reference,tin,tax,amount,paid_on,payment_reference\nb-{taxpayer.login},{taxpayer.login},patent,"
                             f"2000.00,2025-03-14,{placed['payment_reference']}\n".encode())
    assert rows[0].payment_reference == placed["payment_reference"]
    assert read_payment_file(b"bank_reference,tin,tax,amount,paid_on\nb,1,patent,1.00,2025-03-14\n")[0].payment_reference is None
    import_payments(runtime, SystemPrincipal("cli:test"), rows)
    assert get(client, taxpayer, placed["id"])["status"] == "active"


# --- officer and public check ------------------------------------------------------------------


def test_officer_list_is_audited_and_revocation(client, officer, taxpayer, runtime):
    import sqlalchemy as sa

    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    number = get(client, taxpayer, placed["id"])["number"]
    r = client.get(f"{API}/officer/taxpayers/{taxpayer.login}/patents", headers=officer.headers)
    assert r.status_code == 200 and [p["number"] for p in r.json()["patents"]] == [number]
    with runtime.db.read() as session:
        n = session.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'patents.read' AND actor = :a"),
                            {"a": officer.login}).scalar()
    assert n == 1
    assert client.get(f"{API}/officer/taxpayers/{taxpayer.login}/patents", headers=taxpayer.headers).status_code == 403
    body = {"reason": "Activity not carried on", "decision_reference": "Decision 12/2025"}
    r = client.post(f"{API}/officer/patents/{number}/revocation", json=body, headers=officer.headers)
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    assert client.get(f"{API}/public/patents/{number}").json()["status"] == "revoked"
    again = client.post(f"{API}/officer/patents/{number}/revocation", json=body, headers=officer.headers)
    assert again.status_code == 409
    assert client.post(f"{API}/officer/patents/ПЭ-1999-000001/revocation", json=body, headers=officer.headers).status_code == 404


def test_public_check_unknown_is_404_and_html_page(client, officer, taxpayer):
    assert client.get(f"{API}/public/patents/ПЭ-2025-999999").status_code == 404
    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    number = get(client, taxpayer, placed["id"])["number"]
    r = client.get(f"{API}/public/patents/{number}", params={"format": "html"}, headers={"Accept-Language": "ru"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    # The public page must not show the price; the holder's ИСН (random digits) may contain "2000".
    shown = r.text.replace(taxpayer.login, "")
    assert number in r.text and 'data-status="active"' in r.text
    assert "2000" not in shown and "2 000" not in shown and "2\u00a0000" not in shown
    assert client.get(f"{API}/public/patents/ПЭ-2025-999999", params={"format": "html"}).status_code == 404


def test_public_check_is_rate_limited(runtime):
    from fastapi.testclient import TestClient

    from salyk.api.app import create_app

    with TestClient(create_app(runtime)) as c:  # its own app: its own window
        answers = [c.get(f"{API}/public/patents/ПЭ-2025-9{i:05d}").status_code for i in range(61)]
    assert answers[:60] == [404] * 60  # 60 a minute per address
    assert answers[60] == 429


def test_a_start_long_past_is_start_in_past(client, taxpayer):
    r = client.post(f"{API}/me/patents", json={"client_order_id": "31111111-2222-4333-8444-555555555555", "activity": "S-63",
                                               "zone": "bishkek", "term_days": 30, "start": "2001-01-01"}, headers=taxpayer.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "START_IN_PAST"


def test_a_hired_employees_patent_is_the_employees_own(client, officer):
    # Res. 357 forms 7 and 9: a patent for a hired employee of a patent holder
    boss = register_taxpayer(client, officer, kind="individual_entrepreneur")
    own = order(client, boss, activity="S-01")
    employee = {"pin": new_tin(), "name": "Бакыт Токтогулов"}
    hired = order(client, boss, activity="S-01", employee=employee)  # same activity and dates, another person: no overlap
    assert hired["id"] != own["id"] and hired["amount"] == "1500.00"
    r = client.post(f"{API}/me/patents", json={"client_order_id": "41111111-2222-4333-8444-555555555555", "activity": "S-01",
                                               "zone": "bishkek", "term_days": 30, "start": "2025-03-14", "employee": employee},
                    headers=boss.headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "PATENT_OVERLAP"
    bad = client.post(f"{API}/me/patents", json={"client_order_id": "51111111-2222-4333-8444-555555555555", "activity": "S-01",
                                                 "zone": "osh", "term_days": 30, "start": "2025-03-14",
                                                 "employee": {"pin": "123", "name": "X"}}, headers=boss.headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "INVALID_TIN"


def test_someone_elses_payment_with_the_reference_does_not_issue(client, officer, taxpayer):
    placed = order(client, taxpayer)
    stranger = register_taxpayer(client, officer)
    pay(client, officer, stranger.login, "2000.00", payment_reference=placed["payment_reference"])
    assert get(client, taxpayer, placed["id"])["status"] == "awaiting_payment"
    bal = client.get(f"{API}/me/balance", headers=stranger.headers).json()
    assert next(t for t in bal["taxes"] if t["tax"] == "patent")["overpayment"] == "2000.00"  # the payer's overpayment
