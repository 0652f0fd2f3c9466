"""The web cabinet with TestClient: login, offer gate, home, card, officer pages, CSRF, cookies,
languages, escaping and role separation (issue 2 item 7; Offer 1.2, 1.6, 3.1, 3.3, 5.2, 12.5)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import new_tin
from salyk.api.app import create_app
from salyk.db.models.registry import Taxpayer
from salyk.kernel.models import AuditEntry
from salyk.kernel.errors import Unauthorized
from salyk.registry import accounts
from salyk.kernel.runtime import Runtime
from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, post_form, web_login


def new_client(rt, base_url: str = "http://testserver") -> TestClient:
    return TestClient(create_app(rt), base_url=base_url)


# --- language -----------------------------------------------------------------------------------

def test_login_page_is_kyrgyz_by_default_and_russian_by_accept_language(client):
    page = client.get("/")
    assert page.status_code == 200 and page.url.path == "/login"
    assert '<html lang="ky">' in page.text and "Кабинетке кирүү" in page.text
    ru = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
    assert '<html lang="ru">' in ru.text and "Вход в кабинет" in ru.text
    # English is not offered on pages: ky, the state language, stands in.
    assert '<html lang="ky">' in client.get("/login", headers={"Accept-Language": "en"}).text


def test_language_switch_sets_a_cookie_and_refuses_foreign_targets(client):
    r = client.get("/lang/ru?next=/login", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "lang=ru" in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
    page = client.get("/login", headers={"Accept-Language": "ky"})  # the chosen language beats the header
    assert "Вход в кабинет" in page.text
    client.get("/lang/ky")
    assert "Кабинетке кирүү" in client.get("/login").text
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.get("/lang/ru", params={"next": target}, follow_redirects=False)
        assert r.headers["location"] == "/"


# --- login, offer gate, home, card, logout -------------------------------------------------------

def test_login_offer_gate_home_and_card(client, runtime):
    tin = make_taxpayer(runtime, new_tin(), name="Асанова Айгүл", address="Ош ш., Ленин көч., 5")
    r = web_login(client, tin, PASSWORD, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    # Every cabinet page sends a taxpayer who has not accepted the offer in force to the offer.
    for path in ("/", "/card"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/offer", path
    offer_page = client.get("/offer")
    assert "Кабыл алам" in offer_page.text and "2023.1 версиясы, 01.01.2023 тартып күчүндө" in offer_page.text
    assert "Мобилдик тиркемени пайдалануунун жалпы жоболору" in offer_page.text  # the offer's own text
    r = client.post("/offer", data={"version": "2023.1", "csrf": csrf_of(offer_page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Менин кызматтарым" in home.text and "Асанова Айгүл" in home.text
    # Offer 3.1: every service is listed; those not built yet are "coming soon", not links.
    # Every service of Offer 3.1 is built now: the patent is a link, nothing says "coming soon".
    assert 'href="/patents"' in home.text and "Электрондук патент" in home.text and "Жакында" not in home.text
    assert 'href="/patents"' in home.text  # the e-patent is built (issue 12); property and waybills are not yet
    card = client.get("/card")
    assert tin in card.text and "Асанова Айгүл" in card.text and "Ош ш., Ленин көч., 5" in card.text
    ru = client.get("/card", headers={"Accept-Language": "ru"})
    assert "Моя карточка" in ru.text and "Физическое лицо" in ru.text


def test_accepting_an_old_version_shows_the_message_not_an_error(client, runtime):
    tin = make_taxpayer(runtime, new_tin())
    web_login(client, tin, PASSWORD)
    page = client.get("/offer")
    r = client.post("/offer", data={"version": "1999.9", "csrf": csrf_of(page.text)})
    assert r.status_code == 409 and "Офертанын учурдагы версиясын (2023.1) гана кабыл алууга болот." in r.text


def test_wrong_password_and_lockout_use_the_domain_messages(client, runtime):
    tin = make_taxpayer(runtime, new_tin())
    r = web_login(client, tin, "Wrong-pass-0000")
    assert r.status_code == 401 and "Логин же сырсөз туура эмес." in r.text
    assert f'value="{tin}"' in r.text  # the login stays typed in; the password does not
    r = web_login(client, "00000000000000", "whatever", headers={"Accept-Language": "ru"})
    assert r.status_code == 401 and "Неверный логин или пароль." in r.text
    for _ in range(4):
        web_login(client, tin, "Wrong-pass-0000")
    r = web_login(client, tin, PASSWORD)
    assert r.status_code == 423 and "бөгөттөлдү" in r.text


def test_empty_login_form_is_answered_on_the_page(client):
    page = client.get("/login")
    r = client.post("/login", data={"login": "", "password": "", "csrf": csrf_of(page.text)})
    assert r.status_code == 422 and "сырсөзүңүздү киргизиңиз" in r.text


def test_logout_revokes_the_session(client, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    web_login(client, tin, PASSWORD)
    token = client.cookies.get("salyk_session")
    assert accounts.authenticate(runtime, token).login == tin
    home = client.get("/")
    r = client.post("/logout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert 'salyk_session=""' in r.headers["set-cookie"] or "Max-Age=0" in r.headers["set-cookie"]
    with pytest.raises(Unauthorized):
        accounts.authenticate(runtime, token)
    # Even a browser that kept the cookie is back at the login page.
    client.cookies.set("salyk_session", token)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


# --- cookies and CSRF ---------------------------------------------------------------------------

def test_session_cookie_is_httponly_samesite_and_secure_when_configured(client, runtime):
    tin = make_taxpayer(runtime, new_tin())
    r = web_login(client, tin, PASSWORD, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("salyk_session=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http in development
    secure_rt = Runtime(dataclasses.replace(runtime.settings, secure_cookies=True), runtime.db)
    with new_client(secure_rt, "https://testserver") as other:  # Secure cookies travel over https only
        page = other.get("/login")
        assert "Secure" in page.headers["set-cookie"]  # the pre-session cookie
        r = other.post("/login", data={"login": tin, "password": PASSWORD, "csrf": csrf_of(page.text)}, follow_redirects=False)
        assert r.status_code == 303
        assert "Secure" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]


def test_forms_without_a_valid_csrf_token_are_refused(client, runtime):
    tin = make_taxpayer(runtime, new_tin())
    client.get("/login")
    r = client.post("/login", data={"login": tin, "password": PASSWORD})
    assert r.status_code == 403 and "Форманын мөөнөтү бүттү" in r.text
    assert "salyk_session" not in client.cookies
    r = client.post("/login", data={"login": tin, "password": PASSWORD, "csrf": "0" * 64})
    assert r.status_code == 403
    # The token before login does not carry over to the session.
    before = csrf_of(client.get("/login").text)
    web_login(client, tin, PASSWORD)
    r = client.post("/offer", data={"version": "2023.1", "csrf": before})
    assert r.status_code == 403
    _, accepted = __import__("salyk.registry.offers", fromlist=["offer_status"]).offer_status(runtime, _taxpayer_id(runtime, tin))
    assert accepted is False
    # A form from another session (another browser) does not work here either.
    with new_client(runtime) as other:
        web_login(other, tin, PASSWORD)
        foreign = csrf_of(other.get("/offer").text)
    assert client.post("/offer", data={"version": "2023.1", "csrf": foreign}).status_code == 403
    # Garbage bodies are refused the same way, without a 500.
    r = client.post("/offer", content=b"\xff\xfe--not-a-form", headers={"content-type": "multipart/form-data; boundary=x"})
    assert r.status_code == 403


def _taxpayer_id(rt, tin: str) -> int:
    with rt.db.transaction() as session:
        return session.scalar(select(Taxpayer.id).where(Taxpayer.tin == tin))


def test_pages_carry_security_headers(client):
    r = client.get("/login")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"


# --- escaping -----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_html_in_names_is_shown_as_text(client, runtime):
    tin = make_taxpayer(runtime, new_tin(), name=SCRIPT, address='"><img src=x onerror=alert(2)>', accept=True)
    web_login(client, tin, PASSWORD)
    for path in ("/", "/card"):
        page = client.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
        assert "<img src=x" not in page


def test_officer_pages_escape_html(client, runtime):
    name, password = make_officer(runtime)
    web_login(client, name, password)
    tin = new_tin()
    r = post_form(client, "/officer/taxpayers/new", {"tin": tin, "kind": "individual", "name": SCRIPT, "address": "<b>x</b>", "registered_on": "2016-05-05"})
    assert r.status_code == 201 and SCRIPT not in r.text and "&lt;script&gt;" in r.text
    found = client.get("/officer/taxpayers", params={"q": tin})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found.text and SCRIPT not in found.text
    card = client.get(f"/officer/taxpayers/{tin}")
    assert "&lt;b&gt;x&lt;/b&gt;" in card.text and SCRIPT not in card.text
    r = client.get("/officer/taxpayers", params={"q": SCRIPT})
    assert r.status_code == 200 and SCRIPT not in r.text


# --- officer pages ------------------------------------------------------------------------------

def test_officer_registers_a_taxpayer_and_issues_a_password(client, runtime):
    name, password = make_officer(runtime)
    r = web_login(client, name, password, follow_redirects=False)
    assert r.headers["location"] == "/"
    assert client.get("/", follow_redirects=False).headers["location"] == "/officer"
    home = client.get("/officer")
    assert "Салык төлөөчүнү каттоо" in home.text and "Сырсөз берүү" in home.text and "Офертанын версиясын жарыялоо" in home.text
    tin = new_tin("organization")
    data = {"tin": tin, "kind": "organization", "name": "«Тоо» ЖЧК", "address": "Бишкек ш.", "registered_on": "2019-04-01"}
    r = post_form(client, "/officer/taxpayers/new", data)
    assert r.status_code == 201 and f"Катталды: «Тоо» ЖЧК, ИСН {tin}." in r.text
    # The same validation messages as the API, in the page's language.
    r = post_form(client, "/officer/taxpayers/new", data)
    assert r.status_code == 409 and "Бул ИСН менен салык төлөөчү мурда катталган." in r.text
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": "123"}, headers={"Accept-Language": "ru"})
    assert r.status_code == 422 and "ИНН должен состоять из 14 цифр" in r.text
    assert 'id="tin" name="tin" value="123"' in r.text and 'aria-invalid="true"' in r.text
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": new_tin("organization"), "name": "   "})
    assert r.status_code == 422 and "«Аты же аталышы» талаасы туура эмес: ал бош." in r.text
    # a person may type the date as they write it (DD.MM.YYYY); anything else is refused saying that form
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": new_tin("organization"), "registered_on": "01.04.2019"})
    assert r.status_code == 201, r.text
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": new_tin("organization"), "registered_on": "1 April 2019"})
    assert r.status_code == 422 and "«Катталган күнү» талаасы туура эмес: КК.АА.ЖЖЖЖ түрүндөгү дата." in r.text
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": new_tin("organization"), "registered_on": "2099-01-01"})
    assert r.status_code == 422 and "«Катталган күнү» талаасы туура эмес" in r.text
    r = post_form(client, "/officer/taxpayers/new", data | {"tin": new_tin("organization"), "kind": "sultan"})
    assert r.status_code == 422 and "белгисиз түрү" in r.text

    r = post_form(client, "/officer/credentials", {"tin": tin, "password": "short1"})
    assert r.status_code == 422 and "Сырсөз өтө алсыз" in r.text
    r = post_form(client, "/officer/credentials", {"tin": new_tin(), "password": "Issued-pass-2024"})
    assert r.status_code == 404 and "Бул ИСН менен салык төлөөчү катталган эмес." in r.text
    r = post_form(client, "/officer/credentials", {"tin": tin, "password": "Issued-pass-2024"}, form_page=f"/officer/credentials?tin={tin}")
    assert r.status_code == 201 and "Сырсөз берилди" in r.text
    with new_client(runtime) as taxpayer_browser:
        r = web_login(taxpayer_browser, tin, "Issued-pass-2024", follow_redirects=False)
        assert r.status_code == 303


def test_officer_search_and_card_reads_are_audited(client, runtime):
    tin = make_taxpayer(runtime, new_tin(), name="Издөө Тест")
    name, password = make_officer(runtime)
    web_login(client, name, password)

    def audited(action: str) -> int:
        with runtime.db.transaction() as session:
            return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == name, AuditEntry.action == action))

    found = client.get("/officer/taxpayers", params={"q": tin[:10]})
    assert tin in found.text and f'href="/officer/taxpayers/{tin}"' in found.text
    assert audited("taxpayer.search") == 1
    card = client.get(f"/officer/taxpayers/{tin}")
    assert "Издөө Тест" in card.text and audited("taxpayer.read") == 1
    assert "Эч нерсе табылган жок." in client.get("/officer/taxpayers", params={"q": "zzzz-no-such"}).text
    missing = client.get(f"/officer/taxpayers/{new_tin()}")
    assert missing.status_code == 404 and "катталган эмес" in missing.text
    assert client.get("/officer/taxpayers/not-a-tin").status_code == 422


def test_officer_publishes_an_offer_and_taxpayers_must_accept_it(fresh_runtime):
    rt = fresh_runtime
    tin = make_taxpayer(rt, new_tin(), accept=True)
    name, password = make_officer(rt, "admin")
    today = rt.today().isoformat()
    with new_client(rt) as officer_browser, new_client(rt) as taxpayer_browser:
        web_login(taxpayer_browser, tin, PASSWORD)
        assert taxpayer_browser.get("/", follow_redirects=False).status_code == 200
        web_login(officer_browser, name, password)
        page = officer_browser.get("/officer/offers")
        assert "2023.1" in page.text
        body = {"version": "2025.1", "effective_from": today, "text_ky": "Жаңы оферта <b>тексти</b>", "text_ru": "Новый текст оферты"}
        # First the preview (nothing written), then the confirmation with the preview's fingerprint.
        r = officer_browser.post("/officer/offers", files={k: (None, v) for k, v in (body | {"csrf": csrf_of(page.text)}).items()})
        assert r.status_code == 200 and "Жаңы оферта &lt;b&gt;тексти&lt;/b&gt;" in r.text and "Новый текст оферты" in r.text
        reviewed = re.search(r'name="reviewed" value="([0-9a-f]{64})"', r.text).group(1)
        r = officer_browser.post("/officer/offers", files={k: (None, v) for k, v in (body | {"step": "confirm", "confirm": "yes", "reviewed": reviewed, "csrf": csrf_of(page.text)}).items()})
        shown = rt.today().strftime("%d.%m.%Y")  # dates on pages read DD.MM.YYYY
        assert r.status_code == 201 and f"Жарыяланды: 2025.1 версиясы, {shown} тартып күчүндө." in r.text
        r = officer_browser.post("/officer/offers", data=body | {"csrf": csrf_of(page.text)})
        assert r.status_code == 409 and "Офертанын бул версиясы мурда жарыяланган." in r.text
        r = officer_browser.post("/officer/offers", data=body | {"version": "2025.2", "text_ru": " ", "csrf": csrf_of(page.text)})
        assert r.status_code == 422 and "«Орусча тексти» талаасы туура эмес: ал бош." in r.text
        # The taxpayer is sent back to the offer and reads the new text in the chosen language.
        r = taxpayer_browser.get("/", follow_redirects=False)
        assert r.headers["location"] == "/offer"
        assert "Жаңы оферта &lt;b&gt;тексти&lt;/b&gt;" in taxpayer_browser.get("/offer").text
        taxpayer_browser.get("/lang/ru")
        assert "Новый текст оферты" in taxpayer_browser.get("/offer").text


def test_taxpayers_cannot_open_officer_pages(client, runtime):
    assert client.get("/officer", follow_redirects=False).headers["location"] == "/login"
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    web_login(client, tin, PASSWORD)
    for path in ("/officer", "/officer/taxpayers/new", "/officer/credentials", "/officer/offers", f"/officer/taxpayers/{tin}", "/officer/taxpayers?q=1"):
        r = client.get(path)
        assert r.status_code == 403 and "Бул салык кызматынын кызматкерлери үчүн гана." in r.text, path
    csrf = csrf_of(client.get("/").text)
    victim = new_tin()
    r = client.post("/officer/taxpayers/new", data={"tin": victim, "kind": "individual", "name": "X", "address": "Y", "registered_on": "2016-01-01", "csrf": csrf})
    assert r.status_code == 403 and _taxpayer_id(runtime, victim) is None
    r = client.post("/officer/credentials", data={"tin": tin, "password": "Other-pass-2024", "csrf": csrf})
    assert r.status_code == 403
    # Staff have no taxpayer cabinet: they are sent to their own pages.
    name, password = make_officer(runtime)
    with new_client(runtime) as officer_browser:
        web_login(officer_browser, name, password)
        for path in ("/", "/card"):
            assert officer_browser.get(path, follow_redirects=False).headers["location"] == "/officer"
        assert "Кабыл алам" not in officer_browser.get("/offer").text


def test_unknown_pages_are_pages_and_the_api_keeps_json(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "Табылган жок." in r.text
    r = client.get("/api/v1/no-such-endpoint")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    r = client.put("/login")
    assert r.status_code == 405 and "text/html" in r.headers["content-type"]
    assert client.get("/static/salyk.css").status_code == 200


def test_nul_and_control_characters_never_reach_the_database_as_a_500(client, runtime):
    # PostgreSQL refuses NUL in text: the pages must answer in words, on both databases.
    r = post_form(client, "/login", {"login": "off\x00icer", "password": "x"}, form_page="/login")
    assert r.status_code == 401 and "Логин же сырсөз туура эмес." in r.text
    name, password = make_officer(runtime, "admin")  # an administrator: offer versions are theirs to publish
    web_login(client, name, password)
    r = client.get("/officer/taxpayers", params={"q": "\x00\x01"})
    assert r.status_code == 200
    r = post_form(client, "/officer/taxpayers/new", {"tin": new_tin(), "kind": "individual", "name": "A\x00B", "address": "x", "registered_on": "2016-01-01"})
    assert r.status_code == 422 and "анда башкаруучу белгилер бар" in r.text
    # Dated before the seed offer: even if it were published it could not become current.
    r = post_form(client, "/officer/offers", {"version": "nul-1", "effective_from": "2000-01-02", "text_ky": "a\x00b", "text_ru": "b"})
    assert r.status_code == 422 and "«Кыргызча тексти» талаасы туура эмес" in r.text


GARBAGE = ["", " ", "'; DROP TABLE taxpayers; --", "\x00", "x" * 5000, SCRIPT, "٣٤٥٦", "2024-02-30", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")]
FORMS = {
    "/login": ("login", "password"),
    "/offer": ("version",),
    "/officer/taxpayers/new": ("tin", "kind", "name", "address", "registered_on"),
    "/officer/credentials": ("tin", "password"),
    "/officer/offers": ("version", "effective_from", "text_ky", "text_ru", "step", "confirm", "reviewed"),
}


def test_no_form_input_yields_a_500(client, runtime):
    """Issue 2 "Bad input": every field of every form filled with junk gets a 4xx page (TestClient would raise on a 500)."""
    name, password = make_officer(runtime, "admin")  # who may reach every form, the offer's preview included
    web_login(client, name, password)
    csrf = csrf_of(client.get("/officer").text)
    for path, fields in FORMS.items():
        for junk in GARBAGE:
            r = client.post(path, data={field: junk for field in fields} | {"csrf": csrf})
            assert r.status_code < 500, (path, junk[:20])
            assert "text/html" in r.headers["content-type"]
