"""POST forms: read the body, check the CSRF token, then run the page's handler off the event loop
(services hash passwords and talk to the database synchronously)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from salyk.kernel.dates import FIRST_DAY, LAST_DAY, DateRefused, to_date
from salyk.kernel.errors import invalid_field
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

def form_page(handler: Callable[[Visit, dict[str, str]], Response]) -> Callable[[Request], Awaitable[Response]]:
    """Wrap ``handler(visit, form)`` as a POST endpoint that refuses forms without a valid CSRF token."""

    async def endpoint(request: Request) -> Response:
        form = await read_form(request)
        return await run_in_threadpool(_run, handler, request, form)

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint

def _run(handler: Callable[[Visit, dict[str, str]], Response], request: Request, form: dict[str, str]) -> Response:
    v = visit(request)
    if not v.csrf_ok(form):
        return error_page(v, 403, gettext(CSRF_REFUSED, v.lang))
    return handler(v, form)

PERSON_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(value: str, field: str) -> dt.date:
    """The one date parser (salyk.kernel.dates) for a form: the date picker's ``YYYY-MM-DD`` or the
    ``DD.MM.YYYY`` people type where the browser has no picker; the refusal says that form."""
    text = value.strip()
    m = PERSON_DATE.fullmatch(text)
    if m:
        text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    try:
        return to_date(text)
    except DateRefused as exc:
        if exc.reason == "out_of_range":
            raise invalid_field(field, "out_of_range", min=FIRST_DAY.isoformat(), max=LAST_DAY.isoformat()) from None
        raise invalid_field(field, "not_a_day") from None
