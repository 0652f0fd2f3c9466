"""Every error leaves as ``{"error": {"code", "message", "details"}}`` in the user's language."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from salyk.kernel import labels
from salyk.kernel.dates import DateRefused
from salyk.kernel.errors import SalykError, TooManyRequests, invalid_field
from salyk.kernel.i18n import gettext, negotiate

log = logging.getLogger("salyk.api")

HTTP_CODES = {
    400: ("BAD_REQUEST", "The request is not valid."),
    401: ("UNAUTHORIZED", "Log in first."),
    403: ("FORBIDDEN", "You do not have access to this."),
    404: ("NOT_FOUND", "Not found."),
    405: ("METHOD_NOT_ALLOWED", "This method is not allowed here."),
    406: ("NOT_ACCEPTABLE", "This representation is not available."),
    413: ("PAYLOAD_TOO_LARGE", "The request body is too large."),
    415: ("UNSUPPORTED_MEDIA_TYPE", "Send JSON (Content-Type: application/json)."),
    429: ("TOO_MANY_REQUESTS", "Too many requests; try again later."),
}


def language_of(request: Request) -> str:
    lang = getattr(request.state, "language", None)
    return lang or negotiate(request.headers.get("accept-language"))


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(request: Request, status: int, code: str, msgid: str, details: dict[str, Any] | None = None, headers: dict[str, str] | None = None, **params: Any) -> JSONResponse:
    message = gettext(msgid, language_of(request), **params)
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> dict[str, Any]:
    problems = []
    reason = "invalid"
    for err in exc.errors()[:20]:
        kind = str(err.get("type", "invalid"))
        if kind == "json_invalid":
            reason = "malformed_json"
        # Only the location and kind: echoing the input back could leak or reflect it.
        problems.append({"loc": [str(p) for p in err.get("loc", ())], "type": kind})
    return {"reason": reason, "errors": problems}


def _refused_date(exc: RequestValidationError) -> SalykError | None:
    errors = exc.errors()
    if len(errors) != 1:
        return None
    cause = (errors[0].get("ctx") or {}).get("error")
    if isinstance(cause, DateRefused):
        loc = [str(p) for p in errors[0].get("loc", ()) if p not in ("body", "query")]
        return invalid_field(".".join(loc) or "date", cause.reason)
    return None


def install(app: FastAPI) -> None:
    @app.exception_handler(SalykError)
    async def _domain(request: Request, exc: SalykError):
        # the message names the field by its label in the user's language (salyk.kernel.labels)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
        return JSONResponse(error_body(exc.code, labels.message(exc, language_of(request)), exc.details), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        refused = _refused_date(exc)
        if refused is not None:  # the one date parser's answer, as the domain gives it for a field
            return await _domain(request, refused)
        return error_response(request, 422, "VALIDATION_ERROR", "The request is not valid: check the fields listed in details.", _validation_details(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "error parsing the body" (a body that is not UTF-8, say): the same answer as
            # any other body that is not JSON, the contract's 422 with reason malformed_json.
            details = {"reason": "malformed_json", "errors": [{"loc": ["body"], "type": "json_invalid"}]}
            return error_response(request, 422, "VALIDATION_ERROR", "The request is not valid: check the fields listed in details.", details)
        code, msgid = HTTP_CODES.get(exc.status_code, ("HTTP_ERROR", "The request could not be served."))
        return error_response(request, exc.status_code, code, msgid, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover - the suite proves none reach here
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "INTERNAL_ERROR", "Something went wrong on our side; nothing was saved.")
