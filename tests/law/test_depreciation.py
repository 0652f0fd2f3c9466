"""Depreciation by pooled groups (TC arts. 199-200). The seed text stops inside art. 200(6): B is
read as the asset's cost and disposal values (part 7) are supplied by the caller (READINGS.md).
Sample calculation index: 100 som, so the depreciable threshold is 100 x 100 = 10,000 som."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.profit_tax import (
    MINING_PREPARATORY,
    AssetAddition,
    AssetDisposal,
    AssetFacts,
    AssetKind,
    DepreciationInput,
    Method,
    MiningReserves,
    PoolBalance,
    depreciation_for_year,
    entry_value,
    full_months_in_use,
    is_depreciable,
    units_of_production_rate,
)
from salyk.law.trace import Trace

D = Decimal
ON = dt.date(2024, 12, 31)


def test_worked_example_8_group_2_with_a_mid_year_addition():
    # Spec Ex. 8, TC art. 200(2), (5), (6). Year N-1: value 1,000,000, depreciation 250,000 -> opening 750,000.
    # Machine B = 480,000 in use from 10 May: full months June-December, A = 7.
    # added = 480,000 x (7 + 0.5) / 12 = 300,000; rest 180,000 next year.
    # year end = 750,000 + 300,000 = 1,050,000; depreciation 25% = 262,500.
    trace = Trace()
    n = depreciation_for_year(
        DepreciationInput(
            2024,
            opening=(PoolBalance(2, D(1000000), D(250000)),),
            additions=(AssetAddition(2, D(480000), in_use_from=dt.date(2024, 5, 10)),),
        ),
        trace,
    )
    pool = n.pools[0]
    assert (pool.opening_value, pool.additions, pool.value_end, pool.depreciation) == (D(750000), D(300000), D(1050000), D(262500))
    assert n.total_depreciation == D(262500)
    assert pool.carried.addition_remainders == D(180000)
    assert "TC art. 200(6)" in [str(s.citation) for s in trace.steps]
    # Year N+1: 1,050,000 - 262,500 = 787,500 + 180,000 = 967,500; depreciation 241,875
    n1 = depreciation_for_year(DepreciationInput(2025, opening=n.next_year))
    assert (n1.pools[0].value_end, n1.total_depreciation) == (D(967500), D(241875))
    assert n1.pools[0].carried.addition_remainders == D(0)


def test_worked_example_9_a_building_is_its_own_pool():
    # Spec Ex. 9, TC art. 200(3), (6): warehouse 6,000,000 in use from 15 March: A = 9 (April-December).
    # added = 6,000,000 x 9.5 / 12 = 4,750,000; depreciation 10% = 475,000.
    # N+1: 4,750,000 - 475,000 + 1,250,000 = 5,525,000; depreciation 552,500.
    n = depreciation_for_year(DepreciationInput(2024, additions=(AssetAddition(5, D(6000000), dt.date(2024, 3, 15), pool="warehouse"),)))
    assert (n.pools[0].value_end, n.total_depreciation) == (D(4750000), D(475000))
    n1 = depreciation_for_year(DepreciationInput(2025, opening=n.next_year))
    assert (n1.pools[0].value_end, n1.total_depreciation) == (D(5525000), D(552500))


def test_two_buildings_are_two_pools():
    # TC art. 200(3): each structure separately: 1,200,000 from 1 Jul (A = 6: 1,200,000 x 6.5/12 = 650,000)
    # and 2,400,000 from 1 Oct (A = 3: 2,400,000 x 3.5/12 = 700,000); 10% each: 65,000 + 70,000 = 135,000
    n = depreciation_for_year(
        DepreciationInput(
            2024,
            additions=(
                AssetAddition(5, D(1200000), dt.date(2024, 7, 1), pool="shop"),
                AssetAddition(5, D(2400000), dt.date(2024, 10, 1), pool="garage"),
            ),
        )
    )
    assert [(p.pool, p.value_end, p.depreciation) for p in n.pools] == [
        ("garage", D(700000), D(70000)),
        ("shop", D(650000), D(65000)),
    ]
    assert n.total_depreciation == D(135000)


@pytest.mark.parametrize(
    "day, months",
    [
        (dt.date(2024, 5, 10), 7),  # June-December
        (dt.date(2024, 5, 1), 8),  # May counts: used from its first day
        (dt.date(2024, 1, 1), 12),
        (dt.date(2024, 12, 31), 0),
        (dt.date(2024, 12, 1), 1),
    ],
)
def test_full_months_a(day, months):
    # TC art. 200(6), A: "толук айлардын саны", whole calendar months in use to the year end
    assert full_months_in_use(day, 2024) == months


def test_a_twelve_is_applied_as_written():
    # Reading (READINGS.md), TC art. 200(6): in use from 1 Jan, A = 12: 120,000 x 12.5 / 12 = 125,000 this year,
    # and the "rest" 120,000 - 125,000 = -5,000 next year. Group 1 (30%): 37,500; next year (125,000 - 37,500 - 5,000)
    # = 82,500, depreciation 24,750. Over the two years the pool received exactly 120,000.
    n = depreciation_for_year(DepreciationInput(2024, additions=(AssetAddition(1, D(120000), dt.date(2024, 1, 1)),)))
    assert (n.pools[0].value_end, n.total_depreciation, n.pools[0].carried.addition_remainders) == (D(125000), D(37500), D(-5000))
    n1 = depreciation_for_year(DepreciationInput(2025, opening=n.next_year))
    assert (n1.pools[0].value_end, n1.total_depreciation) == (D(82500), D(24750))


def test_entry_value_rounds_to_the_tyiyn():
    # TC art. 200(6): 100,000 x (4 + 0.5) / 12 = 37,500; 100,001 x 4.5 / 12 = 37,500.375 -> 37,500.38
    assert entry_value(D(100000), 4, ON) == D(37500)
    assert entry_value(D(100001), 4, ON) == D("37500.38")


def test_low_value_assets_are_expensed():
    # TC art. 199(1): more than 100 indices = 10,000 is depreciable; 10,000 exactly is not (expensed, reading of 199(2))
    n = depreciation_for_year(
        DepreciationInput(
            2024,
            additions=(AssetAddition(1, D(10000), dt.date(2024, 2, 1)), AssetAddition(1, D("10000.01"), full_months_used=11)),
        )
    )
    assert n.low_value_expensed == D(10000)
    # 10,000.01 x 11.5 / 12 = 9,583.3429... -> 9,583.34; 30% = 2,875.002 -> 2,875.00
    assert (n.pools[0].additions, n.total_depreciation) == (D("9583.34"), D("2875.00"))


def test_disposals_and_negative_balance():
    # TC art. 200(5)(4)-(5), 188(1)(14): group 3 opening 100,000 - 20,000 = 80,000; a disposal valued 130,000 (part 7 is
    # missing: the value is the caller's) -> 80,000 - 130,000 = -50,000: no depreciation, 50,000 income,
    # next year the pool starts at 0 (reading) and the 10,000 rest of the disposal is subtracted: -10,000 -> income 10,000
    n = depreciation_for_year(
        DepreciationInput(
            2024,
            opening=(PoolBalance(3, D(100000), D(20000)),),
            disposals=(AssetDisposal(3, D(130000), remainder_next_year=D(10000)),),
        )
    )
    pool = n.pools[0]
    assert (pool.value_end, pool.depreciation, pool.negative_balance_income) == (D(-50000), D(0), D(50000))
    assert n.negative_balance_income == D(50000)
    n1 = depreciation_for_year(DepreciationInput(2025, opening=n.next_year))
    assert (n1.pools[0].opening_value, n1.pools[0].value_end, n1.negative_balance_income) == (D(0), D(-10000), D(10000))


def test_building_after_twenty_years_straight_line():
    # TC art. 200(3), reading (READINGS.md): 20% of the structure's cost a year, never more than the value left, from
    # the year in which the 20 years end. Put into use 15 Mar 2004, cost 6,000,000.
    old = PoolBalance(5, D(800000), D(80000), pool="office", commissioned_on=dt.date(2004, 3, 15), cost=D(6000000))
    # 2023: the 20 years end on 15 Mar 2024, still declining: (800,000 - 80,000) = 720,000 x 10% = 72,000
    before = depreciation_for_year(DepreciationInput(2023, opening=(old,)))
    assert (before.pools[0].method, before.total_depreciation) == (Method.DECLINING_BALANCE, D(72000))
    # 2024: straight line, min(720,000, 20% x 6,000,000 = 1,200,000) = 720,000: the value is written off
    after = depreciation_for_year(DepreciationInput(2024, opening=(old,)))
    assert (after.pools[0].method, after.total_depreciation) == (Method.STRAIGHT_LINE, D(720000))


def test_building_straight_line_below_the_value_left():
    # TC art. 200(3): cost 1,000,000, commissioned 1 Jun 2000, value left 900,000 (after a reconstruction added value):
    # 2024 charge = min(900,000, 20% x 1,000,000 = 200,000) = 200,000
    pool = PoolBalance(5, D(900000), D(0), pool="hall", commissioned_on=dt.date(2000, 6, 1), cost=D(1000000))
    assert depreciation_for_year(DepreciationInput(2024, opening=(pool,))).total_depreciation == D(200000)


def test_group_6_reduced_rate_cannot_change():
    # TC art. 200(1)(6): 50%, or a reduced rate kept once used. Opening 1,000,000 - 0: at 30% -> 300,000
    pool = (PoolBalance(6, D(1000000), D(0)),)
    assert depreciation_for_year(DepreciationInput(2024, opening=pool, group_6_rate=D("0.30"))).total_depreciation == D(300000)
    assert depreciation_for_year(DepreciationInput(2024, opening=pool)).total_depreciation == D(500000)
    with pytest.raises(ValueError, match="may not change"):
        depreciation_for_year(DepreciationInput(2024, opening=pool, group_6_rate=D("0.40"), previous_group_6_rate=D("0.30")))
    with pytest.raises(ValueError, match="may not change"):
        depreciation_for_year(DepreciationInput(2024, opening=pool, previous_group_6_rate=D("0.30")))
    with pytest.raises(ValueError):
        depreciation_for_year(DepreciationInput(2024, opening=pool, group_6_rate=D("0.60")))


def test_mining_preparatory_works_by_units_of_production():
    # TC art. 200(1)(6), second paragraph: reserves depleted 200,000 t of 1,000,000 t before the period: 20%;
    # pool 2,000,000 -> 400,000
    assert units_of_production_rate(MiningReserves(D(200000), D(1000000))) == D("0.2")
    n = depreciation_for_year(
        DepreciationInput(
            2024,
            opening=(PoolBalance(6, D(2000000), D(0), pool=MINING_PREPARATORY),),
            mining_reserves=MiningReserves(D(200000), D(1000000)),
        )
    )
    assert (n.pools[0].method, n.total_depreciation) == (Method.UNITS_OF_PRODUCTION, D(400000))


def test_group_rates():
    # TC art. 200(1): 30, 25, 20, 10, 10, 50 %: one pool of 100,000 in each of groups 1-4 and 6
    pools = tuple(PoolBalance(g, D(100000), D(0)) for g in (1, 2, 3, 4, 6))
    n = depreciation_for_year(DepreciationInput(2024, opening=pools))
    assert [p.depreciation for p in n.pools] == [D(30000), D(25000), D(20000), D(10000), D(50000)]


def test_pool_rules():
    with pytest.raises(ValueError, match="its own pool"):
        depreciation_for_year(DepreciationInput(2024, additions=(AssetAddition(5, D(10**6), dt.date(2024, 2, 1)),)))
    with pytest.raises(ValueError, match="single pool"):
        depreciation_for_year(DepreciationInput(2024, additions=(AssetAddition(2, D(10**6), dt.date(2024, 2, 1), pool="x"),)))
    with pytest.raises(ValueError):
        depreciation_for_year(DepreciationInput(2024, additions=(AssetAddition(7, D(10**6), dt.date(2024, 2, 1)),)))
    with pytest.raises(ValueError, match="holds nothing"):
        depreciation_for_year(DepreciationInput(2024, disposals=(AssetDisposal(2, D(5)),)))


@pytest.mark.parametrize(
    "facts, expected",
    [
        (AssetFacts(D(50000)), True),
        (AssetFacts(D(10000)), False),  # not more than 100 indices (199(1))
        (AssetFacts(D(50000), kind=AssetKind.LAND), False),  # 199(2)
        (AssetFacts(D(50000), kind=AssetKind.UNINSTALLED_EQUIPMENT), False),
        (AssetFacts(D(50000), used_to_earn_income=False), False),
        (AssetFacts(D(50000), lent_free=True), False),  # 199(3)(1)
        (AssetFacts(D(50000), mothballed=True), False),  # 199(3)(2)
        (AssetFacts(D(50000), reconstruction_months=12), True),  # "more than 12 months" (199(3)(3))
        (AssetFacts(D(50000), reconstruction_months=13), False),
        (AssetFacts(D(50000), kind=AssetKind.INTANGIBLE), True),
    ],
)
def test_what_is_depreciable(facts, expected):
    assert is_depreciable(facts, ON) is expected


money = st.decimals(min_value=D("10000.01"), max_value=D(10**7), places=2)


@settings(max_examples=60, deadline=None)
@given(
    group=st.sampled_from([1, 2, 3, 4, 6]),
    opening=st.decimals(min_value=0, max_value=10**7, places=2),
    costs=st.lists(money, max_size=4),
    months=st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
)
def test_depreciation_never_takes_a_group_below_zero_and_loses_no_value(group, opening, costs, months):
    # Property, TC art. 200(2), (5), (6): with no disposals a pool is never negative, each year's depreciation is at
    # most its value, and over three years the depreciation plus what is left equals the opening value plus the
    # costs added (B enters in full: B(A+0.5)/12 the first year, the rest the next).
    additions = tuple(AssetAddition(group, c, full_months_used=m) for c, m in zip(costs, months))
    balances = (PoolBalance(group, opening, D(0)),)
    total = D(0)
    for year, adds in ((2024, additions), (2025, ()), (2026, ())):
        result = depreciation_for_year(DepreciationInput(year, opening=balances, additions=adds))
        for p in result.pools:
            assert p.value_end >= 0
            assert D(0) <= p.depreciation <= p.value_end
            assert p.negative_balance_income == 0
        total += result.total_depreciation
        balances = result.next_year
    left = sum(b.value_end - b.depreciation for b in balances)
    assert total + left == opening + sum(costs)
