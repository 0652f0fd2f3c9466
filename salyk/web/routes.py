"""The web cabinet at ``/``: server-rendered pages over the same services as the API.

Each module of ``salyk.modules`` names its page routers; a module that is switched off answers
its pages with the admin's message, read-only refuses their forms. Errors on web paths become pages in the user's language (never a 500 for bad
input); paths under ``/api`` keep the API's JSON error bodies.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from salyk.api.errors import HTTP_CODES
from salyk.kernel.errors import SalykError, TooManyRequests
from salyk.kernel.i18n import gettext
from salyk.kernel.module import load
from salyk.modules import MODULES
from salyk.web.render import error_page, message_of
from salyk.web.session import Redirect, Visit, page_switch_guard, visit

STATIC = Path(__file__).parent / "static"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


async def _delegate(handler: Callable[[Request, Exception], Response | Awaitable[Response]], request: Request, exc: Exception) -> Response:
    """The API's own handler (``salyk.api.errors``) for a path under /api; Starlette allows sync
    and async handlers, and the API's are async."""
    answer = handler(request, exc)
    return await answer if inspect.isawaitable(answer) else answer


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in MODULES:
        guard = [Depends(page_switch_guard(module))] if module.switchable else []
        for target in module.pages:
            app.include_router(load(target), dependencies=guard)

    json_domain = app.exception_handlers.get(SalykError)
    json_http = app.exception_handlers.get(StarletteHTTPException)
    json_validation = app.exception_handlers.get(RequestValidationError)

    async def _page(request: Request, status: int, message_for: Callable[[str], str]) -> Response:
        def build() -> Response:
            v = visit(request)
            return error_page(v, status, message_for(v.lang))

        return await run_in_threadpool(build)

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        v: Visit | None = getattr(request.state, "web_visit", None)  # set by session.visit when the page got that far
        response = RedirectResponse(exc.url, status_code=303)
        return v.apply_cookies(response) if v is not None else response

    @app.exception_handler(SalykError)
    async def _domain(request: Request, exc: SalykError) -> Response:
        if _is_api(request) and json_domain is not None:
            return await _delegate(json_domain, request, exc)
        response = await _page(request, exc.status, lambda lang: message_of(exc, lang))
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) and json_http is not None:
            return await _delegate(json_http, request, exc)
        _, msgid = HTTP_CODES.get(exc.status_code, ("HTTP_ERROR", "The request could not be served."))
        return await _page(request, exc.status_code, lambda lang: gettext(msgid, lang))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request) and json_validation is not None:
            return await _delegate(json_validation, request, exc)
        return await _page(request, 400, lambda lang: gettext("The request is not valid.", lang))
