"""The property journey in the real Chromium (tests/browser_support.py) at a phone's viewport:
an officer loads a vehicle registry file; the taxpayer sees the car and its tax; reports "not
mine"; the officer answers; the taxpayer reads the answer. Screenshots in tests/artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest

from browser_support import chromium, fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin


from web_support import PASSWORD, make_officer, make_taxpayer  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('property-browser'), dt.date(2025, 3, 14)) as (rt, base, _):
        yield base, rt


def test_registry_file_car_tax_not_mine_and_the_answer(served, tmp_path):
    base, rt = served
    tin = make_taxpayer(rt, new_tin(), accept=True)
    officer, officer_password = make_officer(rt)
    registry_file = tmp_path / "vehicles-2025-02.csv"
    registry_file.write_text(
        "registry_id,version,tin,plate,vin,make,model,year,engine_cc,kind,book_value,owned_from,owned_to\n"
        f"GRS-PW-1,1,{tin},01KG321PWX,JTDBR32E720123456,Toyota,Camry,2019,2000,passenger,,2020-01-10,\n", encoding="utf-8")
    with chromium() as browser:
        octx = phone_context(browser)
        tctx = phone_context(browser)
        try:
            # 1. The officer loads the registry file.
            office = octx.new_page()
            log_in(office, base, officer, officer_password)
            office.goto(base + "/officer/property/feed")
            office.locator("#kind").select_option("vehicle")
            office.locator("#file").set_input_files(str(registry_file))
            office.locator("form[action='/officer/property/feed'] button[type=submit]").click()
            office.locator("p.ok[role=status]").wait_for()
            assert "Кабыл алынды: 1." in office.locator("p.ok[role=status]").inner_text()
            shot(office, "property-1-feed")

            # 2. The taxpayer opens the tile, sees the car and its tax: 2000 cm³ × 0.75 (age 7) = 1 500.00 сом.
            page = tctx.new_page()
            log_in(page, base, tin, PASSWORD)
            page.locator("a.service[href='/property']").click()
            card = page.locator("li.property-card")
            card.first.wait_for()
            assert "01KG321PWX" in card.first.inner_text()
            assert "1\u00a0500,00 сом" in card.first.inner_text()
            assert fits_the_phone(page)
            shot(page, "property-2-cards")
            card.first.locator("a").click()
            page.locator("h1.object-title").wait_for()
            explained = page.locator("section.tax-explained").inner_text()
            assert "TC art. 324" in explained and "01.09.2025" in explained
            assert fits_the_phone(page)
            shot(page, "property-3-detail")

            # 3. "Not mine".
            page.locator("form.report-form textarea").fill("Сатылган 2021-жылы")
            page.locator("form.report-form button[value=not_mine]").click()
            page.locator("li.report[data-status=open]").wait_for()

            # 4. The officer answers from the queue.
            office.goto(base + "/officer/property/reports")
            item = office.locator("li.report", has_text="Сатылган 2021-жылы")
            item.locator("textarea").fill("Реестр оңдолот")
            item.locator("button[value=resolved]").click()
            office.locator("section.confirm form button[type=submit]").click()  # the confirm step of every decision
            office.locator("h1").wait_for()
            assert office.locator("li.report", has_text="Сатылган 2021-жылы").count() == 0
            shot(office, "property-4-answered")

            # 5. The taxpayer reads the answer.
            page.goto(base + "/property/reports")
            answered = page.locator("li.report[data-status=resolved]")
            assert "Реестр оңдолот" in answered.inner_text()
            assert fits_the_phone(page)
            shot(page, "property-5-answer")
        finally:
            octx.close()
            tctx.close()
