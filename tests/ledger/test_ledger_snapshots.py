"""Derivation snapshots (issue 16): what makes a stored snapshot go, and that a balance resumed
from one is the balance derived from scratch. (The Hypothesis state machine compares the two after
every random step; these are the worked cases.)

The case: 1,000 сом of VAT charged 02.01.2024, due Mon 22.01.2024; paid 400 on 01.02, 300 on
01.03, and, learned late, 100 on 15.02. TC art. 61 pays the tax first, so the туум (TC art. 71(3),
(6): 0.09 % of the unpaid tax per day from the day after the due date) stays owed:
  23.01-01.02  10 days x 1,000 x 0.0009 = 9.00
  02.02-15.02  14 days x   600 x 0.0009 = 7.56
  16.02-01.03  15 days x   500 x 0.0009 = 6.75
  02.03-10.03   9 days x   200 x 0.0009 = 1.62   -> 24.93 сом of туум, 200 сом of arrears on 10.03.2024.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select, update

from conftest import new_tin
from salyk.db.models.ledger import Snapshot
from salyk.db.models.registry import Taxpayer
from salyk.kernel import lawbook
from salyk.kernel.config import BISHKEK
from salyk.kernel.principal import StaffPrincipal
from salyk.law.book import LawBook, using
from salyk.ledger import snapshots
from salyk.ledger.balance import balance, snapshot_balance
from salyk.ledger.charges import post_charge
from salyk.ledger.payments import PaymentIn, record_payments

SECRET = b"test secret"
AS_OF = dt.date(2024, 3, 10)


def _taxpayer(rt) -> tuple[int, str]:
    with rt.db.transaction() as s:
        t = Taxpayer(tin=new_tin(), kind="individual", name="Snap", address="A", registered_on=dt.date(2020, 1, 1),
                     status="active", created_at=dt.datetime(2024, 1, 1, tzinfo=BISHKEK))
        s.add(t)
        s.flush()
        return t.id, t.tin


def _charge(rt, tp):
    with rt.db.transaction() as s:
        post_charge(s, taxpayer_id=tp, tax="vat", amount=Decimal("1000"), due_date=dt.date(2024, 1, 22), period="2023-12",
                    source="test", reference=f"snap-{uuid.uuid4().hex}", recorded_at=dt.datetime(2024, 1, 2, 12, tzinfo=BISHKEK),
                    citation="TC art. 82")


def _pay(rt, tin, amount, on):
    with rt.db.transaction() as s:
        result = record_payments(s, [PaymentIn(f"snap-{uuid.uuid4().hex}", tin, "vat", amount, on.isoformat())],
                                 today=dt.date(2024, 12, 31), recorded_at=dt.datetime(2024, 5, 1, tzinfo=BISHKEK), recorded_by="test")
    assert result.accepted == 1


def _snapshot(rt, tp, as_of):
    """Read the balance (from scratch or resumed) and store the snapshot it made, as a page view does."""
    with rt.db.read() as s:
        got, pending = snapshot_balance(s, tp, as_of, SECRET, min_postings=0)
    if pending is not None:
        with rt.db.transaction() as s:
            assert snapshots.save(s, pending, SECRET, now=rt.now())
    return got


def _days(rt, tp) -> list[dt.date]:
    with rt.db.read() as s:
        return list(s.scalars(select(Snapshot.on_date).where(Snapshot.taxpayer_id == tp).order_by(Snapshot.on_date)))


def _vat(b):
    return b.tax("vat")


def test_a_late_payment_deletes_the_snapshots_from_its_value_date_and_the_resumed_balance_is_right(runtime):
    tp, tin = _taxpayer(runtime)
    _charge(runtime, tp)
    _pay(runtime, tin, "400", dt.date(2024, 2, 1))
    _snapshot(runtime, tp, dt.date(2024, 2, 5))  # state at the end of 01.02 (the last posting)
    _pay(runtime, tin, "300", dt.date(2024, 3, 1))
    _snapshot(runtime, tp, AS_OF)  # resumed from 01.02, state at the end of 01.03 stored
    assert _days(runtime, tp) == [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]

    with runtime.db.read() as s:  # a read that started before the late statement arrived
        _, stale = snapshot_balance(s, tp, dt.date(2024, 3, 5), SECRET, min_postings=0)
    _pay(runtime, tin, "100", dt.date(2024, 2, 15))  # the late bank statement
    assert _days(runtime, tp) == [dt.date(2024, 2, 1)]  # 01.03 went with the posting's transaction
    if stale is not None:  # derived without the late payment: never stored
        with runtime.db.transaction() as s:
            assert not snapshots.save(s, stale, SECRET, now=runtime.now())

    resumed = _snapshot(runtime, tp, AS_OF)  # from 01.02 again
    assert _vat(resumed).arrears == Decimal("200.00")
    assert _vat(resumed).late_interest == Decimal("24.93")
    with runtime.db.read() as s:
        assert balance(s, tp, AS_OF) == resumed
        quick, pending = snapshot_balance(s, tp, AS_OF, SECRET, min_postings=0)  # nothing new since 01.03: the quick part
    assert pending is None and quick == resumed


def test_a_reversal_deletes_the_snapshots_from_the_reversed_posting(runtime):
    from salyk.ledger.postings import reverse_posting
    from salyk.db.models.ledger import Posting

    tp, tin = _taxpayer(runtime)
    _charge(runtime, tp)
    _pay(runtime, tin, "400", dt.date(2024, 2, 1))
    _pay(runtime, tin, "300", dt.date(2024, 3, 1))
    _snapshot(runtime, tp, AS_OF)
    assert _days(runtime, tp) == [dt.date(2024, 3, 1)]
    with runtime.db.transaction() as s:
        first = s.scalar(select(Posting.id).where(Posting.taxpayer_id == tp, Posting.value_date == dt.date(2024, 2, 1)))
        reverse_posting(s, posting_id=first, reason="returned by the bank", recorded_at=dt.datetime(2024, 3, 5, tzinfo=BISHKEK),
                        recorded_by="test")  # dated as the payment it cancels (TC art. 60(2))
    assert _days(runtime, tp) == []
    # without the 400: 1,000 unpaid 23.01-01.03 (39 days x 0.9 = 35.10), then 700 through 10.03 (9 x 0.63 = 5.67)
    got = _snapshot(runtime, tp, AS_OF)
    assert (_vat(got).arrears, _vat(got).late_interest) == (Decimal("700.00"), Decimal("40.77"))


def test_a_law_value_deletes_the_snapshots_from_its_effective_date_and_the_new_rate_applies(fresh_runtime):
    rt = fresh_runtime
    tp, tin = _taxpayer(rt)
    _charge(rt, tp)
    _pay(rt, tin, "400", dt.date(2024, 2, 1))
    _pay(rt, tin, "100", dt.date(2024, 2, 15))
    _snapshot(rt, tp, dt.date(2024, 2, 16))
    _pay(rt, tin, "300", dt.date(2024, 3, 1))
    before = _snapshot(rt, tp, AS_OF)
    assert _days(rt, tp) == [dt.date(2024, 2, 15), dt.date(2024, 3, 1)]
    assert _vat(before).late_interest == Decimal("24.93")

    admin = StaffPrincipal("admin", "admin")
    with rt.db.transaction() as s:
        lawbook.enter(s, admin, "late_payment_interest_rate", dt.date(2024, 2, 20), "0.001", "Sample act (test)", "",
                      now=dt.datetime(2024, 3, 10, tzinfo=BISHKEK))
        book = LawBook(lawbook.entries(s))
    assert _days(rt, tp) == [dt.date(2024, 2, 15)]  # the one before the new rate stays
    # 0.1 % a day from 20.02: 9.00 + 7.56, then 500 x 0.0009 x 4 (16.02-19.02) = 1.80,
    # 500 x 0.001 x 11 (20.02-01.03) = 5.50, 200 x 0.001 x 9 (02.03-10.03) = 1.80 -> 25.66
    with using(book):
        after = _snapshot(rt, tp, AS_OF)  # resumed from 15.02 under the new book
        with rt.db.read() as s:
            assert balance(s, tp, AS_OF) == after
    assert _vat(after).late_interest == Decimal("25.66")
    with using(None):  # a process whose book has not caught up yet (its TTL) stores a snapshot under the old rate...
        assert _snapshot(rt, tp, AS_OF) == before
    assert _days(rt, tp) == [dt.date(2024, 2, 15), dt.date(2024, 3, 1)]
    with using(book), rt.db.read() as s:  # ...which the new book never uses: its key differs
        assert snapshot_balance(s, tp, AS_OF, SECRET, min_postings=0)[0] == after

    with rt.db.transaction() as s:  # a day off moves due dates anywhere: every snapshot goes
        lawbook.enter(s, admin, "calendar_override", dt.date(2030, 1, 2), {"working": False}, "Sample decree (test)", "",
                      now=dt.datetime(2024, 3, 10, tzinfo=BISHKEK))
    assert _days(rt, tp) == []


def test_a_snapshot_not_signed_by_this_server_is_not_used(runtime):
    """Each part is signed alone (a view with no posting since reads only the quick part): a part
    whose signature does not hold, or whose row was altered, is never unpickled; the balance is
    derived again and a good snapshot offered."""
    tp, tin = _taxpayer(runtime)
    _charge(runtime, tp)
    _pay(runtime, tin, "400", dt.date(2024, 2, 1))
    right = _snapshot(runtime, tp, AS_OF)  # the state at the end of 01.02
    with runtime.db.read() as s:
        good = s.execute(select(Snapshot.mac, Snapshot.quick_mac, Snapshot.quiet_until).where(Snapshot.taxpayer_id == tp)).one()
    for change in ({"quick_mac": "0" * 64}, {"quiet_until": dt.date(2100, 1, 1)}):  # nothing posted since: the quick part
        with runtime.db.transaction() as s:
            s.execute(update(Snapshot).where(Snapshot.taxpayer_id == tp).values(**change))
        with runtime.db.read() as s:
            got, pending = snapshot_balance(s, tp, AS_OF, SECRET, min_postings=0)
        assert got == right and pending is not None, change  # derived again, and a good snapshot offered
        with runtime.db.transaction() as s:
            s.execute(update(Snapshot).where(Snapshot.taxpayer_id == tp).values(quick_mac=good.quick_mac, quiet_until=good.quiet_until))
    with runtime.db.read() as s:
        assert snapshot_balance(s, tp, AS_OF, SECRET, min_postings=0) == (right, None)  # restored: the quick part is used again
    _pay(runtime, tin, "100", dt.date(2024, 3, 1))  # a posting after the snapshot's day: the whole state is needed
    with runtime.db.transaction() as s:
        s.execute(update(Snapshot).where(Snapshot.taxpayer_id == tp).values(mac="0" * 64))
    with runtime.db.read() as s:
        got, pending = snapshot_balance(s, tp, AS_OF, SECRET, min_postings=0)
        assert got == balance(s, tp, AS_OF) and pending is not None


def test_a_view_resumes_the_tuum_from_the_snapshot_day_through_a_deferral_and_a_new_rate(fresh_runtime):
    """The quick part carries each unpaid debt's туум through the snapshot's day D; a view at a later
    day U computes only (D, U] (TC art. 71(3)-(6)) and equals the derivation from scratch, here
    across the end of a partial deferral (71(7)(7)) and a rate entered after D (the snapshot stays).

    1,000 сом of VAT due Mon 22.01.2024, 400 paid 01.02; 300 of it deferred 10.02-31.03 (D = 10.02,
    the last posting); from 01.03 the rate is 0.1 % a day. As of 15.04.2024:
      23.01-01.02  10 days x 1,000 x 0.0009 = 9.00
      02.02-09.02   8 days x   600 x 0.0009 = 4.32
      10.02-29.02  20 days x   300 x 0.0009 = 5.40   (300 of the 600 deferred)
      01.03-31.03  31 days x   300 x 0.001  = 9.30
      01.04-15.04  15 days x   600 x 0.001  = 9.00   -> 37.02
    and as of 15.03: 9.00 + 4.32 + 5.40 + 15 days x 300 x 0.001 = 23.22, 300 of the arrears deferred.
    """
    from salyk.ledger.postings import post_interest_exclusion

    rt = fresh_runtime
    tp, tin = _taxpayer(rt)
    with rt.db.transaction() as s:
        charge = post_charge(s, taxpayer_id=tp, tax="vat", amount=Decimal("1000"), due_date=dt.date(2024, 1, 22), period="2023-12",
                             source="test", reference=f"snap-{uuid.uuid4().hex}", recorded_at=dt.datetime(2024, 1, 2, 12, tzinfo=BISHKEK),
                             citation="TC art. 82")
    _pay(rt, tin, "400", dt.date(2024, 2, 1))
    with rt.db.transaction() as s:
        post_interest_exclusion(s, taxpayer_id=tp, tax="vat", ground="deferral", start=dt.date(2024, 2, 10), end=dt.date(2024, 3, 31),
                                source="test", reference=f"snap-{uuid.uuid4().hex}", recorded_at=dt.datetime(2024, 2, 10, tzinfo=BISHKEK),
                                citation="TC art. 79(5)", items=[charge], extra={"shares": {str(charge): "300"}})
    _snapshot(rt, tp, dt.date(2024, 2, 20))
    assert _days(rt, tp) == [dt.date(2024, 2, 10)]
    with rt.db.read() as s:
        quick = snapshots._loads(s.scalar(select(Snapshot.quick).where(Snapshot.taxpayer_id == tp)))
    kept = quick.taxes["vat"].by_key[str(charge)].late_base
    assert kept is not None and kept[0].until == dt.date(2024, 2, 10) and kept[0].total == Decimal("13.59")  # 9.00 + 4.32 + 0.27 (10.02)

    with rt.db.transaction() as s:
        lawbook.enter(s, StaffPrincipal("admin", "admin"), "late_payment_interest_rate", dt.date(2024, 3, 1), "0.001", "Sample act (test)", "",
                      now=dt.datetime(2024, 2, 20, tzinfo=BISHKEK))
        book = LawBook(lawbook.entries(s))
    assert _days(rt, tp) == [dt.date(2024, 2, 10)]  # a rate from after D leaves the snapshot
    with using(book), rt.db.read() as s:
        for day, tuum, arrears in ((dt.date(2024, 3, 15), Decimal("23.22"), Decimal("300.00")),
                                   (dt.date(2024, 4, 15), Decimal("37.02"), Decimal("600.00"))):
            got, pending = snapshot_balance(s, tp, day, SECRET, min_postings=0)
            assert pending is None  # the quick part, nothing derived again
            assert got == balance(s, tp, day)
            assert (_vat(got).late_interest, _vat(got).arrears) == (tuum, arrears), day
