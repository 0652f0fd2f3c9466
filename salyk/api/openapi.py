"""The OpenAPI document says what each operation really answers (issue 9 item 7).

Every error leaves as ``{"error": {"code", "message", "details"}}`` (``salyk.api.errors``); one
component, ``ErrorEnvelope``, describes it. Which error statuses an operation can answer is
derived once, here, from what the operation is made of, not written by hand on each route:

| status | when |
|---|---|
| 401 | it takes the bearer token (``deps.bearer_token``) |
| 403 | it checks a role or the accepted offer (``deps.staff/admin/taxpayer/cabinet``) |
| 404 | it has a path parameter, or it takes a body behind a login (the body names a taxpayer or an object) |
| 409 | it takes a body behind a login (exists already, replay with other content, wrong state) |
| 413 | it reads a body (``middleware.BodyLimit``) |
| 422 | it reads a body, a query or a path parameter (``VALIDATION_ERROR`` and the field codes) |
| 423 | the route says so (``answers(423)``: account, PIN or code locked) |
| 429 | it is one of the expensive POSTs (``middleware.EXPENSIVE``) or the route says so (login) |
| 503 | its module sits behind a service switch (``deps.switch_guard``: ``SERVICE_SUSPENDED``) |

A route adds what it alone knows with ``responses=answers(...)``; binary answers (PEM, PDF) declare
their media type with ``responses=binary(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.routing import BaseRoute

from salyk.api import deps
from salyk.api.middleware import EXPENSIVE


class Error(BaseModel):

    code: str = Field(description="UPPER_SNAKE_CASE machine-readable code", pattern=r"^[A-Z][A-Z0-9_]*$")
    message: str = Field(description="What went wrong, in the language of Accept-Language (ky, ru, en)")
    details: dict[str, Any] = Field(description="Machine-readable particulars (field, reason, limits, ...)")


class ErrorEnvelope(BaseModel):
    """Every 4xx and 503 answer of the API (contract §2)."""


    error: Error


DESCRIPTIONS = {
    400: "Bad request",
    401: "Not logged in, or the token is no longer valid (UNAUTHORIZED, INVALID_CREDENTIALS)",
    403: "Not allowed for this role, or the offer is not accepted (FORBIDDEN, OFFER_NOT_ACCEPTED)",
    404: "Not found, or not this caller's (NOT_FOUND and the service's own codes)",
    409: "Conflicts with what exists (already exists, replay with other content, wrong state)",
    413: "The request body is too large (PAYLOAD_TOO_LARGE)",
    422: "The request is not valid (VALIDATION_ERROR and the field codes)",
    423: "Locked for a while after too many failed attempts",
    429: "Too many requests; the Retry-After header says when to try again (TOO_MANY_REQUESTS)",
    503: "The service is suspended or read-only (SERVICE_SUSPENDED, Offer 6.6)",
}


def answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error statuses only the route knows it answers (``responses=answers(423, 429)``)."""
    return {status: {} for status in statuses}


def binary(media_type: str, description: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    """A success answer that is not JSON (a PEM certificate, a PDF copy)."""
    schema = {"type": "string", "format": "binary"} if media_type == "application/pdf" else {"type": "string"}
    return {status: {"description": description, "content": {media_type: {"schema": schema}}}}


def _calls(dependant: Dependant) -> set[Any]:
    found: set[Any] = set()
    stack = [dependant]
    while stack:
        item = stack.pop()
        for sub in item.dependencies:
            if sub.call is not None:
                found.add(sub.call)
            stack.append(sub)
    return found


ROLE_CHECKS = {deps.staff, deps.admin, deps.taxpayer, deps.cabinet}


def error_statuses(route: APIRoute, prefix: str = "") -> set[int]:
    """The error statuses ``route`` can answer, from its dependencies, parameters and body."""
    calls = _calls(route.dependant)
    methods = set(route.methods or ())
    statuses: set[int] = set()
    logged_in = deps.bearer_token in calls
    if logged_in:
        statuses.add(401)
    if calls & ROLE_CHECKS:
        statuses.add(403)
    if route.dependant.path_params:
        statuses |= {404, 422}
    if route.dependant.query_params or route.dependant.header_params or route.dependant.cookie_params:
        statuses.add(422)
    if route.body_field is not None:
        statuses |= {413, 422}
        if logged_in:
            statuses |= {404, 409}
    if "POST" in methods and EXPENSIVE.match(prefix + route.path_format):
        statuses.add(429)
    statuses |= {s for s in route.responses if isinstance(s, int) and s >= 400}
    return statuses


def _api_routes(routes: Sequence[BaseRoute]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # a router included into this one
            found.extend(_api_routes(route.original_router.routes))
    return found


def error_table(routers_with_switch: Iterable[tuple[APIRouter, bool]], prefix: str) -> dict[tuple[str, str], set[int]]:
    """(METHOD, path) -> error statuses, for the routers of every module (``(router, switchable)``)."""
    table: dict[tuple[str, str], set[int]] = {}
    for router, switchable in routers_with_switch:
        for route in _api_routes(router.routes):
            if not route.include_in_schema:
                continue
            statuses = error_statuses(route, prefix) | ({503} if switchable else set())
            for method in route.methods or ():
                table[(method.upper(), route.path_format)] = statuses
    return table


def install(api: FastAPI, routers_with_switch: Iterable[tuple[APIRouter, bool]], prefix: str) -> None:
    """Make ``api.openapi()`` give every operation its error answers, with the shared envelope."""
    table = error_table(routers_with_switch, prefix)
    plain = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is not None:
            return api.openapi_schema
        schema = plain()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        envelope = ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(envelope.pop("$defs", {}))
        components["ErrorEnvelope"] = envelope
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)  # FastAPI's own 422 shape: ours is the envelope
        ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                statuses = table.get((method.upper(), path), set())
                responses = operation.setdefault("responses", {})
                for status in sorted(statuses):
                    responses[str(status)] = {"description": DESCRIPTIONS.get(status, "Error"), "content": {"application/json": {"schema": ref}}}
        api.openapi_schema = schema
        return schema

    api.openapi = openapi  # type: ignore[method-assign]


def returns(model: type[BaseModel], status: int = 200, description: str = "Successful Response", also: dict[int, str] | None = None) -> dict[str, Any]:
    """The route's answer described by ``model`` in the document, while the presenter's JSON goes out
    exactly as it is written (the contract fixes it): ``@router.get(path, **returns(Model))``.
    The schemathesis run (tests/platform/test_schemathesis.py) checks that they agree."""
    responses: dict[int | str, dict[str, Any]] = {status: {"model": model, "description": description}}
    responses |= {other: {"model": model, "description": text} for other, text in (also or {}).items()}
    return {"response_model": None, "status_code": status, "responses": responses}
