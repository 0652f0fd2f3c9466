"""Waybills (ЭТТК, Offer 3.1(7)): drafts, the signed acts of the three parties, reads.

Every act is ``{"title": {...}, "signature": "<detached JWS>"}``. The checks, in order:

1. the title's shape (``VALIDATION_ERROR``) and that it names this waybill and this act;
2. the waybill is one the caller is a party to (else 404, TC art. 54);
3. the signature by the caller's own certificate over the JCS of the title (``SIGNATURE_INVALID``);
4. the caller holds the act's role (``NOT_A_PARTY`` 403);
5. a replay of the same signed title by the same party returns the first answer;
6. the state, after the clock (``INVALID_STATE`` 409 with ``details.status``);
7. ``document_sha256`` against the document held (``DOCUMENT_CHANGED`` 409);
8. the act's own rules (cancel window, inspection, receipt lines).

Then in one transaction, with the waybill row locked: the event (next ``seq``: two acts can never
take one place), the cached status, the parties, the notices to the counterparties, and for
``issue`` the gapless number taken last.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.declarations.authority import authority
from salyk.kernel import audit, authorize, formats, notify, numbers
from salyk.kernel.config import BISHKEK
from salyk.kernel.errors import Conflict, Forbidden, NotFound, ValidationFailed, invalid_field
from salyk.kernel.principal import Principal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.law import waybill as law
from salyk.waybills import document as doc
from salyk.waybills import signing
from salyk.waybills import states as st
from salyk.waybills.models import Waybill, WaybillEvent, WaybillParty
from salyk.waybills.results import (
    Acted, ActOutcome, EventView, Inspected, Inspection, Issued, Page, PartyView, PublicGoods, PublicParty, PublicWaybill, WaybillView,
)

SERIES = "waybills.waybill"
NOTICE_KIND = "waybill_action"
PUBLIC_PATH = "/api/v1/public/waybills/"
MAX_REASON = 500


# --- helpers ----------------------------------------------------------------------------------


def _now(rt: Runtime) -> dt.datetime:
    return rt.now()


def _taxpayer_by_tin(session: Session, tin: str) -> Taxpayer | None:
    return session.scalar(select(Taxpayer).where(Taxpayer.tin == tin))


def _active_party(session: Session, tin: str, field: str) -> Taxpayer:
    """A party named by its TIN: a registered, active taxpayer."""
    found = _taxpayer_by_tin(session, tin)
    if found is None or found.status != "active":
        raise ValidationFailed("UNKNOWN_TAXPAYER", "No registered taxpayer has the TIN {tin}.", {"field": field, "tin": tin}, tin=tin)
    return found


def _taxpayer(session: Session, taxpayer_id: int) -> Taxpayer:
    """A party by its id (a foreign key, so missing only if the register lost the row)."""
    found = session.get(Taxpayer, taxpayer_id)
    if found is None:
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"id": str(taxpayer_id)})
    return found


def _resolve_parties(session: Session, d: dict[str, Any]) -> tuple[int | None, int | None]:
    """Carrier and consignee ids; a named TIN must be a registered, active taxpayer."""
    carrier_tin, consignee_tin = doc.party_tins(d)
    ids: list[int | None] = []
    for field, tin in (("document.carrier.tin", carrier_tin), ("document.consignee.tin", consignee_tin)):
        ids.append(None if tin is None else _active_party(session, tin, field).id)
    return ids[0], ids[1]


def _check_reference(session: Session, d: dict[str, Any], shipper_id: int) -> None:
    """A return or correction names an issued waybill the shipper is a party to."""
    if "ref_number" not in d:
        return
    original = session.scalar(select(Waybill).where(Waybill.number == d["ref_number"]))
    if original is None or not _roles_of(session, original, shipper_id):
        raise ValidationFailed("UNKNOWN_WAYBILL", "There is no waybill {number} of yours to refer to.", {"field": "document.ref_number"}, number=d["ref_number"])


def _roles_of(session: Session, row: Waybill, taxpayer_id: int) -> tuple[st.ViewerRole, ...]:
    """The caller's roles; carrier and consignee see a waybill only once it is issued."""
    roles = []
    if row.shipper_id == taxpayer_id:
        roles.append(st.ViewerRole.SHIPPER)
    if row.status != st.DRAFT or row.shipper_id == taxpayer_id:  # own transport / own transfer: the shipper holds those roles in its draft too
        if row.carrier_id == taxpayer_id:
            roles.append(st.ViewerRole.CARRIER)
        if row.consignee_id == taxpayer_id:
            roles.append(st.ViewerRole.CONSIGNEE)
        if not roles:  # a carrier that declined earlier still reads what it signed
            former = session.scalar(select(WaybillParty).where(WaybillParty.waybill_id == row.id, WaybillParty.taxpayer_id == taxpayer_id))
            if former is not None:
                roles.append(st.ViewerRole("former_" + former.role))
    return tuple(roles)


def _visible(session: Session, waybill_id: Any, taxpayer_id: int, *, lock: bool = False) -> tuple[Waybill, tuple[st.ViewerRole, ...]]:
    row = None
    if isinstance(waybill_id, str) and _is_uuid(waybill_id):
        row = session.get(Waybill, waybill_id, with_for_update=lock)
    roles = _roles_of(session, row, taxpayer_id) if row is not None else ()
    if row is None or not roles:
        raise NotFound("WAYBILL_NOT_FOUND", "No such waybill.")
    return row, roles


def _is_uuid(value: str) -> bool:
    try:
        return len(value) == 36 and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _party(session: Session, taxpayer_id: int | None, part: dict[str, Any] | None = None) -> PartyView:
    if taxpayer_id is not None:
        tp = _taxpayer(session, taxpayer_id)
        return PartyView(tp.tin, tp.name)
    part = part or {}
    if part.get("own_transport"):
        return PartyView(None, None, own_transport=True)
    return PartyView(None, part.get("name"), foreign=True, country=part.get("country"))


def _valid_until(row: Waybill) -> dt.datetime | None:
    if row.status == st.DRAFT:
        return None
    loaded_on = row.loaded_at.astimezone(BISHKEK).date() if row.loaded_at else row.planned_loading_on
    return law.valid_until(loaded_on, row.distance_km)


def _status(row: Waybill, now: dt.datetime) -> st.Status:
    return st.effective(row.status, row.issued_at, row.delivered_at, now)


def _event_view(session: Session, e: WaybillEvent) -> EventView:
    tin = _taxpayer(session, e.actor_id).tin if e.actor_id is not None else None
    return EventView(e.seq, st.Action(e.action), st.ActorRole(e.actor_role), tin, e.at, json.loads(e.title_jcs), e.signature, e.kid,
                     st.Status(e.status_after))


def _view(session: Session, row: Waybill, taxpayer_id: int | None, now: dt.datetime, *, events: bool = False) -> WaybillView:
    document = json.loads(row.document_jcs)
    status = _status(row, now)
    shipper = _taxpayer(session, row.shipper_id)
    carrier = PartyView(shipper.tin, shipper.name, own_transport=True) if document["carrier"].get("own_transport") else _party(session, row.carrier_id)
    event_rows = session.scalars(select(WaybillEvent).where(WaybillEvent.waybill_id == row.id).order_by(WaybillEvent.seq)) if events else ()
    return WaybillView(
        id=row.id, client_id=row.client_id, number=row.number, status=status, kind=st.Kind(document["kind"]), document=document,
        document_sha256=row.document_sha256, planned_loading_on=row.planned_loading_on, shipper=PartyView(shipper.tin, shipper.name), carrier=carrier,
        consignee=_party(session, row.consignee_id, document["consignee"]),
        roles=_roles_of(session, row, taxpayer_id) if taxpayer_id is not None else (),
        created_at=row.created_at, updated_at=row.updated_at, issued_at=row.issued_at, loaded_at=row.loaded_at,
        delivered_at=row.delivered_at, valid_until=_valid_until(row),
        cancel_until=law.cancel_deadline(row.issued_at) if row.issued_at and status in (st.ISSUED, st.CARRIER_DECLINED) else None,
        answer_until=law.consignee_deadline(row.delivered_at) if row.delivered_at and status == st.DELIVERED else None,
        inspected=row.inspected, qr=row.qr,
        events=tuple(_event_view(session, e) for e in event_rows),
    )


# --- drafts -----------------------------------------------------------------------------------


def create_draft(rt: Runtime, principal: Principal, client_id: Any, document: Any) -> tuple[WaybillView, bool]:
    """``POST /me/waybills``: (the draft, True if new). The same client_id and document -> the same
    draft; the same client_id with another document -> ``REFERENCE_CONFLICT``."""
    me = authorize.taxpayer(principal)
    if not isinstance(client_id, str) or not _is_uuid(client_id.lower()):
        raise invalid_field("client_id", "not_a_uuid")
    client_id = client_id.lower()
    now = _now(rt)
    d = doc.validate(document, rt.today())
    digest = doc.sha256(d)
    try:
        with rt.db.transaction() as session:
            found = _by_client_id(session, me.taxpayer_id, client_id)
            if found is not None:
                return _replayed_draft(session, found, digest, me, now), False
            carrier_id, consignee_id = _resolve_parties(session, d)
            _check_reference(session, d, me.taxpayer_id)
            row = Waybill(
                id=str(uuid.uuid4()), client_id=client_id, shipper_id=me.taxpayer_id, document_jcs=doc.jcs(d),
                document_sha256=digest, status=st.DRAFT, carrier_id=carrier_id if carrier_id is not None else (me.taxpayer_id if d["carrier"].get("own_transport") else None),
                consignee_id=consignee_id, distance_km=d["distance_km"], planned_loading_on=dt.date.fromisoformat(d["planned_loading_on"]),
                inspected=False, last_seq=0, created_at=now, updated_at=now,
            )
            session.add(row)
            session.flush()
            return _view(session, row, me.taxpayer_id, now), True
    except IntegrityError:  # the same client_id sent twice at once: the other request made it
        with rt.db.transaction() as session:
            found = _by_client_id(session, me.taxpayer_id, client_id)
            if found is None:
                raise
            return _replayed_draft(session, found, digest, me, now), False


def _by_client_id(session: Session, shipper_id: int, client_id: str) -> Waybill | None:
    return session.scalar(select(Waybill).where(Waybill.shipper_id == shipper_id, Waybill.client_id == client_id))


def _replayed_draft(session: Session, row: Waybill, digest: str, principal: TaxpayerPrincipal, now: dt.datetime) -> WaybillView:
    if row.document_sha256 != digest:
        raise Conflict("REFERENCE_CONFLICT", "This client_id was already used for another document.", {"id": row.id})
    return _view(session, row, principal.taxpayer_id, now)


def edit_draft(rt: Runtime, principal: Principal, waybill_id: str, document: Any) -> WaybillView:
    """``PUT /me/waybills/{id}``: replace the document of a draft (only the shipper; only a draft)."""
    me = authorize.taxpayer(principal)
    now = _now(rt)
    with rt.db.transaction() as session:
        row, roles = _visible(session, waybill_id, me.taxpayer_id, lock=True)
        if st.ViewerRole.SHIPPER not in roles:
            raise Forbidden("NOT_A_PARTY", "Only the {role} may do this.", {"role": st.SHIPPER}, role=st.SHIPPER)
        if row.status != st.DRAFT:
            raise _invalid_state(_status(row, now))
        d = doc.validate(document, rt.today())
        carrier_id, consignee_id = _resolve_parties(session, d)
        _check_reference(session, d, me.taxpayer_id)
        row.document_jcs, row.document_sha256 = doc.jcs(d), doc.sha256(d)
        row.carrier_id = carrier_id if carrier_id is not None else (me.taxpayer_id if d["carrier"].get("own_transport") else None)
        row.consignee_id, row.distance_km = consignee_id, d["distance_km"]
        row.planned_loading_on = dt.date.fromisoformat(d["planned_loading_on"])
        row.updated_at = now
        session.flush()
        return _view(session, row, me.taxpayer_id, now)


# --- acts -------------------------------------------------------------------------------------


def _title_shape(action: str, title: Any) -> dict[str, Any]:
    act = st.ACTS[action]
    if not isinstance(title, dict):
        raise invalid_field("title", "not_an_object")
    allowed = {"waybill_id", "action", "document_sha256", *act.fields}
    for name in title:
        if name not in allowed:
            raise invalid_field(f"title.{name}", "unknown_field")
    for name in ("waybill_id", "action", "document_sha256"):
        if name not in title:
            raise invalid_field(f"title.{name}", "missing")
        if not isinstance(title[name], str):
            raise invalid_field(f"title.{name}", "not_a_string")
    if title["action"] != action:
        raise invalid_field("title.action", "not_allowed")
    if action in ("carrier-decline", "cancellation"):
        if "reason" not in title:
            raise invalid_field("title.reason", "missing")
        doc.text(title["reason"], "title.reason", MAX_REASON)
    if action == "carrier":
        if "carrier_tin" not in title:
            raise invalid_field("title.carrier_tin", "missing")
        doc._pattern(title["carrier_tin"], "title.carrier_tin", doc._TIN)
    if action == "receipt":
        result = title.get("result")
        if result is None:
            raise invalid_field("title.result", "missing")
        if result not in st.RECEIPT_RESULTS:
            raise invalid_field("title.result", "unknown_kind")
        if result == st.REJECTED:
            if "reason" not in title:
                raise invalid_field("title.reason", "missing")
            doc.text(title["reason"], "title.reason", MAX_REASON)
        elif "reason" in title:
            doc.text(title["reason"], "title.reason", MAX_REASON)
        if result == st.RECEIVED_WITH_DISCREPANCY:
            if "lines" not in title:
                raise invalid_field("title.lines", "missing")
        elif "lines" in title:
            raise invalid_field("title.lines", "not_allowed")
    return title


def _discrepancy(title: dict[str, Any], document: dict[str, Any]) -> None:
    """The document's lines in order with the actual quantity and amount; at least one differs."""
    lines, declared = title["lines"], document["lines"]
    if not isinstance(lines, list) or len(lines) != len(declared):
        raise invalid_field("title.lines", "not_allowed", "The field {field} must list the document's lines in the same order.")
    differs = False
    for i, (line, original) in enumerate(zip(lines, declared)):
        where = f"title.lines[{i}]"
        if not isinstance(line, dict):
            raise invalid_field(where, "not_an_object")
        for name in line:
            if name not in doc.LINE_MEMBERS:
                raise invalid_field(f"{where}.{name}", "unknown_field")
            if name not in ("quantity", "amount") and line[name] != original.get(name):
                raise invalid_field(f"{where}.{name}", "not_allowed", "The field {field} must list the document's lines in the same order.")
        for name in ("quantity", "amount"):
            if name not in line:
                raise invalid_field(f"{where}.{name}", "missing")
        actual_q = doc.quantity(line["quantity"], f"{where}.quantity")
        actual_a = doc.money(line["amount"], f"{where}.amount")
        if actual_q != Decimal(original["quantity"]) or actual_a != Decimal(original["amount"]):
            differs = True
    if not differs:
        raise ValidationFailed("NO_DISCREPANCY", "The actual lines are the same as the document's: answer received instead.", {"field": "title.lines"})


def _invalid_state(status: str) -> Conflict:
    status = str(status)  # the error's details are JSON: the plain value, not the enum
    return Conflict("INVALID_STATE", "This cannot be done to a waybill in the state {state}.", {"status": status}, state=status)


_ts = formats.timestamp


def _act_result(session: Session, row: Waybill, e: WaybillEvent) -> Issued | Acted:
    """The answer to an act, rebuilt from its event (so a replay answers the first answer)."""
    if e.action == st.Action.ISSUE:
        return Issued(row.id, row.number, st.Status(e.status_after), row.issued_at, row.qr)
    return Acted(row.id, row.number, st.Status(e.status_after), _event_view(session, e))


def act(rt: Runtime, principal: Principal, waybill_id: str, action: str, title: Any, signature: Any) -> ActOutcome:
    """One signed act of a party (``POST /me/waybills/{id}/<action>``)."""
    me = authorize.taxpayer(principal)
    if action not in st.ACTS:
        raise NotFound("NOT_FOUND", "No such act.")
    spec = st.ACTS[action]
    ca = authority(rt)  # before the transaction: loading it may take its own
    now = _now(rt)
    with rt.db.transaction() as session:
        row, roles = _visible(session, waybill_id, me.taxpayer_id, lock=True)  # another's waybill: 404 whatever the body
        if title is None:
            raise invalid_field("title", "missing")
        title = _title_shape(action, title)
        if title["waybill_id"] != row.id:
            raise invalid_field("title.waybill_id", "not_allowed")
        kid = signing.check(ca, session, signature, title, me.taxpayer_id, now)
        if st.ViewerRole(spec.role) not in roles:
            raise Forbidden("NOT_A_PARTY", "Only the {role} may do this.", {"role": spec.role}, role=spec.role)
        title_jcs = doc.jcs(title)
        title_sha = hashlib.sha256(title_jcs.encode("utf-8")).hexdigest()
        first = session.scalar(select(WaybillEvent).where(
            WaybillEvent.waybill_id == row.id, WaybillEvent.title_sha256 == title_sha, WaybillEvent.actor_id == me.taxpayer_id))
        if first is not None:
            return ActOutcome(_act_result(session, row, first), True)
        status = _status(row, now)
        new_status = st.next_status(status, action, title.get("result"))
        if new_status is None:
            raise _invalid_state(status)
        if title["document_sha256"] != row.document_sha256:
            raise Conflict("DOCUMENT_CHANGED", "The document has changed since it was signed; read it again.", {"document_sha256": row.document_sha256})
        document = json.loads(row.document_jcs)
        _rules(rt, session, row, action, title, document, now)
        return ActOutcome(_record(rt, session, row, action, spec.role, me, title_jcs, title_sha, signature, kid, new_status, now, document, title), False)


def _rules(rt: Runtime, session: Session, row: Waybill, action: str, title: dict[str, Any], document: dict[str, Any], now: dt.datetime) -> None:
    if action == "issue":
        doc.validate(document, rt.today())  # the categories in force on the day of issue
        _resolve_parties(session, document)  # a party removed from the register since the draft
    elif action == "cancellation":
        if row.inspected:
            raise Conflict("INSPECTED", "The waybill was inspected on the road; it can no longer be cancelled.")
        if row.issued_at is None:  # only an issued waybill can be cancelled (next_status checked the state)
            raise _invalid_state(_status(row, now))
        deadline = law.cancel_deadline(row.issued_at)
        if now > deadline:
            raise Conflict("CANCEL_WINDOW_CLOSED", "The waybill can be cancelled only until {until}.", {"until": _ts(deadline)}, until=_ts(deadline))
    elif action == "receipt" and title["result"] == st.RECEIVED_WITH_DISCREPANCY:
        _discrepancy(title, document)
    elif action == "carrier":
        _active_party(session, title["carrier_tin"], "title.carrier_tin")


def _record(rt: Runtime, session: Session, row: Waybill, action: str, role: str, principal: TaxpayerPrincipal, title_jcs: str, title_sha: str,
            signature: str, kid: str, new_status: st.Status, now: dt.datetime, document: dict[str, Any], title: dict[str, Any]) -> Issued | Acted:
    row.last_seq += 1
    event = WaybillEvent(waybill_id=row.id, seq=row.last_seq, action=action, actor_role=role, actor_id=principal.taxpayer_id,
                         actor_login=principal.login, at=now, title_jcs=title_jcs, title_sha256=title_sha, signature=signature,
                         kid=kid, status_after=new_status)
    session.add(event)
    row.status, row.updated_at = new_status, now
    if action == "carrier-acceptance":
        row.loaded_at = now
    elif action == "delivery":
        row.delivered_at = now
    elif action == "carrier":
        new_carrier = _active_party(session, title["carrier_tin"], "title.carrier_tin")
        row.carrier_id = new_carrier.id
        _add_party(session, row.id, new_carrier.id, st.CARRIER)
    elif action == "issue":
        row.issued_at = now
        if row.carrier_id is not None:
            _add_party(session, row.id, row.carrier_id, st.CARRIER)
        if row.consignee_id is not None:
            _add_party(session, row.id, row.consignee_id, st.CONSIGNEE)
        _add_party(session, row.id, row.shipper_id, st.SHIPPER)
        year = now.astimezone(BISHKEK).year
        row.number = f"ЭТТК-{year}-{numbers.next_number(session, SERIES, year):09d}"  # taken last: the counter row stays locked until commit
        row.qr = qr_text(rt, _public_view(session, row, document, new_status))
    session.flush()
    _notify(session, row, action, principal.taxpayer_id, new_status, now)
    return _act_result(session, row, event)


def _add_party(session: Session, waybill_id: str, taxpayer_id: int, role: str) -> None:
    if session.get(WaybillParty, (waybill_id, taxpayer_id, role)) is None:
        session.add(WaybillParty(waybill_id=waybill_id, taxpayer_id=taxpayer_id, role=role))


NOTICE_BODIES = {
    "issue": "Waybill {number} was issued naming you.",
    "carrier-acceptance": "The carrier accepted the goods of waybill {number}.",
    "carrier-decline": "The carrier declined waybill {number}.",
    "carrier": "Waybill {number} names you as its carrier.",
    "delivery": "The goods of waybill {number} were handed over; confirm the receipt.",
    "receipt": "The consignee answered waybill {number}.",
    "cancellation": "Waybill {number} was cancelled.",
    "inspection": "Waybill {number} was inspected on the road.",
    "deemed_received": "Waybill {number} is deemed received.",
    "discarded": "Waybill {number} was discarded: the goods were never loaded.",
}
# Who must act next after an act (the notice asks for an action).
NEXT_ACTOR = {"issue": st.CARRIER, "carrier": st.CARRIER, "carrier-decline": st.SHIPPER, "delivery": st.CONSIGNEE}


def _notify(session: Session, row: Waybill, action: str, actor_id: int | None, status: str, now: dt.datetime) -> None:
    """A notice (kind ``waybill_action``) to every other party of the waybill."""
    parties = {(row.shipper_id, st.SHIPPER), (row.carrier_id, st.CARRIER), (row.consignee_id, st.CONSIGNEE)}
    if action == "carrier-decline":
        pass  # the shipper must name another carrier; the declining carrier is the actor
    for taxpayer_id, role in sorted((taxpayer_id, role) for taxpayer_id, role in parties if taxpayer_id is not None):
        if taxpayer_id == actor_id:
            continue
        notify.notify(
            session, taxpayer_id=taxpayer_id, kind=NOTICE_KIND, title="Electronic waybill {number}", body=NOTICE_BODIES[action],
            params={"number": row.number, "status": status}, related={"waybill_id": row.id, "number": row.number, "action": action},
            requires_action=NEXT_ACTOR.get(action) == role, now=now,
        )


# --- public check and QR ----------------------------------------------------------------------


def _public_view(session: Session, row: Waybill, document: dict[str, Any], status: st.Status) -> PublicWaybill:
    """What anyone may read by the number: no prices, no amounts (TC art. 54)."""
    shipper = _taxpayer(session, row.shipper_id)
    consignee = _party(session, row.consignee_id, document["consignee"])
    return PublicWaybill(
        number=row.number or "", status=status, valid_until=_valid_until(row),
        shipper=PublicParty(shipper.tin, shipper.name), consignee=PublicParty(consignee.tin, consignee.name),
        vehicle_plate=document["vehicle"]["plate"],
        goods=tuple(PublicGoods(line["tnved"], Decimal(line["quantity"]), line["unit"]) for line in document["lines"]),
    )


def signed_fields(p: PublicWaybill) -> dict[str, Any]:
    """The public fields as the QR's JWS signs them: the same members and text as the public check's
    JSON answer at issue (the quantities as the document wrote them), so an inspector offline reads
    what the online check shows. The signed payload is part of the service's word, not a face's."""
    return {
        "number": p.number, "status": str(p.status), "valid_until": _ts(p.valid_until),
        "shipper": {"tin": p.shipper.tin, "name": p.shipper.name},
        "consignee": {"tin": p.consignee.tin, "name": p.consignee.name},
        "vehicle_plate": p.vehicle_plate,
        "goods": [{"tnved": g.tnved, "quantity": str(g.quantity), "unit": g.unit} for g in p.goods],
    }


def qr_text(rt: Runtime, public_view: PublicWaybill) -> str:
    """The printout's QR: the public check's address, then ``#`` and a compact JWS by the service
    over the public fields (the detached signature with its payload put back), checkable offline
    with the service certificate (``GET /api/v1/service-certificate``)."""
    fields = signed_fields(public_view)
    detached = authority(rt).sign_receipt(fields)
    header, _, sig = detached.split(".")
    payload = base64.urlsafe_b64encode(doc.jcs(fields).encode("utf-8")).rstrip(b"=").decode("ascii")
    return f"{PUBLIC_PATH}{fields['number']}#{header}.{payload}.{sig}"


def public(rt: Runtime, number: str) -> PublicWaybill:
    """``GET /public/waybills/{number}``: the live state for a check on the road."""
    now = _now(rt)
    with rt.db.read() as session:
        row = session.scalar(select(Waybill).where(Waybill.number == number)) if doc.NUMBER.fullmatch(number or "") else None
        if row is None:
            raise NotFound("WAYBILL_NOT_FOUND", "No such waybill.")
        return _public_view(session, row, json.loads(row.document_jcs), _status(row, now))


# --- reads ------------------------------------------------------------------------------------


def get(rt: Runtime, principal: Principal, waybill_id: str) -> WaybillView:
    me = authorize.taxpayer(principal)
    now = _now(rt)
    with rt.db.read() as session:
        row, _ = _visible(session, waybill_id, me.taxpayer_id)
        return _view(session, row, me.taxpayer_id, now, events=True)


def _encode_cursor(row: Waybill) -> str:
    return base64.urlsafe_b64encode(f"{row.updated_at.isoformat()}|{row.id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, wid = raw.partition("|")
        return dt.datetime.fromisoformat(moment), wid
    except (ValueError, UnicodeDecodeError):
        raise invalid_field("cursor", "not_allowed") from None


def list_for(rt: Runtime, principal: Principal, *, role: str | None = None, status: str | None = None,
             updated_after: dt.datetime | None = None, cursor: str | None = None, limit: int = 50) -> Page:
    """The caller's waybills, oldest change first (``updated_at``, then id) so that a client can
    follow changes with ``updated_after`` and page with ``cursor``. A page may hold fewer than
    ``limit`` rows when a timer changed a status the filter asked for; follow ``next_cursor``."""
    me = authorize.taxpayer(principal).taxpayer_id
    if role is not None and role not in st.ROLES:
        raise invalid_field("role", "unknown_role")
    if status is not None and status not in st.STATUSES:
        raise invalid_field("status", "unknown_kind")
    limit = max(1, min(limit, 200))
    now = _now(rt)
    with rt.db.read() as session:
        as_shipper = Waybill.shipper_id == me
        as_party = and_(Waybill.status != st.DRAFT, Waybill.id.in_(
            select(WaybillParty.waybill_id).where(WaybillParty.taxpayer_id == me, *( [WaybillParty.role == role] if role else []))))
        if role == st.SHIPPER:
            who = as_shipper
        elif role is not None:
            who = as_party
        else:
            who = or_(as_shipper, as_party)
        q = select(Waybill).where(who)
        if status is not None:
            q = q.where(Waybill.status.in_(st.stored_candidates(status)))
        if updated_after is not None:
            q = q.where(Waybill.updated_at > updated_after)
        if cursor:
            at, wid = _decode_cursor(cursor)
            q = q.where(or_(Waybill.updated_at > at, and_(Waybill.updated_at == at, Waybill.id > wid)))
        rows = list(session.scalars(q.order_by(Waybill.updated_at, Waybill.id).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit]
        views = [_view(session, r, me, now) for r in rows]
        if status is not None:
            views = [v for v in views if v.status == status]
        return Page(tuple(views), _encode_cursor(rows[-1]) if more else None)


# --- officers ---------------------------------------------------------------------------------


def inspect(rt: Runtime, principal: Principal, number: str, place: Any, result: Any, note: Any) -> Inspected:
    """``POST /officer/waybills/{number}/inspections``: a check on the road, signed by the service
    and audited; after it the shipper can no longer cancel (issue 14)."""
    authorize.staff(principal)
    place = doc.text(place, "place", 300)
    if result not in tuple(st.InspectionResult):
        raise invalid_field("result", "unknown_kind")
    result = st.InspectionResult(result)
    if note is not None:
        note = doc.text(note, "note", 2000) if note != "" else ""
    ca = authority(rt)
    now = _now(rt)
    with rt.db.transaction() as session:
        row = session.scalar(select(Waybill).where(Waybill.number == number).with_for_update()) if doc.NUMBER.fullmatch(number or "") else None
        if row is None:
            raise NotFound("WAYBILL_NOT_FOUND", "No such waybill.")
        status = _status(row, now)
        if status not in st.INSPECTABLE:
            raise _invalid_state(status)
        title = {"waybill_id": row.id, "action": st.INSPECTION, "document_sha256": row.document_sha256,
                 "place": place, "result": str(result), "note": note or "", "at": _ts(now)}
        title_jcs = doc.jcs(title)
        row.last_seq += 1
        event = WaybillEvent(waybill_id=row.id, seq=row.last_seq, action=st.INSPECTION, actor_role=st.ActorRole.OFFICER, actor_id=None,
                             actor_login=principal.login, at=now, title_jcs=title_jcs,
                             title_sha256=hashlib.sha256(title_jcs.encode()).hexdigest(), signature=ca.sign_receipt(title),
                             kid=ca.service_kid, status_after=status)
        session.add(event)
        row.inspected, row.updated_at = True, now
        audit.record(session, principal, "waybill.inspection", taxpayer_id=row.shipper_id, at=now, number=row.number, result=str(result))
        session.flush()
        _notify(session, row, st.INSPECTION, None, status, now)
        return Inspected(number, status, Inspection(place, result, note or "", now, principal.login))


def officer_list(rt: Runtime, principal: Principal, *, tin: str | None = None, status: str | None = None,
                 from_: dt.date | None = None, to: dt.date | None = None, limit: int = 200) -> list[WaybillView]:
    """Issued waybills by party TIN, status and day of issue; the read is audited (TC art. 54)."""
    authorize.staff(principal)
    if status is not None and status not in st.STATUSES:
        raise invalid_field("status", "unknown_kind")
    now = _now(rt)
    with rt.db.transaction() as session:
        q = select(Waybill).where(Waybill.status != st.DRAFT)
        taxpayer_id = None
        if tin:
            tp = _taxpayer_by_tin(session, tin)
            if tp is None:
                raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN.")
            taxpayer_id = tp.id
            q = q.where(Waybill.id.in_(select(WaybillParty.waybill_id).where(WaybillParty.taxpayer_id == tp.id)))
        if status is not None:
            q = q.where(Waybill.status.in_(st.stored_candidates(status)))
        if from_ is not None:
            q = q.where(Waybill.issued_at >= dt.datetime.combine(from_, dt.time(), tzinfo=BISHKEK))
        if to is not None:
            q = q.where(Waybill.issued_at < dt.datetime.combine(to + dt.timedelta(days=1), dt.time(), tzinfo=BISHKEK))
        rows = list(session.scalars(q.order_by(Waybill.issued_at, Waybill.id).limit(limit)))
        views = [_view(session, r, None, now) for r in rows]
        if status is not None:
            views = [v for v in views if v.status == status]
        audit.record(session, principal, "waybill.officer_list", taxpayer_id=taxpayer_id, at=now, tin=tin, status=status,
                     from_=from_, to=to, count=len(views))
        return views
