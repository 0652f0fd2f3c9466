"""Web pages of the e-patent service (issue 12): catalogue, quote, order, payment details, my
patents, the PDF, renewal, and the public check page for a phone camera."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from salyk.kernel.errors import SalykError
from salyk.kernel.runtime import Runtime
from salyk.patents import check
from salyk.web.render import SECURITY_HEADERS, environment
from salyk.web.session import language

router = APIRouter()


def public_page(request: Request, rt: Runtime, number: str) -> HTMLResponse:
    """The public check as a page (``GET /api/v1/public/patents/{number}?format=html``)."""
    lang = language(request)
    try:
        found, status = check.public_check(rt, number), 200
    except SalykError:
        found, status = None, 404
    page = environment.get_template("patents/public_check.html").render(lang=lang, check=found, number=number)
    return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
