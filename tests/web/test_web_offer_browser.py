"""The offer in the real Chromium at 360 px (issue 11 item 2): in Russian it reads as sections with
Russian headings and a table of contents whose links lead to the sections, nothing scrolls
sideways, and the accept button at the end still lets the taxpayer in. The administrator's
preview of a new version fits the phone too. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, fits_the_phone, log_in, served_app
from conftest import new_tin
from web_support import PASSWORD, make_officer, make_taxpayer

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "salyk" / "registry" / "data"
# The Russian section titles of the offer, 1 to 12, as translated from the Kyrgyz seed text.
RU_TITLES = [
    "Общие положения использования Мобильного приложения", "Термины и определения", "Предмет договора", "Заключение договора",
    "Регистрация/авторизация Пользователя. Учетная запись Пользователя", "Условия использования Мобильного приложения",
    "Права и обязанности сторон", "Ответственность сторон", "Расторжение договора", "Порядок внесения изменений и дополнений в договор",
    "Порядок разрешения споров", "Прочие положения",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('offer-browser'), None) as (rt, base, _):
        yield rt, base


def shot(page, name: str) -> None:
    """The screen as the phone shows it (the whole offer is some 40 screens: a full-page image of it
    is too large to take in time on this machine)."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), timeout=60_000)



def test_russian_offer_on_a_phone(site, page):
    rt, base = site
    tin = make_taxpayer(rt, new_tin())
    log_in(page, base, tin, PASSWORD, switch_to="Русский")
    page.get_by_role("heading", name="Публичная оферта сервиса Salyk.kg").wait_for()
    assert page.url.endswith("/offer") and page.locator("html").get_attribute("lang") == "ru"

    # The table of contents: twelve links, in Russian, each to its section.
    toc = page.locator("nav.offer-toc")
    assert toc.get_by_role("heading", name="Содержание").is_visible()
    links = toc.locator("a")
    assert links.count() == 12
    assert [re.sub(r"\s+", " ", links.nth(i).inner_text()).strip() for i in range(12)] == [f"{n}. {t}" for n, t in enumerate(RU_TITLES, 1)]
    # The sections' headings are the Russian ones, with no letter only Kyrgyz has.
    headings = page.locator(".offer-section h2")
    assert headings.all_inner_texts() == [f"{n}. {t}" for n, t in enumerate(RU_TITLES, 1)]
    assert not re.search(r"[ңөүҢӨҮ]", page.locator(".offer-text").inner_text())
    # The note on Offer 12.5, and no sideways scrolling at 360 px.
    assert "п. 12.5 Оферты" in page.locator(".offer-language").inner_text()
    assert fits_the_phone(page)
    # The text is the page, not a box that scrolls inside it.
    assert page.evaluate("getComputedStyle(document.querySelector('.offer-text')).overflowY") == "visible"
    shot(page, "offer-ru-360")

    # A contents link leads to its section, on screen.
    links.nth(8).click()
    assert page.evaluate("location.hash") == "#s9"
    top = page.evaluate("document.getElementById('s9').getBoundingClientRect().top")
    assert 0 <= top < 780
    shot(page, "offer-ru-360-section-9")

    # The accept button is after the last clause and still lets the taxpayer in.
    button = page.get_by_role("button", name="Принимаю")
    assert page.evaluate("document.getElementById('p12-7').getBoundingClientRect().bottom") <= page.evaluate(
        "document.querySelector('form.offer-accept').getBoundingClientRect().top")
    button.click()
    page.get_by_role("heading", name="Мои услуги").wait_for()


def test_admin_preview_on_a_phone(site, page):
    rt, base = site
    name, password = make_officer(rt, "admin")
    log_in(page, base, name, password, switch_to="Русский")
    page.goto(base + "/officer/offers")
    page.locator("#version").fill("2031.1")
    page.locator("#effective_from").fill("2031-02-01")
    page.locator("#text_ky").fill((DATA / "offer_v1_ky.txt").read_text(encoding="utf-8"))
    page.locator("#text_ru").fill((DATA / "offer_v1_ru.txt").read_text(encoding="utf-8"))
    page.get_by_role("button", name="Предпросмотр").click()
    page.get_by_role("heading", name="Предпросмотр версии оферты").wait_for()
    assert page.locator("#preview-ky .offer-section h2").count() == 12 and page.locator("#preview-ru .offer-section h2").count() == 12
    assert page.locator("#preview-ru .offer-section h2").first.inner_text() == "1. " + RU_TITLES[0]
    assert fits_the_phone(page)
    shot(page, "offer-admin-preview-ru-360")
    page.get_by_role("link", name="Перейти к подтверждению").click()
    # The confirmation box sits beside its words.
    box = page.locator(".offer-confirm input").bounding_box()
    words = page.locator(".offer-confirm span").bounding_box()
    assert box["x"] + box["width"] <= words["x"] and abs(box["y"] - words["y"]) < words["height"]
    shot(page, "offer-admin-preview-ru-360-confirm")
