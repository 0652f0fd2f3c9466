"""The taxpayer's home screen (the app's services, Offer 3.1) and card (TIN, name, address).

``/`` is everyone's start: the login page for visitors, the officer pages for staff, the offer for a
taxpayer who has not accepted the version in force, the services otherwise.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.registry.taxpayers import my_card
from salyk.web.render import KIND_LABELS, N_, render, service_list  # noqa: F401 (KIND_LABELS: re-exported)
from salyk.web.session import Redirect, require_cabinet, visit

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    v = visit(request)
    if v.is_staff:
        raise Redirect("/officer")
    me = require_cabinet(v)
    return render(v, "home.html", taxpayer=my_card(v.rt, me), services=service_list(v), kinds=KIND_LABELS)


@router.get("/card")
def card(request: Request) -> Response:
    v = visit(request)
    me = require_cabinet(v)
    return render(v, "card.html", taxpayer=my_card(v.rt, me), kinds=KIND_LABELS)
