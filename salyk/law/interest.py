"""Late-payment interest (туум), TC art. 71.

TC art. 71(3): туум accrues for each calendar day of delay, from the day after the day the Code
sets for payment. TC art. 71(5)-(6): 0.09 % of the arrears (салык калдыгы) for each day.
TC art. 71(4): the accrued туум may not exceed 100 % of the arrears.
TC art. 71(7): no туум on interest, туум or sanctions (item 1: callers pass tax arrears only),
nor in the cases of items 2-7; TC art. 75(6) adds the days from the arrest of property until the
sale proceeds reach the budget. Those are :class:`Exclusion` inputs.

Days: the day after the (rolled-forward) due date through the day of payment inclusive, i.e.
``(paid - due).days`` days (design reading). A balance change dated ``c`` (a payment, an offset,
an additional assessment) changes the arrears from day ``c + 1``: the day of payment still
counts on the old balance, exactly as the contract's single-amount formula does.

The computation walks the segments between balance changes, parameter changes and exclusion
bounds; it never loops over days. Each segment's amount is exact; only the total is rounded to
the tyiyn.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from salyk.law.citation import Citation, tc
from salyk.law.money import ZERO, format_som, round_tyiyn
from salyk.law.parameters import definition
from salyk.law.trace import N_, Trace, som

ONE_DAY = dt.timedelta(days=1)
RATE = "late_payment_interest_rate"
CAP = "late_payment_interest_cap"


class ExclusionGround(str, Enum):
    """Why туум does not accrue on some days (TC art. 71(7), 75(6), 79(5))."""

    BANKRUPTCY = "bankruptcy"  # 71(7)(2): from the bankruptcy decision's entry into force
    MISSING_PERSON = "missing_person"  # 71(7)(3): while the court decision stands
    BANK_LIQUIDATION = "bank_liquidation"  # 71(7)(4): the servicing bank's forced liquidation
    BUDGET_FINANCING = "budget_financing"  # 71(7)(5): arrears caused by late budget financing
    FORCE_MAJEURE = "force_majeure"  # 71(7)(6): arrears caused by force majeure
    DEFERRAL = "deferral"  # 71(7)(7), 79(5): deferred or instalment debt
    PROPERTY_ARREST = "property_arrest"  # 75(6): arrest of property until proceeds reach the budget

    @property
    def citation(self) -> Citation:
        return {
            "bankruptcy": tc(71, 7, 2),
            "missing_person": tc(71, 7, 3),
            "bank_liquidation": tc(71, 7, 4),
            "budget_financing": tc(71, 7, 5),
            "force_majeure": tc(71, 7, 6),
            "deferral": tc(71, 7, 7),
            "property_arrest": tc(75, 6),
        }[self.value]


@dataclass(frozen=True)
class Exclusion:
    """Days ``start`` .. ``end`` (inclusive; ``end=None``: open-ended) on which no туум accrues."""

    ground: ExclusionGround
    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ground", ExclusionGround(self.ground))
        if self.end is not None and self.end < self.start:
            raise ValueError(f"exclusion ends before it starts: {self.start} .. {self.end}")

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# A dated schedule: ((effective_from, value), ...) sorted by date, as parameters hold them.
Schedule = Sequence[tuple[dt.date, Any]]


def parameter_schedule(name: str) -> tuple[tuple[dt.date, Any], ...]:
    return definition(name).values


def value_on(schedule: Schedule, day: dt.date, name: str = "parameter") -> tuple[dt.date, Any]:
    """The (effective_from, value) of ``schedule`` in force on ``day``."""
    i = bisect.bisect_right([d for d, _ in schedule], day) - 1
    if i < 0:
        raise LookupError(f"{name} is not in force on {day} (first {schedule[0][0]})")
    since, value = schedule[i]
    if value is None:
        raise LookupError(f"{name} was repealed on {since}")
    return since, value


@dataclass(frozen=True)
class InterestSegment:
    """Days ``start`` .. ``end`` inclusive on one balance at one rate."""

    start: dt.date
    end: dt.date
    balance: Decimal
    days: int
    rate: Decimal
    amount: Decimal  # exact; the total is rounded, not the segments
    citation: Citation
    excluded_by: ExclusionGround | None = None
    capped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "balance": format_som(self.balance),
            "days": self.days,
            "rate": str(self.rate),
            "amount": str(self.amount),
            "citation": str(self.citation),
            "excluded_by": None if self.excluded_by is None else self.excluded_by.value,
            "capped": self.capped,
        }


@dataclass(frozen=True)
class LateInterest:
    due: dt.date
    until: dt.date
    segments: tuple[InterestSegment, ...]
    accrued: Decimal  # exact sum of the segments
    total: Decimal  # rounded to the tyiyn

    @property
    def capped(self) -> bool:
        return any(s.capped for s in self.segments)


def late_interest_schedule(
    due: dt.date,
    changes: Iterable[tuple[dt.date, Decimal]],
    until: dt.date,
    *,
    exclusions: Iterable[Exclusion] = (),
    partial_exclusions: Iterable[tuple[Exclusion, Decimal]] = (),
    rate_schedule: Schedule | None = None,
    cap_schedule: Schedule | None = None,
    trace: Trace | None = None,
) -> LateInterest:
    """туум on one arrears item through ``until`` inclusive (TC art. 71).

    ``due`` is the payment due date, already rolled forward (TC art. 16(6)). ``changes`` are the
    item's balance movements ``(value_date, delta)``: the assessed amount (+), payments and
    offsets (-), additional assessments (+). Movements dated on or before ``due`` form the
    balance on the first day of delay. A negative balance (overpaid) accrues nothing.

    The cap (TC art. 71(4)) is read day by day against the arrears outstanding that day: no
    day's туум may lift the total above 100 % of that day's arrears; туум already accrued is
    never reduced (READINGS.md). ``rate_schedule``/``cap_schedule`` replace the dated parameters
    (for what-if computations and tests).

    ``partial_exclusions`` are exclusions of a part of the item only: a deferral of part of a
    debt (TC art. 71(7)(7)) excludes the deferred amount still unpaid, ``min(share, balance)``;
    туум runs on the rest, and the 100 % cap is read against that rest, the day's arrears
    (the deferred part is not arrears while the plan holds, 76(1); READINGS.md).
    """
    rates = rate_schedule if rate_schedule is not None else parameter_schedule(RATE)
    caps = cap_schedule if cap_schedule is not None else parameter_schedule(CAP)
    moves = sorted(((d, Decimal(v)) for d, v in changes), key=lambda m: m[0])
    excl = tuple(exclusions)
    partial = tuple((e, Decimal(share)) for e, share in partial_exclusions)
    first = due + ONE_DAY

    if trace is not None:
        trace.step(N_("туум accrues for each calendar day from {first} (the day after the due date {due}) through {until}"), cite=tc(71, 3),
                   first=first, due=due, until=until)
    if until < first:
        if trace is not None:
            trace.step(N_("no day of delay"), ZERO, tc(71, 3))
            trace.result = ZERO
        return LateInterest(due, until, (), ZERO, ZERO)

    # Segment starts: every day on which the balance, the rate, the cap or an exclusion changes.
    starts = {first}
    starts.update(d + ONE_DAY for d, _ in moves if d >= first)
    starts.update(d for d, _ in (*rates, *caps) if d > first)
    for e in (*excl, *(p for p, _ in partial)):
        starts.add(e.start)
        if e.end is not None:
            starts.add(e.end + ONE_DAY)
    bounds = sorted(d for d in starts if first <= d <= until)

    move_dates = [d for d, _ in moves]
    running = []
    total = Decimal(0)
    for _, delta in moves:
        total += delta
        running.append(total)

    def balance_on(day: dt.date) -> Decimal:
        # movements dated before ``day`` (a payment on day c counts from c + 1)
        i = bisect.bisect_left(move_dates, day)
        return running[i - 1] if i else Decimal(0)

    segments: list[InterestSegment] = []
    accrued = Decimal(0)
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - ONE_DAY if i + 1 < len(bounds) else until
        days = (end - start).days + 1
        balance = max(balance_on(start), Decimal(0))
        share = sum((s for p, s in partial if p.covers(start)), Decimal(0))
        if share:
            balance = max(balance - share, Decimal(0))
        rate_since, rate = value_on(rates, start, RATE)
        cap_since, cap = value_on(caps, start, CAP)
        if trace is not None and rate_schedule is None:
            trace.param(RATE, start)
        if trace is not None and cap_schedule is None:
            trace.param(CAP, start)
        ground = next((e.ground for e in excl if e.covers(start)), None)
        if ground is not None or balance == 0:
            seg = InterestSegment(start, end, balance, days, rate, Decimal(0), ground.citation if ground else tc(71, 6), ground)
        else:
            full = balance * rate * days
            headroom = max(balance * cap - accrued, Decimal(0))
            amount = min(full, headroom)
            seg = InterestSegment(start, end, balance, days, rate, amount, tc(71, 4) if amount < full else tc(71, 6), None, amount < full)
        accrued += seg.amount
        segments.append(seg)
        if trace is not None:
            trace.step(_describe(seg), seg.amount, seg.citation, start=seg.start, end=seg.end, days=seg.days, balance=som(seg.balance),
                       rate=(seg.rate * 100).normalize())

    rounded = round_tyiyn(accrued)
    if trace is not None:
        trace.step(N_("total туум {accrued} rounded to the tyiyn"), rounded, accrued=accrued)
        trace.result = rounded
    return LateInterest(due, until, tuple(segments), accrued, rounded)


def _describe(seg: InterestSegment) -> str:
    """A segment's step msgid; its parameters are the segment's (start, end, days, balance, rate)."""
    return _SEGMENT_TEXT["excluded" if seg.excluded_by is not None else "none" if seg.balance == 0 else "capped" if seg.capped else "rate"]


_SEGMENT_TEXT = {
    "excluded": N_("{start} – {end} ({days} days): no туум (deferral in force)"),
    "none": N_("{start} – {end} ({days} days): no arrears"),
    "rate": N_("{start} – {end} ({days} days): {balance} × {rate}% × {days}"),
    "capped": N_("{start} – {end} ({days} days): {balance} × {rate}% × {days}, limited by the 100% ceiling"),
}


def late_payment_interest(arrears: Decimal, due: dt.date, paid: dt.date, *, trace: Trace | None = None) -> Decimal:
    """Contract: туум on one arrears amount outstanding from the day after ``due`` through ``paid``.

    ``arrears x 0.09% x (paid - due).days``, capped at 100 % of the arrears, rounded to the tyiyn;
    0 when ``paid <= due`` (TC art. 71(3), (4), (6)). ``due`` is already rolled forward (16(6)).
    """
    arrears = Decimal(arrears)
    if arrears < 0:
        raise ValueError("arrears cannot be negative")
    if trace is not None:
        trace.titled(N_("туум on {arrears} due {due}, paid {paid}"), arrears=som(arrears), due=due, paid=paid)
    return late_interest_schedule(due, [(due, arrears)], paid, trace=trace).total
