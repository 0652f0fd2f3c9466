"""The ledger's web pages with TestClient: balance with "as of", the explained statement, payments,
refund and deferral applications (taxpayer); the account view, bank-file upload and decisions
(officer); CSRF, role separation, a taxpayer sees only their own data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from conftest import new_tin
from salyk.api.app import create_app
from salyk.ledger.charges import post_charge
from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, post_form, web_login


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def charge(rt, tin, amount, due, tax="vat", period="2024-01"):
    from salyk.registry.taxpayers import find

    with rt.db.transaction() as s:
        tp = find(s, tin).id
        post_charge(s, taxpayer_id=tp, tax=tax, amount=amount, due_date=due, period=period, source="test",
                    reference=f"web-{tin}-{amount}-{due}", recorded_at=rt.now(), citation="TC art. 82")


def upload(web, csv_text: str):
    page = web.get("/officer/ledger/upload")
    return web.post("/officer/ledger/upload", data={"csrf": csrf_of(page.text)}, files={"file": ("bank.csv", csv_text.encode(), "text/csv")})


def test_officer_upload_then_taxpayer_sees_payment_and_balance(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    charge(runtime, tin, 10000, dt.date(2024, 3, 1))  # VAT 10,000 due Fri 1 Mar 2024
    officer, password = make_officer(runtime)
    web_login(web, officer, password)
    r = upload(web, f"bank_reference,tin,tax,amount,paid_on\nweb-{tin}-1,{tin},vat,4000.00,2024-03-11\nweb-{tin}-2,{new_tin()},vat,1.00,2024-03-11\n")
    assert r.status_code == 200 and "Кабыл алынды: 1" in r.text and "Бул ИСН менен салык төлөөчү катталган эмес." in r.text
    assert "TAXPAYER_NOT_FOUND" not in r.text  # codes stay in the API; a person reads the message
    r = upload(web, f"bank_reference,tin,tax,amount,paid_on\nweb-{tin}-1,{tin},vat,4000.00,2024-03-11\n")
    assert "Дубликаттар: 1" in r.text
    assert upload(web, "nonsense\n1,2\n").status_code == 422
    # the officer's view of the account (audited)
    r = web.get("/officer/ledger", params={"tin": tin, "as_of": "2024-03-11"})
    assert r.status_code == 200 and "6\u00a0000,00 сом" in r.text and f"web-{tin}-1" in r.text
    web.post("/logout", data={"csrf": csrf_of(r.text)})

    web_login(web, tin, PASSWORD)
    # 10 days late (2..11 Mar): 10,000 x 0.09% x 10 = 90; then 4,000 pays tax: arrears 6,000
    r = web.get("/balance", params={"as_of": "2024-03-11"})
    assert r.status_code == 200
    assert re.search('class="arrears">6\u00a0000,00 сом<', r.text) and re.search('class="late-interest">90,00 сом<', r.text)
    assert re.search('class="total-due">6\u00a0090,00 сом<', r.text)
    r = web.get("/statement", params={"tax": "vat", "to": "2024-03-11"})
    assert "СК 71-бер. 6-б." in r.text and "СК 61-бер." in r.text and "Көчүрмө" in r.text and "күн" in r.text
    r = web.get("/payments")
    assert f"web-{tin}-1" in r.text and "4\u00a0000,00 сом" in r.text
    # another taxpayer sees none of it
    other = make_taxpayer(runtime, new_tin(), accept=True)
    with TestClient(create_app(runtime), base_url="http://testserver") as c2:
        web_login(c2, other, PASSWORD)
        assert f"web-{tin}-1" not in c2.get("/payments").text
        assert "6000.00" not in c2.get("/balance", params={"as_of": "2024-03-11"}).text
        assert c2.get("/officer/ledger", params={"tin": tin}).status_code == 403


def test_refund_and_deferral_applications_and_decisions(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    officer, password = make_officer(runtime)
    today = runtime.today()
    paid = (today - dt.timedelta(days=20)).isoformat()
    web_login(web, officer, password)
    upload(web, f"bank_reference,tin,tax,amount,paid_on\nwr-{tin},{tin},land_tax,700.00,{paid}\n")
    web.post("/logout", data={"csrf": csrf_of(web.get("/officer").text)})
    charge(runtime, tin, 50000, today - dt.timedelta(days=10), period="2024-02")

    web_login(web, tin, PASSWORD, headers={"Accept-Language": "ru"})
    web.cookies.set("lang", "ru")
    r = web.get("/refunds")
    assert "Возврат или зачёт переплаты" in r.text
    # the land-tax overpayment was offset against the VAT arrears automatically (TC art. 81(2)):
    # nothing left to refund
    r = post_form(web, "/refunds", {"kind": "refund", "tax": "land_tax", "amount": "700.00"})
    assert r.status_code == 422 and "Сумма больше переплаты" in r.text
    assert "Автоматические зачёты" in r.text and "НК ст. 81 ч. 2 п. 2" in r.text
    r = post_form(web, "/deferrals", {"tax": "vat", "amount": "40000.00", "ground": "financial_position", "start": today.isoformat(),
                                      "end": (today + dt.timedelta(days=90)).isoformat(), "bank_guarantee": "yes"})
    assert r.status_code == 201 and "Заявление принято." in r.text and "Налоговый орган" in r.text
    # with no schedule given, the whole amount falls due on the plan's last day (one instalment)
    end = (today + dt.timedelta(days=90)).strftime("%d.%m.%Y")  # dates as people write them
    assert f"Платежи по графику: {end} — 40\u00a0000,00 сом" in r.text
    r = post_form(web, "/deferrals", {"tax": "vat", "amount": "40000.00", "ground": "financial_position", "start": today.isoformat(),
                                      "end": (today + dt.timedelta(days=90)).isoformat()})
    assert r.status_code == 422  # no bank guarantee (TC art. 76(5))
    assert web.post("/deferrals", data={"tax": "vat"}).status_code == 403  # no CSRF token
    web.post("/logout", data={"csrf": csrf_of(web.get("/deferrals").text)})

    web_login(web, officer, password)
    page = web.get("/officer/ledger/deferrals")
    assert tin in page.text
    app_id = re.search(r'name="id" value="(\d+)"', page.text).group(1)
    r = web.post("/officer/ledger/deferrals", data={"csrf": csrf_of(page.text), "id": app_id, "action": "grant", "confirmed": "yes"})
    assert r.status_code == 200 and "Отсрочка предоставлена." in r.text
    granted = web.get("/officer/ledger/deferrals", params={"status": "granted"}).text
    assert "Предоставлено" in granted
    assert f"Платежи по графику: {end} — 40\u00a0000,00 сом (срок не наступил)" in granted
    r = web.get("/officer/ledger/refunds")
    assert r.status_code == 200


def test_bad_input_is_answered_on_the_page_never_500(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    web_login(web, tin, PASSWORD)
    r = web.get("/balance", params={"as_of": "2024/12/31"})
    assert r.status_code == 200 and 'role="alert"' in r.text and "КК.АА.ЖЖЖЖ" in r.text
    r = web.get("/balance", params={"as_of": "31.12.2024"})  # as people write it: accepted
    assert r.status_code == 200 and 'role="alert"' not in r.text
    assert web.get("/balance", params={"as_of": "9999-01-01"}).status_code == 200
    assert web.get("/statement", params={"tax": "nope"}).status_code == 422
    assert web.get("/statement", params={"from": "2024-05-01", "to": "2024-01-01"}).status_code == 422
    for amount in ("", "abc", "-5", "1e9", "0", "1.234"):
        r = post_form(web, "/refunds", {"kind": "refund", "tax": "vat", "amount": amount})
        assert r.status_code == 422 and 'role="alert"' in r.text, amount
    r = post_form(web, "/refunds", {"kind": "gift", "tax": "vat", "amount": "1.00"})
    assert r.status_code == 422
    r = post_form(web, "/deferrals", {"tax": "vat", "amount": "1.00", "ground": "financial_position", "start": "x", "end": ""})
    assert r.status_code == 422 and 'role="alert"' in r.text
    assert web.get("/officer/ledger/upload").status_code == 403
    web.post("/logout", data={"csrf": csrf_of(web.get("/balance").text)})
    officer, password = make_officer(runtime)
    web_login(web, officer, password)
    assert web.get("/officer/ledger", params={"tin": "abc"}).status_code == 200
    assert web.get("/officer/ledger", params={"tin": "12345"}).status_code == 422
    assert web.get("/officer/ledger", params={"tin": new_tin()}).status_code == 404
    page = web.get("/officer/ledger/upload")
    assert web.post("/officer/ledger/upload", data={"csrf": csrf_of(page.text)}).status_code == 422  # no file
    assert web.post("/officer/ledger/upload", files={"file": ("a.csv", b"x", "text/csv")}).status_code == 403  # no CSRF
    r = web.post("/officer/ledger/upload", data={"csrf": csrf_of(page.text)}, files={"file": ("a.csv", b"\xff\xfe\x00bad", "text/csv")})
    assert r.status_code == 422
    r = web.post("/officer/ledger/refunds", data={"csrf": csrf_of(web.get("/officer/ledger/refunds").text), "id": "999999", "action": "approve"})
    assert r.status_code == 404
    r = web.post("/officer/ledger/deferrals", data={"csrf": csrf_of(web.get("/officer/ledger/deferrals").text), "id": "x", "action": "dance"})
    assert r.status_code == 422
    assert web.get("/officer/ledger/refunds", params={"status": "<script>"}).status_code == 200


def test_every_statement_explanation_is_translated():
    """Each kind of statement line (salyk.ledger.derive) has its ky and ru wording on the pages."""
    from decimal import Decimal

    from salyk.ledger.derive import derive
    from salyk.ledger.postings import Entry
    from salyk.kernel.i18n import catalog
    from salyk.ledger.wording import cite, describe

    at = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
    d = dt.date

    def e(i, kind, tax, amount, day, **kw):
        return Entry(id=i, kind=kind, tax=tax, amount=Decimal(amount), value_date=day, recorded_at=at, citation="TC art. 61",
                     reference=f"r{i}", **kw)

    entries = [
        e(1, "charge", "vat", "1000", d(2024, 3, 1), period="2024-01", due_date=d(2024, 3, 1)),
        e(2, "sanction", "vat", "100", d(2024, 3, 1), period="2024-01", due_date=d(2024, 3, 1)),
        e(3, "payment", "vat", "500", d(2024, 3, 11)),
        e(4, "charge", "vat", "-200", d(2024, 3, 12), period="2024-01", due_date=d(2024, 3, 12)),
        e(5, "charge", "land_tax", "300", d(2024, 3, 1), period="2024", due_date=d(2024, 3, 1)),
        e(6, "payment", "profit_tax", "5000", d(2024, 3, 15)),
        e(7, "charge", "land_tax", "50", d(2024, 3, 16), period="2024", due_date=d(2024, 5, 2)),
        e(8, "offset", "profit_tax", "100", d(2024, 3, 16), details={"to_tax": "land_tax"}),
        e(9, "refund", "profit_tax", "9000", d(2024, 3, 18)),
        e(10, "charge", "income_tax", "100", d(2024, 3, 1), period="2024-02", due_date=d(2024, 3, 1)),
        e(11, "write_off", "income_tax", "0", d(2024, 3, 20), details={"items": [10]}),
        e(12, "interest_exclusion", "income_tax", "0", d(2024, 3, 5), end_date=d(2024, 3, 8), details={"ground": "deferral"}),
        e(13, "charge", "sales_tax", "10", d(2024, 2, 21), period="2024-02", due_date=d(2024, 4, 20)),
        e(14, "payment", "sales_tax", "20", d(2024, 2, 20)),
    ]
    position = derive(entries, d(2024, 6, 1), explain=True)
    lines = [ln for p in position.taxes.values() for ln in p.lines]
    kinds = {ln.kind for ln in lines}
    assert {"charge", "sanction", "payment", "allocation", "late_interest", "reduction", "overpayment", "offset", "offset_applied",
            "refund", "write_off", "credit"} <= kinds, kinds
    for ln in lines:
        for lang in ("ky", "ru"):
            # the line is data (msgid + parameters), its words come from the catalog: no English word survives
            assert ln.msgid in catalog(lang), (lang, ln.kind, ln.msgid)
            text = describe(ln.msgid, ln.params, lang)
            assert not re.search(r"[A-Za-z]{2,}", text.replace(str(ln.params.get("ref")), "")), (lang, ln.kind, text)
    assert cite("TC art. 81(2)(3)", "ky") == "СК 81-бер. 2-б. 3-п."
    assert cite("TC art. 81(2)(3)", "ru") == "НК ст. 81 ч. 2 п. 3"
    assert cite("TC art. 61", "ru") == "НК ст. 61"


def test_officer_writes_off_time_barred_debt_on_the_account_page(web, runtime):
    # TC art. 68(2): VAT 2016-01 (limitation ended 31 Jan 2022) is written off with its туум (capped
    # at 100 %, 71(4)): 500 + 500 = 1,000.
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    charge(runtime, tin, 500, dt.date(2016, 2, 22), period="2016-01")
    officer, password = make_officer(runtime)
    web_login(web, officer, password)
    page = web.get("/officer/ledger", params={"tin": tin})
    item = re.search(r'name="items" value="(\d+)"', page.text).group(1)
    form = {"csrf": csrf_of(page.text), "tin": tin, "tax": "vat", "ground": "limitation", "act_reference": "act 7, 1 Mar 2024",
            "evidence": "limitation period ended 31 Jan 2022"}
    r = web.post("/officer/ledger/write-off", data=form | {"items": [item]})
    # the confirm step: what will be written off, and from whom; nothing is written yet
    assert r.status_code == 200 and 'name="confirmed" value="yes"' in r.text and "Бул карыздарды эсептен чыгарасызбы?" in r.text
    # extinguished by limitation on 01.02.2022 (68(2)): 500 and its туум 500 (capped at 100 %, 71(4)) are what ends
    assert f"№ {item} · 1\u00a0000,00 сом" in r.text and tin in r.text
    r = web.post("/officer/ledger/write-off", data=form | {"items": [item], "confirmed": "yes"})
    assert r.status_code == 200, r.text  # after the redirect: the account, with the success message
    assert "Карыз эсептен чыгарылды: чечим" in r.text and re.search('class="total-due">0,00 сом<', r.text)
    assert "<strong>1\u00a0000,00 сом</strong>" in r.text  # 500 + its туум 500 (capped at 100 %, TC art. 71(4))
    assert f'name="items" value="{item}"' not in r.text  # paid off: no longer offered
    r = web.post("/officer/ledger/write-off", data=form | {"items": [item], "act_reference": "act 8", "confirmed": "yes"})
    assert r.status_code == 409 and 'role="alert"' in r.text, re.sub(r"(?s).*<main>|</main>.*", "", r.text)  # nothing left
    r = web.post("/officer/ledger/write-off", data={k: v for k, v in form.items() if k != "csrf"} | {"items": [item]})
    assert r.status_code == 403


def test_officer_approves_a_refund_and_marks_it_paid(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    officer, password = make_officer(runtime)
    today = runtime.today()
    web_login(web, officer, password)
    upload(web, f"bank_reference,tin,tax,amount,paid_on\nrf-{tin},{tin},land_tax,300.00,{(today - dt.timedelta(days=3)).isoformat()}\n")
    web.post("/logout", data={"csrf": csrf_of(web.get("/officer").text)})
    web_login(web, tin, PASSWORD)
    r = post_form(web, "/refunds", {"kind": "refund", "tax": "land_tax", "amount": "300.00"})
    assert r.status_code == 201
    key = re.search(r'name="client_reference" value="([0-9a-f]+)"', web.get("/refunds").text).group(1)
    web.post("/logout", data={"csrf": csrf_of(web.get("/refunds").text)})
    web_login(web, officer, password)
    page = web.get("/officer/ledger/refunds")
    app_id = re.search(r'name="id" value="(\d+)"', page.text).group(1)
    r = web.post("/officer/ledger/refunds", data={"csrf": csrf_of(page.text), "id": app_id, "action": "approve"})
    assert r.status_code == 200 and "Одобрить это заявление?" in r.text or "Бул арызды жактырасызбы?" in r.text
    r = web.post("/officer/ledger/refunds", data={"csrf": csrf_of(page.text), "id": app_id, "action": "approve", "confirmed": "yes"})
    assert r.status_code == 200 and 'role="status"' in r.text
    page = web.get("/officer/ledger/refunds", params={"status": "approved"})
    assert tin in page.text
    r = web.post("/officer/ledger/refunds", data={"csrf": csrf_of(page.text), "id": app_id, "action": "paid", "paid_on": today.isoformat()})
    assert r.status_code == 200 and 'role="alert"' not in r.text
    assert tin in web.get("/officer/ledger/refunds", params={"status": "paid"}).text
    assert key  # every form carries its own one-time key
