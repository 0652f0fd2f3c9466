"""The taxpayer's own card."""

from __future__ import annotations

from fastapi import APIRouter, Request

from salyk.api.deps import Cabinet, RuntimeDep, TaxpayerOnly
from salyk.api.errors import language_of
from salyk.api.schemas import Out
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
