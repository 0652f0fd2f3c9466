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
    resume: LateInterest | None = None,
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

    ``resume`` is this same item's schedule through an earlier day ``resume.until``: only the days
    after it are computed, starting from ``resume.accrued``. The result equals the computation from
    the due date, segment for segment (see ``_join``), provided the inputs are those ``resume`` was
    computed with as far as they reach its days: the same movements dated before ``resume.until``
    (one dated on it changes the arrears only from the next day), the same exclusions on the days
    through it, the same rates and caps in force on them. The caller vouches for that (a balance
    resumed from a snapshot, ``salyk.ledger.derive``); the due date and the order of the days are
    checked here. A resumed computation is not traced: a trace explains the whole schedule. A
    ``resume`` kept without its segments (``segments=()``, all a balance needs) gives the same
    total, with the later segments only.
    """
    rates = rate_schedule if rate_schedule is not None else parameter_schedule(RATE)
    caps = cap_schedule if cap_schedule is not None else parameter_schedule(CAP)
    first = due + ONE_DAY
    if resume is not None:
        if resume.due != due or resume.until > until:
            raise ValueError(f"cannot resume the туум due {resume.due} through {resume.until} for due {due} through {until}")
        if trace is not None:
            raise ValueError("a resumed туум schedule is not traced")
        if resume.until == until:
            return resume
        if resume.until < first:
            resume = None  # no day of delay yet: nothing to carry on

    if trace is not None:
        trace.step(N_("туум accrues for each calendar day from {first} (the day after the due date {due}) through {until}"), cite=tc(71, 3),
                   first=first, due=due, until=until)
    if until < first:
        if trace is not None:
            trace.step(N_("no day of delay"), ZERO, tc(71, 3))
            trace.result = ZERO
        return LateInterest(due, until, (), ZERO, ZERO)

    moves = sorted(((d, Decimal(v)) for d, v in changes), key=lambda m: m[0])
    excl = tuple(exclusions)
    partial = tuple((e, Decimal(share)) for e, share in partial_exclusions)
    # Resumed, the days after ``resume.until`` only: ``since`` is where the computation starts.
    since = first if resume is None else resume.until + ONE_DAY

    # Segment starts: every day on which the balance, the rate, the cap or an exclusion changes
    # (a movement dated c changes the balance from c + 1), from ``since`` through ``until``.
    changing = {d + ONE_DAY for d, _ in moves if d >= first}
    changing.update(d for d, _ in rates if d > first)
    changing.update(d for d, _ in caps if d > first)
    for e in (*excl, *(p for p, _ in partial)):
        changing.add(e.start)
        if e.end is not None:
            changing.add(e.end + ONE_DAY)
    # a segment running on across ``resume.until`` is cut there and joined again below
    cut = since != first and since not in changing
    bounds = sorted(d for d in changing if since < d <= until)
    bounds.insert(0, since)

    segments: list[InterestSegment] = []
    accrued = _NIL if resume is None else resume.accrued
    i = 0  # the movements before the segment's first day make its balance (a payment on day c counts from c + 1)
    running = _NIL
    for n, start in enumerate(bounds):
        while i < len(moves) and moves[i][0] < start:
            running += moves[i][1]
            i += 1
        end = bounds[n + 1] - ONE_DAY if n + 1 < len(bounds) else until
        days = (end - start).days + 1
        balance = max(running, _NIL)
        if partial:
            share = sum((s for p, s in partial if p.covers(start)), _NIL)
            if share:
                balance = max(balance - share, _NIL)
        rate = value_on(rates, start, RATE)[1]
        cap = value_on(caps, start, CAP)[1]
        if trace is not None and rate_schedule is None:
            trace.param(RATE, start)
        if trace is not None and cap_schedule is None:
            trace.param(CAP, start)
        ground = next((e.ground for e in excl if e.covers(start)), None) if excl else None
        if ground is not None or balance == 0:
            seg = InterestSegment(start, end, balance, days, rate, _NIL, ground.citation if ground else _TC_71_6, ground)
        else:
            full = balance * rate * days
            headroom = max(balance * cap - accrued, _NIL)
            amount = min(full, headroom)
            seg = InterestSegment(start, end, balance, days, rate, amount, _TC_71_4 if amount < full else _TC_71_6, None, amount < full)
        accrued += seg.amount
        segments.append(seg)
        if trace is not None:
            trace.step(_describe(seg), seg.amount, seg.citation, start=seg.start, end=seg.end, days=seg.days, balance=som(seg.balance),
                       rate=(seg.rate * 100).normalize())

    if resume is not None:
        before = resume.segments
        if cut and before and (joined := _join(before[-1], segments[0])) is not None:
            segments[0] = joined
            before = before[:-1]
        segments[:0] = before

    rounded = round_tyiyn(accrued)
    if trace is not None:
        trace.step(N_("total туум {accrued} rounded to the tyiyn"), rounded, accrued=accrued)
        trace.result = rounded
    return LateInterest(due, until, tuple(segments), accrued, rounded)


_TC_71_4, _TC_71_6 = tc(71, 4), tc(71, 6)
_NIL = Decimal(0)  # exact sums start from 0, not 0.00: a segment's amount shows as computed


def resumed_totals(
    resumed: Sequence[tuple[LateInterest, Decimal]],
    until: dt.date,
    *,
    rate_schedule: Schedule | None = None,
    cap_schedule: Schedule | None = None,
) -> list[Decimal]:
    """The туум through ``until`` of many debts at once, each resumed from its own schedule through
    an earlier day (TC art. 71(3)-(6)): ``(schedule, arrears)`` pairs, the arrears being each debt's
    balance after that day, which no longer moves, and no exclusion bearing on any day after it.

    Each total equals ``late_interest_schedule(..., until, resume=schedule).total`` under those
    conditions (the same segments, the same amounts, the same order of the exact sums): the days
    after the resumed day are cut only where the rate or the ceiling changes, and those cuts are
    the same for every debt resumed from the same day, so they are read once. What a balance of a
    big taxpayer needs: its open debts, each carried from a snapshot's day (``salyk.ledger.derive``).
    The caller vouches for the conditions, as for ``resume``.
    """
    rates = rate_schedule if rate_schedule is not None else parameter_schedule(RATE)
    caps = cap_schedule if cap_schedule is not None else parameter_schedule(CAP)
    plans: dict[dt.date, list[tuple[int, Decimal, Decimal]]] = {}
    totals: list[Decimal] = []
    for schedule, arrears in resumed:
        if schedule.until >= until:
            if schedule.until > until:
                raise ValueError(f"cannot resume the туум through {schedule.until} to {until}")
            totals.append(schedule.total)
            continue
        since = max(schedule.until, schedule.due) + ONE_DAY
        if until < since:  # not yet a day of delay
            totals.append(round_tyiyn(schedule.accrued))
            continue
        plan = plans.get(since)
        if plan is None:
            cuts = sorted({d for d, _ in (*rates, *caps) if since < d <= until})
            starts = [since, *cuts]
            ends = [d - ONE_DAY for d in cuts] + [until]
            plan = plans[since] = [((end - start).days + 1, value_on(rates, start, RATE)[1], value_on(caps, start, CAP)[1])
                                   for start, end in zip(starts, ends)]
        balance = max(Decimal(arrears), _NIL)
        accrued = schedule.accrued
        if balance != 0:
            for days, rate, cap in plan:
                accrued += min(balance * rate * days, max(balance * cap - accrued, _NIL))
        totals.append(round_tyiyn(accrued))
    return totals


def _join(a: InterestSegment, b: InterestSegment) -> InterestSegment | None:
    """Segments ``a`` and ``b`` (the next day on) as the one segment computed over both at once.

    Nothing changes between them (the same balance, rate and exclusion), so the one segment is
    ``min(balance × rate × days, headroom)`` with the headroom read on ``a``'s first day. That
    equals ``a`` + ``b``: while ``a`` stays under the ceiling, ``b`` gets the headroom left after it;
    once ``a`` reaches it, ``b`` gets nothing (TC art. 71(4)). Decimal sums of these amounts are exact.
    ``None`` when the two differ (inputs other than the resumed schedule's): kept apart then."""
    if (a.end + ONE_DAY, a.balance, a.rate, a.excluded_by) != (b.start, b.balance, b.rate, b.excluded_by):
        return None
    days = a.days + b.days
    if a.excluded_by is not None or a.balance == 0:
        return InterestSegment(a.start, b.end, a.balance, days, a.rate, a.amount + b.amount, a.citation, a.excluded_by)
    amount = a.amount + b.amount
    capped = amount < a.balance * a.rate * days
    return InterestSegment(a.start, b.end, a.balance, days, a.rate, amount, _TC_71_4 if capped else _TC_71_6, None, capped)


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
