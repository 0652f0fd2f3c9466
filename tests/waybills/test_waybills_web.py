"""The waybill pages (issue 14): three taxpayers in three browsers-without-a-browser: the shipper
fills the form with goods rows and signs with the PIN, the carrier accepts and hands over, the
consignee receives with a discrepancy; the public check page and the PDF printout with its QR."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

from conftest import register_taxpayer
from salyk.api.app import create_app
from waybills_fixtures import clock, wclient, wofficer, wrt  # noqa: F401  (fixtures)

CSRF = re.compile(r'name="csrf" value="([0-9a-f]*)"')


def browser(wrt, account):
    web = TestClient(create_app(wrt), base_url="http://testserver")
    page = web.get("/login")
    r = web.post("/login", data={"login": account.login, "password": account.password, "csrf": CSRF.search(page.text).group(1)}, follow_redirects=False)
    assert r.status_code == 303
    assert post(web, "/declarations/signature", {"pin": "4917", "pin_again": "4917"}).status_code == 303
    return web


def post(web, path, data, form_page=None):
    page = web.get(form_page or path)
    return web.post(path, data={**data, "csrf": CSRF.search(page.text).group(1)}, follow_redirects=False)


def sign(web, wid, action, **fields):
    return post(web, "/waybills/act", {"waybill_id": wid, "action": action, "pin": "4917", **fields}, form_page=f"/waybills/{wid}")


def test_three_taxpayers_through_the_pages(wrt, wclient, wofficer):
    accounts = [register_taxpayer(wclient, wofficer, kind="organization", name=n) for n in ("Shipper LLC", "Carrier LLC", "Consignee LLC")]
    shipper, carrier, consignee = (browser(wrt, a) for a in accounts)
    form = {
        "client_id": str(uuid.uuid4()),
        "kind": "sale", "carrier_tin": accounts[1].login, "consignee_tin": accounts[2].login,
        "loading_address": "Bishkek", "loading_rayon": "41711", "unloading_address": "Osh", "unloading_rayon": "41721",
        "planned_loading_on": "2025-10-05", "distance_km": "680", "plate": "01KG123ABC", "driver_pin": "21505199000123", "driver_name": "Asan",
        "line-0-name": "Diesel", "line-0-tnved": "2710194200", "line-0-unit": "kg", "line-0-quantity": "1000", "line-0-price": "60.00",
        "line-0-volume_l": "1190",
        # a row added in the page (index 3 > the 3 rows shown), and one removed
        "line-3-name": "Flour", "line-3-tnved": "1101001500", "line-3-unit": "kg", "line-3-quantity": "2.5", "line-3-price": "30.00",
        "line-1-name": "Sugar", "line-1-tnved": "1701999000", "line-1-unit": "kg", "line-1-quantity": "1", "line-1-price": "1.00", "line-1-removed": "1",
    }
    # Without the fuel's volume: CATEGORY_FIELDS_REQUIRED shown on the form, in Kyrgyz, values kept.
    r = post(shipper, "/waybills/new", {**form, "line-0-volume_l": ""})
    assert r.status_code == 422 and "1-сап (күйүүчү май) «Көлөмү, литр» талаасын камтышы керек." in r.text and 'value="Diesel"' in r.text
    r = post(shipper, "/waybills/new", form)
    assert r.status_code == 303, r.text
    wid = r.headers["location"].rsplit("/", 1)[1]
    page = shipper.get(f"/waybills/{wid}")
    # amount = quantity × price: 1000 × 60.00 = 60 000,00 сом; 2.5 × 30.00 = 75,00 сом; the removed row is gone.
    shown = re.sub(r"[\u00a0\u202f]", " ", page.text)
    assert "60 000,00 сом" in shown and "75,00 сом" in shown and "Sugar" not in page.text
    assert 'data-action="issue"' in page.text
    assert sign(shipper, wid, "issue").status_code == 303
    page = shipper.get(f"/waybills/{wid}")
    number = re.search(r"ЭТТК-2025-[0-9]{9}", page.text).group(0)
    # 680 km: ceil(680/200) = 4 days from 5 October -> 9 October 23:59.
    assert "09.10.2025 23:59" in page.text
    check = wclient.get(f"/waybills/check/{number}")
    assert check.status_code == 200 and 'data-status="issued"' in check.text and "60.00" not in check.text
    assert "09.10.2025 23:59" in check.text  # valid_until, formatted by the page from the datetime
    pdf = shipper.get(f"/waybills/{wid}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The carrier sees it among its documents, accepts and hands over.
    assert wid in carrier.get("/waybills?role=carrier").text
    wrong = sign(carrier, wid, "carrier-acceptance", pin="1111")
    assert wrong.status_code == 422
    assert sign(carrier, wid, "carrier-acceptance").status_code == 303
    assert 'data-status="in_transit"' in wclient.get(f"/waybills/check/{number}").text
    assert sign(carrier, wid, "delivery").status_code == 303
    assert 'data-status="delivered"' in wclient.get(f"/waybills/check/{number}").text
    # The consignee receives 980 kg of the diesel (58 800,00 сом) and all the flour.
    assert 'data-action="receipt"' in consignee.get(f"/waybills/{wid}").text
    r = sign(consignee, wid, "receipt", result="received_with_discrepancy", **{"actual-0-quantity": "980", "actual-0-amount": "58800.00"})
    assert r.status_code == 303, r.text
    page = consignee.get("/lang/ru?next=/waybills/" + wid)
    assert "Получено с расхождением" in page.text
    assert 'data-status="received_with_discrepancy"' in wclient.get(f"/waybills/check/{number}").text
    # Another taxpayer's waybill: 404.
    assert shipper.get("/waybills/00000000-0000-4000-8000-000000000000").status_code == 404




def test_officer_page_lists_and_records_an_inspection(wrt, wclient, wofficer):
    from waybills_fixtures import enrol, issued, Trio

    trio = Trio(enrol(wclient, wofficer, "S"), enrol(wclient, wofficer, "C"), enrol(wclient, wofficer, "R"))
    wid, number = issued(trio)
    web = TestClient(create_app(wrt), base_url="http://testserver")
    page = web.get("/login")
    assert web.post("/login", data={"login": wofficer.login, "password": "officer-pass-1234", "csrf": CSRF.search(page.text).group(1)},
                    follow_redirects=False).status_code == 303
    listing = web.get(f"/officer/waybills?tin={trio.shipper.tin}")
    assert listing.status_code == 200 and number in listing.text
    r = post(web, "/officer/waybills/inspections", {"number": number, "place": "Kara-Balta", "result": "ok", "note": ""}, form_page="/officer/waybills")
    assert r.status_code == 303
    assert trio.shipper.get(wid).json()["inspected"] is True
    # A taxpayer is not let in.
    taxpayer = browser(wrt, register_taxpayer(wclient, wofficer))
    assert taxpayer.get("/officer/waybills").status_code in (303, 403)
