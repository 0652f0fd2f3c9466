"""The platform's own endpoints: which services run (Offer 6.6), the admin's switches and law
book. Thin: the kernel's services check the role and own the transaction."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request

from salyk.api.deps import Admin, RuntimeDep
from salyk.api.errors import language_of
from salyk.api.schemas import Body, IsoDate, Out
from salyk.kernel import lawbook, switches
from salyk.kernel.i18n import gettext
from salyk.modules import switch_states, switchable_keys

router = APIRouter(tags=["platform"])


class ServiceStateOut(Out):
    key: str
    title: str
    state: Literal["on", "read_only", "off"]
    message: str | None


class ServicesOut(Out):
    services: list[ServiceStateOut]


@router.get("/services", response_model=ServicesOut)
def services(request: Request, rt: RuntimeDep) -> ServicesOut:
    """Every service module with its state in force today and the message to users (no login)."""
    lang = language_of(request)
    return ServicesOut(services=[
        ServiceStateOut(key=m.key, title=gettext(m.title, lang), state=s.state.value, message=s.message.get(lang) or None)
        for m, s in switch_states(rt)
    ])


class Message(Body):
    ky: str = ""
    ru: str = ""


class SwitchIn(Body):
    state: Literal["on", "read_only", "off"]
    message: Message = Message()
    effective_from: IsoDate | None = None


class SwitchOut(Out):
    key: str
    state: str
    message: dict[str, str]
    effective_from: str


@router.put("/admin/services/{key}", response_model=SwitchOut)
def set_switch(key: str, body: SwitchIn, rt: RuntimeDep, principal: Admin) -> SwitchOut:
    """Turn a service on, read-only or off from a day (role admin; audited)."""
    setting = switches.switch(rt, principal, switchable_keys(), key, body.state, body.message.model_dump(), body.effective_from or rt.today())
    return SwitchOut(key=key, state=setting.state.value, message=setting.message.as_dict(), effective_from=(setting.effective_from or rt.today()).isoformat())


class LawValueIn(Body):
    name: str
    effective_from: IsoDate
    value: Any
    citation: str
    note: str = ""


class LawValueOut(Out):
    name: str
    effective_from: str
    value: Any
    citation: str
    note: str
    entered_by: str | None = None
    entered_at: str | None = None


class LawValuesOut(Out):
    values: list[LawValueOut]


@router.post("/admin/law/values", response_model=LawValueOut, status_code=201)
def enter_law_value(body: LawValueIn, rt: RuntimeDep, principal: Admin) -> LawValueOut:
    """Enter a dated value of a law parameter (a new rate, a decree moving a day off: name
    ``calendar_override`` with ``{"working": false}``); it applies from ``effective_from`` on."""
    entry = lawbook.enter_value(rt, principal, body.name, body.effective_from, body.value, body.citation, body.note)
    return LawValueOut(name=entry.name, effective_from=entry.effective_from.isoformat(), value=entry.value, citation=entry.citation,
                       note=entry.note, entered_by=principal.login)


@router.get("/admin/law/values", response_model=LawValuesOut)
def law_values(rt: RuntimeDep, principal: Admin) -> LawValuesOut:
    return LawValuesOut(values=[
        LawValueOut(name=r.name, effective_from=r.effective_from.isoformat(), value=r.value, citation=r.citation, note=r.note,
                    entered_by=r.entered_by, entered_at=r.entered_at.isoformat()) for r in lawbook.entered_values(rt)
    ])

