"""The pure derivation against the day-by-day model, on longer random histories than the state
machine drives through the database (design principle 4: piecewise equals day by day)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from salyk.kernel.config import BISHKEK
from salyk.ledger.derive import derive
from salyk.ledger.postings import Entry
from test_ledger_state_machine import DAYS, END, PERIODS, START, TAXES, WORKING, ZERO, model_balance

AT = dt.datetime(2024, 5, 1, tzinfo=BISHKEK)


@st.composite
def histories(draw):
    facts = []
    for i in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["charge", "charge", "sanction", "payment", "payment"]))
        tax = draw(st.sampled_from(TAXES))
        amount = Decimal(draw(st.integers(1, 500_000))) / 100
        value = START + dt.timedelta(days=draw(st.integers(0, DAYS - 1)))
        if kind == "payment":
            facts.append({"id": i + 1, "kind": kind, "tax": tax, "amount": amount, "value": value, "due": None, "period": None, "reversed": False})
            continue
        later = [w for w in WORKING if w >= value + dt.timedelta(days=draw(st.integers(0, 40)))]
        due = later[0] if later else WORKING[-1]
        facts.append({"id": i + 1, "kind": kind, "tax": tax, "amount": amount, "value": min(value, due), "due": due,
                      "period": draw(st.sampled_from(PERIODS)), "reversed": False})
    return facts


def entries(facts):
    return [Entry(f["id"], f["kind"], f["tax"], f["amount"], f["value"], AT, "TC art. 82", reference=str(f["id"]),
                  period=f["period"], due_date=f["due"]) for f in facts]


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, DAYS - 1))
def test_derivation_equals_day_by_day(facts, offset):
    as_of = START + dt.timedelta(days=offset)
    for day in (as_of, END):
        position = derive(entries(facts), day)
        got = {t: {"arrears": p.arrears, "late_interest": p.late_interest, "sanctions": p.sanctions, "not_yet_due": p.not_yet_due,
                   "overpayment": p.overpayment} for t, p in position.taxes.items() if not p.is_zero()}
        assert got == model_balance(facts, day)
        for p in position.taxes.values():
            assert p.paid_in == sum(p.allocated.values(), ZERO) + p.credit
