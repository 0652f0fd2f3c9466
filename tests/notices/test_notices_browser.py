"""The notices journey in the real Chromium at a phone's viewport: an officer issues an assessment
decision; the taxpayer sees the bell, opens the notice and the decision (delivered by opening),
appeals with the signing PIN; the officer decides the appeal partly satisfied and the taxpayer's
balance changes accordingly (TC art. 83, 147, 150, 151(4))."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from browser_support import chromium, fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin
from notices_support import run_worker
from salyk.kernel.principal import TaxpayerPrincipal
from web_support import PASSWORD, make_officer, make_taxpayer

pytestmark = pytest.mark.browser
PIN = "482915"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('notices-browser'), None) as (rt, base, _):
        yield base, rt


def login(page, base, name, password):
    log_in(page, base, name, password)
    page.wait_for_load_state()


def test_decision_bell_appeal_with_pin_and_partly_satisfied(served):
    from salyk.declarations import certificates
    from salyk.registry.taxpayers import find

    base, rt = served
    tin = make_taxpayer(rt, new_tin(), accept=True)
    with rt.db.transaction() as session:
        taxpayer_id = find(session, tin).id
    certificates.enrol(rt, TaxpayerPrincipal(tin, taxpayer_id), PIN)  # the cloud signature, set up earlier
    officer_name, officer_password = make_officer(rt)
    deadline = rt.today() + dt.timedelta(days=20)

    with chromium() as browser:
        octx, officer = phone_context(browser), None
        officer = octx.new_page()
        login(officer, base, officer_name, officer_password)
        officer.goto(base + "/officer/decisions")
        officer.locator("#tin").fill(tin)
        officer.locator("#type").select_option("assessment")
        officer.locator("#ground").fill(f"Desk audit act {uuid.uuid4().hex[:6]}")
        officer.locator("#decision").fill("VAT for 2024 is assessed.")
        officer.locator("#tax").fill("vat")
        officer.locator("#period").fill("2024")
        officer.locator("#amount").fill("10000.00")
        officer.locator("#deadline").fill(deadline.isoformat())
        officer.locator("form.form button[type=submit]").click()
        number = officer.locator(".issued-number").inner_text()
        assert number.startswith("TD-")
        shot(officer, "notices-1-officer-issued")
        run_worker(rt)  # the notice reaches the inbox

        tctx = phone_context(browser)
        page = tctx.new_page()
        login(page, base, tin, PASSWORD)
        page.goto(base + "/")
        assert page.locator(".bell-count").inner_text() == "1"
        assert fits_the_phone(page)
        shot(page, "notices-2-bell")
        page.locator("a.bell").click()
        page.locator(".notice-item a").first.click()
        page.locator("a.open-related").click()
        assert page.locator(".delivered").inner_text().strip() != ""  # opened = delivered (TC art. 83)
        shot(page, "notices-3-decision-opened")
        page.locator("#grounds").fill("One invoice was counted twice.")
        page.locator("#requested").select_option("change")
        page.locator("#amount_disputed").fill("10000.00")
        page.locator("#pin").fill(PIN)
        page.locator("form.form button[type=submit]").click()
        page.locator('.status[data-status="under_review"]').wait_for()
        assert fits_the_phone(page)
        shot(page, "notices-4-appeal-filed")

        officer.goto(base + "/officer/decisions")
        officer.locator('ul.appeals a[href^="/officer/appeals/"]').first.click()  # the first link is the taxpayer's card
        officer.locator("#outcome").select_option("partly_satisfied")
        officer.locator("#upheld_amount").fill("6000.00")
        officer.locator("#reasons").fill("One of the invoices was counted twice.")
        officer.locator("form.form button[type=submit]").click()
        officer.locator("section.confirm form button[type=submit]").click()  # the confirm step of every decision
        officer.locator('.status[data-status="partly_satisfied"]').wait_for()
        shot(officer, "notices-5-officer-decided")

        page.goto(base + "/balance")
        vat = page.locator('li.tax[data-tax="vat"]')
        # 10,000.00 assessed, 6,000.00 upheld: 6,000.00 stays charged, due on the deadline (TC art. 151(4)).
        assert vat.locator(".not-yet-due").inner_text().strip() .replace("\xa0", " ") == "6 000,00 сом"  # the balance page writes money for people (issue 11)
        shot(page, "notices-6-balance")
        octx.close()
        tctx.close()
