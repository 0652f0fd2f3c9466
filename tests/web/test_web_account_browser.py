"""The account, menu and language switch in Debian's Chromium at 360 px (issue 11 items 5 and 7).

One journey for a demo taxpayer: the menu opens without script and reaches refunds; typing into
a form and switching ky → ru keeps the page, its query and the typed input; after a refused POST
the switch shows the page, not "Method not allowed"; the password is changed on /account, another
session ends, and the old password no longer logs in. Screenshots in tests/artifacts/.
"""

from __future__ import annotations

import pytest

from browser_support import fits_the_phone, log_in, served_app, phone_context, shot
from salyk import demo
from salyk.registry import accounts

pytestmark = pytest.mark.browser

NEW = "Tomorrow-2025-kg"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('account-browser'), None, demo.load) as (rt, base, _):
        yield rt, base


def test_menu_switch_and_password_journey_at_360(served, browser):
    rt, base = served
    taxpayer = demo.DEMO_TAXPAYERS[0]
    context = phone_context(browser)
    page = context.new_page()
    log_in(page, base, taxpayer.tin, taxpayer.password)
    if page.url.endswith("/offer"):
        page.locator("form button[type=submit]").last.click()
    page.wait_for_url(base + "/")

    # The menu: closed at first, opens with a tap (a <details>, no script needed), reaches refunds.
    refunds = page.locator("details.menu a[href='/refunds']")
    assert not refunds.is_visible()
    page.locator("details.menu > summary").click()
    assert refunds.is_visible() and fits_the_phone(page)
    shot(page, "account-1-menu-ky")
    refunds.click()
    page.wait_for_url(base + "/refunds")
    assert page.locator("details.menu a[href='/refunds']").get_attribute("aria-current") == "page"

    # Type into a form on a page with a query, switch ky -> ru: page, query and input are kept.
    page.goto(base + "/account?done=revoked")
    assert page.locator("html").get_attribute("lang") == "ky"
    page.locator("#current_password").fill("typed-secret-1")  # a password: never carried
    page.goto(base + "/refunds?from=menu")
    form = page.locator("form[action='/refunds']")
    form.locator("#kind").select_option("offset")
    form.locator("#to_tax").select_option("vat")
    form.locator("#amount").fill("1234.50")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(base + "/refunds?from=menu")
    assert page.locator("html").get_attribute("lang") == "ru"
    form = page.locator("form[action='/refunds']")
    assert form.locator("#kind").input_value() == "offset"
    assert form.locator("#to_tax").input_value() == "vat"
    assert form.locator("#amount").input_value() == "1234.50"
    assert fits_the_phone(page)
    shot(page, "account-2-switched-ru")

    # After a refused POST the switch shows the page (not 405).
    page.goto(base + "/account")
    page.locator("#current_password").fill("Not-my-pass-2024")
    page.locator("#new_password").fill(NEW)
    page.locator("#new_password_again").fill(NEW)
    page.locator("form[action='/account/password'] button[type=submit]").click()
    page.get_by_text("Текущий пароль неверен.").wait_for()
    assert page.url == base + "/account/password"
    page.get_by_role("link", name="Кыргызча").click()
    page.wait_for_url(base + "/account")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert "Method Not Allowed" not in page.content() and page.get_by_role("heading", name="Сырсөздү өзгөртүү").is_visible()
    assert page.locator("#current_password").input_value() == ""  # the password typed was not carried
    shot(page, "account-3-after-post-ky")

    # Another session (the phone app), then the password change ends it and keeps this one.
    elsewhere = accounts.login(rt, taxpayer.tin, taxpayer.password)
    page.reload()
    assert page.locator("li.session").count() >= 2
    page.locator("#current_password").fill(taxpayer.password)
    page.locator("#new_password").fill(NEW)
    page.locator("#new_password_again").fill(NEW)
    page.locator("form[action='/account/password'] button[type=submit]").click()
    page.wait_for_url(base + "/account?done=changed")
    assert page.locator("li.session").count() == 1 and page.locator("li.session .badge-current").count() == 1
    assert fits_the_phone(page)
    shot(page, "account-4-changed-ky")
    with pytest.raises(Exception):
        accounts.authenticate(rt, elsewhere.token)
    page.goto(base + "/balance")
    assert page.url == base + "/balance"  # this session still works
    context.close()

    # The old password no longer logs in; the new one does.
    fresh = phone_context(browser).new_page()
    log_in(fresh, base, taxpayer.tin, taxpayer.password)
    fresh.locator(".alert").wait_for()
    assert fresh.url.endswith("/login")
    log_in(fresh, base, taxpayer.tin, NEW)
    fresh.wait_for_url(base + "/")
    fresh.context.close()
