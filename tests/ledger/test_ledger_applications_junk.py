"""Junk into the application and decision endpoints answers 4xx with an error code, never 500
(Hypothesis); officer reads of applications are audited; decision numbers stay gapless when
officers decide at the same time."""

from __future__ import annotations

import datetime as dt
import threading

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from conftest import API
from ledger_helpers import assess, pay
from salyk.kernel.models import AuditEntry

junk = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
                 st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))
# An application id no other test of the shared database can have made: a valid body for a real
# pending application would (rightly) be decided.
ENDPOINTS = [
    ("/me/refunds", ("kind", "tax", "amount", "to_tax", "client_reference")),
    ("/me/deferrals", ("tax", "amount", "ground", "start", "end", "schedule", "bank_guarantee")),
    ("/officer/write-offs", ("tin", "tax", "ground", "items", "act_reference", "evidence")),
    ("/officer/refunds/999999999/decision", ("approve", "reason")),
    ("/officer/refunds/x/paid", ("paid_on",)),
    ("/officer/deferrals/999999999/decision", ("grant", "reason")),
    ("/officer/deferrals/999999999/termination", ("breach_on", "received_on", "reason")),
]


def test_junk_is_refused_with_a_code(client, officer, taxpayer):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(which=st.integers(0, len(ENDPOINTS) - 1), data=st.data())
    def run(which, data):
        path, fields = ENDPOINTS[which]
        body = {f: data.draw(junk) for f in fields if data.draw(st.booleans())}
        headers = taxpayer.headers if path.startswith("/me") else officer.headers
        r = client.post(f"{API}{path}", headers=headers, json=body)
        assert 400 <= r.status_code < 500, (path, body, r.text)
        assert r.json()["error"]["code"]

    run()


def test_officer_reads_are_audited(client, runtime, officer, taxpayer):
    def count():
        with runtime.db.transaction() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == officer.login,
                                                                                AuditEntry.action.in_(["ledger.refunds.read", "ledger.deferrals.read"])))
    before = count()
    assert client.get(f"{API}/officer/refunds", headers=officer.headers, params={"tin": taxpayer.login}).status_code == 200
    assert client.get(f"{API}/officer/deferrals", headers=officer.headers).status_code == 200
    assert count() == before + 2


def test_decision_numbers_are_gapless_under_concurrency(client, runtime, officer, taxpayer):
    tin = taxpayer.login
    paid_on = (runtime.today() - dt.timedelta(days=5)).isoformat()
    pay(client, officer, (tin, "vat", "50.00", paid_on))
    ids, codes = [], []
    for _ in range(8):
        r = client.post(f"{API}/me/refunds", headers=taxpayer.headers, json={"kind": "refund", "tax": "vat", "amount": "10.00"})
        codes.append(r.status_code)
        if r.status_code == 201:
            ids.append(r.json()["id"])
    # Pending applications reserve what they ask (issue 9): 5 x 10 = 50 fit the 50 overpaid, 3 do not.
    assert codes == [201] * 5 + [422] * 3
    # A VAT charge of 30 falls due: the overpayment pays it (50 - 30 = 20 left), so of the five
    # pending applications of 10 only two can be approved.
    assess(client, officer, tin, "30.00", (runtime.today() - dt.timedelta(days=1)).isoformat(), period="2025-01")
    answers: list = []

    def decide(app_id):
        r = client.post(f"{API}/officer/refunds/{app_id}/decision", headers=officer.headers, json={"approve": True})
        answers.append(r.json())

    threads = [threading.Thread(target=decide, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The decisions are taken one at a time (the series' counter row is locked first), so 2 are
    # approved and 3 refused, and the refused ones give their number back: 2 numbers, no gaps.
    numbers = sorted(int(a["decision_number"].rsplit("-", 1)[1]) for a in answers if "decision_number" in a)
    assert len(numbers) == 2, answers
    assert numbers == list(range(numbers[0], numbers[0] + 2))
    assert sorted(a["error"]["code"] for a in answers if "error" in a) == ["OVERPAYMENT_INSUFFICIENT"] * 3
    assert client.get(f"{API}/me/balance", headers=taxpayer.headers).json()["total_overpayment"] == "0.00"
