"""Tax depreciation of fixed assets by pooled groups (TC arts. 199-200).

* Depreciable: owned, put into operation, actually used to earn income, worth more than 100
  calculation indices (art. 199(1)); not land, natural resources, inventories, unfinished
  construction, securities, uninstalled equipment or unused property (199(2)); not assets lent
  free, mothballed, or under reconstruction for more than 12 months (199(3)).
* Six groups, each a pool depreciated at its rate on its tax value at the year end (200(1)-(2)).
  Buildings, structures and constructions (group 5) are each their own pool; 20 years after a
  structure was put into use it is depreciated straight-line at 20% a year (200(3)).
* A group's year-end value (200(5)) = last year's value less last year's depreciation + assets
  added this year, valued B × (A + 0.5) / 12 (200(6)) + the rest of last year's additions −
  disposals valued under part 7 − the rest of last year's disposals.

WHERE THE SEED TEXT STOPS: it ends inside art. 200(6), right after "А - негизги каражат иш
жүзүндө киреше алуу үчүн пайдаланылган толук айлардын саны" (A - the number of full months the
fixed asset was actually used to earn income). Therefore:

* B is undefined; we read it as the asset's initial cost under art. 198 (READINGS.md);
* part 7 (how a disposal is valued) is missing: the caller supplies each disposal's value and
  the part of it left for next year; nothing here computes them;
* everything after part 6 (further parts of art. 200, later articles) is not computed.

Readings (READINGS.md, "Depreciation"): A counts whole calendar months in use from the day of
entry to the year end; the formula is applied as written, so an asset in use from 1 January
enters at 12.5/12 of B and the "rest" next year is negative; a negative year-end value is income
(art. 188(1)(14)) and the pool starts the next year at zero; the straight-line charge of a
structure is 20% of its cost (never more than its remaining value), from the year in which the
20 years end; assets of 100 indices or less are expensed in the year (art. 199(2)).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from salyk.law.citation import tc
from salyk.law.income_tax.indices import amount_in_indices
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Msg, Trace, msg, param, som
from salyk.law.trace import rate as as_rate

GROUPS = (1, 2, 3, 4, 5, 6)
BUILDINGS = 5
MINING = 6
MINING_PREPARATORY = "mining_preparatory"  # the pool of group 6 depreciated by units of production (200(1)(6))


class Method(str, Enum):
    DECLINING_BALANCE = "declining_balance"
    STRAIGHT_LINE = "straight_line"
    UNITS_OF_PRODUCTION = "units_of_production"


def _check_pool(group: int, pool: str | None) -> None:
    if group not in GROUPS:
        raise ValueError(f"depreciation groups are 1-6, not {group}")
    if group == BUILDINGS and not pool:
        raise ValueError("each building, structure or construction is its own pool: name it (art. 200(3))")
    if group not in (BUILDINGS, MINING) and pool:
        raise ValueError(f"group {group} is a single pool (art. 200(2))")
    if group == MINING and pool not in (None, MINING_PREPARATORY):
        raise ValueError(f"group 6 has the general pool and {MINING_PREPARATORY!r} only")


# --- What is depreciable (TC art. 199) ------------------------------------------------------


class AssetKind(str, Enum):
    FIXED_ASSET = "fixed_asset"
    INTANGIBLE = "intangible"
    LAND = "land"  # and other natural resources: water, subsoil (199(2))
    INVENTORY = "inventory"
    UNFINISHED_CONSTRUCTION = "unfinished_construction"
    SECURITIES = "securities"  # and financial instruments
    UNINSTALLED_EQUIPMENT = "uninstalled_equipment"


ASSET_WORDS = {
    AssetKind.FIXED_ASSET: N_("A fixed asset"),
    AssetKind.INTANGIBLE: N_("An intangible asset"),
    AssetKind.LAND: N_("Land and other natural resources"),
    AssetKind.INVENTORY: N_("Inventory"),
    AssetKind.UNFINISHED_CONSTRUCTION: N_("Unfinished construction"),
    AssetKind.SECURITIES: N_("Securities and financial instruments"),
    AssetKind.UNINSTALLED_EQUIPMENT: N_("Uninstalled equipment"),
}

NEVER_DEPRECIABLE = {
    AssetKind.LAND,
    AssetKind.INVENTORY,
    AssetKind.UNFINISHED_CONSTRUCTION,
    AssetKind.SECURITIES,
    AssetKind.UNINSTALLED_EQUIPMENT,
}


@dataclass(frozen=True)
class AssetFacts:
    cost: Decimal
    kind: AssetKind = AssetKind.FIXED_ASSET
    owned: bool = True
    put_into_operation: bool = True
    used_to_earn_income: bool = True
    lent_free: bool = False  # given for free use under a contract (199(3)(1))
    mothballed: bool = False  # (199(3)(2))
    reconstruction_months: int = 0  # months under reconstruction or modernisation (199(3)(3))


def is_depreciable(asset: AssetFacts, on: dt.date, trace: Trace | None = None) -> bool:
    """Whether a fixed asset is depreciable property (TC art. 199)."""
    threshold = amount_in_indices("depreciation_asset_threshold_indices", on, trace)
    longest = param(trace, "depreciation_reconstruction_exclusion_months", on)
    reason, cite = None, tc(199, 1)
    if asset.kind in NEVER_DEPRECIABLE:
        reason, cite = msg(N_("{kind} is not depreciable"), kind=ASSET_WORDS[asset.kind]), tc(199, 2)
    elif not (asset.owned and asset.put_into_operation and asset.used_to_earn_income):
        reason = msg(N_("not owned, not in operation or not used to earn income"))
    elif asset.cost <= threshold:
        reason = msg(N_("cost {cost} is not more than {threshold}"), cost=som(asset.cost), threshold=som(threshold))
    elif asset.lent_free:
        reason, cite = msg(N_("given for free use")), tc(199, 3, 1)
    elif asset.mothballed:
        reason, cite = msg(N_("mothballed")), tc(199, 3, 2)
    elif asset.reconstruction_months > longest:
        reason, cite = msg(N_("under reconstruction for more than {months} months"), months=longest), tc(199, 3, 3)
    if trace is not None:
        if reason is None:
            trace.step(N_("Depreciable: yes"), True, cite)
        else:
            trace.step(N_("Depreciable: no, {reason}"), False, cite, reason=reason)
    return reason is None


# --- Inputs and results -------------------------------------------------------------------


@dataclass(frozen=True)
class PoolBalance:
    """A pool's figures carried from the previous tax year."""

    group: int
    value_end: Decimal  # the pool's tax value at the end of the previous year
    depreciation: Decimal  # the depreciation charged on it for the previous year
    addition_remainders: Decimal = ZERO  # B - B(A+0.5)/12 of the assets added last year (200(5)(3))
    disposal_remainders: Decimal = ZERO  # the rest of last year's disposals (200(5)(5)), as supplied then
    pool: str | None = None  # group 5: the structure; group 6: MINING_PREPARATORY or None
    commissioned_on: dt.date | None = None  # group 5: put into operation and began to be used (200(3))
    cost: Decimal | None = None  # group 5: the structure's cost, the base of the straight line


@dataclass(frozen=True)
class AssetAddition:
    """A depreciable fixed asset added to a pool in the tax year (TC art. 200(6))."""

    group: int
    cost: Decimal  # B: read as the initial cost under art. 198 (B is undefined: the text stops)
    in_use_from: dt.date | None = None  # the day it began to be used to earn income
    full_months_used: int | None = None  # A given directly (e.g. months idle); else counted from in_use_from
    pool: str | None = None  # group 5: the structure (a new one, or an existing one being completed)
    description: str = ""


@dataclass(frozen=True)
class AssetDisposal:
    """A fixed asset leaving a pool (TC art. 200(5)(4)-(5)): valued under part 7, which the seed
    text does not contain, so both amounts come from the caller."""

    group: int
    value: Decimal  # the value subtracted this year
    remainder_next_year: Decimal = ZERO  # the rest, subtracted next year
    pool: str | None = None
    description: str = ""


@dataclass(frozen=True)
class MiningReserves:
    """Reserves for the units-of-production rate of mining-preparatory works (TC art. 200(1)(6))."""

    depleted_in_period: Decimal
    balance_before_period: Decimal


@dataclass(frozen=True)
class DepreciationInput:
    tax_year: int
    opening: tuple[PoolBalance, ...] = ()
    additions: tuple[AssetAddition, ...] = ()
    disposals: tuple[AssetDisposal, ...] = ()
    group_6_rate: Decimal | None = None  # a reduced rate for group 6 (200(1)(6)); None: the full rate
    previous_group_6_rate: Decimal | None = None  # the rate used last year: a reduced rate cannot change
    mining_reserves: MiningReserves | None = None  # needed when there is a mining-preparatory pool


@dataclass(frozen=True)
class PoolResult:
    group: int
    pool: str | None
    opening_value: Decimal  # (1) last year's value less last year's depreciation
    additions: Decimal  # (2) B(A+0.5)/12 of this year's additions
    addition_remainders: Decimal  # (3)
    disposals: Decimal  # (4)
    disposal_remainders: Decimal  # (5)
    value_end: Decimal
    rate: Decimal
    method: Method
    depreciation: Decimal
    negative_balance_income: Decimal  # a negative year-end value: income (188(1)(14))
    carried: PoolBalance  # what next year starts from


@dataclass(frozen=True)
class DepreciationResult:
    tax_year: int
    pools: tuple[PoolResult, ...]
    total_depreciation: Decimal
    negative_balance_income: Decimal
    low_value_expensed: Decimal  # additions of 100 indices or less: expensed, not depreciated (reading of 199(2))
    trace: Trace | None = None

    @property
    def next_year(self) -> tuple[PoolBalance, ...]:
        return tuple(p.carried for p in self.pools)


# --- The computation -----------------------------------------------------------------------


def full_months_in_use(in_use_from: dt.date, tax_year: int) -> int:
    """A: whole calendar months from ``in_use_from`` to the end of the tax year (TC art. 200(6))."""
    if in_use_from.year != tax_year:
        raise ValueError(f"an asset added in {tax_year} begins to be used in {tax_year}, not {in_use_from.isoformat()}")
    return 12 - in_use_from.month + (1 if in_use_from.day == 1 else 0)


def entry_value(cost: Decimal, full_months: int, on: dt.date, trace: Trace | None = None) -> Decimal:
    """B × (A + 0.5) / 12, to the tyiyn (TC art. 200(6))."""
    if not 0 <= full_months <= 12:
        raise ValueError(f"A is between 0 and 12 full months, not {full_months}")
    half = param(trace, "depreciation_entry_half_month", on)
    months = param(trace, "depreciation_entry_months_in_year", on)
    return round_tyiyn(cost * (full_months + half) / months)


def units_of_production_rate(reserves: MiningReserves) -> Decimal:
    """Depleted reserves over the site's balance reserves before the period (TC art. 200(1)(6))."""
    if reserves.balance_before_period <= 0 or not ZERO <= reserves.depleted_in_period <= reserves.balance_before_period:
        raise ValueError("depleted reserves lie between 0 and the positive balance before the period")
    return reserves.depleted_in_period / reserves.balance_before_period


def _anniversary(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _group_rate(group: int, inputs: DepreciationInput, on: dt.date, trace: Trace | None) -> Decimal:
    full: Decimal = param(trace, f"depreciation_rate_group_{group}", on)
    if group != MINING or inputs.group_6_rate is None:
        if group == MINING and inputs.previous_group_6_rate is not None and inputs.previous_group_6_rate < full:
            raise ValueError("a taxpayer that used a reduced group 6 rate may not change it (art. 200(1)(6))")
        return full
    rate = inputs.group_6_rate
    if not ZERO <= rate <= full:
        raise ValueError(f"a reduced group 6 rate lies between 0 and {full}")
    previous = inputs.previous_group_6_rate
    if previous is not None and previous < full and previous != rate:
        raise ValueError("a taxpayer that used a reduced group 6 rate may not change it (art. 200(1)(6))")
    if trace is not None:
        trace.step(N_("Group 6: reduced rate {rate} instead of {full}"), rate, tc(200, 1, 6), rate=as_rate(rate), full=as_rate(full))
    return rate


def _label(group: int, pool: str | None) -> Msg:
    return msg(N_("group {group} ({pool})"), group=group, pool=pool) if pool else msg(N_("group {group}"), group=group)


def depreciation_for_year(inputs: DepreciationInput, trace: Trace | None = None) -> DepreciationResult:
    """Each pool's year-end tax value and depreciation for the tax year (TC arts. 199-200(6))."""
    year = inputs.tax_year
    on = dt.date(year, 12, 31)
    if trace is not None:
        trace.titled(N_("Depreciation for {year}"), year=year)

    pools: dict[tuple[int, str | None], PoolBalance] = {}
    for balance in inputs.opening:
        _check_pool(balance.group, balance.pool)
        key = (balance.group, balance.pool)
        if key in pools:
            raise ValueError(f"{_label(*key)} is listed twice")
        pools[key] = balance

    added: dict[tuple[int, str | None], Decimal] = {}
    remainders: dict[tuple[int, str | None], Decimal] = {}
    low_value = ZERO
    threshold = amount_in_indices("depreciation_asset_threshold_indices", on, trace)
    for a in inputs.additions:
        _check_pool(a.group, a.pool)
        key = (a.group, a.pool)
        label = a.description or msg(N_("asset of {group}"), group=_label(*key))
        if a.cost <= threshold:
            low_value += a.cost
            if trace is not None:
                trace.step(N_("{label}: cost {cost} not more than {threshold}; not depreciable, expensed in the year"), a.cost, tc(199, 1),
                           label=label, cost=som(a.cost), threshold=som(threshold))
            continue
        if a.full_months_used is not None:
            months = a.full_months_used
        elif a.in_use_from is not None:
            months = full_months_in_use(a.in_use_from, year)
        else:
            raise ValueError(f"{label}: give the day it began to be used or the full months A")
        entry = entry_value(a.cost, months, on, trace)
        added[key] = added.get(key, ZERO) + entry
        remainders[key] = remainders.get(key, ZERO) + (a.cost - entry)
        if trace is not None:
            trace.step(N_("{label}: {cost} × ({months} + 0.5) / 12 added this year, {rest} next year"), entry, tc(200, 6), label=label, cost=som(a.cost),
                       months=months, rest=som(a.cost - entry))
        if key not in pools:
            if a.group == BUILDINGS and a.in_use_from is None:
                raise ValueError(f"{label}: a new structure needs the day it was put into use (art. 200(3))")
            pools[key] = PoolBalance(a.group, ZERO, ZERO, pool=a.pool, commissioned_on=a.in_use_from if a.group == BUILDINGS else None, cost=ZERO if a.group == BUILDINGS else None)
        if a.group == BUILDINGS:
            pools[key] = replace(pools[key], cost=(pools[key].cost or ZERO) + a.cost)

    taken: dict[tuple[int, str | None], Decimal] = {}
    taken_later: dict[tuple[int, str | None], Decimal] = {}
    for d in inputs.disposals:
        _check_pool(d.group, d.pool)
        key = (d.group, d.pool)
        if key not in pools:
            raise ValueError(f"a disposal from {_label(*key)}, which holds nothing")
        taken[key] = taken.get(key, ZERO) + d.value
        taken_later[key] = taken_later.get(key, ZERO) + d.remainder_next_year

    results: list[PoolResult] = []
    for key in sorted(pools, key=lambda k: (k[0], k[1] or "")):
        group, pool = key
        b = pools[key]
        label = _label(group, pool)
        opening = max(ZERO, b.value_end - b.depreciation)
        add, rem_in = added.get(key, ZERO), b.addition_remainders
        out, out_rem = taken.get(key, ZERO), b.disposal_remainders
        value_end = opening + add + rem_in - out - out_rem
        if trace is not None:
            trace.step(
                N_("{label}: {value_end} − {depreciation} (last year) + {added} + {remainders_in} − {disposed} − {remainders_out}"),
                value_end,
                tc(200, 5),
                label=label, value_end=som(b.value_end), depreciation=som(b.depreciation), added=som(add), remainders_in=som(rem_in),
                disposed=som(out), remainders_out=som(out_rem),
            )

        method = Method.DECLINING_BALANCE
        if group == MINING and pool == MINING_PREPARATORY:
            if inputs.mining_reserves is None:
                raise ValueError("the mining-preparatory pool needs the reserves for its rate")
            rate = units_of_production_rate(inputs.mining_reserves)
            method = Method.UNITS_OF_PRODUCTION
            cite = tc(200, 1, 6)
        else:
            rate = _group_rate(group, inputs, on, trace)
            cite = tc(200, 2)
        charge_base = max(ZERO, value_end)
        depreciation = round_tyiyn(rate * charge_base)
        if group == BUILDINGS:
            if b.commissioned_on is None or b.cost is None:
                raise ValueError(f"{label}: a structure needs the day it was put into use and its cost (art. 200(3))")
            years = param(trace, "depreciation_building_straight_line_after_years", on)
            if _anniversary(b.commissioned_on, years) <= on:
                rate = param(trace, "depreciation_building_straight_line_rate", on)
                method = Method.STRAIGHT_LINE
                depreciation = min(charge_base, round_tyiyn(rate * b.cost))
                cite = tc(200, 3)
                if trace is not None:
                    trace.step(
                        N_("{label}: {years} years since {day}; straight line {rate} × cost {cost}, at most the value left"),
                        depreciation,
                        cite,
                        label=label, years=years, day=b.commissioned_on, rate=rate, cost=som(b.cost),
                    )
        if trace is not None and method is not Method.STRAIGHT_LINE:
            trace.step(N_("{label}: depreciation {rate} × {base}"), depreciation, cite, label=label, rate=as_rate(rate), base=som(charge_base))
        negative = max(ZERO, -value_end)
        if negative and trace is not None:
            trace.step(N_("{label}: negative value at year end is income; the pool restarts at zero"), negative, tc(188, 1, 14), label=label)
        carried = PoolBalance(
            group=group,
            value_end=value_end,
            depreciation=depreciation,
            addition_remainders=remainders.get(key, ZERO),
            disposal_remainders=taken_later.get(key, ZERO),
            pool=pool,
            commissioned_on=b.commissioned_on,
            cost=b.cost,
        )
        results.append(
            PoolResult(group, pool, opening, add, rem_in, out, out_rem, value_end, rate, method, depreciation, negative, carried)
        )

    total = sum((r.depreciation for r in results), ZERO)
    negative_total = sum((r.negative_balance_income for r in results), ZERO)
    if trace is not None:
        trace.step(N_("Total depreciation"), total, tc(200, 2))
        trace.result = total
    return DepreciationResult(year, tuple(results), total, negative_total, low_value, trace)

