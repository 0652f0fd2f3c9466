"""The e-patent pages (TestClient): catalogue search, quote with the price explained, order,
payment details, my patents with badges, PDF, renewal, officer view with revocation."""

import re
import sys
from pathlib import Path

from conftest import API, login, new_tin
from patents_helpers import pay

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_support import csrf_of, make_officer, make_taxpayer, web_login  # noqa: E402


def test_journey_in_pages(client, runtime, officer):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    assert web_login(client, tin, "Strong-pass-2024", follow_redirects=False).status_code == 303

    page = client.get("/patents/catalogue", params={"q": "перевод"}, headers={"Accept-Language": "ru"})
    assert page.status_code == 200 and 'data-code="S-63"' in page.text and 'data-code="S-01"' not in page.text

    quote = client.get("/patents/quote", params={"activity": "S-63", "zone": "bishkek", "term_days": "90", "start": "2025-03-20"})
    assert quote.status_code == 200
    assert "5\u00a0700,00 сом" in quote.text  # 3 × 2000 × 0.95, with a separator and сом
    assert "28.05.2012-жылдагы № 68 Мыйзам (СК 355-бер. 2-б.)" in quote.text  # the terms' citation, in the page's language
    assert "Law No. 68" not in quote.text and "20.03.2025" in quote.text
    bad = client.get("/patents/quote", params={"activity": "S-63", "zone": "bishkek", "term_days": "45", "start": "2025-03-20"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text

    form = {"client_order_id": re.search(r'name="client_order_id" value="([^"]+)"', quote.text).group(1), "activity": "S-63",
            "zone": "bishkek", "term_days": "90", "start": "2025-03-20",
            "csrf": csrf_of(quote.text[quote.text.index('data-testid="order"'):])}  # the order form's own token
    r = client.post("/patents/order", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    detail = client.get(r.headers["location"])
    assert 'data-status="awaiting_payment"' in detail.text and "data:image/svg+xml" in detail.text
    reference = re.search(r'data-testid="payment-reference">([^<]+)<', detail.text).group(1)

    pay(client, officer, tin, "5700.00", payment_reference=reference)
    detail = client.get(r.headers["location"])
    assert 'data-status="issued"' in detail.text and "ПЭ-2025-" in detail.text
    mine = client.get("/patents")
    assert 'data-status="issued"' in mine.text
    pdf = client.get(r.headers["location"] + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    renewed = client.post(r.headers["location"] + "/renewal", data={"csrf": csrf_of(detail.text[detail.text.index('/renewal"'):])}, follow_redirects=False)
    assert renewed.status_code == 303
    assert "18.06.2025" in client.get(renewed.headers["location"]).text  # the day after 17.06.2025


def test_officer_page_revokes(client, runtime, officer, taxpayer):
    from patents_helpers import order

    placed = order(client, taxpayer)
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    name, password = make_officer(runtime)
    web_login(client, name, password)
    page = client.get("/officer/patents", params={"tin": taxpayer.login})
    assert page.status_code == 200 and "ПЭ-2025-" in page.text
    number = re.search(r'name="number" value="([^"]+)"', page.text).group(1)
    r = client.post("/officer/patents/revocation", data={"number": number, "reason": "No activity", "decision_reference": "D-1",
                                                         "csrf": csrf_of(page.text[page.text.index('/officer/patents/revocation"'):])}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"{API}/public/patents/{number}").json()["status"] == "revoked"
