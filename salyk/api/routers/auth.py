"""Login and logout (Offer 3.3, 5.2) and the offer (Offer 1.5, 1.6, 10.1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Protocol

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from salyk.api.deps import RuntimeDep, TaxpayerOnly, bearer_token, client_address
from salyk.api.openapi import answers
from salyk.api.schemas import Body, Out, timestamp
from salyk.registry import accounts, offers
from salyk.kernel.principal import ADMIN, OFFICER, TAXPAYER, TaxpayerPrincipal

router = APIRouter(tags=["auth and offer"])


class LoginIn(Body):
    login: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class OfferState(Out):
    version: str
    accepted: bool


LoginRole = Literal["taxpayer", "officer", "admin"]
# The roles a login can give (the system principal never logs in), as the answer spells them.
LOGIN_ROLES: dict[str, LoginRole] = {TAXPAYER: "taxpayer", OFFICER: "officer", ADMIN: "admin"}


class LoginOut(Out):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: LoginRole
    expires_at: str
    offer: OfferState


@router.post("/auth/login", response_model=LoginOut, responses=answers(401, 423, 429))
def login(rt: RuntimeDep, body: LoginIn, request: Request) -> LoginOut:
    result = accounts.login(rt, body.login, body.password, address=client_address(request))
    if isinstance(result.principal, TaxpayerPrincipal):
        in_force, accepted = offers.offer_status(rt, result.principal.taxpayer_id)
        version = in_force.version
    else:  # staff do not accept the offer: it binds users (Offer 2.3)
        version, accepted = offers.current_offer(rt).version, True
    return LoginOut(
        access_token=result.token,
        role=LOGIN_ROLES[result.principal.role],
        expires_at=timestamp(result.expires_at),
        offer=OfferState(version=version, accepted=accepted),
    )


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(rt: RuntimeDep, token: Annotated[str, Depends(bearer_token)]) -> Response:
    accounts.authenticate(rt, token)  # 401 for a token that is already dead
    accounts.logout(rt, token)
    return Response(status_code=204)


class OfferText(Out):
    ky: str
    ru: str


class OfferOut(Out):
    version: str
    effective_from: str
    text: OfferText


class PublishedOffer(Protocol):
    """What the answer shows of a published version (the registry's row; faces do not import the ORM)."""

    @property
    def version(self) -> str: ...
    @property
    def effective_from(self) -> dt.date: ...
    @property
    def text_ky(self) -> str: ...
    @property
    def text_ru(self) -> str: ...


def offer_out(offer: PublishedOffer) -> OfferOut:
    return OfferOut(version=offer.version, effective_from=offer.effective_from.isoformat(), text=OfferText(ky=offer.text_ky, ru=offer.text_ru))


@router.get("/offer", response_model=OfferOut)
def current_offer(rt: RuntimeDep) -> OfferOut:
    return offer_out(offers.current_offer(rt))


class AcceptIn(Body):
    version: str = Field(min_length=1, max_length=50)


class AcceptanceOut(Out):
    version: str
    accepted: bool
    accepted_at: str


@router.post("/me/offer-acceptance", response_model=AcceptanceOut)
def accept_offer(rt: RuntimeDep, principal: TaxpayerOnly, body: AcceptIn) -> AcceptanceOut:
    acceptance = offers.accept(rt, principal, body.version)
    return AcceptanceOut(version=body.version, accepted=True, accepted_at=timestamp(acceptance.accepted_at))
