"""Officer screens that show who (issue 11 item 6): every officer page about a taxpayer names
them (name, ИСН, kind) through one partial; the card links to the account, declarations and
applications; application lists show the name and the amount; Approve and Reject look different
and confirm first (a page, no JavaScript needed); every action ends with a success message after a
redirect; the write-off form offers only what is still unpaid."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from conftest import new_tin
from salyk.api.app import create_app
from salyk.kernel.principal import SystemPrincipal, TaxpayerPrincipal
from salyk.ledger import refunds
from salyk.ledger.charges import post_charge
from salyk.ledger.payments import PaymentIn, import_payments
from salyk.registry.taxpayers import find
from web_support import csrf_of, make_officer, make_taxpayer, web_login


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        c.cookies.set("lang", "ru")
        yield c


def _charge(rt, tin: str, tax: str, amount: str, due: dt.date, period: str) -> int:
    with rt.db.transaction() as s:
        return post_charge(s, taxpayer_id=find(s, tin).id, tax=tax, amount=amount, due_date=due, period=period, source="test",
                           reference=f"screens-{tin}-{tax}", recorded_at=rt.now(), citation="TC art. 82")


def _pay(rt, tin: str, tax: str, amount: str, on: dt.date) -> None:
    result = import_payments(rt, SystemPrincipal("test:screens"), [PaymentIn(f"SCR-{tin}-{tax}", tin, tax, amount, on.isoformat())])
    assert result.accepted == 1


def _who_line(page: str) -> str:
    found = re.search(r'<p class="who-line">(.*?)</p>', page, re.S)
    assert found, "no who-line on the page"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_write_off_offers_only_the_unpaid_debts(web, runtime):
    # Three debts, worked by hand (today is 14.03.2025 in the tests; a charge counts from its due
    # date, TC art. 59):
    #   land tax 1 000 due 10.01, paid 1 000 on 08.01 (in advance, applied when it falls due) -> not offered;
    #   property tax 400 due 03.02, nothing paid -> 400 unpaid: offered;
    #   VAT 200 due 20.02, paid 50 on 25.02 (after it arose, so it pays VAT, not the older property
    #   tax by an offset, TC art. 81(2)) -> 150 unpaid: offered.
    tin = make_taxpayer(runtime, new_tin(), name="Бекова Нуриза", accept=True)
    paid = _charge(runtime, tin, "land_tax", "1000.00", dt.date(2025, 1, 10), "2024")
    unpaid = _charge(runtime, tin, "property_tax", "400.00", dt.date(2025, 2, 3), "2024")
    part = _charge(runtime, tin, "vat", "200.00", dt.date(2025, 2, 20), "2025-01")
    _pay(runtime, tin, "land_tax", "1000.00", dt.date(2025, 1, 8))
    _pay(runtime, tin, "vat", "50.00", dt.date(2025, 2, 25))
    officer, password = make_officer(runtime)
    web_login(web, officer, password)
    page = web.get("/officer/ledger", params={"tin": tin}).text
    offered = set(re.findall(r'name="items" value="(\d+)"', page))
    assert offered == {str(unpaid), str(part)} and str(paid) not in offered
    assert "не оплачено 400,00 сом" in page and "не оплачено 150,00 сом" in page
    # the tax choice offers the taxes of those debts only
    form = page[page.index('id="wo-tax"'):]
    assert re.findall(r'<option value="([a-z_]+)"', form[:form.index("</select>")]) == ["property_tax", "vat"]
    who = _who_line(page)
    assert "Бекова Нуриза" in who and tin in who and "Физическое лицо" in who


def test_officer_pages_name_the_taxpayer_and_the_card_links_to_the_rest(web, runtime):
    tin = make_taxpayer(runtime, new_tin("individual_entrepreneur"), name="ИП Осмонов Азамат", kind="individual_entrepreneur", accept=True)
    _pay(runtime, tin, "land_tax", "300.00", runtime.today() - dt.timedelta(days=3))  # an overpayment to refund
    with runtime.db.transaction() as s:
        me = TaxpayerPrincipal(tin, find(s, tin).id)
    refunds.apply(runtime, me, kind="refund", tax="land_tax", amount="300.00")
    officer, password = make_officer(runtime)
    web_login(web, officer, password)

    card = web.get(f"/officer/taxpayers/{tin}").text
    for link in (f"/officer/ledger?tin={tin}", f"/officer/taxpayers/{tin}/declarations",
                 f"/officer/ledger/refunds?status=all&amp;tin={tin}", f"/officer/ledger/deferrals?status=all&amp;tin={tin}"):
        assert f'href="{link}"' in card, link
    for path in (f"/officer/taxpayers/{tin}", f"/officer/ledger?tin={tin}", f"/officer/taxpayers/{tin}/declarations",
                 f"/officer/ledger/refunds?status=all&tin={tin}", f"/officer/ledger/deferrals?status=all&tin={tin}",
                 f"/officer/patents?tin={tin}", f"/officer/waybills?tin={tin}"):
        r = web.get(path)
        assert r.status_code == 200 and 'class="who-line"' in r.text, path
        who = _who_line(r.text)
        assert "ИП Осмонов Азамат" in who and f"ИНН {tin}" in who and "Индивидуальный предприниматель" in who, (path, who)
    # the list of applications: who and how much
    listed = web.get("/officer/ledger/refunds", params={"tin": tin}).text
    row = listed[listed.index('class="application"'):]
    assert "ИП Осмонов Азамат" in row and '<strong class="amount">300,00 сом</strong>' in row


def test_reject_confirms_first_then_says_it_is_done(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), name="Сатыбалдиева Жамила", accept=True)
    _pay(runtime, tin, "land_tax", "250.00", runtime.today() - dt.timedelta(days=2))
    with runtime.db.transaction() as s:
        me = TaxpayerPrincipal(tin, find(s, tin).id)
    app = refunds.apply(runtime, me, kind="refund", tax="land_tax", amount="250.00")
    officer, password = make_officer(runtime)
    web_login(web, officer, password)
    page = web.get("/officer/ledger/refunds", params={"tin": tin}).text
    # Approve and Reject look different
    assert re.search(r'value="approve" class="approve"', page) and re.search(r'value="reject" class="danger"', page)
    form = {"csrf": csrf_of(page), "id": str(app.id), "action": "reject", "reason": "нет документов", "tin_filter": tin}
    first = web.post("/officer/ledger/refunds", data=form, follow_redirects=False)
    assert first.status_code == 200 and "Отклонить это заявление?" in first.text
    assert "Сатыбалдиева Жамила" in _who_line(first.text) and "250,00 сом" in first.text and "нет документов" in first.text
    assert 'name="confirmed" value="yes"' in first.text and 'class="danger"' in first.text
    assert refunds.my_applications(runtime, me)[0].status == "received"  # nothing decided yet
    second = web.post("/officer/ledger/refunds", data=form | {"confirmed": "yes"}, follow_redirects=False)
    assert second.status_code == 303 and second.headers["location"] == f"/officer/ledger/refunds?tin={tin}&done=refund.reject"
    done = web.get(second.headers["location"])
    assert re.search(r'<p class="ok flash" role="status">Заявление отклонено\.</p>', done.text)
    assert refunds.my_applications(runtime, me)[0].status == "rejected"
    # an unknown key shows nothing
    assert 'role="status"' not in web.get("/officer/ledger/refunds", params={"done": "<script>"}).text
