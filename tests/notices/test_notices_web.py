"""The notices pages with TestClient: the bell on every page, the inbox and a notice in ky/ru, the
e-mail form, the access log, the officer's page; CSRF; another taxpayer's decision is a 404 page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import new_tin
from notices_support import run_worker
from salyk.api.app import create_app
from salyk.kernel.notify import notify
from salyk.registry.taxpayers import find
from web_support import PASSWORD, make_officer, make_taxpayer, post_form, web_login


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def test_bell_inbox_notice_email_and_access_log_pages(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    with runtime.db.transaction() as session:
        notify(session, taxpayer_id=find(session, tin).id, kind="deadline_soon", title="A deadline is near",
               body="The report {form} for {period} is due on {deadline}.", params={"form": "unified", "period": "2024", "deadline": "2025-03-17"},
               related={"type": "obligation", "id": "x"}, now=runtime.now())
    run_worker(runtime)
    web.cookies.set("lang", "ru")
    web_login(web, tin, PASSWORD)
    home = web.get("/")
    assert 'class="bell-count">1<' in home.text  # the bell on every page
    inbox = web.get("/notices")
    assert inbox.status_code == 200 and "Приближается срок" in inbox.text
    notice_id = inbox.text.split('href="/notices/n/')[1].split('"')[0]
    page = web.get(f"/notices/n/{notice_id}")
    assert "Отчёт unified за 2024 нужно представить до 17.03.2025." in page.text  # DD.MM.YYYY
    assert 'class="bell-count">0<' in page.text

    r = post_form(web, "/notices/email", {"address": "not an address"}, form_page="/notices/email")
    assert r.status_code == 422 and "Это не адрес электронной почты." in r.text
    r = post_form(web, "/notices/email", {"address": "a@example.kg"}, form_page="/notices/email", follow_redirects=True)
    assert "a@example.kg" in r.text and "Ожидается код" in r.text
    forged = web.post("/notices/email", data={"address": "b@example.kg", "csrf": "0" * 64})
    assert forged.status_code == 403

    log = web.get("/notices/access-log")
    assert log.status_code == 200 and "Кто смотрел мои данные" in log.text and "web-setup-officer" not in log.text
    assert web.get("/notices/decisions/999999999").status_code == 404


def test_the_officer_page_issues_and_a_taxpayer_cannot_use_it(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    name, password = make_officer(runtime)
    web_login(web, name, password)
    r = post_form(web, "/officer/decisions", {"tin": tin, "type": "assessment", "ground": "audit", "decision": "pay",
                                               "tax": "vat", "period": "2024", "amount": "", "deadline": ""}, form_page="/officer/decisions")
    assert r.status_code == 422  # an assessment needs its amount
    r = post_form(web, "/officer/decisions", {"tin": tin, "type": "documents_request", "ground": "audit", "decision": "bring the books"},
                  form_page="/officer/decisions")
    assert r.status_code == 200 and 'class="issued-number">TD-' in r.text
    web.cookies.clear()
    web_login(web, tin, PASSWORD)
    assert web.get("/officer/decisions").status_code == 403
