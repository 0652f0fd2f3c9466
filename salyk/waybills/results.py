"""What the waybills service returns to its faces (issue 8 item 5): frozen dataclasses with
``Decimal``, ``date``/``datetime`` and the enums of ``states`` (whose values are the database's
CHECK values), never dicts shaped for JSON. The JSON presenters are ``presenters.py`` (used by
``api.py``); the pages' templates format the same objects.

The document and an event's title stay the dicts that were signed: their JCS is what the parties'
signatures cover, so they are data, not a presentation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from salyk.waybills.states import Action, ActorRole, InspectionResult, Kind, Status, ViewerRole


@dataclass(frozen=True, slots=True)
class PartyView:
    tin: str | None
    name: str | None
    foreign: bool = False
    country: str | None = None
    own_transport: bool = False


@dataclass(frozen=True, slots=True)
class EventView:
    """One signed act (or service-signed event): the title as signed and the status after it."""

    seq: int
    action: Action
    actor_role: ActorRole
    actor_tin: str | None
    at: dt.datetime
    title: dict[str, Any]
    signature: str
    kid: str
    status: Status


@dataclass(frozen=True, slots=True)
class WaybillView:
    id: str
    client_id: str
    number: str | None
    status: Status  # after the clock (``states.effective``)
    kind: Kind
    document: dict[str, Any]
    document_sha256: str
    planned_loading_on: dt.date
    shipper: PartyView
    carrier: PartyView
    consignee: PartyView
    roles: tuple[ViewerRole, ...]  # the caller's; empty in the officers' list
    created_at: dt.datetime
    updated_at: dt.datetime
    issued_at: dt.datetime | None
    loaded_at: dt.datetime | None
    delivered_at: dt.datetime | None
    valid_until: dt.datetime | None
    cancel_until: dt.datetime | None
    answer_until: dt.datetime | None
    inspected: bool
    qr: str | None
    events: tuple[EventView, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    waybills: tuple[WaybillView, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class Issued:
    """The answer to ``issue``: the number taken and the printout's QR."""

    id: str
    number: str | None
    status: Status
    issued_at: dt.datetime | None
    qr: str | None


@dataclass(frozen=True, slots=True)
class Acted:
    """The answer to every other act: the event recorded."""

    id: str
    number: str | None
    status: Status
    event: EventView


@dataclass(frozen=True, slots=True)
class ActOutcome:
    result: Issued | Acted  # the same for a replay
    replay: bool


@dataclass(frozen=True, slots=True)
class PublicParty:
    tin: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class PublicGoods:
    tnved: str
    quantity: Decimal  # as the document wrote it (its exponent kept: "20" stays 20, "1000.5" stays 1000.5)
    unit: str


@dataclass(frozen=True, slots=True)
class PublicWaybill:
    """What anyone may read by the number: no prices, no amounts (TC art. 54)."""

    number: str
    status: Status
    valid_until: dt.datetime | None
    shipper: PublicParty
    consignee: PublicParty
    vehicle_plate: str
    goods: tuple[PublicGoods, ...]


@dataclass(frozen=True, slots=True)
class Inspection:
    place: str
    result: InspectionResult
    note: str
    at: dt.datetime
    officer: str  # the officer's login


@dataclass(frozen=True, slots=True)
class Inspected:
    """The answer to an officer's inspection on the road."""

    number: str
    status: Status
    inspection: Inspection
