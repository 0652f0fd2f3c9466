"""Login (TIN or officer login + password; Offer 3.3, 5.2), logout, and the language switch.

The login decides the role: a taxpayer lands in the cabinet (or on the offer first), staff on the
officer pages. The domain's own messages say what went wrong (wrong credentials, locked).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Match, Mount

from salyk.api.middleware import client_address
from salyk.kernel.errors import SalykError, TooManyRequests, Unauthorized
from salyk.registry import accounts
from salyk.web.forms import form_page
from salyk.web.render import message_of, redirect, render
from salyk.web.session import WEB_LANGUAGES, Visit, safe_next, visit

router = APIRouter(include_in_schema=False)

MAX_FIELD = 200


@router.get("/login")
def login_form(request: Request) -> Response:
    v = visit(request)
    if v.principal is not None:
        return redirect(v, "/")
    return render(v, "login.html", login="", error=None)


def login_submit(v: Visit, form: dict[str, str]) -> Response:
    login_name = form.get("login", "").strip()[:MAX_FIELD]
    password = form.get("password", "")[:MAX_FIELD]
    if not login_name or not password:
        return render(v, "login.html", status=422, login=login_name, error=v.gettext("Enter your TIN (or login) and password."))
    try:
        if not login_name.isprintable():  # no account has such a login; PostgreSQL cannot even store a NUL
            raise Unauthorized("INVALID_CREDENTIALS", "Wrong login or password.")
        result = accounts.login(v.rt, login_name, password, address=client_address(v.request))
    except SalykError as exc:
        response = render(v, "login.html", status=exc.status, login=login_name, error=message_of(exc, v.lang))
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if v.token:  # a stale session under this browser: end it, a new one starts
        accounts.logout(v.rt, v.token)
    v.start_session(result.token)
    return redirect(v, "/")


router.post("/login")(form_page(login_submit))


def logout_submit(v: Visit, form: dict[str, str]) -> Response:
    if v.token:
        accounts.logout(v.rt, v.token)
    v.drop_session = True
    return redirect(v, "/login")


router.post("/logout")(form_page(logout_submit))


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Set the language and come back to the page, with its query (issue 11 item 5).

    ``next`` is the page as it was shown (``render.here``): only a same-site path (no open
    redirect). After a POST the path may answer only POST (``/account/password``): the switch
    comes back to the nearest page above it that answers GET (``/account``), never to a 405.
    The form input the user had typed is carried by ``/static/lang.js`` (sessionStorage).
    """
    v = visit(request)
    if code in WEB_LANGUAGES:
        v.set_language(code)
        v.lang = code
    return redirect(v, readable_page(request.app, safe_next(next)))


def readable_page(app: Starlette, target: str) -> str:
    """``target`` if some route answers GET there, else the nearest parent path that does ("/" last)."""
    path, sep, query = target.partition("?")
    if _answers_get(app, path):
        return target
    while path not in ("", "/"):
        path = path.rstrip("/").rpartition("/")[0] or "/"
        if _answers_get(app, path):
            return path
    return "/"


def _answers_get(app: Starlette, path: str) -> bool:
    scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
    for route in app.router.routes:
        if isinstance(route, Mount):  # static files and the API are no page to come back to
            continue
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return True
    return False
