"""The contract's ledger endpoints end to end: /officer/assessments, /officer/payments,
/me/balance, /me/payments; plus the statement, officer views (audited) and corrections."""

import pytest
import sqlalchemy as sa

from conftest import API, new_tin, register_taxpayer
from ledger_helpers import assess, balance, pay, ref, tax_row


# --- POST /officer/assessments -----------------------------------------------------------


def test_assessment_created_and_idempotent(client, officer, taxpayer):
    body = {"tin": taxpayer.login, "tax": "land_tax", "amount": "1000.00", "due_date": "2024-10-01", "period": "2024", "reference": ref()}
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body)
    assert r.status_code == 201 and isinstance(r.json()["id"], str)
    again = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body)
    assert again.status_code == 201 and again.json() == r.json()  # same key, same content: the first answer
    other = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body | {"amount": "1000.01"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "REFERENCE_CONFLICT"


@pytest.mark.parametrize("change, status, code", [
    ({"tin": "12345"}, 422, "INVALID_TIN"),
    ({"tax": "road_tax"}, 422, "UNKNOWN_TAX"),
    ({"amount": "0.00"}, 422, "VALIDATION_ERROR"),
    ({"amount": "-10.00"}, 422, "VALIDATION_ERROR"),
    ({"amount": "10.001"}, 422, "VALIDATION_ERROR"),
    ({"amount": "ten"}, 422, "VALIDATION_ERROR"),
    ({"amount": "1e5"}, 422, "VALIDATION_ERROR"),
    ({"amount": "NaN"}, 422, "VALIDATION_ERROR"),
    ({"amount": "99999999999999999999.00"}, 422, "VALIDATION_ERROR"),
    ({"due_date": "9999-12-31"}, 422, "VALIDATION_ERROR"),
    ({"amount": 10}, 422, "VALIDATION_ERROR"),
    ({"period": "2024-Q5"}, 422, "VALIDATION_ERROR"),
    ({"period": "24"}, 422, "VALIDATION_ERROR"),
    ({"due_date": "2024-02-30"}, 422, "VALIDATION_ERROR"),
    ({"due_date": "1990-01-01"}, 422, "VALIDATION_ERROR"),
    ({"reference": ""}, 422, "VALIDATION_ERROR"),
    ({"extra": 1}, 422, "VALIDATION_ERROR"),
])
def test_assessment_refusals(client, officer, taxpayer, change, status, code):
    body = {"tin": taxpayer.login, "tax": "vat", "amount": "10.00", "due_date": "2024-10-01", "period": "2024-03", "reference": ref()} | change
    r = client.post(f"{API}/officer/assessments", headers=officer.headers | {"Accept-Language": "ru"}, json=body)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code


def test_assessment_unknown_taxpayer_and_roles(client, officer, taxpayer):
    body = {"tin": new_tin(), "tax": "vat", "amount": "10.00", "due_date": "2024-10-01", "period": "2024", "reference": ref()}
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json=body)
    assert r.status_code == 404 and r.json()["error"]["code"] == "TAXPAYER_NOT_FOUND"
    r = client.post(f"{API}/officer/assessments", headers=taxpayer.headers, json=body | {"tin": taxpayer.login})
    assert r.status_code == 403


# --- POST /officer/payments --------------------------------------------------------------


def test_payments_batch_results(client, officer, taxpayer):
    tin = taxpayer.login
    a, b = ref("bank"), ref("bank")
    result = pay(client, officer, (a, tin, "vat", "100.00", "2025-01-10"), (b, tin, "land_tax", "50.50", "2025-01-11"),
                 (ref("bank"), new_tin(), "vat", "1.00", "2025-01-10"),
                 (ref("bank"), tin, "road_tax", "1.00", "2025-01-10"),
                 (ref("bank"), "0000", "vat", "1.00", "2025-01-10"),
                 (ref("bank"), tin, "vat", "0.00", "2025-01-10"),
                 (ref("bank"), tin, "vat", "1.00", "2025-13-01"),
                 (ref("bank"), tin, "vat", "1.00", "2099-01-01"))
    assert result["accepted"] == 2 and result["duplicates"] == 0
    codes = [r["error"]["code"] for r in result["rejected"]]
    assert codes == ["UNKNOWN_TAX", "INVALID_TIN", "VALIDATION_ERROR", "VALIDATION_ERROR", "VALIDATION_ERROR", "TAXPAYER_NOT_FOUND"]
    assert all(r["error"]["message"] for r in result["rejected"])
    # replay: duplicates change nothing; a changed amount under a known reference is a conflict
    again = pay(client, officer, (a, tin, "vat", "100.00", "2025-01-10"), (b, tin, "land_tax", "50.51", "2025-01-11"))
    assert again["accepted"] == 0 and again["duplicates"] == 1
    assert again["rejected"] == [{"bank_reference": b, "error": again["rejected"][0]["error"]}]
    assert again["rejected"][0]["error"]["code"] == "REFERENCE_CONFLICT"
    # the same reference twice in one batch: once
    c = ref("bank")
    once = pay(client, officer, (c, tin, "vat", "1.00", "2025-01-12"), (c, tin, "vat", "1.00", "2025-01-12"))
    assert (once["accepted"], once["duplicates"]) == (1, 1)
    r = client.get(f"{API}/me/payments", headers=taxpayer.headers)
    assert r.status_code == 200
    listed = r.json()["payments"]
    assert [(p["bank_reference"], p["tax"], p["amount"], p["paid_on"]) for p in listed] == [
        (c, "vat", "1.00", "2025-01-12"), (b, "land_tax", "50.50", "2025-01-11"), (a, "vat", "100.00", "2025-01-10")]


def test_payments_need_staff_and_a_list(client, officer, taxpayer):
    r = client.post(f"{API}/officer/payments", headers=taxpayer.headers, json={"payments": []})
    assert r.status_code == 403
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": []})
    assert r.json() == {"accepted": 0, "duplicates": 0, "rejected": []}
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [{"bank_reference": "x"}]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"


# --- GET /me/balance ---------------------------------------------------------------------


def test_balance_shape_default_today_and_overpayment(client, officer, taxpayer):
    tin = taxpayer.login
    empty = balance(client, taxpayer)
    assert empty == {"as_of": "2025-03-14", "taxes": [], "total_due": "0.00", "total_overpayment": "0.00"}
    # paid 1,500 on 3 Mar for a land-tax charge of 1,000 due 1 Apr 2025 (TC art. 59(5): early):
    assess(client, officer, tin, "1000.00", "2025-04-01", tax="land_tax", period="2024")
    pay(client, officer, (tin, "land_tax", "1500.00", "2025-03-03"))
    b = balance(client, taxpayer)
    assert b["taxes"] == [{"tax": "land_tax", "arrears": "0.00", "interest": "0.00", "late_interest": "0.00", "sanctions": "0.00",
                           "overpayment": "500.00", "total_due": "0.00", "not_yet_due": "0.00", "under_appeal": "0.00"}]
    assert (b["total_due"], b["total_overpayment"]) == ("0.00", "500.00")
    # as it stood by value date: nothing on 2 Mar; on 10 Mar the payment, and the charge is only
    # recorded on 14 Mar (today), so the 1,500 stood as an overpayment until then
    assert balance(client, taxpayer, "2025-03-02")["taxes"] == []
    assert balance(client, taxpayer, "2025-03-10")["total_overpayment"] == "1500.00"
    # a later charge takes the overpayment (same tax, TC art. 59(5), 61)
    assess(client, officer, tin, "800.00", "2025-05-02", tax="land_tax", period="2025")
    # 2 May 2025 begins the May holidays: due the next working day, Mon 12 May (TC art. 16(6));
    # туум 13 May .. 11 Jun: 300 x 0.09% x 30 = 8.10
    assert tax_row(balance(client, taxpayer, "2025-05-12"), "land_tax")["total_due"] == "0.00"
    row = tax_row(balance(client, taxpayer, "2025-06-11"), "land_tax")
    assert (row["arrears"], row["overpayment"], row["late_interest"]) == ("300.00", "0.00", "8.10")


def test_future_is_a_projection_and_past_as_it_stood(client, officer, taxpayer):
    tin = taxpayer.login
    assess(client, officer, tin, "1000.00", "2025-03-03", tax="property_tax", period="2024")
    # 14 Mar: 11 days (4 .. 14 Mar): 1,000 x 0.09% x 11 = 9.90; 13 Apr: 41 days: 36.90
    assert tax_row(balance(client, taxpayer), "property_tax")["late_interest"] == "9.90"
    assert tax_row(balance(client, taxpayer, "2025-04-13"), "property_tax")["late_interest"] == "36.90"
    assert balance(client, taxpayer, "2025-03-03")["total_due"] == "0.00"  # due that day: not yet late
    assert tax_row(balance(client, taxpayer, "2025-03-04"), "property_tax")["total_due"] == "1000.90"


def test_back_dated_payment_re_derives(client, officer, taxpayer):
    # A bank statement learned late, with an earlier value date, changes the position from that
    # date on (ledger principle 2). 10,000 due 1 Mar 2017; 5,000 paid 31 Mar is known first.
    tin = taxpayer.login
    assess(client, officer, tin, "10000.00", "2017-03-01")
    pay(client, officer, (tin, "vat", "5000.00", "2017-03-31"))
    # 10,000 x 0.09% x 30 = 270 туум; tax 5,000 left; then 5,000 x 0.09% x 30 (1 .. 30 Apr) = 135
    assert tax_row(balance(client, taxpayer, "2017-04-30"))["late_interest"] == "405.00"
    pay(client, officer, (tin, "vat", "5000.00", "2017-03-11"))  # learned now, paid earlier
    # 10 days on 10,000 = 90; then 20 days on 5,000 = 90; the 31 Mar payment: 5,000 tax, nothing left
    # for туум? 5,000 pays the tax; 180 туум stays open and no more accrues.
    row = tax_row(balance(client, taxpayer, "2017-04-30"))
    assert (row["arrears"], row["late_interest"]) == ("0.00", "180.00")
    assert tax_row(balance(client, taxpayer, "2017-03-20"))["late_interest"] == "130.50"  # 90 + 5,000 x 0.09% x 9


# --- statement, officer views, isolation, corrections -------------------------------------


def test_officer_views_are_audited_and_taxpayers_isolated(client, officer, runtime, taxpayer):
    tin = taxpayer.login
    assess(client, officer, tin, "100.00", "2025-01-06", tax="vat", period="2024-12")
    other = register_taxpayer(client, officer)
    assert balance(client, other)["taxes"] == []  # never another taxpayer's data
    assert client.get(f"{API}/me/payments", headers=other.headers).json() == {"payments": []}
    r = client.get(f"{API}/officer/taxpayers/{tin}/balance", headers=officer.headers, params={"as_of": "2025-03-14"})
    assert r.status_code == 200 and r.json() == balance(client, taxpayer, "2025-03-14")
    r = client.get(f"{API}/officer/taxpayers/{tin}/statement", headers=officer.headers)
    assert r.status_code == 200 and r.json()["lines"][0]["kind"] == "charge"
    with runtime.db.transaction() as s:
        actions = set(s.scalars(sa.text(
            "SELECT action FROM audit_log a JOIN taxpayers t ON t.id = a.taxpayer_id WHERE t.tin = :tin"), {"tin": tin}))
    assert {"ledger.charge", "ledger.balance.read", "ledger.statement.read"} <= actions
    assert client.get(f"{API}/officer/taxpayers/{tin}/balance", headers=taxpayer.headers).status_code == 403
    assert client.get(f"{API}/officer/taxpayers/{new_tin()}/balance", headers=officer.headers).status_code == 404


@pytest.mark.parametrize("params", [{"as_of": "2025-3-1"}, {"as_of": "yesterday"}, {"as_of": "0001-01-01"}])
def test_balance_bad_dates(client, taxpayer, params):
    r = client.get(f"{API}/me/balance", headers=taxpayer.headers, params=params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"


def test_statement_refusals(client, taxpayer):
    r = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"tax": "road_tax"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "UNKNOWN_TAX"
    r = client.get(f"{API}/me/statement", headers=taxpayer.headers, params={"from": "2025-03-10", "to": "2025-03-01"})
    assert r.status_code == 422


def test_reversal_of_a_returned_payment(client, officer, taxpayer):
    # TC art. 60(2)(3): a payment the bank returned fulfils nothing; the reversal cancels it as of
    # its own value date and the туум is as if it never came.
    tin = taxpayer.login
    assess(client, officer, tin, "1000.00", "2025-03-03", tax="sales_tax", period="2025-02")
    bank = ref("bank")
    pay(client, officer, (bank, tin, "sales_tax", "1000.00", "2025-03-03"))
    assert balance(client, taxpayer)["total_due"] == "0.00"
    payment_id = _posting_id(client, officer, tin, bank)
    r = client.post(f"{API}/officer/postings/{payment_id}/reversal", headers=officer.headers, json={"reason": "returned by the bank"})
    assert r.status_code == 201
    again = client.post(f"{API}/officer/postings/{payment_id}/reversal", headers=officer.headers, json={"reason": "returned by the bank"})
    assert again.json() == r.json()
    # 4 .. 14 Mar: 1,000 x 0.09% x 11 = 9.90
    assert tax_row(balance(client, taxpayer), "sales_tax")["total_due"] == "1009.90"
    assert client.get(f"{API}/me/payments", headers=taxpayer.headers).json()["payments"][0]["reversed"] is True
    r = client.post(f"{API}/officer/postings/{r.json()['id']}/reversal", headers=officer.headers, json={"reason": "x"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "NOT_REVERSIBLE"
    r = client.post(f"{API}/officer/postings/99999999999/reversal", headers=officer.headers, json={"reason": "x"})
    assert r.status_code == 404


def _posting_id(client, officer, tin, bank_reference):
    lines = client.get(f"{API}/officer/taxpayers/{tin}/statement", headers=officer.headers).json()["lines"]
    return next(ln["posting_id"] for ln in lines if ln["kind"] == "payment" and bank_reference in ln["text"])


def test_statement_explains_itself_in_the_users_language(client, officer, taxpayer):
    # "Why this number?" over the API (the mobile app): the same line in ky, ru and en, with the
    # canonical citation kept for machines. TC art. 71(6): 1,000 x 0.09% x 11 days = 9.90.
    tin = taxpayer.login
    assess(client, officer, tin, "1000.00", "2025-03-03", tax="sales_tax", period="2025-02")
    lines, charge = {}, None
    for lang in ("ky", "ru", "en"):
        r = client.get(f"{API}/me/statement", params={"to": "2025-03-14"}, headers=taxpayer.headers | {"Accept-Language": lang})
        charge = next(ln for ln in r.json()["lines"] if ln["kind"] == "charge")
        lines[lang] = next(ln for ln in r.json()["lines"] if ln["kind"] == "late_interest")
    assert {ln["citation"] for ln in lines.values()} == {"TC art. 71(6)"}
    assert lines["ky"]["citation_text"] == "СК 71-бер. 6-б." and lines["ru"]["citation_text"] == "НК ст. 71 ч. 6"
    n = charge["posting_id"]
    # dates DD.MM.YYYY, money with the language's separators and сом (Babel), the words from the catalogs
    assert lines["en"]["text"] == f"04.03.2025 – 14.03.2025, charge #{n}: 1,000.00 som × 0.09% × 11 days"
    assert lines["ru"]["text"] == f"04.03.2025 – 14.03.2025, начисление №{n}: 1\u00a0000,00 сом × 0,09% × 11 дн."
    assert lines["ky"]["text"] == f"04.03.2025 – 14.03.2025, #{n} эсептөө: 1\u00a0000,00 сом × 0,09% × 11 күн"
    # the same explanation as data, for clients that render it themselves
    assert lines["ru"]["msgid"] == "{start} – {end}, charge #{id}: {balance} × {rate}% × {days} days"
    assert lines["ru"]["parameters"] == {"start": "2025-03-04", "end": "2025-03-14", "id": int(n), "balance": "1000.00", "rate": "0.09", "days": 11}
    assert lines["ky"]["amount"] == "9.90"
