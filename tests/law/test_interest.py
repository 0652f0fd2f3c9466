"""Late-payment interest (туум), TC art. 71: worked examples and properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from salyk.law.interest import (
    Exclusion,
    ExclusionGround,
    LateInterest,
    late_interest_schedule,
    late_payment_interest,
    resumed_totals,
)
from salyk.law.trace import Trace

D = dt.date
S = Decimal


# --- the contract function ----------------------------------------------------------------


def test_e1_ten_thousand_45_days_late():
    """E1, TC art. 71(3), (6): 10,000 x 0.0009 = 9 a day; 20 Mar -> 4 May 2024 is 45 days
    (11 in March, 30 in April, 4 in May); 9 x 45 = 405.00."""
    assert late_payment_interest(S("10000"), D(2024, 3, 20), D(2024, 5, 4)) == S("405.00")


def test_paid_on_or_before_the_due_date_is_zero():
    # TC art. 71(3): туум runs from the day after the due date; paid on or before it: 0 days x 9 = 0.00
    assert late_payment_interest(S("10000"), D(2024, 3, 20), D(2024, 3, 20)) == S("0.00")
    assert late_payment_interest(S("10000"), D(2024, 3, 20), D(2024, 3, 1)) == S("0.00")


def test_one_day_late():
    """TC art. 71(3): paid the day after the due date = 1 day; 1234.56 x 0.0009 = 1.111104 -> 1.11."""
    assert late_payment_interest(S("1234.56"), D(2024, 3, 20), D(2024, 3, 21)) == S("1.11")


def test_rounding_half_up():
    """TC art. 71(3), (6): 11-13 Jan = 3 days on 50.00: 50 x 0.0009 x 3 = 0.135 -> 0.14
    (half-up, READINGS.md Rounding)."""
    assert late_payment_interest(S("50.00"), D(2024, 1, 10), D(2024, 1, 13)) == S("0.14")


def test_e2_the_cap():
    """E2, TC art. 71(4): 1,200 days x 9 = 10,800 > 10,000 -> 10,000.00."""
    due = D(2020, 1, 10)
    assert late_payment_interest(S("10000"), due, due + dt.timedelta(days=1200)) == S("10000.00")
    # after 1,111 days the total is 9,999; day 1,112 adds only 1.
    assert late_payment_interest(S("10000"), due, due + dt.timedelta(days=1111)) == S("9999.00")
    assert late_payment_interest(S("10000"), due, due + dt.timedelta(days=1112)) == S("10000.00")


def test_negative_arrears_refused():
    # TC art. 71(1), (5): туум is a share of a tax balance owed; a negative balance is no arrears.
    with pytest.raises(ValueError):
        late_payment_interest(S("-1"), D(2024, 1, 1), D(2024, 2, 1))


# --- the piecewise schedule ----------------------------------------------------------------


def test_e3_partial_payment():
    """E3, TC art. 61, 71: 10,000 due 10 Jan; 6,000 paid on 20 Jan (10 days: 90.00);
    then 4,000 for 20 more days to 9 Feb: 4,000 x 0.0009 x 20 = 72.00; total 162.00."""
    due = D(2024, 1, 10)
    r = late_interest_schedule(due, [(due, S("10000")), (D(2024, 1, 20), S("-6000"))], D(2024, 2, 9))
    assert [(s.start, s.end, s.balance, s.days, s.amount) for s in r.segments] == [
        (D(2024, 1, 11), D(2024, 1, 20), S("10000"), 10, S("90.0000")),
        (D(2024, 1, 21), D(2024, 2, 9), S("4000"), 20, S("72.0000")),
    ]
    assert r.total == S("162.00")


def test_payment_before_due_reduces_the_first_balance():
    due = D(2024, 1, 10)
    r = late_interest_schedule(due, [(D(2024, 1, 1), S("1000")), (D(2024, 1, 5), S("-400"))], D(2024, 1, 20))
    # TC art. 71(3), (5)-(6): 1,000 charged, 400 paid before the due date: balance 600 from
    # 11 to 20 Jan = 10 days: 600 x 0.0009 x 10 = 5.40
    assert r.total == S("5.40")


def test_deferral_exclusion():
    """TC art. 71(7)(7), 79(5): no туум while the deferral is in force.
    1,000 due 31 Jan; deferral 11 Feb .. 10 Mar; paid 20 Mar.
    Accruing days: 1-10 Feb (10) and 11-20 Mar (10) = 20 days x 0.90 = 18.00."""
    due = D(2024, 1, 31)
    ex = [Exclusion(ExclusionGround.DEFERRAL, D(2024, 2, 11), D(2024, 3, 10))]
    r = late_interest_schedule(due, [(due, S("1000"))], D(2024, 3, 20), exclusions=ex)
    assert r.total == S("18.00")
    assert [s.excluded_by for s in r.segments] == [None, ExclusionGround.DEFERRAL, None]
    assert str(r.segments[1].citation) == "TC art. 71(7)(7)"


def test_open_ended_bankruptcy_exclusion():
    """TC art. 71(7)(2): from the bankruptcy decision on, nothing more accrues.
    2,000 due 1 Mar; decision in force 11 Mar: 9 days (2-10 Mar) x 1.80 = 16.20."""
    due = D(2024, 3, 1)
    ex = [Exclusion(ExclusionGround.BANKRUPTCY, D(2024, 3, 11))]
    r = late_interest_schedule(due, [(due, S("2000"))], D(2025, 3, 1), exclusions=ex)
    assert r.total == S("16.20")


def test_property_arrest_exclusion_cites_75_6():
    ex = Exclusion("property_arrest", D(2024, 5, 1), D(2024, 5, 31))
    assert str(ex.ground.citation) == "TC art. 75(6)"


def test_cap_follows_the_arrears_outstanding():
    """TC art. 71(4) read day by day: 10,000 due 1 Jan 2020; after 1,000 days the туум is 9,000;
    then the arrears fall to 5,000, already below the туум: nothing more accrues."""
    due = D(2020, 1, 1)
    pay_day = due + dt.timedelta(days=1000)
    r = late_interest_schedule(due, [(due, S("10000")), (pay_day, S("-5000"))], pay_day + dt.timedelta(days=300))
    assert r.total == S("9000.00")
    assert r.segments[-1].capped and r.segments[-1].amount == 0


def test_rate_change_splits_the_segment():
    """TC art. 71(6) as a dated parameter; a rate change (sample schedule): 0.09% to 31 Jan, 0.1% from 1 Feb.
    1,000 due 20 Jan, paid 10 Feb: 11 days x 0.90 (21-31 Jan) + 10 days x 1.00 (1-10 Feb) = 19.90."""
    rates = [(D(2009, 1, 1), S("0.0009")), (D(2024, 2, 1), S("0.001"))]
    due = D(2024, 1, 20)
    r = late_interest_schedule(due, [(due, S("1000"))], D(2024, 2, 10), rate_schedule=rates)
    assert [(s.days, s.rate) for s in r.segments] == [(11, S("0.0009")), (10, S("0.001"))]
    assert r.total == S("19.90")


def test_trace_names_the_articles_and_the_parameters():
    t = Trace()
    late_payment_interest(S("10000"), D(2024, 3, 20), D(2024, 5, 4), trace=t)
    out = t.as_dict()
    assert out["result"] == "405.00"
    cites = {s.get("citation") for s in out["steps"]}
    assert {"TC art. 71(3)", "TC art. 71(6)"} <= cites
    names = {p["name"]: p for p in out["parameters"]}
    assert names["late_payment_interest_rate"]["value"] == "0.0009"
    assert names["late_payment_interest_rate"]["effective_from"] == "2009-01-01"


# --- properties: piecewise == day by day; never above the cap -------------------------------


def naive(due, changes, until, exclusions, rates, cap=S("1")):
    """The definition, one day at a time (the reference implementation)."""
    acc = S(0)
    day = due + dt.timedelta(days=1)
    while day <= until:
        balance = max(sum((v for d, v in changes if d < day), S(0)), S(0))
        if not any(e.covers(day) for e in exclusions):
            rate = [v for d, v in rates if d <= day][-1]
            acc += min(rate * balance, max(cap * balance - acc, S(0)))
        day += dt.timedelta(days=1)
    return acc


BASE = D(2020, 1, 1)
offsets = st.integers(min_value=0, max_value=1400)
amounts = st.integers(min_value=-500_000, max_value=1_000_000).map(lambda t: S(t) / 100)


@st.composite
def cases(draw):
    due = BASE + dt.timedelta(days=draw(st.integers(0, 30)))
    first = S(draw(st.integers(1, 2_000_000))) / 100
    changes = [(due, first)] + [
        (BASE + dt.timedelta(days=draw(offsets)), draw(amounts)) for _ in range(draw(st.integers(0, 5)))
    ]
    until = BASE + dt.timedelta(days=draw(offsets))
    exclusions = []
    for _ in range(draw(st.integers(0, 2))):
        a = BASE + dt.timedelta(days=draw(offsets))
        n = draw(st.one_of(st.none(), st.integers(0, 200)))
        exclusions.append(Exclusion(ExclusionGround.FORCE_MAJEURE, a, None if n is None else a + dt.timedelta(days=n)))
    # high sample rates too, so that the 100 % ceiling is reached within the window
    daily = st.sampled_from([S("0.0009"), S("0.004"), S("0.02")])
    rates = [(D(2009, 1, 1), draw(daily))]
    if draw(st.booleans()):
        rates.append((BASE + dt.timedelta(days=draw(st.integers(1, 1400))), draw(daily)))
    return due, changes, until, exclusions, rates


@settings(max_examples=120, deadline=None)
@given(cases())
def test_piecewise_equals_day_by_day(case):
    due, changes, until, exclusions, rates = case
    r = late_interest_schedule(due, changes, until, exclusions=exclusions, rate_schedule=rates)
    assert r.accrued == naive(due, changes, until, exclusions, rates)
    assert sum(s.days for s in r.segments) == max((until - due).days, 0)


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 10**9).map(lambda t: S(t) / 100), st.integers(0, 5000))
@example(S("10000"), 1112)  # the first capped day, always tried
@example(S("0.01"), 5000)
def test_never_exceeds_the_cap(arrears, days):
    # TC art. 71(4), (6): min(arrears x 0.0009 x days, arrears); the cap binds from day 1,112
    # (1,111 x 0.09 % = 99.99 %); counted: 27-44 of the 120 drawn examples reach it, and the
    # explicit examples above always do.
    due = D(2015, 6, 30)
    got = late_payment_interest(arrears, due, due + dt.timedelta(days=days))
    assert got <= arrears
    # and it is the contract formula exactly
    expected = min(arrears * S("0.0009") * days, arrears).quantize(S("0.01"), rounding="ROUND_HALF_UP")
    assert got == expected


def test_a_partial_exclusion_leaves_tuum_on_the_rest():
    # TC art. 71(7)(7): 300 of a 500 debt deferred from 1 Mar 2017 (open-ended here). Due 20 Feb 2017.
    # 21..28 Feb: 8 days x 500 x 0.09 % = 3.60; 1..10 Mar: 10 days x (500 - 300) x 0.09 % = 1.80.
    # Paid 400 on 10 Mar: from 11 Mar the balance is 100, all of it within the deferred 300: nothing.
    from salyk.law.interest import Exclusion, late_interest_schedule

    deferral = Exclusion("deferral", dt.date(2017, 3, 1))
    r = late_interest_schedule(dt.date(2017, 2, 20), [(dt.date(2017, 2, 20), Decimal(500)), (dt.date(2017, 3, 10), Decimal(-400))],
                               dt.date(2017, 3, 31), partial_exclusions=[(deferral, Decimal(300))])
    assert r.total == Decimal("5.40")


# --- resuming a schedule from an earlier day (a balance read from a snapshot) ---------------


@st.composite
def resumed_cases(draw):
    due, changes, until, exclusions, rates = draw(cases())
    split = BASE + dt.timedelta(days=draw(st.integers(-40, (until - BASE).days if until > BASE else 0)))
    partial = []
    if draw(st.booleans()):
        a = BASE + dt.timedelta(days=draw(offsets))
        n = draw(st.one_of(st.none(), st.integers(0, 300)))
        partial.append((Exclusion(ExclusionGround.DEFERRAL, a, None if n is None else a + dt.timedelta(days=n)),
                        S(draw(st.integers(1, 1_000_000))) / 100))
    caps = [(D(2009, 1, 1), S("1"))]
    if draw(st.booleans()):
        caps.append((BASE + dt.timedelta(days=draw(st.integers(1, 1400))), draw(st.sampled_from([S("0.5"), S("1"), S("2")]))))
    return due, changes, min(split, until), until, exclusions, partial, rates, caps


@settings(max_examples=200, deadline=None)
@given(resumed_cases())
@example((D(2020, 1, 10), [(D(2020, 1, 10), S("10000"))], D(2023, 1, 1), D(2023, 6, 1), [], [],
          [(D(2009, 1, 1), S("0.0009"))], [(D(2009, 1, 1), S("1"))]))  # the ceiling is reached after the split day
@example((D(2020, 1, 10), [(D(2020, 1, 10), S("10000"))], D(2023, 1, 30), D(2023, 1, 31), [], [],
          [(D(2009, 1, 1), S("0.0009"))], [(D(2009, 1, 1), S("1"))]))  # the split day is the ceiling's day (1,111 days)
def test_a_resumed_schedule_equals_the_schedule_from_the_due_date(case):
    """TC art. 71(3)-(4): resuming at day K from the schedule through K gives the same schedule as
    computing through U from the due date: the same total and the same segments. The schedule
    through K is computed only from what was known at K (movements dated on or before K, exclusions
    starting on or before K, rates and ceilings in force from on or before K), as a snapshot knows."""
    due, changes, split, until, exclusions, partial, rates, caps = case
    direct = late_interest_schedule(due, changes, until, exclusions=exclusions, partial_exclusions=partial,
                                    rate_schedule=rates, cap_schedule=caps)
    known = late_interest_schedule(due, [(d, v) for d, v in changes if d <= split], split,
                                   exclusions=[e for e in exclusions if e.start <= split],
                                   partial_exclusions=[(e, s) for e, s in partial if e.start <= split],
                                   rate_schedule=[(d, v) for d, v in rates if d <= split], cap_schedule=[(d, v) for d, v in caps if d <= split])
    resumed = late_interest_schedule(due, changes, until, exclusions=exclusions, partial_exclusions=partial,
                                     rate_schedule=rates, cap_schedule=caps, resume=known)
    assert resumed == direct
    # kept without its segments (a snapshot's quick part): the same total, the later segments only
    bare = LateInterest(known.due, known.until, (), known.accrued, known.total)
    again = late_interest_schedule(due, changes, until, exclusions=exclusions, partial_exclusions=partial,
                                   rate_schedule=rates, cap_schedule=caps, resume=bare)
    assert (again.accrued, again.total) == (direct.accrued, direct.total)
    assert all(s.start > split for s in again.segments) and sum(s.days for s in again.segments) == max((until - max(split, due)).days, 0)


@settings(max_examples=150, deadline=None)
@given(st.lists(resumed_cases(), min_size=1, max_size=6), st.integers(0, 1500))
@example([(D(2020, 1, 20), [(D(2020, 1, 2), S("100"))], D(2020, 1, 5), D(2020, 1, 10), [], [],
           [(D(2009, 1, 1), S("0.0009"))], [(D(2009, 1, 1), S("1"))])], 9)  # resumed and priced before the due date
def test_resumed_totals_equal_each_schedule_resumed_alone(cases_, later):
    """Many debts resumed together (a snapshot's open debts): each total is the schedule resumed
    alone, when the arrears no longer move after the resumed day and no exclusion bears after it.
    The schedules through the split day are computed with the exclusions they had (none after it)."""
    until = BASE + dt.timedelta(days=later)
    rates, caps = cases_[0][6], cases_[0][7]  # one law book for all the debts
    pairs, expected = [], []
    for due, changes, split, _, _, _, _, _ in cases_:
        split = min(split, until)
        known = [(d, v) for d, v in changes if d <= split]
        base = late_interest_schedule(due, known, split, rate_schedule=rates, cap_schedule=caps)
        pairs.append((LateInterest(base.due, base.until, (), base.accrued, base.total), sum((v for _, v in known), S(0))))
        expected.append(late_interest_schedule(due, known, until, rate_schedule=rates, cap_schedule=caps, resume=base).total)
        assert expected[-1] == late_interest_schedule(due, known, until, rate_schedule=rates, cap_schedule=caps).total
    assert resumed_totals(pairs, until, rate_schedule=rates, cap_schedule=caps) == expected


def test_a_resumed_schedule_refuses_another_debt_or_an_earlier_day():
    due = D(2024, 3, 20)
    through_may = late_interest_schedule(due, [(due, S("1000"))], D(2024, 5, 1))
    with pytest.raises(ValueError):
        late_interest_schedule(due + dt.timedelta(days=1), [(due, S("1000"))], D(2024, 6, 1), resume=through_may)
    with pytest.raises(ValueError):
        late_interest_schedule(due, [(due, S("1000"))], D(2024, 4, 1), resume=through_may)
    with pytest.raises(ValueError):
        late_interest_schedule(due, [(due, S("1000"))], D(2024, 6, 1), resume=through_may, trace=Trace())
