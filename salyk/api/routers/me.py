"""The taxpayer's own card, services, password and sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi import Path as PathParam
from pydantic import Field

from salyk.api.deps import Cabinet, RuntimeDep, TaxpayerOnly, bearer_token, client_address
from salyk.api.errors import language_of
from salyk.api.schemas import Body, Out, timestamp
from salyk.registry import account_security
from salyk.api.routers.auth import OfferState
from salyk.kernel.i18n import gettext
from salyk.modules import offer_services
from salyk.registry.taxpayers import my_card

router = APIRouter(tags=["taxpayer cabinet"])


class MeOut(Out):
    tin: str
    kind: str
    name: str
    address: str
    registered_on: str
    status: str
    citizenship: str
    offer: OfferState


@router.get("/me", response_model=MeOut)
def me(rt: RuntimeDep, principal: TaxpayerOnly) -> MeOut:
    # Readable before the offer is accepted: the user must see whose cabinet this is.
    card = my_card(rt, principal)
    return MeOut(
        tin=card.tin,
        kind=card.kind,
        name=card.name,
        address=card.address,
        registered_on=card.registered_on.isoformat(),
        status=card.status,
        citizenship=card.citizenship,
        offer=OfferState(version=card.offer_version, accepted=card.offer_accepted),
    )


class ServiceOut(Out):
    key: str
    title: str
    citation: str
    available: bool
    state: str
    message: str | None = None


class ServicesOut(Out):
    services: list[ServiceOut]


@router.get("/me/services", response_model=ServicesOut)
def my_services(request: Request, rt: RuntimeDep, principal: Cabinet) -> ServicesOut:
    """The app's services (Offer 3.1): which are built, and the switch of each in force today (Offer 6.6)."""
    lang = language_of(request)
    return ServicesOut(services=[
        ServiceOut(key=s.key, title=gettext(s.title, lang), citation=s.citation, available=s.available, state=s.setting.state.value,
                   message=s.setting.message.get(lang) or None)
        for s in offer_services(rt)
    ])


# --- the account: password and sessions (Offer 5.7, 7.5) ------------------------------------------
# Under /me like every cabinet service, so behind the offer gate (contract: every /me/... endpoint
# but GET /me answers 403 OFFER_NOT_ACCEPTED until the offer in force is accepted). A taxpayer who
# must change a password before accepting can log out and ask the tax office (Offer 3.3).


class PasswordChangeIn(Body):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


@router.post("/me/password", status_code=204, response_class=Response)
def change_password(rt: RuntimeDep, principal: Cabinet, token: Annotated[str, Depends(bearer_token)], body: PasswordChangeIn, request: Request) -> Response:
    """Change the cabinet password: 204; every other token of the account stops working, this one keeps working.

    Wrong current password: 422 ``WRONG_PASSWORD`` (counts toward the login lock-out: 423
    ``ACCOUNT_LOCKED`` after five); weak new one: 422 ``WEAK_PASSWORD``; the same as the current
    one: 422 ``SAME_PASSWORD``.
    """
    account_security.change_password(rt, principal, body.current_password, body.new_password, token=token, address=client_address(request))
    return Response(status_code=204)


class SessionOut(Out):
    id: str
    created_at: str
    expires_at: str
    current: bool


class SessionsOut(Out):
    sessions: list[SessionOut]
    total: int


@router.get("/me/sessions", response_model=SessionsOut)
def my_sessions(rt: RuntimeDep, principal: Cabinet, token: Annotated[str, Depends(bearer_token)]) -> SessionsOut:
    """The sessions open on the account (newest first, at most 50 listed; ``total`` counts all)."""
    found = account_security.my_sessions(rt, principal, token=token)
    return SessionsOut(sessions=[SessionOut(id=s.id, created_at=timestamp(s.created_at), expires_at=timestamp(s.expires_at), current=s.current) for s in found.sessions],
                       total=found.total)


@router.post("/me/sessions/{session_id}/revocation", status_code=204, response_class=Response)
def revoke_session(rt: RuntimeDep, principal: Cabinet, token: Annotated[str, Depends(bearer_token)], session_id: Annotated[str, PathParam(max_length=64)]) -> Response:
    """End one session of the account (204); 404 ``SESSION_NOT_FOUND`` for an unknown or ended one."""
    account_security.revoke_session(rt, principal, session_id, token=token)
    return Response(status_code=204)
