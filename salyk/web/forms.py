"""POST forms: read the body, check the CSRF token, then run the page's handler off the event loop
(services hash passwords and talk to the database synchronously)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from salyk.kernel.errors import ValidationFailed
from salyk.web.render import N_, error_page
from salyk.web.session import Visit, visit
from salyk.kernel.i18n import gettext

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CSRF_REFUSED = N_("The form has expired or did not come from this site. Open the page again and resend it.")


async def read_form(request: Request) -> dict[str, str]:
    """Text fields only; a file where text is expected counts as empty. Malformed bodies give empty forms."""
    try:
        form = await request.form()
    except Exception:  # malformed multipart or urlencoded body: treat as an empty (and CSRF-less) form
        return {}
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


def form_page(handler: Callable[[Visit, dict[str, str]], Response]):
    """Wrap ``handler(visit, form)`` as a POST endpoint that refuses forms without a valid CSRF token."""

    async def endpoint(request: Request) -> Response:
        form = await read_form(request)
        return await run_in_threadpool(_run, handler, request, form)

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def _run(handler, request: Request, form: dict[str, str]) -> Response:
    v = visit(request)
    if not v.csrf_ok(form):
        return error_page(v, 403, gettext(CSRF_REFUSED, v.lang))
    return handler(v, form)


def parse_date(value: str, field: str) -> dt.date:
    value = value.strip()
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed("VALIDATION_ERROR", "Enter the date as YYYY-MM-DD.", {"field": field, "reason": "bad_date"}) from None
