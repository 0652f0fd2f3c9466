"""Playwright journey (issue 14) in Debian's Chromium at a phone's viewport, three taxpayers in
three browser sessions: the shipper fills the waybill form (adding a goods row in the page) and
signs it with the PIN, the carrier accepts and hands over, the consignee receives with a
discrepancy; the public check (no login) shows each state."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from browser_support import fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin
from web_support import PASSWORD, make_taxpayer

pytestmark = pytest.mark.browser

PIN = "4917"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('waybill-browser'), dt.date(2025, 10, 5)) as (rt, base, _):
        yield rt, base


def _taxpayer(rt, name: str) -> str:
    return make_taxpayer(rt, new_tin("organization"), name=name, address="Бишкек", accept=True, kind="organization")


def _session(browser, base, tin):
    context = phone_context(browser)
    page = context.new_page()
    log_in(page, base, tin, PASSWORD)
    page.wait_for_url(base + "/")
    page.goto(base + "/declarations/signature")
    page.locator("#pin").fill(PIN)
    page.locator("#pin_again").fill(PIN)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(base + "/declarations")
    return context, page


def _sign(page, action: str, **fields) -> None:
    form = page.locator(f'form.act[data-action="{action}"]')
    for name, value in fields.items():
        if name == "result":
            form.locator("select[name=result]").select_option(value)
        else:
            form.locator(f'[name="{name}"]').fill(value)
    form.locator("input[name=pin]").fill(PIN)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_three_taxpayers_shipper_carrier_consignee(browser, server):
    rt, base = server
    shipper_tin, carrier_tin, consignee_tin = (_taxpayer(rt, n) for n in ("Жөнөтүүчү ЖЧК", "Ташуучу ЖЧК", "Алуучу ЖЧК"))
    contexts = []
    try:
        shipper_ctx, shipper = _session(browser, base, shipper_tin)
        carrier_ctx, carrier = _session(browser, base, carrier_tin)
        consignee_ctx, consignee = _session(browser, base, consignee_tin)
        contexts += [shipper_ctx, carrier_ctx, consignee_ctx]
        public_ctx = phone_context(browser)
        contexts.append(public_ctx)
        public = public_ctx.new_page()

        def public_status(number):
            public.goto(f"{base}/waybills/check/{number}")
            return public.locator("#status").get_attribute("data-status")

        # The shipper fills the form; the fuel line carries its volume; one row is added in the page.
        shipper.goto(base + "/waybills/new")
        for field, value in {"carrier_tin": carrier_tin, "consignee_tin": consignee_tin, "loading_address": "Бишкек, Ибраимова 1",
                             "loading_rayon": "41711", "unloading_address": "Ош, Ленина 5", "unloading_rayon": "41721",
                             "planned_loading_on": "2025-10-05", "distance_km": "680", "plate": "01KG123ABC",
                             "driver_pin": "21505199000123", "driver_name": "Асан Усонов",
                             "line-0-name": "Дизель отуну", "line-0-tnved": "2710194200", "line-0-unit": "кг", "line-0-quantity": "1000",
                             "line-0-price": "60.00", "line-0-volume_l": "1190"}.items():
            shipper.locator(f"#{field}").fill(value)
        shipper.locator("#add-line").click()
        assert shipper.locator(".waybill-form .line").count() == 4
        for field, value in {"name": "Ун", "tnved": "1101001500", "unit": "кг", "quantity": "2.5", "price": "30.00"}.items():
            shipper.locator(f"#line-3-{field}").fill(value)
        assert fits_the_phone(shipper)
        shot(shipper, "waybills-1-form")
        shipper.locator("form.waybill-form button[type=submit]").click()
        shipper.wait_for_url(re.compile(r".*/waybills/[0-9a-f-]{36}$"))
        shown = re.sub(r"[\u00a0\u202f]", " ", shipper.content().replace("&nbsp;", " "))
        assert "60 000,00 сом" in shown and "75,00 сом" in shown  # 1000 × 60.00; 2.5 × 30.00
        _sign(shipper, "issue")
        number = re.search(r"ЭТТК-2025-[0-9]{9}", shipper.content()).group(0)
        assert shipper.locator("#status").get_attribute("data-status") == "issued"
        assert fits_the_phone(shipper)
        shot(shipper, "waybills-2-issued")
        assert public_status(number) == "issued"
        assert "60.00" not in public.content()  # no prices in the public check

        # The carrier finds it among its documents, accepts, then hands over.
        carrier.goto(base + "/waybills?role=carrier")
        carrier.locator("article.waybill a").first.click()
        _sign(carrier, "carrier-acceptance")
        assert carrier.locator("#status").get_attribute("data-status") == "in_transit"
        assert public_status(number) == "in_transit"
        _sign(carrier, "delivery")
        assert public_status(number) == "delivered"

        # The consignee receives 980 kg of the diesel.
        consignee.goto(base + "/waybills?role=consignee")
        consignee.locator("article.waybill a").first.click()
        _sign(consignee, "receipt", result="received_with_discrepancy", **{"actual-0-quantity": "980", "actual-0-amount": "58800.00"})
        assert consignee.locator("#status").get_attribute("data-status") == "received_with_discrepancy"
        assert consignee.locator("ol.events li").count() == 4
        shot(consignee, "waybills-3-received")
        assert public_status(number) == "received_with_discrepancy"
        shot(public, "waybills-4-public-check")
    finally:
        for c in contexts:
            c.close()
