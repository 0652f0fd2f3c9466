"""Request guards that run before any router: body size (413), the user's language, and the
per-address limit on expensive requests (429)."""

from __future__ import annotations

import html
import json
import re

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salyk.kernel.errors import TooManyRequests
from salyk.kernel.i18n import gettext, negotiate
from salyk.kernel.runtime import Runtime
from salyk.law.book import using


class BodyLimit:
    """Refuse bodies over ``max_bytes`` with 413, whether declared by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        lang = negotiate(headers.get(b"accept-language", b"").decode("latin-1"))
        scope.setdefault("state", {})["language"] = lang
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(send, lang)
                return
        received = 0
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            if refused:
                await self._refuse(send, lang)

    async def _refuse(self, send: Send, lang: str) -> None:
        body = json.dumps(
            {"error": {"code": "PAYLOAD_TOO_LARGE", "message": gettext("The request body is too large.", lang), "details": {"max_bytes": self.max_bytes}}},
            ensure_ascii=False,
        ).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass



def client_address(request_or_scope: HTTPConnection | Scope) -> str:
    """The peer's address as the server saw it (behind a proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so this is the client's, never a header's claim)."""
    scope = request_or_scope.scope if isinstance(request_or_scope, HTTPConnection) else request_or_scope
    client = scope.get("client")
    return str(client[0])[:64] if client else "unknown"


# POSTs whose work is expensive per request (signature checks, memory-hard derivations, password
# hashes, bank-file imports), on either face. Logins are limited by the login service itself.
EXPENSIVE = re.compile(
    r"^/api/v1/(me/(cloud-signature(/sign)?|certificates|declarations|password)|officer/(payments|taxpayers/[^/]+/credentials|staff))$"
    r"|^/declarations/(signature|zero|forms/[^/]+)$|^/officer/(ledger/upload|credentials|account/password)$|^/account/password$"
)


class ExpensiveLimit:
    """Per client address, at most ``settings.expensive_requests_per_address_per_minute`` of the
    expensive POSTs (429 ``TOO_MANY_REQUESTS`` with Retry-After past it)."""

    def __init__(self, app: ASGIApp, runtime: Runtime):
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST" and EXPENSIVE.match(scope.get("path", "")):
            try:
                self.runtime.limits.expensive_by_address.hit(client_address(scope))
            except TooManyRequests as exc:
                await _too_many(scope, send, exc)
                return
        await self.app(scope, receive, send)


async def _too_many(scope: Scope, send: Send, exc: TooManyRequests) -> None:
    headers = dict(scope.get("headers") or [])
    lang = negotiate(headers.get(b"accept-language", b"").decode("latin-1"))
    message = gettext(exc.message, lang)
    if scope.get("path", "").startswith("/api"):
        body = json.dumps({"error": {"code": exc.code, "message": message, "details": exc.details}}, ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        body = f"<!doctype html><meta charset=utf-8><title>429</title><p>{html.escape(message)}</p>".encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"retry-after", str(exc.retry_after).encode()),
        (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
    ]})
    await send({"type": "http.response.body", "body": body})


class LawBookContext:
    """Every request computes under the runtime's law book (the YAML defaults plus the values an
    admin entered), so a value entered today applies from its effective date without a restart."""

    def __init__(self, app: ASGIApp, runtime: Runtime):
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with using(self.runtime.law_book()):
            await self.app(scope, receive, send)


# Every HTML answer (pages, error pages, redirects): no framing, no inline script, no sniffing.
PAGE_HEADERS = {
    b"content-security-policy": b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}
# The API's interactive docs load Swagger UI from its CDN with an inline bootstrap script.
DOCS_CSP = (b"default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' "
            b"https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'; base-uri 'none'")
# Every API answer (most carry taxpayer data) and every PDF: never cached, never sniffed.
DATA_HEADERS = {b"cache-control": b"no-store", b"x-content-type-options": b"nosniff"}


class SecurityHeaders:
    """Adds the headers of issue 9 defect 5 to every answer that lacks them, whichever code made
    it (a router, an error handler, a redirect, the docs, a middleware's refusal)."""

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0):
        self.app = app
        self.hsts = f"max-age={hsts_seconds}; includeSubDomains".encode() if hsts_seconds > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"").lower()
                add: dict[bytes, bytes] = {}
                if kind.startswith(b"text/html") or 300 <= message["status"] < 400:
                    add |= PAGE_HEADERS | {b"cache-control": b"no-store"}
                    if path.endswith("/docs") or path.endswith("/docs/oauth2-redirect"):
                        add[b"content-security-policy"] = DOCS_CSP
                if path.startswith("/api") or kind.startswith(b"application/pdf"):
                    add |= DATA_HEADERS
                if self.hsts and scope.get("scheme") == "https":
                    add[b"strict-transport-security"] = self.hsts
                headers += [(k, v) for k, v in add.items() if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessReason:
    """An officer's request may say why it looks at a taxpayer's data (``X-Access-Reason``, one of
    ``audit.ACCESS_REASONS``); the audit rows it writes carry the reason (TC art. 54). Other
    values are ignored."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from salyk.kernel.audit import ACCESS_REASONS, access_reason

        reason = None
        if scope["type"] == "http":
            raw = dict(scope.get("headers") or []).get(b"x-access-reason", b"").decode("latin-1").strip().lower()
            reason = raw if raw in ACCESS_REASONS else None
        token = access_reason.set(reason)
        try:
            await self.app(scope, receive, send)
        finally:
            access_reason.reset(token)
