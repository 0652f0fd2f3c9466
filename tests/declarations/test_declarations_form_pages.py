"""The declaration form pages behave (issue 11 item 4) and speak to a person (item 3).

* the compute button works without JavaScript and shows the tax, the report's deadline and the
  payment date (DD.MM.YYYY, money with separators and сом);
* the live region is served alone as a fragment (the page's script swaps only it);
* a late report shows, before signing, the туум already owed today, worked by hand here;
* the tax agent's report takes one row per employee, as many as needed ("more rows" without JS);
* a zero report can be filed as a clarified one (Offer 3.1(2)), from the page and the API;
* VAT and sales tax say what the taxpayer must enter; field errors name the field by its label.

Today is 14.03.2025 in every test (tests/conftest.py TODAY).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import API, new_tin
from declarations_fixtures import enrol, signer  # noqa: F401
from salyk.api.app import create_app
from web_support import PASSWORD, make_taxpayer, post_form, web_login

NBSP = "\u00a0"


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def _cabinet(web, runtime, kind="individual", lang="ky", pin="4917") -> str:
    tin = make_taxpayer(runtime, new_tin(kind), name="Асанова Айгүл" if kind == "individual" else "«Ала-Тоо» ЖЧК", kind=kind, accept=True)
    web.cookies.set("lang", lang)
    assert web_login(web, tin, PASSWORD, follow_redirects=False).status_code == 303
    if pin:
        r = post_form(web, "/declarations/signature", {"pin": pin, "pin_again": pin}, follow_redirects=False)
        assert r.status_code == 303
    return tin


def _region(page: str) -> str:
    """The result region of a form page."""
    m = re.search(r'(?s)<div id="form-result".*?<div id="sign"', page)
    assert m, "no result region"
    return m.group(0)


def test_compute_button_without_javascript_shows_tax_deadline_and_payment_date(web, runtime):
    _cabinet(web, runtime, lang="ru")
    page = web.get("/declarations/forms/unified_declaration_individual")
    assert page.status_code == 200
    # the script is only an addition: the form posts to itself and the sign block waits for a result
    assert 'action="/declarations/forms/unified_declaration_individual"' in page.text and 'data-live="/declarations/forms/unified_declaration_individual/preview"' in page.text
    assert '<div id="sign" class="sign" hidden>' in page.text and '<script src="/static/forms.js" defer></script>' in page.text
    # TC art. 170(1): 12 x 650 = 7 800 personal deduction; 173: 10% of (120 000 - 7 800) = 11 220.
    # TC art. 92(6)(2): the declaration for 2024 is due by 1 April 2025 (a Tuesday, a working day);
    # the income tax it states is payable by the same day (TC art. 175(1)).
    r = post_form(web, "/declarations/forms/unified_declaration_individual", {"period": "2024", "v.employment_income": "120 000", "action": "compute"})
    assert r.status_code == 200, r.text
    region = _region(r.text)
    assert f"11{NBSP}220,00 сом" in region
    assert "Срок сдачи отчёта" in region and "01.04.2025" in region and "Уплатить налог до" in region
    assert "пеня" not in region.lower() and "с опозданием" not in region  # filed on time: nothing late
    assert '<div id="sign" class="sign">' in r.text  # the PIN and "Sign and file" come after the result
    # zero lines of the result stay behind "show all" (TC art. 171, 172 deductions not claimed)
    assert re.search(r'<details class="zeros"><summary>Показать все строки \(\d+ с нулём\)</summary>', region)


def test_the_live_region_is_served_alone(web, runtime):
    _cabinet(web, runtime)
    r = post_form(web, "/declarations/forms/unified_declaration_individual/preview", {"period": "2024", "v.employment_income": "120000"},
                  form_page="/declarations/forms/unified_declaration_individual")
    assert r.status_code == 200
    assert r.text.lstrip().startswith("{#") is False and "<html" not in r.text and "<form" not in r.text
    assert 'data-ready="yes"' in r.text and f"11{NBSP}220,00 сом" in r.text
    # a refused value: the region carries the message and which input to mark; nothing else of the page
    bad = post_form(web, "/declarations/forms/unified_declaration_individual/preview", {"period": "2024", "v.employment_income": "12.345"},
                    form_page="/declarations/forms/unified_declaration_individual")
    assert bad.status_code == 422 and 'data-ready="no"' in bad.text and 'data-error-field="v.employment_income"' in bad.text
    assert "«Эмгек акы түрүндөгү киреше»" in bad.text and "үтүрдөн кийин 2 орундан ашпаган" in bad.text
    # without the CSRF token of the page: refused like every form
    assert web.post("/declarations/forms/unified_declaration_individual/preview", data={"period": "2024"}).status_code == 403


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_late_vat_report_shows_the_tumm_owed_today(web, runtime, lang):
    _cabinet(web, runtime, kind="organization", lang=lang)
    page = web.get("/declarations/forms/vat")
    # the VAT chapter is beyond the seed text: the page says plainly what the taxpayer enters
    assert ("ай үчүн төлөнүүчү салыкты өзүңүз киргизиңиз" if lang == "ky" else "введите сумму налога к уплате за месяц сами") in page.text
    catalogue = {f["code"]: f for f in web.get(f"{API}/forms").json()["forms"]}
    assert "введите сумму налога к уплате за месяц сами" in catalogue["sales_tax"]["note"]["ru"] and "note" not in catalogue["profit_tax"]
    r = post_form(web, "/declarations/forms/vat", {"period": "2025-01", "v.tax_due": "5000", "action": "compute"})
    assert r.status_code == 200, r.text
    region = _region(r.text)
    # TC art. 87(4): the January report is due the day after the 20th of February, 21.02.2025 (a
    # Friday); the tax it states is payable by that day (TC art. 38(1), READINGS.md). Sent today,
    # 14.03.2025, it is late. TC art. 71(3), (6): туум runs from 22.02.2025 through 14.03.2025
    # inclusive: 7 days of February + 14 of March = 21 days; 5 000 x 0.09% x 21 = 94.50.
    assert "21.02.2025" in region and "14.03.2025" in region
    assert f"5{NBSP}000,00 сом" in region and f"94,50 сом" in region
    if lang == "ru":
        assert "Если подать сегодня (14.03.2025), отчёт будет подан с опозданием: его срок был 21.02.2025." in region
        assert "Пеня на 14.03.2025: <strong>94,50 сом</strong>" in region and "НК ст. 71" in region
    else:
        assert "14.03.2025 карата туум: <strong>94,50 сом</strong>" in region and "СК 71-бер." in region
    # the same amount through the law's own explanation: 5 000 x 0.09% x 21
    assert "21" in region and ("0,09%" in region or "0,09 %" in region)


def test_late_individual_declaration_tumm_and_the_api_preview(web, client, runtime):
    _cabinet(web, runtime, lang="ru")
    # 2023: due 01.04.2024 (TC art. 92(6)(2), a Monday); 11 220 unpaid from 02.04.2024 through
    # 14.03.2025 = 29 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 14 = 347 days;
    # 11 220 x 0.0009 x 347 = 3 504.006 -> 3 504.01 (TC art. 71(6); below the 100% cap of 71(4)).
    r = post_form(web, "/declarations/forms/unified_declaration_individual", {"period": "2023", "v.employment_income": "120000", "action": "compute"})
    region = _region(r.text)
    assert f"3{NBSP}504,01 сом" in region and "01.04.2024" in region
    # the API's computation is the same preview: the deadline and the payment date beside the tax
    api = client.post(f"{API}/forms/unified_declaration_individual/computation", json={"period": "2023", "values": {"employment_income": "120000"}})
    assert api.status_code == 200
    assert api.json()["tax_due"] == "11220.00" and api.json()["deadline"] == "2024-04-01" and api.json()["payment_due_date"] == "2024-04-01"


def test_agent_report_with_three_employees_and_more_rows(web, client, runtime):
    tin = _cabinet(web, runtime, kind="organization", lang="ru")
    page = web.get("/declarations/forms/income_tax_agent")
    assert page.text.count("<fieldset class=\"row-group\">") == 3 and 'name="rows" value="3"' in page.text
    assert '<option value="bishkek">город Бишкек</option>' in page.text  # the locality by its name, not its code
    # "more rows" without JavaScript: the form comes back with what was typed and three more rows
    more = post_form(web, "/declarations/forms/income_tax_agent", {"period": "2025-02", "rows": "3", "v.employees.0.name": "Асанов Бакыт", "action": "more_rows"})
    assert more.status_code == 200 and more.text.count("<fieldset class=\"row-group\">") == 6
    assert 'value="Асанов Бакыт"' in more.text and 'name="v.employees.5.income_paid"' in more.text and "Работник 6" in more.text
    # employees in rows 1, 2 and 4 (row 3 left empty is not sent)
    data = {"period": "2025-02", "rows": "6",
            "v.employees.0.name": "Асанов Бакыт", "v.employees.0.income_paid": "30000",
            "v.employees.1.name": "Бекова Айгүл", "v.employees.1.income_paid": "40000", "v.employees.1.social_insurance": "4000",
            "v.employees.3.name": "Жумаев Нурлан", "v.employees.3.income_paid": "20000"}
    r = post_form(web, "/declarations/forms/income_tax_agent", data | {"action": "compute"})
    assert r.status_code == 200, r.text
    # TC art. 176(1)-(3), 170(1), 173: each month's tax is 10% of the income less 650 (and less the
    # social insurance paid, 170(3)); the minimum calculated income (6 000, 163(2)) is below each:
    # (30 000 - 650) x 10% = 2 935; (40 000 - 650 - 4 000) x 10% = 3 535; (20 000 - 650) x 10% = 1 935.
    region = _region(r.text)
    assert f"8{NBSP}405,00 сом" in region and f"90{NBSP}000,00 сом" in region
    # TC art. 87(4): due 21.03.2025, Nooruz, then the weekend: 24.03.2025 (TC art. 16(6)); not late
    assert "24.03.2025" in region and "с опозданием" not in region
    filed = post_form(web, "/declarations/forms/income_tax_agent", data | {"action": "file", "pin": "4917"}, follow_redirects=False)
    assert filed.status_code == 303, filed.text
    filing_id = filed.headers["location"].split("=")[1]
    token = client.post(f"{API}/auth/login", json={"login": tin, "password": PASSWORD}).json()["access_token"]
    got = client.get(f"{API}/me/declarations/{filing_id}", headers={"Authorization": f"Bearer {token}"}).json()
    rows = got["document"]["values"]["employees"]
    assert [row["name"] for row in rows] == ["Асанов Бакыт", "Бекова Айгүл", "Жумаев Нурлан"]
    assert got["tax_due"] == "8405.00"


def test_a_zero_report_can_be_clarified_from_the_pages(web, runtime):
    _cabinet(web, runtime, lang="ru")
    # initial 2024 with income: 11 220 charged (see above)
    r = post_form(web, "/declarations/forms/unified_declaration_individual", {"period": "2024", "v.employment_income": "120000", "action": "file", "pin": "4917"},
                  follow_redirects=False)
    assert r.status_code == 303
    overview = web.get("/declarations")
    assert "Подать уточнённый нулевой отчёт" in overview.text and 'name="kind" value="clarified"' in overview.text
    # the preview before signing a clarified zero report: it lowers the tax by all 11 220
    page = post_form(web, "/declarations/forms/unified_declaration_individual", {"period": "2024", "kind": "clarified", "zero": "on", "action": "compute"})
    assert page.status_code == 200 and f"уменьшает налог за период на 11{NBSP}220,00 сом" in page.text
    r = post_form(web, "/declarations/zero", {"form": "unified_declaration_individual", "period": "2024", "kind": "clarified", "pin": "4917"},
                  form_page="/declarations", follow_redirects=False)
    assert r.status_code == 303, r.text
    journal = web.get(r.headers["location"])
    entry = re.search(r'(?s)<article class="card entry".*?</article>', journal.text).group(0)  # newest first
    assert "Уточнённый" in entry and "нулевой" in entry


def test_a_zero_report_can_be_clarified_through_the_api(client, signer):  # noqa: F811
    first = signer.file(signer.document(zero=False, values={"employment_income": "120000.00"}))
    assert first.status_code == 201, first.text
    r = signer.file(signer.document(kind="clarified", zero=True))
    assert r.status_code == 201, r.text
    entries = {e["id"]: e for e in client.get(f"{API}/me/declarations", headers=signer.account.headers).json()["declarations"]}
    clarified = entries[r.json()["id"]]
    # TC art. 90(2): the clarified report moves the ledger by the difference, 0 - 11 220
    assert clarified["kind"] == "clarified" and clarified["zero"] is True and clarified["tax_due"] == "0.00"
    assert clarified["charge_amount"] == "-11220.00"


def test_field_errors_name_the_field_and_say_what_is_wanted(web, runtime):
    _cabinet(web, runtime, kind="organization", lang="ru")
    long_name = "Я" * 301
    r = post_form(web, "/declarations/forms/income_tax_agent", {"period": "2025-02", "v.employees.0.name": long_name, "v.employees.0.income_paid": "1000",
                                                                "action": "compute"})
    assert r.status_code == 422
    assert "«Работники, строка 1: Ф.И.О. работника»" in r.text and "не более 300 символов" in r.text
    assert 'id="v.employees.0.name" name="v.employees.0.name"' in r.text and 'aria-invalid="true" aria-describedby="field-error"' in r.text
    # the message under that very field (and in the summary at the top)
    assert re.search(r'id="v\.employees\.0\.name"[^>]*>\s*<p class="field-error" id="field-error">«Работники, строка 1: Ф\.И\.О\. работника»', r.text)
    r = post_form(web, "/declarations/forms/income_tax_agent", {"period": "2025-02", "v.employees.0.income_paid": "1000.555", "action": "compute"})
    assert r.status_code == 422 and "не более чем с 2 знаками после запятой" in r.text and "income_paid" not in re.sub(r"<[^>]+>", "", r.text)
    r = post_form(web, "/declarations/forms/income_tax_agent", {"period": "2025-13", "action": "compute"})
    assert r.status_code == 422 and "«Налоговый период»" in r.text and "INVALID" not in r.text
    r = post_form(web, "/declarations/forms/income_tax_agent", {"period": "2025-02", "v.employees.0.income_paid": "1000", "v.employees.0.dependants": "25",
                                                                "action": "compute"})
    assert r.status_code == 422 and "«Работники, строка 1: Число иждивенцев»" in r.text and "от 0 до 20" in r.text


def test_api_validation_errors_say_the_label_and_the_limit(client, officer):
    body = {"tin": new_tin(), "kind": "individual", "name": "x" * 301, "address": "Бишкек", "registered_on": "2019-05-20"}
    r = client.post(f"{API}/officer/taxpayers", json=body, headers=officer.headers | {"Accept-Language": "ru"})
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "VALIDATION_ERROR"
    assert err["details"]["field"] == "name" and err["details"]["reason"] == "too_long" and err["details"]["max"] == 300
    assert "не более 300 символов" in err["message"] and "string_too_long" not in err["message"] and "name" not in err["message"]
    r = client.post(f"{API}/officer/taxpayers", json=body | {"name": "Н", "kind": 7}, headers=officer.headers | {"Accept-Language": "ky"})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "kind" and "kind" not in r.json()["error"]["message"]

