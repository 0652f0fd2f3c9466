"""The declarations pages of the web cabinet (issue 5 item 6): PIN, one-tap zero report for an
open obligation, the journal with PDF, a full form with its computed tax, in ky and ru."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import register_taxpayer
from salyk.api.app import create_app

CSRF = re.compile(r'name="csrf" value="([0-9a-f]*)"')


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def _login(web, account):
    page = web.get("/login")
    r = web.post("/login", data={"login": account.login, "password": account.password, "csrf": CSRF.search(page.text).group(1)}, follow_redirects=False)
    assert r.status_code == 303


def _post(web, path, data, form_page=None):
    page = web.get(form_page or path)
    return web.post(path, data={**data, "csrf": CSRF.search(page.text).group(1)}, follow_redirects=False)


def test_zero_report_from_an_open_obligation_to_the_journal(web, client, officer):
    account = register_taxpayer(client, officer)
    _login(web, account)
    page = web.get("/declarations")
    assert page.status_code == 200 and "Декларациялар" in page.text
    # No PIN yet: the page asks for one.
    assert "/declarations/signature" in page.text and 'action="/declarations/zero"' not in page.text
    assert _post(web, "/declarations/signature", {"pin": "4917", "pin_again": "4918"}).status_code == 422
    assert _post(web, "/declarations/signature", {"pin": "4917", "pin_again": "4917"}).status_code == 303
    page = web.get("/declarations")
    # The single declaration for 2024 (due 1 April 2025) is open on 14 March 2025.
    assert 'data-form="unified_declaration_individual" data-period="2024"' in page.text
    wrong = _post(web, "/declarations/zero", {"form": "unified_declaration_individual", "period": "2024", "pin": "1111"}, form_page="/declarations")
    assert wrong.status_code == 422 and "PIN" in wrong.text
    r = _post(web, "/declarations/zero", {"form": "unified_declaration_individual", "period": "2024", "pin": "4917"}, form_page="/declarations")
    assert r.status_code == 303 and r.headers["location"].startswith("/declarations/journal?filed=")
    journal = web.get(r.headers["location"])
    assert journal.status_code == 200 and "class=\"ok\"" in journal.text
    filing_id = r.headers["location"].split("=")[1]
    assert web.get(f"/declarations/{filing_id}.pdf").content.startswith(b"%PDF")
    # The obligation now shows as filed, in Russian too.
    ru = web.get("/lang/ru?next=/declarations")
    assert ru.url.path == "/declarations" and "Подано" in ru.text and "Декларации" in ru.text


def test_full_form_computes_and_files(web, client, officer):
    account = register_taxpayer(client, officer)
    _login(web, account)
    _post(web, "/declarations/signature", {"pin": "4917", "pin_again": "4917"})
    # Income 120 000: (120 000 - 7 800) x 10% = 11 220 (TC art. 163(1), 170(1), 174).
    r = _post(web, "/declarations/forms/unified_declaration_individual", {"period": "2023", "v.employment_income": "120000", "action": "compute"})
    assert r.status_code == 200 and "11\u00a0220,00 сом" in r.text and "СК 174-бер." in r.text
    r = _post(web, "/declarations/forms/unified_declaration_individual", {"period": "2023", "v.employment_income": "120000", "action": "file", "pin": "4917"}, form_page="/declarations/forms/unified_declaration_individual")
    assert r.status_code == 303, r.text
    bad = _post(web, "/declarations/forms/unified_declaration_individual", {"period": "2023-01", "v.employment_income": "x", "action": "compute"})
    assert bad.status_code == 422
    assert web.get("/declarations/forms/vat").status_code == 404  # not an individual's form
    assert web.get("/declarations/forms").status_code == 200


def test_pages_need_a_cabinet_login(web):
    r = web.get("/declarations", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
