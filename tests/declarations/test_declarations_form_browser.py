"""Playwright at 360 px (issue 11 item 4): the declaration form recomputes as the taxpayer types,
without taking the focus or the caret out of the field; without JavaScript the compute button gives
the same result; every checkbox has its box beside its label and a tappable line.

The service day is 14 March 2025. Figures worked by hand: TC art. 170(1) personal deduction
12 x 650 = 7 800; TC art. 173: 10 % of the rest.
"""

from __future__ import annotations

import datetime as dt

import pytest

from browser_support import fits_the_phone, log_in, served_app, phone_context, shot
from conftest import new_tin
from web_support import PASSWORD, make_taxpayer

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
FORM = "/declarations/forms/unified_declaration_individual"

# Each checkbox: the box and its text on one line, the box first, the line at least 44 px high.
CHECKBOXES = """() => [...document.querySelectorAll('input[type=checkbox]')].map(box => {
  const label = box.closest('label');
  const text = label && [...label.childNodes].find(n => n !== box && n.textContent.trim());
  const range = document.createRange();
  if (text) range.selectNodeContents(text);
  const b = box.getBoundingClientRect(), l = label ? label.getBoundingClientRect() : null;
  const t = text ? range.getClientRects()[0] : null;
  return {name: box.name, label: !!label, box: [b.left, b.top, b.width, b.height], line: l && [l.left, l.top, l.width, l.height],
          text: t && [t.left, t.top, t.width, t.height]};
})"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('forms-browser'), dt.date(2025, 3, 14)) as (rt, base, _):
        yield rt, base


def _taxpayer(rt, kind: str = "individual") -> str:
    return make_taxpayer(rt, new_tin(kind), name="Форма Тест", address="Бишкек", accept=True, kind=kind)


def _login(page, base, tin):
    log_in(page, base, tin, PASSWORD, switch_to="Русский")
    page.wait_for_url(base + "/")


def _focus(page) -> tuple[str, int, int]:
    return tuple(page.evaluate("() => [document.activeElement.id, document.activeElement.selectionStart, document.activeElement.value.length]"))


def test_the_form_recomputes_as_the_taxpayer_types_and_keeps_the_focus(browser, server):
    from playwright.sync_api import expect

    rt, base = server
    tin = _taxpayer(rt)
    context = phone_context(browser)
    page = context.new_page()
    try:
        _login(page, base, tin)
        page.goto(base + FORM)
        assert page.locator("#sign").is_hidden()  # nothing to sign before a result
        page.locator("#period").press_sequentially("2024")
        field = page.locator("[id='v.employment_income']")
        field.click()
        field.press_sequentially("12000")
        tax = page.locator("#form-result [data-figure=tax_due]")
        # (12 000 - 7 800) x 10% = 420
        expect(tax).to_have_text(f"420,00{NBSP}сом")
        assert _focus(page) == ("v.employment_income", 5, 5)
        field.press_sequentially("0")
        # (120 000 - 7 800) x 10% = 11 220; the region changed, the field kept the focus and the caret
        expect(tax).to_have_text(f"11{NBSP}220,00{NBSP}сом")
        assert _focus(page) == ("v.employment_income", 6, 6)
        expect(page.locator("#sign")).to_be_visible()
        # 2024 is due 01.04.2025 and payable the same day (TC art. 92(6), 175(1))
        expect(page.locator("#form-result [data-figure=payment_due]")).to_have_text("01.04.2025")
        assert fits_the_phone(page)
        shot(page, "forms-live-1-computed")
        # a refused amount: the message in the region, the input marked, the focus still in it
        field.press_sequentially(".345")
        expect(page.locator("#form-result .alert")).to_contain_text("не более чем с 2 знаками после запятой")
        expect(field).to_have_attribute("aria-invalid", "true")
        # the same words right under the field, named by its label
        under = page.locator("[id='v.employment_income'] + p.field-error")
        expect(under).to_contain_text("«Доход в виде оплаты труда»")
        assert _focus(page)[0] == "v.employment_income"
        expect(page.locator("#sign")).to_be_hidden()
        shot(page, "forms-live-2-refused")
        # every checkbox: box beside its text, box first, a tappable line
        for box in page.evaluate(CHECKBOXES):
            assert box["label"] and box["text"], box
            bx, by, bw, bh = box["box"]
            lx, ly, lw, lh = box["line"]
            tx, ty, tw, th = box["text"]
            assert lh >= 44, box  # a finger's tap
            assert bx + bw <= tx, box  # the box before its text, not above it
            assert ty < by + bh and by < ty + th, box  # on the same line as the text's first line
            assert 10 <= bw <= 40, box  # a box, not a full-width bar
    finally:
        context.close()


def test_without_javascript_the_compute_button_gives_the_result(browser, server):
    rt, base = server
    tin = _taxpayer(rt)
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _login(page, base, tin)
        page.goto(base + FORM)
        page.locator("#period").fill("2024")
        page.locator("[id='v.employment_income']").fill("120000")
        page.get_by_role("button", name="Рассчитать налог").click()
        page.locator("#form-result [data-figure=tax_due]").wait_for()
        assert page.locator("#form-result [data-figure=tax_due]").inner_text().replace(NBSP, " ") == "11 220,00 сом"
        assert page.locator("#sign").is_visible() and page.locator("[id='v.employment_income']").input_value() == "120000"
        assert fits_the_phone(page)
        shot(page, "forms-nojs-computed")
    finally:
        context.close()


def test_the_agent_report_grows_by_rows_and_totals_live(browser, server):
    from playwright.sync_api import expect

    rt, base = server
    tin = _taxpayer(rt, "organization")
    context = phone_context(browser)
    page = context.new_page()
    try:
        _login(page, base, tin)
        page.goto(base + "/declarations/forms/income_tax_agent")
        page.locator("#period").fill("2025-02")
        page.locator("[id='v.employees.0.name']").fill("Асанов Бакыт")
        page.locator("[id='v.employees.0.income_paid']").fill("30000")
        page.get_by_role("button", name="Добавить строки ещё для 3 работников").click()
        expect(page.locator("fieldset.row-group")).to_have_count(6)
        assert page.locator("[id='v.employees.0.name']").input_value() == "Асанов Бакыт"  # kept through the round trip
        field = page.locator("[id='v.employees.4.income_paid']")
        field.click()
        field.press_sequentially("20000")
        # TC art. 176, 170(1), 173: (30 000 - 650) x 10% + (20 000 - 650) x 10% = 2 935 + 1 935 = 4 870
        expect(page.locator("#form-result [data-figure=tax_due]")).to_have_text(f"4{NBSP}870,00{NBSP}сом")
        assert _focus(page) == ("v.employees.4.income_paid", 5, 5)
        assert fits_the_phone(page)
        shot(page, "forms-agent-rows")
    finally:
        context.close()
