"""Who is looking at the page, in which language, and the cookies that carry it.

- ``salyk_session``: the token from ``accounts.login`` (the same revocable, expiring token the
  API hands out), HttpOnly, SameSite=Strict (the cabinet is never entered from another site's
  link with a session), Secure when ``settings.secure_cookies``. Logout revokes it server-side.
- ``salyk_pre``: a random value before login, only so the login form has a CSRF basis.
- ``lang``: ky or ru, chosen with the switch; without it, Accept-Language decides; ky by default
  (the state language).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from starlette.responses import Response

from salyk.kernel.errors import SalykError
from salyk.kernel.module import Module
from salyk.kernel.switches import State, suspended
from salyk.kernel import i18n
from salyk.kernel.i18n import DEFAULT_LANGUAGE, negotiate
from salyk.registry import accounts, offers
from salyk.kernel import authorize
from salyk.kernel.principal import TAXPAYER, Principal, StaffPrincipal, SystemPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.web import csrf

SESSION_COOKIE = "salyk_session"
PRE_COOKIE = "salyk_pre"
LANG_COOKIE = "lang"
WEB_LANGUAGES = ("ky", "ru")
LANG_MAX_AGE = 365 * 24 * 3600


class Redirect(Exception):
    """Leave the page for another one (login, offer gate, the user's own start page)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in WEB_LANGUAGES:
        return chosen
    return accept_language(request.headers.get("accept-language"))


def accept_language(header: str | None) -> str:
    """The best of ky/ru by quality in Accept-Language; the pages exist only in these two."""
    return negotiate(header, DEFAULT_LANGUAGE, WEB_LANGUAGES)


def safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would make the language link a phishing tool."""
    if not target or not target.startswith("/") or target.startswith("//") or target.startswith("/\\") or len(target) > 500:
        return "/"
    if any(c in target for c in "\r\n\t") or target.startswith("/api"):
        return "/"
    return target


@dataclass
class Visit:
    request: Request
    rt: Runtime
    lang: str
    token: str | None = None
    principal: Principal | None = None
    new_pre: str | None = None
    drop_session: bool = False
    extra_cookies: list[tuple[tuple[str, str], dict[str, Any]]] = field(default_factory=list)  # (args, kwargs) of set_cookie

    @property
    def csrf_basis(self) -> str | None:
        if self.principal is not None:
            return self.token
        return self.new_pre or self.request.cookies.get(PRE_COOKIE)

    @property
    def csrf_token(self) -> str:
        return csrf.token(self.rt.settings.secret_key, self.csrf_basis or "")

    def csrf_ok(self, form: Mapping[str, str]) -> bool:
        return csrf.valid(self.rt.settings.secret_key, self.csrf_basis, form.get(csrf.FIELD))

    def gettext(self, msgid: str, **params: Any) -> str:
        return i18n.gettext(msgid, self.lang, **params)

    @property
    def is_taxpayer(self) -> bool:
        return self.principal is not None and self.principal.role == TAXPAYER

    @property
    def is_staff(self) -> bool:
        return self.principal is not None and self.principal.is_staff

    def apply_cookies(self, response: Response) -> Response:
        secure = self.rt.settings.secure_cookies
        if self.new_pre:
            response.set_cookie(PRE_COOKIE, self.new_pre, httponly=True, samesite="lax", secure=secure, path="/")
        if self.drop_session:
            response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=secure)
        for args, kwargs in self.extra_cookies:
            response.set_cookie(*args, **kwargs)
        return response

    def start_session(self, token: str) -> None:
        self.extra_cookies.append(((SESSION_COOKIE, token), dict(httponly=True, samesite="strict", secure=self.rt.settings.secure_cookies, path="/")))

    def set_language(self, lang: str) -> None:
        self.extra_cookies.append(((LANG_COOKIE, lang), dict(max_age=LANG_MAX_AGE, httponly=True, samesite="lax", secure=self.rt.settings.secure_cookies, path="/")))


def visit(request: Request) -> Visit:
    """The visit of this request (built once and kept on ``request.state``)."""
    existing: Visit | None = getattr(request.state, "web_visit", None)  # set below, once per request
    if existing is not None:
        return existing
    rt: Runtime = request.app.state.runtime
    v = Visit(request, rt, language(request))
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            v.principal, v.token = accounts.authenticate(rt, token), token
        except SalykError:  # expired or revoked: forget it and show the login page
            v.drop_session = True
    if v.principal is None and not request.cookies.get(PRE_COOKIE):
        v.new_pre = secrets.token_urlsafe(24)
    request.state.web_visit = v
    return v


def require_login(v: Visit) -> Principal:
    if v.principal is None:
        raise Redirect("/login")
    return v.principal


def require_taxpayer(v: Visit) -> TaxpayerPrincipal:
    principal = require_login(v)
    if not isinstance(principal, TaxpayerPrincipal):
        raise Redirect("/officer")
    return principal


def require_cabinet(v: Visit) -> TaxpayerPrincipal:
    """A taxpayer who accepted the offer in force (Offer 1.2, 1.6); others go to the offer page."""
    principal = require_taxpayer(v)
    _, accepted = offers.offer_status(v.rt, principal.taxpayer_id)
    if not accepted:
        raise Redirect("/offer")
    return principal


def require_staff(v: Visit) -> StaffPrincipal | SystemPrincipal:
    return authorize.staff(require_login(v))


def page_switch_guard(module: Module) -> Callable[[Request], None]:
    """The pages of a switched-off module show the admin's message (Offer 6.6); read-only pages
    refuse their forms."""

    def guard(request: Request) -> None:
        rt: Runtime = request.app.state.runtime
        setting = rt.switch_state(module.key)
        if setting.state is State.OFF or (setting.state is State.READ_ONLY and request.method not in ("GET", "HEAD")):
            raise suspended(module.key, module.title, setting)

    return guard
