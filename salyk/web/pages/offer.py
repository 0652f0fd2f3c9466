"""The offer: read the version in force in the chosen language and accept it (Offer 1.2, 1.6, 12.5).

Anyone may read it; a taxpayer who has not accepted the current version is sent here from every
cabinet page and sees the "I accept" button at the end. Staff read it without the button (it binds
users). The text is shown as its numbered sections with a table of contents (the registry's
``offer_layout``), and the Russian page says which text it is a translation of (Offer 12.5).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.kernel.errors import SalykError
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.registry import offer_layout, offers
from salyk.web.forms import form_page
from salyk.web.render import message_of, redirect, render
from salyk.web.session import Visit, require_taxpayer, visit

router = APIRouter(include_in_schema=False)


def _page(v: Visit, status: int = 200, error: str | None = None) -> Response:
    offer = offers.current_offer(v.rt)
    accepted: bool | None = None  # None: not a taxpayer, no button
    if isinstance(v.principal, TaxpayerPrincipal):
        _, accepted = offers.offer_status(v.rt, v.principal.taxpayer_id)
    text = offer.text_ru if v.lang == "ru" else offer.text_ky
    layout = offer_layout.parse(text)
    # Before acceptance every cabinet link would lead back here: no menu (Offer 1.6).
    no_menu: dict[str, Any] = {"menu": []} if accepted is False else {}
    return render(v, "offer.html", status=status, offer=offer, layout=layout, translated=v.lang == "ru", accepted=accepted, error=error,
                  **no_menu)


@router.get("/offer")
def offer_page(request: Request) -> Response:
    return _page(visit(request))


def accept_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_taxpayer(v)
    try:
        offers.accept(v.rt, principal, form.get("version", "")[:100])
    except SalykError as exc:  # the version changed while the page was open: show the new one
        return _page(v, status=exc.status, error=message_of(exc, v.lang))
    return redirect(v, "/")


router.post("/offer")(form_page(accept_submit))
