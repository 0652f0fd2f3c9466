"""HTTP endpoints of the waybills service (issue 14; prefix ``/api/v1``).

Acts are ``POST /me/waybills/{id}/<action>`` with ``{"title": {...}, "signature": "<JWS>"}``;
every act answers 200 (a replay of the same signed title answers the first answer again).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from salyk.api.deps import Cabinet, RuntimeDep, Staff
from salyk.api.openapi import answers, returns
from salyk.api.schemas import Body, IsoDate, Out
from salyk.kernel.errors import SalykError, invalid_field
from salyk.waybills import service
from salyk.waybills.presenters import act_out, detail_out, draft_out, inspected_out, public_out, summary_out
from salyk.waybills.states import ACTS

router = APIRouter(tags=["waybills"])


class PartyOut(Out):
    tin: str | None
    name: str | None
    foreign: bool | None = None
    country: str | None = None
    own_transport: bool | None = None


class WaybillSummary(Out):
    id: str
    client_id: str
    number: str | None
    status: str
    roles: list[str]
    kind: str
    shipper: PartyOut
    carrier: PartyOut
    consignee: PartyOut
    vehicle_plate: str
    planned_loading_on: str
    created_at: str
    updated_at: str
    issued_at: str | None
    valid_until: str | None


class EventActor(Out):
    role: str
    tin: str | None


class EventOut(Out):
    """One party's signed act: the title as signed, its detached JWS and the state after it."""

    seq: int
    action: str
    actor: EventActor
    at: str
    title: dict[str, Any]
    signature: str | None
    kid: str | None
    status: str


class WaybillDetail(WaybillSummary):
    document: dict[str, Any]
    document_sha256: str
    loaded_at: str | None
    delivered_at: str | None
    cancel_until: str | None
    answer_until: str | None
    inspected: bool
    qr: str | None
    events: list[EventOut]


class DraftOut(Out):
    id: str
    status: str
    document: dict[str, Any]
    document_sha256: str


class ActOut(Out):
    """The answer to a signed act: ``issue`` gives ``issued_at`` and ``qr``, every other act ``event``."""

    id: str
    number: str | None
    status: str
    issued_at: str | None = None
    qr: str | None = None
    event: EventOut | None = None


class WaybillsPage(Out):
    waybills: list[WaybillSummary]
    next_cursor: str | None


class WaybillsOut(Out):
    waybills: list[WaybillSummary]


class PublicParty(Out):
    tin: str | None
    name: str | None


class PublicGoods(Out):
    tnved: str
    quantity: str
    unit: str


class PublicWaybillOut(Out):
    number: str
    status: str
    valid_until: str | None
    shipper: PublicParty
    consignee: PublicParty
    vehicle_plate: str
    goods: list[PublicGoods]


class Inspection(Out):
    place: str
    result: str
    note: str
    at: str
    officer: str


class InspectionOut(Out):
    number: str
    status: str
    inspection: Inspection


class DraftIn(Body):
    client_id: str = Field(max_length=64)
    document: Any


class DraftEditIn(Body):
    document: Any = None  # checked by the service after the waybill is found (another's: 404)


class ActIn(Body):
    title: Any = None
    signature: Any = None


@router.post("/me/waybills", **returns(DraftOut, 201, "The draft", also={200: "A replay of the same client_id: the draft as it is"}))
def create_waybill(rt: RuntimeDep, me: Cabinet, body: DraftIn) -> Any:
    view, created = service.create_draft(rt, me, body.client_id, body.document)
    return draft_out(view) if created else JSONResponse(draft_out(view), status_code=200)


@router.put("/me/waybills/{waybill_id}", **returns(DraftOut))
def edit_waybill(rt: RuntimeDep, me: Cabinet, waybill_id: str, body: DraftEditIn) -> dict[str, Any]:
    return draft_out(service.edit_draft(rt, me, waybill_id, body.document))


def _act_route(action: str) -> Callable[[RuntimeDep, Cabinet, str, ActIn], dict[str, Any]]:
    def endpoint(rt: RuntimeDep, me: Cabinet, waybill_id: str, body: ActIn) -> dict[str, Any]:
        return act_out(service.act(rt, me, waybill_id, action, body.title, body.signature).result)

    endpoint.__name__ = "waybill_" + action.replace("-", "_")
    endpoint.__doc__ = f"The {ACTS[action].role}'s signed act ``{action}``."
    return endpoint


for _action in ACTS:
    router.add_api_route(f"/me/waybills/{{waybill_id}}/{_action}", _act_route(_action), methods=["POST"], **returns(ActOut))


@router.get("/me/waybills", **returns(WaybillsPage))
def list_waybills(
    rt: RuntimeDep, me: Cabinet,
    role: Literal["shipper", "carrier", "consignee"] | None = None,
    status: str | None = None,
    updated_after: str | None = None,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    after = None
    if updated_after is not None:
        try:
            after = dt.datetime.fromisoformat(updated_after)
            if after.tzinfo is None:
                raise ValueError
        except ValueError:
            raise invalid_field("updated_after", "not_a_timestamp") from None
    page = service.list_for(rt, me, role=role, status=status, updated_after=after, cursor=cursor, limit=limit)
    return {"waybills": [summary_out(v) for v in page.waybills], "next_cursor": page.next_cursor}


@router.get("/me/waybills/{waybill_id}", **returns(WaybillDetail))
def read_waybill(rt: RuntimeDep, me: Cabinet, waybill_id: str) -> dict[str, Any]:
    return detail_out(service.get(rt, me, waybill_id))


# --- the public check ----------------------------------------------------------------------------

PUBLIC_LIMIT = 60  # requests per client address per minute
_WINDOW = 60.0
_hits: dict[str, deque[float]] = {}
_hits_lock = threading.Lock()


def _rate_limit(request: Request) -> None:
    """A small in-process sliding window per client address: the check needs no login, so it must
    not become a way to enumerate numbers quickly."""
    who = request.client.host if request.client else "?"
    now = time.monotonic()
    with _hits_lock:
        if len(_hits) > 10_000:
            _hits.clear()
        seen = _hits.setdefault(who, deque())
        while seen and now - seen[0] > _WINDOW:
            seen.popleft()
        if len(seen) >= PUBLIC_LIMIT:
            raise SalykError("RATE_LIMITED", "Too many requests; try again in a minute.", status=429)
        seen.append(now)


@router.get("/public/waybills/{number}", **returns(PublicWaybillOut) | {"responses": returns(PublicWaybillOut)["responses"] | answers(429)})
def public_waybill(rt: RuntimeDep, request: Request, number: str) -> dict[str, Any]:
    """The state of a waybill by its number, for a check on the road (no login, no prices)."""
    _rate_limit(request)
    return public_out(service.public(rt, number))


# --- officers ------------------------------------------------------------------------------------


class InspectionIn(Body):
    place: Any
    result: Any
    note: Any = None


@router.post("/officer/waybills/{number}/inspections", **returns(InspectionOut, 201))
def inspect_waybill(rt: RuntimeDep, officer: Staff, number: str, body: InspectionIn) -> dict[str, Any]:
    return inspected_out(service.inspect(rt, officer, number, body.place, body.result, body.note))


@router.get("/officer/waybills", **returns(WaybillsOut))
def officer_waybills(
    rt: RuntimeDep, officer: Staff, tin: str | None = Query(None, max_length=14), status: str | None = None,
    from_: IsoDate | None = Query(None, alias="from"), to: IsoDate | None = None,
) -> dict[str, Any]:
    """Waybills by party, status and day of issue (the read is audited, TC art. 54)."""
    views = service.officer_list(rt, officer, tin=tin, status=status, from_=from_, to=to)
    return {"waybills": [summary_out(v) for v in views]}
