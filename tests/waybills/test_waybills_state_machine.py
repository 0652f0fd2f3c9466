"""A Hypothesis state machine over the acts of every party and the clock (issue 14): whatever
the order, no illegal transition is ever stored (the events of each waybill fold from ``draft``
through ``states.next_status``), the cached status is the last event's, each act succeeds exactly
when the rules allow it, and the numbers of each year are 1..N without a gap."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import replace

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as s
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from conftest import make_settings
from salyk.crypto import sign_detached
from salyk.db.models.registry import Taxpayer
from salyk.kernel.errors import SalykError
from salyk.kernel.principal import StaffPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.law import waybill as law
from salyk.waybills import service, states, timers
from salyk.waybills.models import Waybill, WaybillEvent
from waybills_fixtures import START, SetClock, document, enrol
from waybills_fixtures import clock, trio  # noqa: F401


def test_no_illegal_transition_is_ever_stored(empty_db_url):
    from salyk.api.app import create_app
    from salyk.db.migrate import upgrade
    from salyk.registry.officers import ensure_officer
    from conftest import login

    upgrade(empty_db_url)
    clock = SetClock(cell=[START])
    rt = Runtime.from_settings(replace(make_settings(empty_db_url), clock=clock, token_ttl=dt.timedelta(days=3650)))
    try:
        with TestClient(create_app(rt), base_url="http://testserver") as client:
            ensure_officer(rt, "sm-officer", "officer-pass-1234", "officer")
            officer = login(client, "sm-officer", "officer-pass-1234")
            parties = [enrol(client, officer, f"Party {i}") for i in range(4)]
        with rt.db.read() as session:
            ids = {p.tin: session.scalar(select(Taxpayer.id).where(Taxpayer.tin == p.tin)) for p in parties}

        class Waybills(RuleBasedStateMachine):
            waybills = Bundle("waybills")

            def principal(self, i):
                return TaxpayerPrincipal(parties[i].tin, ids[parties[i].tin])

            @rule(target=waybills, carrier=s.sampled_from([1, 2, None]), issue=s.booleans())
            def new(self, carrier, issue):
                doc = document(parties[carrier].tin if carrier else None, parties[3].tin)
                view, _ = service.create_draft(rt, self.principal(0), str(uuid.uuid4()), doc)
                if issue:
                    self.do(view.id, 0, "issue")
                return view.id

            def do(self, wid, who, action, **fields):
                before = service.get(rt, self.principal(0), wid)
                title = {"waybill_id": wid, "action": action, "document_sha256": before.document_sha256, **fields}
                p = parties[who]
                holds = {"shipper": 0 == who, "carrier": before.carrier.tin == p.tin, "consignee": before.consignee.tin == p.tin}
                party_at_all = who == 0 or (before.status != "draft" and any(holds.values())) or any(
                    e.actor_tin == p.tin for e in before.events)
                expected = states.next_status(before.status, action, fields.get("result"))
                try:
                    out = service.act(rt, self.principal(who), wid, action, title, sign_detached(title, p.key, p.kid))
                except SalykError as exc:
                    if not party_at_all:
                        assert exc.code in ("WAYBILL_NOT_FOUND", "NOT_A_PARTY"), exc.code
                    elif not holds[states.ACTS[action].role]:
                        assert exc.code == "NOT_A_PARTY", exc.code
                    elif expected is None:
                        assert exc.code == "INVALID_STATE" and exc.details["status"] == before.status, (exc.code, before.status, action)
                    else:
                        assert exc.code in ("CANCEL_WINDOW_CLOSED", "INSPECTED", "NO_DISCREPANCY"), exc.code
                        if exc.code == "CANCEL_WINDOW_CLOSED":
                            assert clock.now() > law.cancel_deadline(before.issued_at)
                        if exc.code == "INSPECTED":
                            assert before.inspected
                    return
                if out.replay:  # the same signed title again: its first answer, nothing stored
                    assert len(service.get(rt, self.principal(0), wid).events) == len(before.events)
                    return
                assert holds[states.ACTS[action].role] and expected is not None, (action, before.status)
                assert out.result.status == expected

            @rule(wid=waybills, who=s.integers(0, 3), action=s.sampled_from(sorted(states.ACTS)),
                  result=s.sampled_from(states.RECEIPT_RESULTS))
            def act(self, wid, who, action, result):
                fields = {}
                if action in ("carrier-decline", "cancellation"):
                    fields["reason"] = "because"
                if action == "carrier":
                    fields["carrier_tin"] = parties[2].tin
                if action == "receipt":
                    fields["result"] = result
                    if result == "rejected":
                        fields["reason"] = "wrong goods"
                    if result == "received_with_discrepancy":
                        fields["lines"] = [{"quantity": "1", "amount": "1.00"}, {"quantity": "20", "amount": "9000.00"}]
                self.do(wid, who, action, **fields)

            @rule(wid=waybills)
            def inspect(self, wid):
                number = service.get(rt, self.principal(0), wid).number
                if number:
                    try:
                        service.inspect(rt, StaffPrincipal("officer", "sm-officer"), number, "Post", "ok", None)
                    except SalykError as exc:
                        assert exc.code == "INVALID_STATE"

            @rule(hours=s.integers(1, 120))
            def wait(self, hours):
                clock.advance(hours=hours)

            @rule()
            def worker(self):
                timers.run(rt)

            @invariant()
            def stored_history_is_legal_and_numbers_gapless(self):
                with rt.db.read() as session:
                    by_year: dict[str, list[int]] = {}
                    for row in session.scalars(select(Waybill)):
                        status = "draft"
                        events = list(session.scalars(select(WaybillEvent).where(WaybillEvent.waybill_id == row.id).order_by(WaybillEvent.seq)))
                        assert [e.seq for e in events] == list(range(1, len(events) + 1))
                        for e in events:
                            after = states.next_status(status, e.action, e.status_after if e.action == "receipt" else None)
                            assert after == e.status_after, (status, e.action, e.status_after)
                            status = after
                        assert row.status == status
                        if row.number:
                            year, n = re.fullmatch(r"ЭТТК-([0-9]{4})-([0-9]{9})", row.number).groups()
                            by_year.setdefault(year, []).append(int(n))
                        title = [json.loads(e.title_jcs) for e in events]
                        assert all(t["waybill_id"] == row.id for t in title)
                    for numbers in by_year.values():
                        assert sorted(numbers) == list(range(1, len(numbers) + 1))

        run_state_machine_as_test(Waybills, settings=settings(max_examples=12, stateful_step_count=20, deadline=None,
                                                                suppress_health_check=list(HealthCheck)))
    finally:
        rt.db.dispose()
