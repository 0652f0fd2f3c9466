"""The cabinet's account page, menu, badges and language switch (issue 11 items 5 and 7).

- ``/account``: change the password (the same service as ``POST /me/password``), the sessions in
  force with this one marked and a button to end another; ``/officer/account`` the same for staff.
- The menu on every page reaches every page the modules give (tiles, ``Module.menu``, officer
  links), refunds and deferrals among them.
- The language switch comes back to the page with its query, never to a path that answers only
  POST (405), and never leaves the site.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import new_tin
from salyk.api.app import create_app
from salyk.modules import MODULES
from salyk.registry import accounts
from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, post_form, web_login

NEW = "Tomorrow-2025-kg"


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def _taxpayer(web, runtime, lang="ky"):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    web.cookies.set("lang", lang)
    assert web_login(web, tin, PASSWORD, follow_redirects=False).status_code == 303
    return tin


def test_account_page_changes_the_password_and_ends_other_sessions(web, runtime):
    tin = _taxpayer(web, runtime, "ru")
    elsewhere = accounts.login(runtime, tin, PASSWORD)  # the phone app, say
    page = web.get("/account")
    assert page.status_code == 200
    assert "Сменить пароль" in page.text and "Активные сеансы" in page.text
    assert page.text.count('<li class="session') == 2 and "Этот сеанс" in page.text
    assert page.text.count('name="session"') == 1  # a button for the other session only

    wrong = post_form(web, "/account/password", {"current_password": "Not-mine-2024", "new_password": NEW, "new_password_again": NEW}, form_page="/account")
    assert wrong.status_code == 422 and "Текущий пароль неверен." in wrong.text
    assert 'id="current_password" name="current_password" type="password" autocomplete="current-password" maxlength="200" required aria-invalid="true"' in wrong.text
    differ = post_form(web, "/account/password", {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW + "x"}, form_page="/account")
    assert differ.status_code == 422 and "Два новых пароля не совпадают." in differ.text
    weak = post_form(web, "/account/password", {"current_password": PASSWORD, "new_password": "short1", "new_password_again": "short1"}, form_page="/account")
    assert weak.status_code == 422 and "не менее 10 символов" in weak.text

    done = post_form(web, "/account/password", {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW}, form_page="/account", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/account?done=changed"
    page = web.get(done.headers["location"])
    assert page.status_code == 200 and "Пароль изменён. Все остальные сеансы завершены." in page.text
    assert page.text.count('<li class="session') == 1  # the phone's session is gone
    with pytest.raises(Exception):
        accounts.authenticate(runtime, elsewhere.token)
    assert accounts.login(runtime, tin, NEW).token


def test_ending_another_session_from_the_page(web, runtime):
    tin = _taxpayer(web, runtime, "ky")
    elsewhere = accounts.login(runtime, tin, PASSWORD)
    page = web.get("/account")
    sid = re.search(r'name="session" value="([0-9a-f]+)"', page.text).group(1)
    r = web.post("/account/sessions", data={"session": sid, "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account?done=revoked"
    assert "Сеанс жабылды." in web.get("/account?done=revoked").text
    with pytest.raises(Exception):
        accounts.authenticate(runtime, elsewhere.token)
    # A session id that is not ours (or no longer alive) is a page with the message, not a 500.
    r = web.post("/account/sessions", data={"session": sid, "csrf": csrf_of(page.text)})
    assert r.status_code == 404 and "Мындай сеанс жок." in r.text


def test_officer_has_the_same_account_page(web, runtime):
    name, password = make_officer(runtime)
    web.cookies.set("lang", "ru")
    web_login(web, name, password)
    page = web.get("/officer/account")
    assert page.status_code == 200 and 'action="/officer/account/password"' in page.text
    r = post_form(web, "/officer/account/password", {"current_password": password, "new_password": "Officer-new-2025y", "new_password_again": "Officer-new-2025y"},
                  form_page="/officer/account", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/officer/account?done=changed"
    assert accounts.login(runtime, name, "Officer-new-2025y").token
    # A taxpayer has no business on the officer's page, nor an officer on the taxpayer's.
    assert web.get("/account", follow_redirects=False).status_code in (303, 403)


def _menu_links(page: str) -> list[str]:
    menu = re.search(r'(?s)<details class="menu">.*?</details>', page).group(0)
    return re.findall(r'<a href="([^"]+)"', menu)


def test_taxpayer_menu_reaches_every_page_the_modules_give(web, runtime):
    _taxpayer(web, runtime, "ru")
    page = web.get("/balance")
    links = _menu_links(page.text)
    expected = {t.path for m in MODULES for t in m.tiles} | {link.path for m in MODULES for link in m.menu}
    assert expected <= set(links), expected - set(links)
    assert {"/refunds", "/deferrals", "/statement", "/account"} <= set(links)  # no longer hidden in a link strip
    assert 'href="/balance" aria-current="page"' in page.text
    assert "Меню" in page.text and '<a href="/refunds">Возврат или зачёт</a>' in page.text
    for path in links:  # every link of the menu opens a page
        assert web.get(path).status_code == 200, path


def test_officer_menu_has_the_officer_links(web, runtime):
    name, password = make_officer(runtime, "admin")
    web_login(web, name, password)
    links = set(_menu_links(web.get("/officer").text))
    assert {link.path for m in MODULES for link in m.officer_links} <= links
    assert {"/officer", "/officer/account", "/admin/services", "/admin/law"} <= links
    assert "/refunds" not in links  # the taxpayer's pages are not the officer's


def test_no_menu_before_login(web):
    assert '<details class="menu">' not in web.get("/login").text


def test_switch_badges_on_the_tiles_and_the_menu(fresh_runtime):
    """Waybills switched off, patents read-only (Offer 6.6): the tile and the menu item carry the
    badge from the one macro, each with its own words."""
    from salyk.kernel.principal import SystemPrincipal
    from salyk.kernel.switches import switch
    from salyk.modules import switchable_keys

    rt = fresh_runtime
    admin = SystemPrincipal("cli:test")
    switch(rt, admin, switchable_keys(), "waybills", "off", {"ky": "Оңдоо иштери", "ru": "Технические работы"}, rt.today())
    switch(rt, admin, switchable_keys(), "patents", "read_only", {"ky": "Оңдоо иштери", "ru": "Технические работы"}, rt.today())
    with TestClient(create_app(rt), base_url="http://testserver") as web:
        _taxpayer(web, rt, "ky")
        page = web.get("/").text
    assert page.count('class="badge badge-suspended" data-status="suspended">Токтотулган<') == 3  # tile, and the menu's tile and new-waybill link
    assert 'class="badge badge-read_only" data-status="read_only">' in page


def test_obligation_badges_have_their_own_words(web, runtime):
    """On 14 March 2025 the single declaration for 2024 (due 1 April 2025, TC art. 87) is still to
    file: the "open" badge; the journal shows a filing on time as "filed"."""
    _taxpayer(web, runtime, "ru")
    page = web.get("/declarations")
    assert 'class="badge badge-open" data-status="open">Подать<' in page.text


# --- the language switch --------------------------------------------------------------------------


def test_switch_keeps_the_page_and_its_query(web):
    r = web.get("/lang/ru?next=" + quote("/statement?from=2024-01-01&to=2024-12-31", safe=""), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/statement?from=2024-01-01&to=2024-12-31"
    assert r.cookies.get("lang") == "ru" or "lang=ru" in r.headers.get("set-cookie", "")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/api/v1/me", "\r\nX: y"])
def test_switch_never_leaves_the_site(web, target):
    r = web.get("/lang/ky", params={"next": target}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_pages_link_the_switch_to_themselves_with_the_query(web, runtime):
    _taxpayer(web, runtime, "ky")
    page = web.get("/statement?from=2024-01-01")
    assert 'href="/lang/ru?next=/statement%3Ffrom%3D2024-01-01"' in page.text


def test_after_a_refused_post_the_switch_shows_the_page_not_405(web, runtime):
    _taxpayer(web, runtime, "ky")
    refused = post_form(web, "/account/password", {"current_password": "", "new_password": NEW, "new_password_again": NEW}, form_page="/account")
    assert refused.status_code == 422
    link = re.search(r'href="(/lang/ru\?next=[^"]+)"', refused.text).group(1)
    r = web.get(link.replace("&amp;", "&"))
    assert r.status_code == 200 and r.url.path == "/account" and "Сменить пароль" in r.text


def _post_only_paths() -> list[str]:
    """Every page path of the modules that answers POST but not GET, with its parameters filled in."""
    from salyk.kernel.module import load

    routes = [r for m in MODULES for target in m.pages for r in load(target).routes]
    gets = {r.path for r in routes if "GET" in r.methods}
    return sorted({re.sub(r"\{[^}]+\}", "7", r.path) for r in routes if "POST" in r.methods and r.path not in gets})


def test_the_switch_never_comes_back_to_a_post_only_path(web, runtime):
    """For every form target of the cabinet, the switch's redirect answers GET (no 405)."""
    _taxpayer(web, runtime, "ky")
    targets = _post_only_paths()
    assert "/account/password" in targets and "/declarations/zero" in targets and len(targets) > 15
    for target in targets:
        r = web.get("/lang/ru", params={"next": target}, follow_redirects=False)
        assert r.status_code == 303
        back = web.get(r.headers["location"], follow_redirects=False)
        assert back.status_code != 405, (target, r.headers["location"])


def test_after_a_post_the_switch_returns_to_the_page_the_form_came_from(web, runtime):
    """A form on /refunds?from=menu posts to /refunds; the refused page's switch goes back to the
    page with its query (same-site Referer), and a foreign Referer is ignored."""
    _taxpayer(web, runtime, "ky")
    page = web.get("/account")
    data = {"current_password": "", "new_password": NEW, "new_password_again": NEW, "csrf": csrf_of(page.text)}
    r = web.post("/account/password", data=data, headers={"referer": "http://testserver/account?tab=password"})
    assert 'href="/lang/ru?next=/account%3Ftab%3Dpassword"' in r.text
    r = web.post("/account/password", data=data, headers={"referer": "https://evil.example/phish?x=1"})
    assert 'href="/lang/ru?next=/account/password"' in r.text


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_account_page_and_menu_have_no_english_words(web, runtime, lang):
    from test_web_words import english_words, visible_text

    _taxpayer(web, runtime, lang)
    for path in ("/account", "/account?done=changed", "/account?done=revoked"):
        page = web.get(path)
        assert page.status_code == 200
        assert not english_words(visible_text(page.text)), (path, english_words(visible_text(page.text)))
    refused = post_form(web, "/account/password", {"current_password": "Wrong-pass-2024", "new_password": NEW, "new_password_again": NEW}, form_page="/account")
    assert refused.status_code == 422 and not english_words(visible_text(refused.text))


def test_officer_pages_menu_has_no_english_words(web, runtime):
    from test_web_words import english_words, visible_text

    name, password = make_officer(runtime, "admin")
    web.cookies.set("lang", "ru")
    web_login(web, name, password)
    for path in ("/officer", "/officer/account"):
        page = web.get(path)
        menu = re.search(r'(?s)<details class="menu">.*?</details>', page.text).group(0)
        assert not english_words(visible_text("<body>" + menu + "</body>")), path


def test_no_menu_on_the_offer_before_acceptance(web, runtime):
    tin = make_taxpayer(runtime, new_tin(), accept=False)
    web_login(web, tin, PASSWORD)
    page = web.get("/offer")
    assert page.status_code == 200 and '<details class="menu">' not in page.text
