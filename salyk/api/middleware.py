"""Request guards that run before any router: body size (413) and the user's language."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salyk.kernel.i18n import gettext, negotiate
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
        import json

        body = json.dumps(
            {"error": {"code": "PAYLOAD_TOO_LARGE", "message": gettext("The request body is too large.", lang), "details": {"max_bytes": self.max_bytes}}},
            ensure_ascii=False,
        ).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class LawBookContext:
    """Every request computes under the runtime's law book (the YAML defaults plus the values an
    admin entered), so a value entered today applies from its effective date without a restart."""

    def __init__(self, app: ASGIApp, runtime):
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with using(self.runtime.law_book()):
            await self.app(scope, receive, send)
