"""The tax office's side: register taxpayers, issue credentials, publish the offer."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

from fastapi import APIRouter, Query
from pydantic import Field

from salyk.api.deps import Admin, RuntimeDep, Staff
from salyk.api.routers.auth import OfferOut, OfferText, offer_out
from salyk.api.schemas import Body, IsoDate, Out
from salyk.kernel.formats import timestamp
from salyk.registry import offers, officers, size_categories, taxpayers

router = APIRouter(prefix="/officer", tags=["officer"])


class TaxpayerIn(Body):
    tin: str = Field(max_length=64)
    kind: Literal["individual", "individual_entrepreneur", "organization"]
    name: str = Field(min_length=1, max_length=300)
    address: str = Field(min_length=1, max_length=500)
    registered_on: IsoDate
    citizenship: Literal["kg", "eaeu", "other"] = "kg"


class TaxpayerOut(Out):
    tin: str
    kind: str
    name: str
    address: str
    registered_on: dt.date
    status: str
    removed_on: dt.date | None = None
    created_at: str
    citizenship: str = "kg"


class TaxpayerRecord(Protocol):
    """What the registry's answers carry about a taxpayer (read only: the face formats, never writes)."""

    @property
    def tin(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def registered_on(self) -> dt.date: ...
    @property
    def status(self) -> str: ...
    @property
    def removed_on(self) -> dt.date | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def citizenship(self) -> str: ...


def taxpayer_out(t: TaxpayerRecord) -> TaxpayerOut:
    return TaxpayerOut(tin=t.tin, kind=t.kind, name=t.name, address=t.address, registered_on=t.registered_on, status=t.status, removed_on=t.removed_on, created_at=timestamp(t.created_at),
                       citizenship=t.citizenship)


@router.post("/taxpayers", status_code=201, response_model=TaxpayerOut)
def register_taxpayer(rt: RuntimeDep, officer: Staff, body: TaxpayerIn) -> TaxpayerOut:
    new = taxpayers.NewTaxpayer(body.tin, body.kind, body.name, body.address, body.registered_on, body.citizenship)
    return taxpayer_out(taxpayers.register(rt, officer, new))


class TaxpayerList(Out):
    taxpayers: list[TaxpayerOut]


@router.get("/taxpayers", response_model=TaxpayerList)
def search_taxpayers(rt: RuntimeDep, officer: Staff, q: str = Query("", max_length=100)) -> TaxpayerList:
    return TaxpayerList(taxpayers=[taxpayer_out(t) for t in taxpayers.search(rt, officer, q)])


@router.get("/taxpayers/{tin}", response_model=TaxpayerOut)
def read_taxpayer(rt: RuntimeDep, officer: Staff, tin: str) -> TaxpayerOut:
    return taxpayer_out(taxpayers.get_for_officer(rt, officer, tin))


class RemovalIn(Body):
    removed_on: IsoDate


@router.post("/taxpayers/{tin}/removal", response_model=TaxpayerOut)
def remove_taxpayer(rt: RuntimeDep, officer: Staff, tin: str, body: RemovalIn) -> TaxpayerOut:
    """TC art. 99: remove from the register (the record stays)."""
    return taxpayer_out(taxpayers.remove_from_register(rt, officer, tin, body.removed_on))


class SizeCategoryIn(Body):
    category: Literal["small", "medium", "large", "non_commercial"]
    effective_from: IsoDate


class SizeCategorySpanOut(Out):
    category: str
    effective_from: dt.date
    set_by: str
    set_at: str


class SizeCategoryOut(Out):
    tin: str
    current: str | None
    history: list[SizeCategorySpanOut]


@router.put("/taxpayers/{tin}/size-category", response_model=SizeCategoryOut)
def set_size_category(rt: RuntimeDep, officer: Staff, tin: str, body: SizeCategoryIn) -> SizeCategoryOut:
    """The taxpayer's size category from a quarter's first day on (TC art. 2(44)-(45)): small, medium
    and non-commercial tax agents report quarterly (178(1-1)); small and non-commercial ones also pay
    quarterly (177(1-1)). Dated and audited; the history is kept."""
    return SizeCategoryOut(**size_categories.set_category(rt, officer, tin, body.category, body.effective_from))


@router.get("/taxpayers/{tin}/size-category", response_model=SizeCategoryOut)
def read_size_category(rt: RuntimeDep, officer: Staff, tin: str) -> SizeCategoryOut:
    return SizeCategoryOut(**size_categories.history(rt, officer, tin))


class CredentialsIn(Body):
    password: str = Field(min_length=1, max_length=200)


class CredentialsOut(Out):
    login: str


@router.post("/taxpayers/{tin}/credentials", status_code=201, response_model=CredentialsOut)
def issue_credentials(rt: RuntimeDep, officer: Staff, tin: str, body: CredentialsIn) -> CredentialsOut:
    return CredentialsOut(login=taxpayers.issue_password(rt, officer, tin, body.password))


class OfferIn(Body):
    version: str = Field(min_length=1, max_length=50)
    effective_from: IsoDate
    text: OfferText


@router.post("/offers", status_code=201, response_model=OfferOut)
def publish_offer(rt: RuntimeDep, officer: Staff, body: OfferIn) -> OfferOut:
    return offer_out(offers.publish(rt, officer, body.version, body.effective_from, body.text.ky, body.text.ru))


class OfferVersionOut(Out):
    version: str
    effective_from: str
    published_at: str


@router.get("/offers", response_model=list[OfferVersionOut])
def list_offers(rt: RuntimeDep, officer: Staff) -> list[OfferVersionOut]:
    return [OfferVersionOut(version=o.version, effective_from=o.effective_from.isoformat(), published_at=timestamp(o.published_at)) for o in offers.versions(rt)]


class OfficerIn(Body):
    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=8, max_length=200)
    role: Literal["officer", "admin"] = "officer"


class OfficerOut(Out):
    login: str
    role: str


@router.post("/staff", status_code=201, response_model=OfficerOut)
def create_staff(rt: RuntimeDep, admin: Admin, body: OfficerIn) -> OfficerOut:
    officer, _ = officers.ensure_officer(rt, body.login, body.password, body.role, actor=admin)
    return OfficerOut(login=officer.login, role=officer.role)
