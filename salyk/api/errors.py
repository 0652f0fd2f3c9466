"""Every error leaves as ``{"error": {"code", "message", "details"}}`` in the user's language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
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


# Pydantic's error types as the service's reasons (salyk.kernel.errors.REASONS, salyk.kernel.labels):
# the person reads the field's label and what is wanted, never the type name; the limit the schema
# gives (``ctx``) goes into ``details`` so the message can say it ("at most 300 characters").
PYDANTIC_REASONS = {
    "missing": ("missing", None),
    "string_too_long": ("too_long", ("max", "max_length")),
    "string_too_short": ("too_short", ("min", "min_length")),
    "too_long": ("too_many_rows", ("max", "max_length")),
    "too_short": ("too_few_rows", ("min", "min_length")),
    "greater_than_equal": ("too_small", ("min", "ge")),
    "greater_than": ("too_small", ("min", "gt")),
    "less_than_equal": ("too_big", ("max", "le")),
    "less_than": ("too_big", ("max", "lt")),
    "decimal_max_places": ("more_than_two_decimals", None),
    "decimal_max_digits": ("too_big_amount", None),
    "decimal_whole_digits": ("too_big_amount", None),
    "decimal_parsing": ("not_money", None),
    "decimal_type": ("not_money", None),
    "float_parsing": ("not_money", None),
    "float_type": ("not_money", None),
    "finite_number": ("not_money", None),
    "int_parsing": ("not_an_integer", None),
    "int_type": ("not_an_integer", None),
    "int_from_float": ("not_an_integer", None),
    "bool_parsing": ("not_a_boolean", None),
    "bool_type": ("not_a_boolean", None),
    "date_parsing": ("not_a_date", None),
    "date_from_datetime_parsing": ("not_a_date", None),
    "date_from_datetime_inexact": ("not_a_date", None),
    "date_type": ("not_a_date", None),
    "datetime_parsing": ("not_a_timestamp", None),
    "datetime_from_date_parsing": ("not_a_timestamp", None),
    "datetime_type": ("not_a_timestamp", None),
    "string_type": ("not_a_string", None),
    "string_pattern_mismatch": ("bad_format", None),
    "literal_error": ("not_allowed", None),
    "enum": ("not_allowed", None),
    "extra_forbidden": ("unknown_field", None),
    "dict_type": ("not_an_object", None),
    "model_type": ("not_an_object", None),
    "model_attributes_type": ("not_an_object", None),
    "list_type": ("not_a_list", None),
    "uuid_parsing": ("not_a_uuid", None),
    "uuid_type": ("not_a_uuid", None),
}


def _path(loc: Sequence[int | str]) -> str:
    """``("body", "schedule", 0, "amount")`` -> ``"schedule[0].amount"`` (the labels' form)."""
    out = ""
    for part in loc:
        if part in ("body", "query", "path", "header", "cookie") and not out:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _limit(value: Any) -> Any:
    return str(value) if not isinstance(value, (int, str)) else value


def _validation_details(exc: RequestValidationError) -> dict[str, Any]:
    problems = []
    reason = "invalid"
    first: dict[str, Any] | None = None
    for err in exc.errors()[:20]:
        kind = str(err.get("type", "invalid"))
        if kind == "json_invalid":
            reason = "malformed_json"
        # Only the location and kind: echoing the input back could leak or reflect it.
        problems.append({"loc": [str(p) for p in err.get("loc", ())], "type": kind})
        if first is None and kind != "json_invalid":
            mapped, limit = PYDANTIC_REASONS.get(kind, ("not_accepted", None))
            first = {"field": _path(err.get("loc", ())) or "body", "reason": mapped}
            ctx = err.get("ctx") or {}
            if limit is not None and limit[1] in ctx:
                first[limit[0]] = _limit(ctx[limit[1]])
    if reason == "malformed_json" or first is None:
        return {"reason": reason, "errors": problems}
    return first | {"errors": problems}


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
    async def _domain(request: Request, exc: SalykError) -> JSONResponse:
        # the message names the field by its label in the user's language (salyk.kernel.labels)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
        return JSONResponse(error_body(exc.code, labels.message(exc, language_of(request)), exc.details), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        refused = _refused_date(exc)
        if refused is not None:  # the one date parser's answer, as the domain gives it for a field
            return await _domain(request, refused)
        details = _validation_details(exc)
        if "field" in details:  # the first field by its label and what is wanted, as a domain refusal says it
            problem = invalid_field(details["field"], details["reason"])
            problem.details = details
            return await _domain(request, problem)
        return error_response(request, 422, "VALIDATION_ERROR", "The request is not valid: check the fields listed in details.", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "error parsing the body" (a body that is not UTF-8, say): the same answer as
            # any other body that is not JSON, the contract's 422 with reason malformed_json.
            details = {"reason": "malformed_json", "errors": [{"loc": ["body"], "type": "json_invalid"}]}
            return error_response(request, 422, "VALIDATION_ERROR", "The request is not valid: check the fields listed in details.", details)
        code, msgid = HTTP_CODES.get(exc.status_code, ("HTTP_ERROR", "The request could not be served."))
        return error_response(request, exc.status_code, code, msgid, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - the suite proves none reach here
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "INTERNAL_ERROR", "Something went wrong on our side; nothing was saved.")
