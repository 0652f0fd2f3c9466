"""Postings are append-only in the database; ``post_charge`` is idempotent and supports reductions."""

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from conftest import new_tin
from salyk.kernel.config import BISHKEK
from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer
from salyk.kernel.errors import Conflict, ValidationFailed
from salyk.ledger.balance import balance
from salyk.ledger.charges import post_charge
from salyk.ledger.payments import PaymentIn, record_payments
from ledger_helpers import ref

AT = dt.datetime(2025, 3, 14, 10, 0, tzinfo=BISHKEK)


def _taxpayer(session) -> int:
    t = Taxpayer(tin=new_tin(), kind="individual", name="T", address="A", registered_on=dt.date(2015, 1, 1), status="active", created_at=AT)
    session.add(t)
    session.flush()
    return t.id


def _charge(session, tp, amount, *, reference=None, period="2024", due=dt.date(2025, 4, 1), tax="income_tax"):
    return post_charge(session, taxpayer_id=tp, tax=tax, amount=Decimal(amount), due_date=due, period=period,
                       source="declaration", reference=reference or ref("decl"), recorded_at=AT, citation="TC art. 86")


def test_update_and_delete_are_refused(runtime):
    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        pid = _charge(s, tp, "100.00")
    for statement in (f"UPDATE ledger_postings SET amount = 1 WHERE id = {pid}", f"DELETE FROM ledger_postings WHERE id = {pid}"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with runtime.db.transaction() as s:
                s.execute(sa.text(statement))
    with runtime.db.transaction() as s:
        assert s.get(Posting, pid).amount == 10000  # tyiyn


def test_post_charge_idempotent_and_conflicting(runtime):
    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        key = ref("decl")
        first = _charge(s, tp, "250.00", reference=key)
        assert _charge(s, tp, "250.00", reference=key) == first
        with pytest.raises(Conflict) as exc:
            _charge(s, tp, "250.01", reference=key)
        assert exc.value.code == "REFERENCE_CONFLICT"
        row = s.get(Posting, first)
        # recorded 14 Mar, due 1 Apr: it counts from the day it was recorded
        assert (row.value_date, row.due_date, row.amount, row.source) == (dt.date(2025, 3, 14), dt.date(2025, 4, 1), 25000, "declaration")


def test_clarified_declaration_reduces_and_frees_the_payment(runtime):
    # A filed 2024 income tax of 1,000 is paid; a clarified report (TC art. 90) lowers it by 400:
    # the 400 paid becomes an overpayment (TC art. 81(1)). A reduction below zero is refused.
    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        _charge(s, tp, "1000.00")
        tin = s.get(Taxpayer, tp).tin
        out = record_payments(s, [PaymentIn(ref("bank"), tin, "income_tax", "1000.00", "2025-03-14")], today=dt.date(2025, 3, 14),
                              recorded_at=AT, recorded_by="test")
        assert out.accepted == 1
        _charge(s, tp, "-400.00")
        row = balance(s, tp, dt.date(2025, 4, 30)).tax("income_tax")
        assert (row.arrears, row.overpayment, row.late_interest) == (Decimal("0.00"), Decimal("400.00"), Decimal("0.00"))
        with pytest.raises(ValidationFailed) as exc:
            _charge(s, tp, "-600.01")
        assert exc.value.code == "REDUCTION_EXCEEDS_CHARGES"


def test_late_filing_counts_from_the_due_date(runtime):
    # Filed (recorded) 14 Mar 2025 for a tax due 3 Mar 2025: the charge counts from 3 Mar (TC art.
    # 4(2)(10)), so on 14 Mar the туум is 11 days: 1,000 x 0.09% x 11 = 9.90.
    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        _charge(s, tp, "1000.00", due=dt.date(2025, 3, 3))
        row = balance(s, tp, dt.date(2025, 3, 14)).tax("income_tax")
        assert (row.arrears, row.late_interest) == (Decimal("1000.00"), Decimal("9.90"))


def test_deferral_stops_the_interest(runtime):
    # TC art. 71(7)(7), 79(5): no туум on deferred debt while the deferral is in force.
    # 1,000 due 3 Mar 2025; deferral 5 .. 9 Mar: туум on 4 Mar and 10 .. 14 Mar = 6 days x 0.90 = 5.40.
    from salyk.ledger.postings import post_interest_exclusion

    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        _charge(s, tp, "1000.00", due=dt.date(2025, 3, 3))
        key = ref("deferral")
        first = post_interest_exclusion(s, taxpayer_id=tp, tax="income_tax", ground="deferral", start=dt.date(2025, 3, 5),
                                        end=dt.date(2025, 3, 9), source="deferral", reference=key, recorded_at=AT, citation="TC art. 79(5)")
        again = post_interest_exclusion(s, taxpayer_id=tp, tax="income_tax", ground="deferral", start=dt.date(2025, 3, 5),
                                        end=dt.date(2025, 3, 9), source="deferral", reference=key, recorded_at=AT, citation="TC art. 79(5)")
        assert first == again
        row = balance(s, tp, dt.date(2025, 3, 14)).tax("income_tax")
        assert row.late_interest == Decimal("5.40")


def test_known_at_reproduces_an_earlier_answer(runtime, client, officer):
    # A bank statement recorded an hour later, with an earlier value date, changes the past by value
    # date; known_at (what was recorded by then) gives back the answer as it was shown.
    from conftest import API

    with runtime.db.transaction() as s:
        tp = _taxpayer(s)
        tin = s.get(Taxpayer, tp).tin
        _charge(s, tp, "1000.00", due=dt.date(2025, 3, 3))
        record_payments(s, [PaymentIn(ref("bank"), tin, "income_tax", "1000.00", "2025-03-03")], today=dt.date(2025, 3, 14),
                        recorded_at=AT + dt.timedelta(hours=1), recorded_by="test")
    now = client.get(f"{API}/officer/taxpayers/{tin}/balance", headers=officer.headers, params={"as_of": "2025-03-14"}).json()
    assert now["total_due"] == "0.00"
    then = client.get(f"{API}/officer/taxpayers/{tin}/balance", headers=officer.headers,
                      params={"as_of": "2025-03-14", "known_at": (AT + dt.timedelta(minutes=30)).isoformat()}).json()
    assert then["total_due"] == "1009.90"  # 1,000 + 1,000 x 0.09% x 11 (4 .. 14 Mar)
    bad = client.get(f"{API}/officer/taxpayers/{tin}/balance", headers=officer.headers, params={"known_at": "2025-03-14T10:00:00"})
    assert bad.status_code == 422
