"""The waybills service's typed results (issue 8 item 5): the enums are what the database allows,
the presenters write the contract's JSON, and the QR signs what the public check answers."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

import salyk.waybills
from checks_support import migration_checks
from salyk.waybills import presenters, service
from salyk.waybills.models import Waybill
from salyk.waybills.results import Acted, EventView, Inspected, Inspection, Issued, PublicGoods, PublicParty, PublicWaybill
from salyk.waybills.states import Action, ActorRole, InspectionResult, Role, Status

from waybills_fixtures import issued
from waybills_fixtures import clock, trio, wclient, wofficer, wrt  # noqa: F401  (fixtures)

UTC = dt.timezone.utc


def _checks() -> dict[tuple[str, str], set[str]]:
    return migration_checks(salyk.waybills, "waybills_0002_checks.py")


def test_enums_are_what_the_database_allows():
    checks = _checks()
    assert {s.value for s in Status} == checks[("waybills", "status")] == checks[("waybill_events", "status_after")]
    assert {a.value for a in Action} == checks[("waybill_events", "action")]
    assert {r.value for r in ActorRole} == checks[("waybill_events", "actor_role")]
    assert {r.value for r in Role} == checks[("waybill_parties", "role")]


def test_an_unknown_status_is_refused_by_the_database(trio, wrt):
    wid, _ = issued(trio)
    with pytest.raises(IntegrityError, match="ck_waybills_status"):
        with wrt.db.transaction() as session:
            session.execute(update(Waybill).where(Waybill.id == wid).values(status="lost"))


def test_presenters_write_the_contract_json():
    at = dt.datetime(2025, 10, 5, 6, 39, tzinfo=UTC)
    event = EventView(3, Action.CARRIER_DECLINE, ActorRole.CARRIER, "01234567890123", at, {"reason": "x"}, "sig", "kid-1",
                      Status.CARRIER_DECLINED)
    assert presenters.act_out(Acted("w-1", "ЭТТК-2025-000000001", Status.CARRIER_DECLINED, event)) == {
        "id": "w-1", "number": "ЭТТК-2025-000000001", "status": "carrier_declined",
        "event": {"seq": 3, "action": "carrier-decline", "actor": {"role": "carrier", "tin": "01234567890123"},
                  "at": "2025-10-05T12:39:00+06:00", "title": {"reason": "x"}, "signature": "sig", "kid": "kid-1",
                  "status": "carrier_declined"},
    }
    assert presenters.act_out(Issued("w-1", "ЭТТК-2025-000000001", Status.ISSUED, at, "/qr")) == {
        "id": "w-1", "number": "ЭТТК-2025-000000001", "status": "issued", "issued_at": "2025-10-05T12:39:00+06:00", "qr": "/qr"}
    inspected = Inspected("ЭТТК-2025-000000001", Status.IN_TRANSIT, Inspection("Kara-Balta", InspectionResult.OK, "", at, "officer1"))
    assert presenters.inspected_out(inspected) == {
        "number": "ЭТТК-2025-000000001", "status": "in_transit",
        "inspection": {"place": "Kara-Balta", "result": "ok", "note": "", "at": "2025-10-05T12:39:00+06:00", "officer": "officer1"}}


def test_the_qr_signs_what_the_public_check_answers():
    # Quantities keep the document's own text: "20" is not "20.0", "1000.500" is not "1000.5".
    p = PublicWaybill("ЭТТК-2025-000000001", Status.ISSUED, dt.datetime(2025, 10, 6, 17, 59, tzinfo=UTC),
                      PublicParty("01234567890123", "Shipper LLC"), PublicParty(None, "Foreign GmbH"), "01KG123ABC",
                      (PublicGoods("2710194200", Decimal("1000.500"), "kg"), PublicGoods("2208601100", Decimal("20"), "pcs")))
    out = presenters.public_out(p)
    assert out == service.signed_fields(p)
    assert out["valid_until"] == "2025-10-06T23:59:00+06:00"
    assert [g["quantity"] for g in out["goods"]] == ["1000.500", "20"]
