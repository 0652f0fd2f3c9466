"""The e-patent journey in the real Chromium (Debian's) driven by Playwright at a phone's
viewport: a taxpayer finds the activity, sees the price explained and orders; an officer loads
the bank's payment file quoting the order's reference; the patent appears active in the
cabinet; its public check (the page the QR opens) shows it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser_support import chromium, fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_support import PASSWORD, make_officer, make_taxpayer  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('patents-browser'), None) as (rt, base, _):
        yield base, rt


def test_order_pay_active_and_public_check(served):
    base, rt = served
    tin = make_taxpayer(rt, new_tin(), name="Айгүл Асанова", accept=True)
    officer_login, officer_password = make_officer(rt)
    with chromium() as browser:
        context = phone_context(browser)
        page = context.new_page()
        log_in(page, base, tin, PASSWORD)
        page.goto(base + "/patents/catalogue")
        page.locator("#q").fill("Котормо")
        page.locator("form.form button[type=submit]").click()
        page.locator('a[data-code="S-63"]').click()
        page.locator("#term_days").select_option("30")
        page.locator("form.form button[type=submit]").first.click()
        amount = page.locator('[data-testid="amount"]').inner_text()
        assert amount == "2\u00a0000,00 сом"  # 30 days in Bishkek = B = 2000 (sample table, Res. 84 structure)
        assert fits_the_phone(page)
        shot(page, "patents-quote")
        page.locator('form[data-testid="order"] button').click()
        page.wait_for_load_state()
        assert page.locator('[data-testid="status"]').get_attribute("data-status") == "awaiting_payment"
        reference = page.locator('[data-testid="payment-reference"]').inner_text().strip()
        order_url = page.url
        assert fits_the_phone(page)
        shot(page, "patents-payment-details")

        officer_context = phone_context(browser)
        officer = officer_context.new_page()
        log_in(officer, base, officer_login, officer_password)
        officer.goto(base + "/officer/ledger/upload")
        today = rt.today().isoformat()
        csv_text = f"bank_reference,tin,tax,amount,paid_on,payment_reference\nbank-{reference},{tin},patent,2000.00,{today},{reference}\n"
        officer.locator("#file").set_input_files({"name": "bank.csv", "mimeType": "text/csv", "buffer": csv_text.encode()})
        officer.locator("form.form button[type=submit]").click()
        officer.wait_for_load_state()
        officer_context.close()

        page.goto(order_url)
        assert page.locator('[data-testid="status"]').get_attribute("data-status") == "active"
        number = page.locator('[data-testid="number"]').inner_text().strip()
        assert number.startswith(f"ПЭ-{rt.today().year}-")
        shot(page, "patents-active")
        page.goto(base + "/patents")
        assert page.locator('li[data-status="active"]').count() == 1

        check = context.new_page()
        check.goto(f"{base}/api/v1/public/patents/{number}?format=html")
        assert check.locator("[data-status]").get_attribute("data-status") == "active"
        assert number in check.locator('[data-field="number"]').inner_text()
        assert "2\u00a0000" not in check.content()  # no amounts in the public check (TC art. 54)
        assert fits_the_phone(check)
        shot(check, "patents-public-check")
        context.close()
