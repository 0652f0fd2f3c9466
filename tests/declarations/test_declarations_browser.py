"""Playwright journey (issue 5 item 6) in Debian's Chromium at a phone's viewport: a taxpayer sets a
signing PIN, files a zero report for an open obligation with one tap (cloud signature after the
PIN), sees it in the journal with its receipt, and finds the obligation fulfilled; once in Kyrgyz,
once in Russian.

The service day is fixed (SALYK_TODAY = 14 March 2025) so the obligations are known: the single
declaration for 2024 is open until 1 April 2025. The declarations page module is mounted on the app
here (its entry in salyk.web.pages.PAGES belongs to the web shell).
"""

from __future__ import annotations

import datetime as dt

import pytest

from browser_support import fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin
from web_support import PASSWORD, make_taxpayer

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('decl-browser'), dt.date(2025, 3, 14)) as (rt, base, _):
        yield rt, base


TEXT = {
    "ky": {"lang": "Кыргызча", "set_pin": "Кол коюу PIN-кодун коюу", "save": "PIN-кодду сактоо", "file": "Нөлдүк отчетту берүү", "journal": "Декларациялардын журналы", "accepted": "Кабыл алынды", "filed": "Берилди", "back": "Декларацияларга кайтуу"},
    "ru": {"lang": "Русский", "set_pin": "Задать PIN-код подписи", "save": "Сохранить PIN-код", "file": "Подать нулевой отчёт", "journal": "Журнал деклараций", "accepted": "Принято", "filed": "Подано", "back": "Назад к декларациям"},
}


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_zero_report_for_an_open_obligation_shows_fulfilled(browser, server, lang):
    rt, base = server
    tin, text = make_taxpayer(rt, new_tin(), name="Журнал Тест", address="Бишкек", accept=True), TEXT[lang]
    context = phone_context(browser)
    page = context.new_page()
    try:
        log_in(page, base, tin, PASSWORD, switch_to=text["lang"])
        page.wait_for_url(base + "/")
        page.goto(base + "/declarations")
        page.get_by_role("link", name=text["set_pin"]).click()
        page.locator("#pin").fill("4917")
        page.locator("#pin_again").fill("4917")
        page.get_by_role("button", name=text["save"]).click()
        page.wait_for_url(base + "/declarations")
        obligation = page.locator('article.obligation[data-form="unified_declaration_individual"][data-period="2024"]')
        assert fits_the_phone(page)
        shot(page, f"declarations-{lang}-1-obligations")
        obligation.locator("input[name=pin]").fill("4917")
        obligation.get_by_role("button", name=text["file"]).click()
        page.get_by_role("heading", name=text["journal"]).wait_for()
        status = page.get_by_role("status")
        assert text["accepted"] in status.inner_text() and "2025-" in status.inner_text()
        assert page.locator("article.entry").count() == 1
        shot(page, f"declarations-{lang}-2-journal")
        page.get_by_role("link", name=text["back"]).click()
        assert text["filed"] in obligation.inner_text()
    finally:
        context.close()
