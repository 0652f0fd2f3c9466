"""The ledger journey in the real Chromium (Debian's /usr/bin/chromium) driven by Playwright, at a
phone's viewport: the demo individual sees the debt; an officer loads a bank payment file; the
taxpayer then sees the payment and the changed balance, and the explained statement.
Screenshots go to tests/artifacts/ (git-ignored).

One uvicorn server (in a thread, on a free port, over a fresh migrated SQLite database with the
demo data, ledger included) serves the module; the approach is that of test_web_browser.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from salyk import demo
from browser_support import fits_the_phone, log_in, served_app, phone_context, shot

pytestmark = pytest.mark.browser

PERSON = demo.DEMO_TAXPAYERS[0]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('web-ledger-browser'), None, demo.load) as (rt, base, _):
        yield base, rt


def new_page(browser):
    context = phone_context(browser)
    return context, context.new_page()


def money(text: str) -> Decimal:
    """ "3 105,93 сом" as the page writes it (Babel, ky/ru) back to a Decimal."""
    return Decimal(text.replace("сом", "").replace("\u00a0", "").replace(" ", "").replace(",", ".").strip())


def test_officer_loads_a_payment_file_and_the_taxpayer_sees_it(browser, base_url):
    base, rt = base_url
    today = rt.today()
    reference = f"PW-{today.isoformat()}-{PERSON.tin}"

    # 1. The taxpayer (ky) accepts the offer and opens "debt and overpayment" from the home screen.
    ctx, page = new_page(browser)
    try:
        log_in(page, base, PERSON.tin, PERSON.password)
        page.get_by_role("button", name="Кабыл алам").click()
        page.get_by_role("link", name="Карыз жана ашыкча төлөм").click()
        page.get_by_role("heading", name="Карыз жана ашыкча төлөм").wait_for()
        row = page.locator('li.tax[data-tax="property_tax"]')
        before_total, before_arrears = money(page.locator(".total-due").inner_text()), money(row.locator(".arrears").inner_text())
        assert before_arrears == Decimal("1200.00") and fits_the_phone(page)
        shot(page, "ledger-1-balance-before")

        # 2. An officer loads the bank file (another browser context: own cookies).
        octx, officer = new_page(browser)
        try:
            log_in(officer, base, *demo.DEMO_OFFICER)
            officer.goto(base + "/officer/ledger/upload")
            csv_text = f"bank_reference,tin,tax,amount,paid_on\n{reference},{PERSON.tin},property_tax,1000.00,{today.isoformat()}\n"
            officer.locator("#file").set_input_files({"name": "bank.csv", "mimeType": "text/csv", "buffer": csv_text.encode()})
            officer.get_by_role("button", name="Жүктөө").click()
            status = officer.get_by_role("status")
            status.wait_for()
            assert "Кабыл алынды: 1" in status.inner_text()
            assert fits_the_phone(officer)
            shot(officer, "ledger-2-officer-upload")
            officer.goto(base + f"/officer/ledger?tin={PERSON.tin}")
            assert reference in officer.locator("ul.payments").inner_text()
            shot(officer, "ledger-3-officer-account")
        finally:
            octx.close()

        # 3. The taxpayer sees the payment and the balance 1,000 lower (paid today: the туум
        # through today is unchanged, TC art. 61 puts the money on the arrears first).
        page.get_by_role("link", name="Төлөмдөр").first.click()
        payment = page.locator(f'li.payment[data-reference="{reference}"]')
        payment.wait_for()
        assert "1\u00a0000,00 сом" in payment.inner_text()
        shot(page, "ledger-4-payments")
        page.goto(base + "/balance")
        row = page.locator('li.tax[data-tax="property_tax"]')
        assert money(row.locator(".arrears").inner_text()) == before_arrears - 1000
        assert money(page.locator(".total-due").inner_text()) == before_total - 1000
        assert fits_the_phone(page)
        shot(page, "ledger-5-balance-after")

        # 4. "Why this number?": the statement, each line with its article.
        row.get_by_role("link", name="Бул сан эмнеден турат?").click()
        page.locator("ol.statement").wait_for()
        text = page.locator("ol.statement").inner_text()
        assert reference in text and "СК 71-бер. 6-б." in text and "СК 61-бер." in text and "банктык шилтеме" in text
        assert fits_the_phone(page)
        shot(page, "ledger-6-statement")
    finally:
        ctx.close()


def test_taxpayer_applies_for_a_deferral_and_the_officer_grants_it(browser, base_url):
    # The demo entrepreneur owes single tax (Q2 2025 arrears). Russian pages this time.
    base, rt = base_url
    person = demo.DEMO_TAXPAYERS[1]
    today = rt.today()
    ctx, page = new_page(browser)
    try:
        log_in(page, base, person.tin, person.password)
        page.get_by_role("link", name="Русский").click()
        page.get_by_role("button", name="Принимаю").click()
        page.goto(base + "/refunds")
        page.get_by_role("heading", name="Возврат или зачёт переплаты").wait_for()
        assert fits_the_phone(page)
        shot(page, "ledger-7-refunds-ru")
        page.goto(base + "/deferrals")
        page.locator("#tax").select_option("single_tax")
        page.locator("#amount").fill("1000.00")
        page.locator("#start").fill(today.isoformat())
        page.locator("#end").fill((today + dt.timedelta(days=92)).isoformat())
        page.locator("input[name=bank_guarantee]").check()
        page.get_by_role("button", name="Отправить заявление").click()
        page.get_by_role("status").wait_for()
        assert "Заявление принято." in page.get_by_role("status").inner_text()
        assert "Налоговый орган" in page.locator("ul.applications").inner_text()  # 1,000 <= 1,000,000 (TC art. 78)
        assert fits_the_phone(page)
        shot(page, "ledger-8-deferral-applied")

        octx, officer = new_page(browser)
        try:
            log_in(officer, base, *demo.DEMO_OFFICER)
            officer.goto(base + "/officer/ledger/deferrals")
            item = officer.locator("li.application", has_text=person.tin)
            item.get_by_role("button", name="Берүү").click()
            officer.locator("section.confirm form button[type=submit]").click()  # the confirm step of every decision
            officer.locator("h1").wait_for()
            officer.goto(base + "/officer/ledger/deferrals?status=granted")
            assert person.tin in officer.locator("ul.applications").inner_text()
            assert fits_the_phone(officer)
            shot(officer, "ledger-9-officer-granted")
        finally:
            octx.close()

        page.reload()  # sends the form again: the form's one-time key files nothing new
        page.get_by_role("status").wait_for()
        assert page.locator("li.application").count() == 1
        assert "Предоставлено" in page.locator("ul.applications").inner_text()
        shot(page, "ledger-10-deferral-granted")
    finally:
        ctx.close()
