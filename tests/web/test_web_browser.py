"""The web cabinet in the real Chromium (Debian's /usr/bin/chromium) driven by Playwright, at a
phone's viewport: a taxpayer logs in, accepts the offer and reaches the home screen, once in
Kyrgyz and once in Russian; an officer registers a taxpayer and issues a password, and that
taxpayer can then log in. Screenshots go to tests/artifacts/ (git-ignored).

One uvicorn server (in a thread, on a free port, over a fresh migrated SQLite database with the
demo data) and one browser serve the whole module.
"""

from __future__ import annotations

import pytest

from browser_support import fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin
from salyk import demo

pytestmark = pytest.mark.browser

INDIVIDUAL, ENTREPRENEUR = demo.DEMO_TAXPAYERS[0], demo.DEMO_TAXPAYERS[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('web-browser'), None, demo.load) as (rt, base, _):
        yield base


JOURNEYS = {
    # language, demo taxpayer, texts the taxpayer must see on each step
    "ky": (INDIVIDUAL, {"login": "Кабинетке кирүү", "offer": "Salyk.kg кызматынын ачык офертасы", "accept": "Кабыл алам", "home": "Менин кызматтарым", "soon": "Жакында", "service": "Электрондук патент", "card": "Менин карточкам", "logout": "Чыгуу", "tin": "ИСН"}),
    "ru": (ENTREPRENEUR, {"login": "Вход в кабинет", "offer": "Публичная оферта сервиса Salyk.kg", "accept": "Принимаю", "home": "Мои услуги", "soon": "Скоро", "service": "Электронный патент", "card": "Моя карточка", "logout": "Выйти", "tin": "ИНН"}),
}


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_taxpayer_logs_in_accepts_the_offer_and_reaches_home(page, base_url, lang):
    taxpayer, text = JOURNEYS[lang]
    page.goto(base_url + "/")
    assert page.url.endswith("/login")
    if lang == "ru":
        page.get_by_role("link", name="Русский").click()
    page.get_by_role("heading", name=text["login"]).wait_for()
    assert page.locator("html").get_attribute("lang") == lang and fits_the_phone(page)
    shot(page, f"web-{lang}-1-login")

    page.locator("#login").fill(taxpayer.tin)
    page.locator("#password").fill(taxpayer.password)
    page.locator("form.form button[type=submit]").click()

    # Not accepted yet: the cabinet sends the taxpayer to the offer.
    page.get_by_role("heading", name=text["offer"]).wait_for()
    assert page.url.endswith("/offer") and fits_the_phone(page)
    assert "1.2." in page.locator(".offer-text").inner_text()
    shot(page, f"web-{lang}-2-offer")
    page.get_by_role("button", name=text["accept"]).click()

    page.get_by_role("heading", name=text["home"]).wait_for()
    assert page.url == base_url + "/"
    assert page.get_by_role("heading", name=taxpayer.name).is_visible()
    services = page.locator(".services")
    # Every service of Offer 3.1 is built now: each is a link (no dead links), none says "coming soon".
    assert text["service"] in services.inner_text() and text["soon"] not in services.inner_text()
    from salyk.modules import MODULES

    built = sorted(t.path for m in MODULES for t in m.tiles)
    links = services.locator("a")
    assert sorted(links.nth(i).get_attribute("href") for i in range(links.count())) == built
    assert fits_the_phone(page)
    shot(page, f"web-{lang}-3-home")

    page.get_by_role("link", name=text["card"]).click()
    assert page.locator("dd.tin").inner_text() == taxpayer.tin
    assert page.locator("dd.address").inner_text() == taxpayer.address
    shot(page, f"web-{lang}-4-card")

    page.get_by_role("button", name=text["logout"]).click()
    page.get_by_role("heading", name=text["login"]).wait_for()
    page.goto(base_url + "/card")
    assert page.url.endswith("/login")


def test_officer_registers_a_taxpayer_and_issues_a_password(browser, page, base_url):
    officer_login, officer_password = demo.DEMO_OFFICER
    log_in(page, base_url, officer_login, officer_password)
    page.get_by_role("heading", name="Салык кызматы").wait_for()
    assert page.url.endswith("/officer")

    page.get_by_role("link", name="Салык төлөөчүнү каттоо").click()
    tin = new_tin("individual_entrepreneur")
    page.locator("#tin").fill(tin)
    page.locator("#kind").select_option("individual_entrepreneur")
    page.locator("#name").fill("ЖИ Токтосунов <Эрлан>")
    page.locator("#address").fill("Каракол ш., Абдрахманов көч., 12")
    page.locator("#registered_on").fill("2020-02-03")
    page.get_by_role("button", name="Каттоо").click()
    done = page.get_by_role("status")
    done.wait_for()
    assert done.inner_text() == f"Катталды: ЖИ Токтосунов <Эрлан>, ИСН {tin}."
    assert fits_the_phone(page)
    shot(page, "web-officer-1-registered")

    page.get_by_role("link", name="Сырсөз берүү").first.click()
    assert page.locator("#tin").input_value() == tin
    page.locator("#password").fill("Karakol-2024-ok")
    page.get_by_role("button", name="Сырсөздү берүү").click()
    page.get_by_role("status").wait_for()
    assert "Сырсөз берилди" in page.get_by_role("status").inner_text()
    shot(page, "web-officer-2-password")

    # The new taxpayer logs in with the issued password (own browser context: own cookies).
    context = phone_context(browser)
    try:
        other = context.new_page()
        log_in(other, base_url, tin, "Karakol-2024-ok")
        other.get_by_role("button", name="Кабыл алам").wait_for()
        assert other.url.endswith("/offer")
    finally:
        context.close()
