"""The JSON of the waybills API, from the service's results (issue 8 item 5). Only ``api.py``
imports this; the pages' templates format the same results themselves. The shapes are pinned by
the independent-client tests: timestamps in Bishkek ISO form, enums as their values, quantities
as the document wrote them."""

from __future__ import annotations

from typing import Any

from salyk.kernel.formats import timestamp
from salyk.waybills.results import Acted, EventView, Inspected, Issued, PartyView, PublicWaybill, WaybillView


def party_out(p: PartyView) -> dict[str, Any]:
    out: dict[str, Any] = {"tin": p.tin, "name": p.name}
    if p.foreign:
        out |= {"foreign": True, "country": p.country}
    if p.own_transport:
        out["own_transport"] = True
    return out


def event_out(e: EventView) -> dict[str, Any]:
    return {"seq": e.seq, "action": e.action.value, "actor": {"role": e.actor_role.value, "tin": e.actor_tin}, "at": timestamp(e.at),
            "title": e.title, "signature": e.signature, "kid": e.kid, "status": e.status.value}


def summary_out(v: WaybillView) -> dict[str, Any]:
    return {
        "id": v.id, "client_id": v.client_id, "number": v.number, "status": v.status.value, "roles": [r.value for r in v.roles],
        "kind": v.kind.value, "shipper": party_out(v.shipper), "carrier": party_out(v.carrier), "consignee": party_out(v.consignee),
        "vehicle_plate": v.document["vehicle"]["plate"], "planned_loading_on": v.planned_loading_on.isoformat(),
        "created_at": timestamp(v.created_at), "updated_at": timestamp(v.updated_at), "issued_at": timestamp(v.issued_at),
        "valid_until": timestamp(v.valid_until),
    }


def detail_out(v: WaybillView) -> dict[str, Any]:
    return summary_out(v) | {
        "document": v.document, "document_sha256": v.document_sha256, "loaded_at": timestamp(v.loaded_at),
        "delivered_at": timestamp(v.delivered_at), "cancel_until": timestamp(v.cancel_until), "answer_until": timestamp(v.answer_until),
        "inspected": v.inspected, "qr": v.qr, "events": [event_out(e) for e in v.events],
    }


def draft_out(v: WaybillView) -> dict[str, Any]:
    return {"id": v.id, "status": v.status.value, "document": v.document, "document_sha256": v.document_sha256}


def act_out(r: Issued | Acted) -> dict[str, Any]:
    """``issue`` answers its number, moment and QR; every other act the event it recorded."""
    if isinstance(r, Issued):
        return {"id": r.id, "number": r.number, "status": r.status.value, "issued_at": timestamp(r.issued_at), "qr": r.qr}
    return {"id": r.id, "number": r.number, "status": r.status.value, "event": event_out(r.event)}


def public_out(p: PublicWaybill) -> dict[str, Any]:
    return {
        "number": p.number, "status": p.status.value, "valid_until": timestamp(p.valid_until),
        "shipper": {"tin": p.shipper.tin, "name": p.shipper.name},
        "consignee": {"tin": p.consignee.tin, "name": p.consignee.name},
        "vehicle_plate": p.vehicle_plate,
        "goods": [{"tnved": g.tnved, "quantity": str(g.quantity), "unit": g.unit} for g in p.goods],
    }


def inspected_out(r: Inspected) -> dict[str, Any]:
    i = r.inspection
    return {"number": r.number, "status": r.status.value,
            "inspection": {"place": i.place, "result": i.result.value, "note": i.note, "at": timestamp(i.at), "officer": i.officer}}
