"""Login and logout (Offer 3.3, 5.2) and the offer (Offer 1.5, 1.6, 10.1)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from salyk.api.deps import RuntimeDep, TaxpayerOnly, bearer_token, client_address
from salyk.api.openapi import answers
from salyk.api.schemas import Body, Out, timestamp
from salyk.registry import accounts, offers
from salyk.kernel.principal import TAXPAYER

router = APIRouter(tags=["auth and offer"])


class LoginIn(Body):
    login: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class OfferState(Out):
    version: str
    accepted: bool


class LoginOut(Out):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: Literal["taxpayer", "officer", "admin"]
    expires_at: str
    offer: OfferState


@router.post("/auth/login", response_model=LoginOut, responses=answers(401, 423, 429))
def login(rt: RuntimeDep, body: LoginIn, request: Request) -> LoginOut:
    result = accounts.login(rt, body.login, body.password, address=client_address(request))
    offer = offers.current_offer(rt)
    accepted = True  # staff do not accept the offer: it binds users (Offer 2.3)
    if result.principal.role == TAXPAYER:
        offer, accepted = offers.offer_status(rt, result.principal.taxpayer_id)
    return LoginOut(
        access_token=result.token,
        role=result.principal.role,
        expires_at=timestamp(result.expires_at),
        offer=OfferState(version=offer.version, accepted=accepted),
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


def offer_out(offer) -> OfferOut:
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
