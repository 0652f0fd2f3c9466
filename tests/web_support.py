"""Helpers for the web cabinet tests: accounts made through the registry services, form login."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from fastapi.testclient import TestClient

from salyk.registry import officers, offers, taxpayers
from salyk.kernel.principal import StaffPrincipal, TaxpayerPrincipal

CSRF = re.compile(r'name="csrf" value="([0-9a-f]*)"')
PASSWORD = "Strong-pass-2024"


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def make_officer(rt, role: str = "officer") -> tuple[str, str]:
    name = f"web-{role}-{uuid.uuid4().hex[:8]}"
    officers.ensure_officer(rt, name, "officer-pass-1234", role)
    return name, "officer-pass-1234"


def make_taxpayer(rt, tin: str, name: str = "Web Taxpayer", address: str = "Бишкек ш., Чүй пр., 1", accept: bool = False, kind: str = "individual") -> str:
    officer, _ = officers.ensure_officer(rt, "web-setup-officer", "officer-pass-1234", "officer")
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    taxpayers.register(rt, actor, taxpayers.NewTaxpayer(tin, kind, name, address, dt.date(2015, 1, 1)))
    taxpayers.issue_password(rt, actor, tin, PASSWORD)
    if accept:
        with rt.db.transaction() as session:
            taxpayer = taxpayers.find(session, tin)
        offers.accept(rt, TaxpayerPrincipal(tin, taxpayer_id=taxpayer.id), offers.current_offer(rt).version)
    return tin


def web_login(client: TestClient, login: str, password: str, **kwargs):
    page = client.get("/login")
    return client.post("/login", data={"login": login, "password": password, "csrf": csrf_of(page.text)}, **kwargs)


def post_form(client: TestClient, path: str, data: dict, form_page: str | None = None, **kwargs):
    """POST a form with the CSRF token read from the page that shows it (``form_page``, or ``path``)."""
    page = client.get(form_page or path)
    return client.post(path, data={**data, "csrf": csrf_of(page.text)}, **kwargs)
