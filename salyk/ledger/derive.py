"""A taxpayer's position derived from the postings, in value-date order (pure: no database).

Why derive instead of storing allocations: a bank statement learned late, with an earlier
value date, must change the allocations and the туум from that date on (design "Ledger
principles" 2), and a derivation from the facts has nothing to invalidate. The cost is linear
in the postings: туум is computed per arrears item piecewise by ``salyk.law.interest`` (once
per item, when it closes or at the end), never day by day. The quick part of a snapshot
(``salyk.ledger.snapshots``) keeps each open item's туум through its day (``keep_late``), so that
a later balance prices only the days since.

The rules applied, per tax:

- A charge (tax, interest, sanction) opens a debt item due on its due date moved to the next
  working day (TC art. 16(6)). Tax unpaid after that day is arrears (салык калдыгы, TC art.
  4(2)(10)); on the due date itself it is still payable on time (READINGS.md "Ledger").
- туум runs on each tax item's unpaid amount from the day after the due date through the day
  of payment (TC art. 71(3)-(6); ``late_interest_schedule``, which also applies the cap of
  71(4) and the exclusions of 71(7)); none on interest, туум or sanctions (71(7)(1)).
- A payment repays the tax's debt due by its value date in the order of TC art. 61
  (``salyk.law.allocation.allocate_payment``): tax, interest, туум, sanctions, each oldest
  first. What is left pays charges assessed but not yet due (early payment, TC art. 59(5)),
  earliest due first; the rest is an overpayment (TC art. 81(1)).
- An overpayment is applied to a debt of the same tax as soon as that debt is assessed (the
  payment fulfils it, TC art. 59(5), 60(1)); so while an overpayment exists the tax has no
  unpaid item and no туум grows.
- An overpayment of one tax pays the other taxes' debt (their arrears, then their interest, туум
  and sanctions, oldest first: TC art. 81(2), ``salyk.law.overpayment.offset_overpayment``) at
  the end of the day it arises or the day such a debt falls due, whichever is later (81(4)); so
  a debt falling due beside an overpayment never runs late. Overpaid taxes offset in the
  catalogue order of TC art. 31. Charges not yet due are not offset: that needs the taxpayer's
  application (81(6)).
- A negative charge (a clarified report or a lowering decision) reduces the same period's tax
  items, newest first, as of its value date: first their unpaid part, then the paid part, which
  becomes an overpayment and is applied again by TC art. 61.
- A refund (TC art. 81(7), (10)) takes the refunded amount out of the tax's overpayment; an
  offset on application (81(6)) moves it to another tax, where it pays that tax like a payment
  (TC art. 61, then charges not yet due, 59(5)). Should a later fact (a reversed payment) leave
  less overpayment on that day than was paid out, the difference is a debt of the tax due that
  day: money paid from the budget without ground is owed back.
- A write-off (TC art. 68(2), (4)-(6), 69) ends the listed debts: their unpaid amount and the
  туум accrued on them through that day; no money moves.
- An interest exclusion with ``items`` (a deferral, TC art. 79(5)) stops туум on those debts
  only; without ``items`` on the whole tax. A deferral's ``shares`` name how much of each debt is
  deferred: on a debt deferred in part, туум runs on the rest (71(7)(7)). While the plan holds,
  the deferred part still unpaid is not arrears (76(1)): the balance shows it as not yet due,
  an overpayment of another tax is not offset against it (81(2)), and it blocks no refund.
- A deferral's ``interest`` (ground 3, TC art. 79(4)) is derived, not posted: each day of the
  plan through ``through`` on the deferred amount still unpaid that day (paying early stops
  it, a plan fully paid ends, 80(2)); it becomes an ``interest`` debt due on ``due``.
- Limitation (TC art. 58(1), 68(2), 140(1)): a debt whose limitation period has run out is
  extinguished on the day after its last day (``salyk.law.limitation.debt_limitation_end``):
  its unpaid amount and the туум accrued on it through the last day leave the balance, no туум
  runs after, and no payment or offset reaches it. The officer's write-off (69) then only
  records it.
- A hold (an appeal, TC art. 151(1)-(2)) names how much of each debt may not be executed from
  its first through its last day: that part is not offset against another tax's overpayment
  (81(2)), nor its туум, and the balance shows it as ``under_appeal`` (it stays arrears: туум
  runs, and the appeal's outcome settles it, 151(4)). From the day after the last day it is
  offset like any debt falling due that day (81(4)).
- A reversed posting and its reversal are left out entirely.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from salyk.law.allocation import DebtItem, DebtKind, allocate_payment, pay_in_order, repayment_order
from salyk.law.book import LawBook, using
from salyk.law.calendar import Calendar, default_calendar
from salyk.law.citation import Citation, tc
from salyk.law.deferral import deferral_interest
from salyk.law.interest import Exclusion, ExclusionGround, LateInterest, late_interest_schedule, resumed_totals
from salyk.law.limitation import debt_limitation_end
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.overpayment import offset_overpayment
from salyk.law.parameters import parameter
from salyk.law.periods import TaxPeriod
from salyk.law.taxes import TAX_CODES
from salyk.law.trace import N_, Som
from salyk.ledger.postings import Entry, Kind

ONE_DAY = dt.timedelta(days=1)
Plan = dict[str, Any]  # a deferral's interest plan (79(4)): id, ground, start, through, due, period, shares
# A debt in a working heap, in repayment order: (due, arose_on, posting id, item)
HeapEntry = tuple[dt.date, dt.date, int, "Item"]
# What a debt's туум is computed from besides the law: its movements (appended, never changed: their
# count), its exclusions, its deferred shares and the statement boundaries.
LateInputs = tuple[int, tuple[Exclusion, ...], tuple[tuple[Exclusion, Decimal], ...], tuple[tuple[dt.date, Decimal], ...]]
_BUCKET = {Kind.CHARGE.value: DebtKind.TAX, Kind.INTEREST.value: DebtKind.INTEREST, Kind.SANCTION.value: DebtKind.SANCTION}
# Same value date: debts first (a payment that day pays them), then reductions, then money.
_RANK = {Kind.CHARGE.value: 0, Kind.INTEREST.value: 0, Kind.SANCTION.value: 0, Kind.PAYMENT.value: 2,
         Kind.REFUND.value: 3, Kind.OFFSET.value: 3, Kind.WRITE_OFF.value: 3, Kind.REFUND_INTEREST.value: 3,
         Kind.DECLARED_CREDIT.value: 2}


@dataclass
class Item:
    """One debt: a charge of tax, interest or a sanction, and what is still unpaid of it."""

    posting_id: int
    tax: str
    kind: DebtKind
    period: str | None
    arose_on: dt.date
    due: dt.date  # rolled forward (TC art. 16(6))
    amount: Decimal  # assessed, after reductions
    open: Decimal
    citation: str
    moves: list[tuple[dt.date, Decimal]] = field(default_factory=list)  # tax items: for туум
    late_paid: Decimal = ZERO
    late: LateInterest | None = None  # final туум once the item is paid
    # the туум through a snapshot's day and the inputs it was computed from (``_Deriver.keep_late``):
    # a cache, no part of what the item is
    late_base: tuple[LateInterest, LateInputs] | None = field(default=None, compare=False, repr=False)
    expires: dt.date | None = None  # first day it no longer exists (limitation, TC art. 68(2))
    limitation_citation: str = ""
    expired: Decimal | None = None  # what the limitation extinguished (debt + туум)
    recorded_off: bool = False  # a write-off decision recorded it (TC art. 69)
    notice: str | None = None  # the audit notice's delivery day, ISO (58(1)), as posted

    @property
    def key(self) -> str:
        return str(self.posting_id)


@dataclass
class Line:
    """A line of the explained statement. ``delta`` moves the net balance (owed minus paid)."""

    date: dt.date
    tax: str
    kind: str  # charge | reduction | interest | sanction | payment | allocation | late_interest | credit | overpayment |
    # offset | offset_applied | refund | owed_back | write_off
    amount: Decimal
    delta: Decimal
    citation: str
    msgid: str  # the explanation: an English msgid with {placeholders} (rendered by salyk.ledger.wording)
    params: dict[str, Any] = field(default_factory=dict)  # its parameters: codes, dates, Som amounts
    posting_id: int | None = None
    item_id: int | None = None
    period: str | None = None
    rank: int = 0
    seq: int = 0


@dataclass(frozen=True)
class OffsetOut:
    """An automatic offset of an overpayment to another tax's debt (TC art. 81(2)-(4))."""

    on: dt.date
    to_tax: str
    part: str  # the DebtKind paid
    item_id: int
    amount: Decimal
    citation: str


@dataclass
class TaxPosition:
    tax: str
    items: list[Item] = field(default_factory=list)
    credit: Decimal = ZERO  # overpayment (TC art. 81(1))
    paid_in: Decimal = ZERO
    allocated: dict[str, Decimal] = field(default_factory=dict)  # by DebtKind value (+ "early")
    lines: list[Line] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    item_exclusions: dict[int, list[Exclusion]] = field(default_factory=dict)  # by debt posting id
    refunded: Decimal = ZERO  # overpayment paid back (TC art. 81(7))
    written_off: Decimal = ZERO  # hopeless debt written off (TC art. 69)
    extinguished: Decimal = ZERO  # debt and туум ended by limitation (TC art. 68(2))
    refund_interest: Decimal = ZERO  # owed by the budget on late refunds and paid with them (TC art. 81(11))
    late_settled: Decimal = ZERO  # туум left unpaid on debts settled before a snapshot's day (salyk.ledger.snapshots)
    deferral_ends: dict[int, dt.date] = field(default_factory=dict)  # by debt posting id: 58(1)(2)
    # by debt posting id: the deferral windows and the amount deferred (None: all of it), 79(5), 76(1)
    # and the last day the plan holds (a termination ends it from the breach day, 80(3))
    deferred: dict[int, list[tuple[Exclusion, Decimal | None, dt.date | None]]] = field(default_factory=dict)
    plan_interest: dict[int, Decimal] = field(default_factory=dict)  # by exclusion posting id: 79(4) so far
    # by debt posting id: (first day, last day or None, amount) held from execution (an appeal, TC art. 151(1))
    held: dict[int, list[tuple[dt.date, dt.date | None, Decimal]]] = field(default_factory=dict)
    # facts the services compute from (never from the statement's words), kept with or without ``explain``
    overpayments: list[tuple[dt.date, Decimal]] = field(default_factory=list)  # each overpayment as it arose (TC art. 81(1), (8))
    written_off_by: dict[int, Decimal] = field(default_factory=dict)  # write-off posting id -> amount written off
    offsets_out: list["OffsetOut"] = field(default_factory=list)  # automatic offsets of this tax's overpayment (TC art. 81(2))
    # working sets, so that each event costs what is open, not the whole history
    # Items in repayment order inside each kind: (due, arose_on, posting id). Paid items leave
    # lazily; a payment touches only the items it pays, never the whole history.
    heaps: dict[DebtKind, list[tuple[dt.date, dt.date, int, Item]]] = field(default_factory=dict)
    late_heap: list[tuple[dt.date, dt.date, int, Item]] = field(default_factory=list)  # tax items, туум maybe unpaid
    by_key: dict[str, Item] = field(default_factory=dict)
    # the buckets as of ``until`` (filled by ``close``)
    arrears: Decimal = ZERO
    interest: Decimal = ZERO
    late_interest: Decimal = ZERO
    sanctions: Decimal = ZERO
    not_yet_due: Decimal = ZERO
    under_appeal: Decimal = ZERO  # of the arrears, sanctions and interest: held by an appeal (TC art. 151(1))

    @property
    def overpayment(self) -> Decimal:
        return self.credit

    @property
    def total_due(self) -> Decimal:
        return self.arrears + self.interest + self.late_interest + self.sanctions

    def is_zero(self) -> bool:
        return not any((self.arrears, self.interest, self.late_interest, self.sanctions, self.credit, self.not_yet_due))


@dataclass
class Position:
    until: dt.date
    taxes: dict[str, TaxPosition]

    @property
    def total_due(self) -> Decimal:
        return sum((t.total_due for t in self.taxes.values()), ZERO)

    @property
    def total_overpayment(self) -> Decimal:
        return sum((t.overpayment for t in self.taxes.values()), ZERO)


class _Deriver:
    def __init__(self, until: dt.date, boundaries: Sequence[dt.date], calendar: Calendar, explain: bool):
        self.until = until
        self.boundaries = [(d, ZERO) for d in boundaries]
        self.calendar = calendar
        self.explain = explain
        self.seq = 0
        self.taxes: dict[str, TaxPosition] = {}
        self.due_points: list[dt.date] = []  # due dates of debts: an offset may fall due then
        self.expiries: list[tuple[dt.date, int, str, Item]] = []  # (first day gone, id, tax, item)
        self.plans: list[tuple[dt.date, int, str, Plan]] = []  # deferral interest falling due (79(4))
        self._limits: dict[tuple[Any, ...], tuple[dt.date, str]] = {}

    # --- lines ---------------------------------------------------------------------------

    def line(self, pos: TaxPosition, **kw: Any) -> None:
        if self.explain:
            self.seq += 1
            pos.lines.append(Line(tax=pos.tax, seq=self.seq, **kw))

    # --- туум ----------------------------------------------------------------------------

    def late(self, item: Item, through: dt.date, pos: TaxPosition) -> LateInterest:
        if item.late is not None:
            return item.late
        inputs = self.late_inputs(item, pos)
        base = item.late_base
        # resumed from the snapshot's day when nothing it was computed from has changed since (a
        # view with no new posting); never in an explained statement, which shows every segment
        resume = base[0] if base is not None and base[1] == inputs and base[0].until <= through and not self.explain else None
        result = late_interest_schedule(item.due, [*item.moves, *self.boundaries], through, exclusions=inputs[1],
                                        partial_exclusions=inputs[2], resume=resume)
        if item.open == 0:
            item.late = result  # paid: no later move, the туум is final
        return result

    def late_inputs(self, item: Item, pos: TaxPosition) -> LateInputs:
        exclusions = [*pos.exclusions, *pos.item_exclusions.get(item.posting_id, ())]
        partial = []
        for excl, share, _ in pos.deferred.get(item.posting_id, ()):
            at_start = sum((v for d, v in item.moves if d < excl.start), ZERO)
            if share is None or share >= at_start:
                exclusions.append(excl)  # the whole debt is deferred
            else:
                partial.append((excl, share))  # 71(7)(7): туум on the rest
        return len(item.moves), tuple(exclusions), tuple(partial), tuple(self.boundaries)

    def keep_late(self, item: Item, pos: TaxPosition) -> None:
        """Keep on an unpaid tax debt its туум through the derivation's day (a snapshot's day D):
        a balance at a later day U with no new posting then computes only the days (D, U]
        (``late_interest_schedule(resume=...)``), not every day from the due date again. Kept
        without its segments (a balance reads the total alone; ``late`` never resumes an
        explained derivation, whose statement shows every segment)."""
        if item.kind is not DebtKind.TAX or item.open == 0 or item.due >= self.until or self.explain:
            return
        inputs = self.late_inputs(item, pos)
        result = late_interest_schedule(item.due, [*item.moves, *self.boundaries], self.until, exclusions=inputs[1],
                                        partial_exclusions=inputs[2])
        item.late_base = (LateInterest(result.due, result.until, (), result.accrued, result.total), inputs)

    def late_total(self, item: Item, on: dt.date, pos: TaxPosition) -> Decimal:
        if item.due >= on:
            return ZERO
        if item.open == 0 and item.late is None:
            # paid: the balance is nil after its last move, so the туум through that day is final
            return self.late(item, max(d for d, _ in item.moves), pos).total
        return self.late(item, on, pos).total

    # --- events --------------------------------------------------------------------------

    def debt(self, pos: TaxPosition, e: Entry) -> None:
        kind = _BUCKET[e.kind]
        due = self.calendar.roll_forward(e.due_date or e.value_date)
        item = Item(e.id, e.tax, kind, e.period, e.value_date, due, e.amount, e.amount, e.citation)
        if kind is DebtKind.TAX:
            item.moves.append((e.value_date, e.amount))
        pos.items.append(item)
        pos.by_key[item.key] = item
        self.limit(pos, item, e)
        entry = (item.due, item.arose_on, item.posting_id, item)
        if kind is DebtKind.TAX:
            heapq.heappush(pos.late_heap, entry)
        what = {DebtKind.TAX: "charge", DebtKind.INTEREST: "interest", DebtKind.SANCTION: "sanction"}[kind]
        self.line(pos, date=e.value_date, kind=what, amount=e.amount, delta=e.amount, citation=e.citation,
                  msgid=N_("period {period}, due {due}") if e.period else N_("due {due}"), params={"period": e.period, "due": due},
                  posting_id=e.id, item_id=e.id, period=e.period, rank=0)
        if pos.credit > 0:
            part = min(pos.credit, item.open)
            self.pay_item(pos, item, part, e.value_date)
            pos.credit -= part
            cite = tc(61) if item.due <= e.value_date else tc(59, 5)
            self.line(pos, date=e.value_date, kind="credit", amount=part, delta=ZERO, citation=str(cite),
                      msgid=N_("overpayment applied to charge #{id}"), params={"id": e.id}, item_id=e.id, period=e.period, rank=3)
        if item.open > 0:
            heapq.heappush(pos.heaps.setdefault(kind, []), entry)
            heapq.heappush(self.due_points, item.due)

    def reduction(self, pos: TaxPosition, e: Entry) -> None:
        wanted = -e.amount
        targets = [it for it in reversed(pos.items) if it.kind is DebtKind.TAX and it.period == e.period]
        freed = ZERO
        for it in targets:
            x = min(wanted, it.open)
            if x > 0:
                it.open -= x
                it.amount -= x
                it.moves.append((e.value_date, -x))
                wanted -= x
        for it in targets:
            x = min(wanted, it.amount - it.open)
            if x > 0:
                it.amount -= x
                wanted -= x
                freed += x
        applied = -e.amount - wanted  # what the period's charges could absorb
        pos.allocated[DebtKind.TAX.value] = pos.allocated.get(DebtKind.TAX.value, ZERO) - freed
        self.line(pos, date=e.value_date, kind="reduction", amount=-applied, delta=-applied, citation=e.citation,
                  msgid=N_("period {period}") if e.period else N_("tax reduced"), params={"period": e.period}, posting_id=e.id, period=e.period, rank=1)
        if freed > 0:
            self.credit_in(pos, freed, e.value_date, e.id, tc(81, 1))

    # --- limitation (TC art. 58(1), 68(2), 140(1)) -------------------------------------------

    def limit(self, pos: TaxPosition, item: Item, e: Entry | None, *, queue: bool = True) -> None:
        """When the debt ends by limitation: the day after its last day (queued when it falls
        within the derivation; ``e`` None: the item's own posting details again, see ``feed``)."""
        period_end = None
        if item.period:
            try:
                period_end = TaxPeriod.parse(item.period).end
            except ValueError:
                period_end = None
        notice = e.details.get("audit_notice_delivered_on") if e is not None else item.notice
        item.notice = notice
        # a plan's interest counts from the day it falls due (58(1)(2)); a sanction from its assessment (140(1))
        arose = item.due if item.kind is DebtKind.INTEREST else item.arose_on
        key = (item.kind.value, period_end, arose, notice, pos.deferral_ends.get(item.posting_id))
        if key not in self._limits:
            last, citation = debt_limitation_end(
                item.kind.value, period_end=period_end, arose_on=arose,
                audit_notice_delivered_on=dt.date.fromisoformat(notice) if notice else None,
                deferral_ended_on=pos.deferral_ends.get(item.posting_id), calendar=self.calendar)
            self._limits[key] = (last + ONE_DAY, str(citation))
        item.expires, item.limitation_citation = self._limits[key]
        if queue and item.expires <= self.until:
            heapq.heappush(self.expiries, (item.expires, item.posting_id, pos.tax, item))

    def expire(self, item: Item, pos: TaxPosition) -> None:
        """The limitation has run out (TC art. 68(2)): the debt and its туум are extinguished."""
        on = item.expires
        assert on is not None  # queued by ``limit`` with its day
        last = on - ONE_DAY
        x = item.open
        if x > 0:
            item.open = ZERO
            item.amount -= x
            if item.kind is DebtKind.TAX:
                item.moves.append((last, -x))
        late = ZERO
        if item.kind is DebtKind.TAX and item.due < on:
            late = self.late_total(item, on, pos) - item.late_paid
            item.late_paid += late
        item.expired = x + late
        if item.expired <= 0:
            return
        pos.extinguished += item.expired
        self.line(pos, date=on, kind="limitation", amount=item.expired, delta=-item.expired, citation=str(tc(68, 2)),
                  msgid=N_("debt of charge #{id} extinguished: its limitation period ended on {last} ({cite})"),
                  params={"id": item.posting_id, "last": last, "cite": str(item.limitation_citation)},
                  item_id=item.posting_id, period=item.period, rank=0)

    # --- deferrals (TC art. 76(1), 79(4)-(5), 80) -------------------------------------------

    def deferred_part(self, pos: TaxPosition, item: Item, on: dt.date) -> Decimal:
        """What of the debt is deferred and unpaid on ``on`` (not arrears while the plan holds, 76(1))."""
        part = ZERO
        for excl, share, holds in pos.deferred.get(item.posting_id, ()):
            if excl.covers(on) and (holds is None or on <= holds):
                part = max(part, item.open if share is None else min(share, item.open))
        return part

    def held_part(self, pos: TaxPosition, item: Item, on: dt.date) -> Decimal:
        """What of the debt is held from execution on ``on`` (an appeal, TC art. 151(1))."""
        part = ZERO
        for first, last, share in pos.held.get(item.posting_id, ()):
            if first <= on and (last is None or on <= last):
                part = max(part, min(share, item.open))
        return part

    def plan_changes(self, pos: TaxPosition, plan: Plan, through: dt.date) -> list[tuple[dt.date, Decimal]]:
        """The deferred amount still unpaid (79(4)): each covered debt's unpaid amount up to its
        share, summed, as movements ``(date, delta)`` counting from the next day."""
        start = plan["start"]
        dates: set[dt.date] = set()
        tracks = []
        for key, share in plan["shares"].items():
            it = pos.by_key.get(str(key))
            if it is None:
                continue
            moves = sorted(it.moves, key=lambda m: m[0])
            tracks.append((moves, share))
            dates.update(d for d, _ in moves if start < d <= through)

        def unpaid(day: dt.date) -> Decimal:
            total = ZERO
            for moves, share in tracks:
                bal = sum((v for d, v in moves if d <= day), ZERO)
                total += max(min(share, bal), ZERO)
            return total

        changes, last = [], ZERO
        for day in [start, *sorted(dates)]:
            now = unpaid(day)
            changes.append((day, now - last))
            last = now
        return changes

    def plan_interest_through(self, pos: TaxPosition, plan: Plan, through: dt.date) -> Decimal:
        if through <= plan["start"]:
            return ZERO
        return deferral_interest(plan["ground"], self.plan_changes(pos, plan, through), plan["start"], through).total

    def plan_due(self, pos: TaxPosition, plan: Plan) -> None:
        """The plan's interest (79(4)) falls due: a debt of interest (repaid second, 61(2))."""
        amount = self.plan_interest_through(pos, plan, plan["through"])
        pos.plan_interest[plan["id"]] = amount
        if amount <= 0:
            return
        e = Entry(id=plan["id"], kind=Kind.INTEREST.value, tax=pos.tax, amount=amount, value_date=plan["due"],
                  recorded_at=dt.datetime.min, citation=str(tc(79, 4)), period=plan["period"], due_date=plan["due"])
        self.debt(pos, e)

    def advance(self, day: dt.date, *, inclusive: bool) -> None:
        """Expiries (at the start of their day) and offsets (at the end of a due day) before
        ``day``, in time order; expiries on ``day`` itself too when ``inclusive``."""
        while True:
            exp = self.expiries[0][0] if self.expiries and (self.expiries[0][0] < day or (inclusive and self.expiries[0][0] == day)) else None
            off = self.due_points[0] if self.due_points and self.due_points[0] < day else None
            plan = self.plans[0][0] if self.plans and (self.plans[0][0] < day or (inclusive and self.plans[0][0] == day)) else None
            if exp is None and off is None and plan is None:
                return
            if plan is not None and (exp is None or plan <= exp) and (off is None or plan <= off):
                _, _, tax, p = heapq.heappop(self.plans)
                self.plan_due(self.taxes[tax], p)
            elif exp is not None and (off is None or exp <= off):
                _, _, tax, item = heapq.heappop(self.expiries)
                self.expire(item, self.taxes[tax])
            else:
                assert off is not None  # neither a plan nor an expiry comes first: an offset does
                self.offsets_before(off + ONE_DAY)

    def pay_item(self, pos: TaxPosition, item: Item, part: Decimal, on: dt.date) -> None:
        item.open -= part
        if item.kind is DebtKind.TAX:
            item.moves.append((on, -part))
        key = item.kind.value if item.due <= on else "early"
        pos.allocated[key] = pos.allocated.get(key, ZERO) + part

    def credit_in(self, pos: TaxPosition, amount: Decimal, on: dt.date, source_id: int, cite: Citation) -> None:
        """Money for the tax (a payment, or a freed payment): TC art. 61, then early, then overpayment."""
        order = repayment_order(on)
        debts: list[DebtItem] = []
        taken: list[tuple[DebtKind, HeapEntry]] = []
        need = amount
        for kind in order:
            if need <= 0:
                break
            if kind is DebtKind.LATE_INTEREST:
                # Reached only when every payable tax item is being paid in full: its туум through
                # today is final.
                while pos.late_heap and need > 0 and pos.late_heap[0][0] < on:
                    entry = heapq.heappop(pos.late_heap)
                    it = entry[3]
                    owed = self.late_total(it, on, pos) - it.late_paid
                    if owed > 0:
                        debts.append(DebtItem(f"{it.key}:late", DebtKind.LATE_INTEREST, owed, it.due + ONE_DAY, pos.tax))
                        need -= owed
                    if owed > 0 or it.open > 0:
                        taken.append((kind, entry))
                continue
            heap = pos.heaps.get(kind, [])
            while heap and need > 0:
                entry = heap[0]
                if entry[3].open == 0:
                    heapq.heappop(heap)
                    continue
                if entry[0] > on:
                    break
                heapq.heappop(heap)
                taken.append((kind, entry))
                debts.append(DebtItem(entry[3].key, kind, entry[3].open, entry[0], pos.tax))
                need -= entry[3].open
        by_key = pos.by_key
        allocation = allocate_payment(amount, debts, on)
        for ln in allocation.lines:
            if ln.kind is DebtKind.LATE_INTEREST:
                it = by_key[ln.item_id.split(":")[0]]
                it.late_paid += ln.amount
                pos.allocated[DebtKind.LATE_INTEREST.value] = pos.allocated.get(DebtKind.LATE_INTEREST.value, ZERO) + ln.amount
            else:
                it = by_key[ln.item_id]
                self.pay_item(pos, it, ln.amount, on)
            self.line(pos, date=on, kind="allocation", amount=ln.amount, delta=ZERO, citation=str(ln.citation),
                      msgid=N_("{part} of charge #{id} ({period})"),
                      params={"part": ln.kind.value, "id": it.posting_id, "period": it.period or it.arose_on}, posting_id=source_id,
                      item_id=it.posting_id, period=it.period, rank=3)
        left = allocation.remainder
        if left > 0:
            later = self.take_early(pos, left, taken)
            lines, left = pay_in_order(left, [DebtItem(it.key, it.kind, it.open, it.due, pos.tax) for it in later], tc(59, 5))
            for ln in lines:
                it = by_key[ln.item_id]
                self.pay_item(pos, it, ln.amount, on)
                self.line(pos, date=on, kind="allocation", amount=ln.amount, delta=ZERO, citation=str(ln.citation),
                          msgid=N_("paid early: {part} of charge #{id} due {due}"),
                          params={"part": it.kind.value, "id": it.posting_id, "due": it.due}, posting_id=source_id,
                          item_id=it.posting_id, period=it.period, rank=3)
        for kind, entry in taken:
            self.restore(pos, kind, entry, on)
        if left > 0:
            pos.credit += left
            pos.overpayments.append((on, left))
            self.line(pos, date=on, kind="overpayment", amount=left, delta=ZERO, citation=str(tc(81, 1)),
                      msgid=N_("not needed for any debt: overpayment"), posting_id=source_id, rank=3)

    def take_early(self, pos: TaxPosition, amount: Decimal, taken: list[tuple[DebtKind, HeapEntry]]) -> list[Item]:
        """Charges not yet due, earliest due first across kinds, enough to use ``amount``."""
        out: list[Item] = []
        need = amount
        while need > 0:
            best = None
            for kind, heap in pos.heaps.items():
                while heap and heap[0][3].open == 0:
                    heapq.heappop(heap)
                if heap and (best is None or heap[0][:3] < pos.heaps[best][0][:3]):
                    best = kind
            if best is None:
                break
            entry = heapq.heappop(pos.heaps[best])
            taken.append((best, entry))
            out.append(entry[3])
            need -= entry[3].open
        return out

    # --- automatic offset of an overpayment (TC art. 81(2)-(4)) -----------------------------

    def offsets_before(self, day: dt.date) -> None:
        """Offsets on the due dates before ``day``: a debt of another tax that falls due while an
        overpayment exists is offset as of that day (TC art. 81(4)), so it never runs late."""
        while self.due_points and self.due_points[0] < day:
            point = heapq.heappop(self.due_points)
            while self.due_points and self.due_points[0] == point:
                heapq.heappop(self.due_points)
            if point <= self.until:
                self.offset(point)

    def offset(self, on: dt.date) -> None:
        """At the end of ``on``: each overpaid tax (catalogue order) pays the other taxes' debt in
        the order of TC art. 81(2) (``salyk.law.overpayment.offset_overpayment``)."""
        if not any(p.credit > 0 for p in self.taxes.values()):
            return
        rank = {code: n for n, code in enumerate(TAX_CODES)}
        for code in sorted(self.taxes, key=lambda c: (rank.get(c, len(rank)), c)):
            source = self.taxes[code]
            if source.credit <= 0:
                continue
            others = [p for c, p in self.taxes.items() if c != code]
            debts, taken = self.offset_debts(others, source.credit, on)
            if not debts:
                self.put_back(taken, on)
                continue
            allocation = offset_overpayment(source.credit, code, [d for d, _ in debts], on)
            owner = {d.id: p for d, p in debts}
            for ln in allocation.lines:
                target = owner[ln.item_id]
                it = target.by_key[ln.item_id.split(":")[0]]
                if ln.kind is DebtKind.LATE_INTEREST:
                    it.late_paid += ln.amount
                    target.allocated[DebtKind.LATE_INTEREST.value] = target.allocated.get(DebtKind.LATE_INTEREST.value, ZERO) + ln.amount
                else:
                    self.pay_item(target, it, ln.amount, on)
                source.credit -= ln.amount
                source.paid_in -= ln.amount
                target.paid_in += ln.amount
                source.offsets_out.append(OffsetOut(on, target.tax, ln.kind.value, it.posting_id, ln.amount, str(ln.citation)))
                self.line(source, date=on, kind="offset", amount=ln.amount, delta=ln.amount, citation=str(ln.citation),
                          msgid=N_("to {to_tax}: {part} of charge #{id}"), params={"to_tax": target.tax, "part": ln.kind.value, "id": it.posting_id},
                          item_id=it.posting_id, rank=4)
                self.line(target, date=on, kind="offset", amount=ln.amount, delta=-ln.amount, citation=str(ln.citation),
                          msgid=N_("from the {from_tax} overpayment: {part} of charge #{id}"),
                          params={"from_tax": code, "part": ln.kind.value, "id": it.posting_id}, item_id=it.posting_id,
                          period=it.period, rank=4)
            self.put_back(taken, on)

    def offset_debts(self, others: list[TaxPosition], amount: Decimal, on: dt.date
                     ) -> tuple[list[tuple[DebtItem, TaxPosition]], list[tuple[TaxPosition, DebtKind, HeapEntry]]]:
        """The other taxes' debt that ``amount`` can reach, in the order of TC art. 81(2): their
        arrears, then their interest, туум and sanctions; inside each, oldest first across taxes."""
        steps = parameter("overpayment_offset_order", on)
        rank = {code: n for n, code in enumerate(TAX_CODES)}
        debts: list[tuple[DebtItem, TaxPosition]] = []
        taken: list[tuple[TaxPosition, DebtKind, HeapEntry]] = []
        need = amount
        for step in steps:
            if step["scope"] != "other_taxes":
                continue  # same tax: nothing open beside an overpayment (TC art. 61 paid it)
            for kind in (DebtKind(k) for k in step["kinds"]):
                while need > 0:
                    best = None
                    for p in others:
                        heap = p.late_heap if kind is DebtKind.LATE_INTEREST else p.heaps.get(kind, [])
                        while heap and kind is not DebtKind.LATE_INTEREST and heap[0][3].open == 0:
                            heapq.heappop(heap)
                        if not heap or (heap[0][0] >= on if kind is DebtKind.LATE_INTEREST else heap[0][0] > on):
                            continue
                        key = (heap[0][0], heap[0][1], rank.get(p.tax, len(rank)), heap[0][2])
                        if best is None or key < best[0]:
                            best = (key, p, heap)
                    if best is None:
                        break
                    _, p, heap = best
                    entry = heapq.heappop(heap)
                    it = entry[3]
                    taken.append((p, kind, entry))
                    if kind is DebtKind.LATE_INTEREST:
                        # the туум of a debt under appeal waits for the outcome (151(1), (4))
                        owed = ZERO if p.held and self.held_part(p, it, on) > 0 else self.late_total(it, on, p) - it.late_paid
                        if owed > 0:
                            debts.append((DebtItem(f"{it.key}:late", kind, owed, it.due + ONE_DAY, p.tax), p))
                            need -= owed
                    else:
                        # the deferred part is not arrears while the plan holds (76(1)): not offset;
                        # on the plan's last day it falls due like any debt on its due date (81(4))
                        owed = it.open - (self.deferred_part(p, it, on + ONE_DAY) if kind is DebtKind.TAX else ZERO)
                        if p.held:
                            owed -= min(owed, self.held_part(p, it, on))  # under appeal: not offset (151(1))
                        if owed > 0:
                            debts.append((DebtItem(it.key, kind, owed, it.due, p.tax), p))
                            need -= owed
        return debts, taken

    def put_back(self, taken: list[tuple[TaxPosition, DebtKind, HeapEntry]], on: dt.date) -> None:
        for p, kind, entry in taken:
            self.restore(p, kind, entry, on)

    def restore(self, pos: TaxPosition, kind: DebtKind, entry: HeapEntry, on: dt.date) -> None:
        """What is still owed of an item taken out for an allocation goes back in its place."""
        it = entry[3]
        if kind is DebtKind.LATE_INTEREST:
            if it.open > 0 or self.late_total(it, on, pos) > it.late_paid:
                heapq.heappush(pos.late_heap, entry)
        elif it.open > 0:
            heapq.heappush(pos.heaps[kind], entry)

    def payment(self, pos: TaxPosition, e: Entry) -> None:
        pos.paid_in += e.amount
        self.line(pos, date=e.value_date, kind="payment", amount=e.amount, delta=-e.amount, citation=e.citation,
                  msgid=N_("bank reference {ref}"), params={"ref": e.reference}, posting_id=e.id, rank=2)
        self.credit_in(pos, e.amount, e.value_date, e.id, tc(61))

    # --- applications and decisions (TC art. 68-69, 81(6)-(7)) -----------------------------

    def refund(self, pos: TaxPosition, e: Entry) -> None:
        part = min(pos.credit, e.amount)
        pos.credit -= part
        pos.refunded += part
        self.line(pos, date=e.value_date, kind="refund", amount=e.amount, delta=e.amount, citation=e.citation,
                  msgid=N_("refunded ({ref})"), params={"ref": e.reference}, posting_id=e.id, rank=3)
        if e.amount > part:
            self.owed_back(pos, e, e.amount - part)

    def declared_credit(self, pos: TaxPosition, e: Entry) -> None:
        """Tax withheld by agents above the year's tax (175(1)): money in the budget for the tax, so it
        pays the tax's debt (61) and the rest is an overpayment (81(1)), refundable on application."""
        pos.paid_in += e.amount
        self.line(pos, date=e.value_date, kind="declared_credit", amount=e.amount, delta=-e.amount, citation=e.citation,
                  msgid=N_("withheld by tax agents above the year's tax ({period})"), params={"period": e.details.get("period", "")}, posting_id=e.id, rank=2)
        self.credit_in(pos, e.amount, e.value_date, e.id, tc(61))

    def refund_interest(self, pos: TaxPosition, e: Entry) -> None:
        """The budget's interest on a late refund (81(11)): paid to the taxpayer with the refund, it
        neither pays nor makes a debt of the tax; the statement shows it."""
        pos.refund_interest += e.amount
        self.line(pos, date=e.value_date, kind="refund_interest", amount=e.amount, delta=ZERO, citation=e.citation,
                  msgid=N_("interest owed by the budget on the refund paid late ({ref}), paid with it"), params={"ref": e.reference}, posting_id=e.id, rank=3)

    def owed_back(self, pos: TaxPosition, e: Entry, amount: Decimal) -> None:
        """Paid out beyond the overpayment that day: a debt of the tax, due at once."""
        due = e.value_date
        item = Item(e.id, pos.tax, DebtKind.TAX, None, e.value_date, due, amount, amount, str(tc(81, 1)))
        item.moves.append((e.value_date, amount))
        pos.items.append(item)
        pos.by_key[item.key] = item
        entry = (item.due, item.arose_on, item.posting_id, item)
        heapq.heappush(pos.late_heap, entry)
        heapq.heappush(pos.heaps.setdefault(DebtKind.TAX, []), entry)
        heapq.heappush(self.due_points, item.due)
        self.line(pos, date=e.value_date, kind="owed_back", amount=amount, delta=ZERO, citation=str(tc(81, 1)),
                  msgid=N_("{amount} paid out beyond the overpayment: owed back"), params={"amount": Som(amount)}, posting_id=e.id, item_id=e.id, rank=3)

    def transfer(self, pos: TaxPosition, e: Entry) -> None:
        to_tax = str(e.details.get("to_tax"))
        target = self.taxes.setdefault(to_tax, TaxPosition(to_tax))
        part = min(pos.credit, e.amount)
        pos.credit -= part
        pos.paid_in -= part
        self.line(pos, date=e.value_date, kind="offset_applied", amount=part, delta=part, citation=e.citation,
                  msgid=N_("to {to_tax} on application ({ref})"), params={"to_tax": to_tax, "ref": e.reference}, posting_id=e.id, rank=3)
        if part > 0:
            target.paid_in += part
            self.line(target, date=e.value_date, kind="offset_applied", amount=part, delta=-part, citation=e.citation,
                      msgid=N_("from the {from_tax} overpayment on application ({ref})"), params={"from_tax": pos.tax, "ref": e.reference}, posting_id=e.id, rank=3)
            self.credit_in(target, part, e.value_date, e.id, tc(81, 6))

    def write_off(self, pos: TaxPosition, e: Entry) -> None:
        on = e.value_date
        total = ZERO
        recorded = ZERO  # extinguished by limitation before: the decision only records it (TC art. 69)
        for key in e.details.get("items", ()):
            it = pos.by_key.get(str(key))
            if it is None:
                continue  # reversed meanwhile: nothing left to write off
            if it.expired is not None:
                if not it.recorded_off:
                    recorded += it.expired
                    it.recorded_off = True
                continue
            x = it.open
            if x > 0:
                it.open = ZERO
                it.amount -= x  # what stays of the charge is what was paid (a reduction frees only that)
                if it.kind is DebtKind.TAX:
                    it.moves.append((on, -x))
            late = ZERO
            if it.kind is DebtKind.TAX and it.due < on:
                late = self.late_total(it, on, pos) - it.late_paid
                it.late_paid += late
            total += x + late
        pos.written_off += total
        pos.written_off_by[e.id] = pos.written_off_by.get(e.id, ZERO) + total + recorded
        if recorded > 0:
            msgid = N_("hopeless debt written off ({ref}); {amount} already extinguished by limitation (TC art. 68(2)) recorded")
            params = {"ref": e.reference, "amount": Som(recorded)}
        else:
            msgid, params = N_("hopeless debt written off ({ref})"), {"ref": e.reference}
        self.line(pos, date=on, kind="write_off", amount=total + recorded, delta=-total, citation=e.citation,
                  msgid=msgid, params=params, posting_id=e.id, rank=3)

    def hold_lines(self, pos: TaxPosition, e: Entry) -> None:
        """The statement says what an appeal holds and when the hold ends (TC art. 151(1)-(2))."""
        ref = e.details.get("reference") or e.reference
        for key, share in (e.details.get("shares") or {}).items():
            params = {"amount": Som(Decimal(share)), "id": int(key), "ref": ref}
            self.line(pos, date=e.value_date, kind="under_appeal", amount=Decimal(share), delta=ZERO, citation=e.citation,
                      msgid=N_("{amount} of charge #{id} under appeal ({ref}): not offset or collected until the decision on the appeal"),
                      params=params, item_id=int(key), rank=1)
            if e.end_date is not None and e.end_date + ONE_DAY <= self.until:
                self.line(pos, date=e.end_date + ONE_DAY, kind="under_appeal", amount=Decimal(share), delta=ZERO, citation=str(tc(151, 2)),
                          msgid=N_("the appeal hold on charge #{id} ended ({ref})"), params=params, item_id=int(key), rank=1)

    # --- the end -------------------------------------------------------------------------

    def close(self, pos: TaxPosition) -> None:
        on = self.until
        carried = self.carried(pos, on)
        pos.late_interest += pos.late_settled
        for _, _, tax, plan in self.plans:
            if tax == pos.tax and plan["start"] < on:
                # the plan's interest so far, due on the plan's end (79(4))
                accrued = self.plan_interest_through(pos, plan, min(on, plan["through"]))
                pos.plan_interest[plan["id"]] = accrued
                pos.not_yet_due += accrued
        for it in pos.items:
            if pos.held and it.open > 0:
                pos.under_appeal += self.held_part(pos, it, on)
            if it.due >= on:
                pos.not_yet_due += it.open
                continue
            if it.kind is DebtKind.TAX:
                deferred = self.deferred_part(pos, it, on)
                pos.not_yet_due += deferred
                pos.arrears += it.open - deferred
                late = carried[it.posting_id] if it.posting_id in carried else self.late_total(it, on, pos)
                pos.late_interest += late - it.late_paid
            elif it.kind is DebtKind.INTEREST:
                pos.interest += it.open
            else:
                pos.sanctions += it.open
        if self.explain:
            for it in pos.items:
                if it.kind is DebtKind.TAX and it.due < on:
                    self.late_lines(pos, it)
            pos.lines.sort(key=lambda ln: (ln.date, ln.rank, ln.seq))

    def carried(self, pos: TaxPosition, on: dt.date) -> dict[int, Decimal]:
        """The туум through ``on`` of the debts carried unchanged from a snapshot's day with no
        exclusion (most open debts of a big taxpayer), by posting id: computed together
        (``resumed_totals``: the days after the snapshot's day are cut once for all of them), each
        equal to its own ``late_total``. The others (a deferral, a move since) go one by one."""
        if self.explain:
            return {}
        ids, pairs = [], []
        for it in pos.items:
            base = it.late_base
            if base is None or it.late is not None or it.due >= on or base[0].until > on:
                continue
            if base[1] != (len(it.moves), (), (), ()) or self.late_inputs(it, pos) != base[1]:
                continue  # moved since, or an exclusion bears on it: ``late`` resumes it alone
            ids.append(it.posting_id)
            pairs.append((base[0], sum((v for _, v in it.moves), Decimal(0))))  # all dated on or before the base's day
        return dict(zip(ids, resumed_totals(pairs, on))) if pairs else {}

    def late_lines(self, pos: TaxPosition, it: Item) -> None:
        through = self.until
        if it.open == 0:
            through = min(self.until, max(d for d, _ in it.moves))
        result = self.late(it, max(through, it.due), pos) if it.late is None else it.late
        cumulative = Decimal(0)
        for seg in result.segments:
            before = round_tyiyn(cumulative)
            cumulative += seg.amount
            amount = round_tyiyn(cumulative) - before
            if seg.end > self.until or (amount == 0 and seg.excluded_by is None):
                continue
            params: dict[str, Any] = {"start": seg.start, "end": seg.end, "id": it.posting_id}
            if seg.excluded_by is not None:
                msgid = N_("{start} – {end}, charge #{id}: none ({ground})")
                params["ground"] = seg.excluded_by.value
            else:
                msgid = N_("{start} – {end}, charge #{id}: {balance} × {rate}% × {days} days (100% ceiling)") if seg.capped \
                    else N_("{start} – {end}, charge #{id}: {balance} × {rate}% × {days} days")
                params |= {"balance": Som(seg.balance), "rate": (seg.rate * 100).normalize(), "days": seg.days}
            self.line(pos, date=seg.end, kind="late_interest", amount=amount, delta=amount, citation=str(seg.citation),
                      msgid=msgid, params=params, item_id=it.posting_id, period=it.period, rank=1)


def effective(entries: Iterable[Entry]) -> list[Entry]:
    """Leave out reversed postings and their reversals."""
    entries = list(entries)
    reversed_ids = {e.corrects_id for e in entries if e.kind == Kind.REVERSAL.value}
    return [e for e in entries if e.kind != Kind.REVERSAL.value and e.id not in reversed_ids]


def derive(
    entries: Iterable[Entry],
    until: dt.date,
    *,
    boundaries: Sequence[dt.date] = (),
    explain: bool = False,
    calendar: Calendar | None = None,
    book: LawBook | None = None,
) -> Position:
    """The position at the end of day ``until`` from the postings with value date <= ``until``.

    ``explain`` collects the statement lines (charges, payments, allocations with their
    citations, туум per segment between balance changes). ``boundaries`` are extra days on
    which a туум segment is split (the first day of a statement window), without changing
    any amount. ``book`` is the law book to compute under (rates, the calendar); without one,
    the book in force in this context.
    """
    if book is not None:
        with using(book):
            return derive(entries, until, boundaries=boundaries, explain=explain, calendar=calendar or book.calendar)
    calendar = calendar or default_calendar()
    deriver = _Deriver(dt.date.min, [d - ONE_DAY for d in boundaries], calendar, explain)
    feed(deriver, [e for e in effective(entries) if e.value_date <= until], until)
    return finish(deriver)


def start(calendar: Calendar | None = None) -> "_Deriver":
    """An empty derivation (no posting yet): ``feed`` it, ``finish`` it, or keep it as a snapshot."""
    return _Deriver(dt.date.min, [], calendar or default_calendar(), False)


class Unresumable(Exception):
    """The new postings reach back into what a snapshot already decided: derive from scratch."""


def feed(deriver: "_Deriver", kept: list[Entry], until: dt.date) -> "_Deriver":
    """Carry the derivation on through the end of ``until`` with ``kept``: the effective postings
    with value date after the derivation's day and <= ``until`` (``effective`` applied).

    A fresh derivation fed everything is ``derive``; a derivation fed in two steps (through day D,
    then through ``until``) ends in the same state (``salyk.ledger.snapshots`` relies on it, the
    ledger state machine checks it). What a day D state knew only as of D is brought up to date
    here: limitation ends falling in (D, until] are queued, and a deferral posted after D that
    moves the limitation of an earlier debt (58(1)(2)) re-dates it; should that debt have ended
    already by D, the state cannot be resumed (``Unresumable``).
    """
    before = deriver.until
    deriver.until = until
    taxes = deriver.taxes
    moved: set[int] = set()
    for e in kept:
        if e.value_date <= before:
            raise Unresumable("a posting dated on or before the state's day")
        if e.kind == Kind.INTEREST_EXCLUSION.value:
            pos = taxes.setdefault(e.tax, TaxPosition(e.tax))
            exclusion = Exclusion(e.details.get("ground", "deferral"), e.value_date, e.end_date)
            shares = e.details.get("shares")
            if shares is not None and e.details.get("items"):
                # a deferral (TC art. 79(5), 71(7)(7)): each debt for the amount deferred of it
                holds = dt.date.fromisoformat(e.details["interest"]["through"]) if e.details.get("interest") else None
                last = min(d for d in (holds, e.end_date) if d is not None) if (holds or e.end_date) else None
                if last is not None:
                    if last <= before:
                        raise Unresumable("a deferral falling due on or before the state's day")
                    heapq.heappush(deriver.due_points, last)  # the deferred debt falls due: an offset may reach it (81(4))
                for key in e.details["items"]:
                    share = shares.get(str(key))
                    pos.deferred.setdefault(int(key), []).append((exclusion, None if share is None else Decimal(share), holds))
                    if e.end_date is not None:
                        pos.deferral_ends[int(key)] = max(e.end_date, pos.deferral_ends.get(int(key), e.end_date))
                        moved.add(int(key))
                plan = e.details.get("interest")
                if plan:
                    p = {"id": e.id, "ground": plan["ground"], "start": e.value_date, "through": dt.date.fromisoformat(plan["through"]),
                         "due": dt.date.fromisoformat(plan["due"]), "period": plan.get("period"),
                         "shares": {str(k): Decimal(v) for k, v in shares.items()}}
                    if p["due"] <= before:
                        raise Unresumable("a plan's interest due on or before the state's day")
                    heapq.heappush(deriver.plans, (p["due"], e.id, e.tax, p))
            elif e.details.get("items"):
                for key in e.details["items"]:
                    pos.item_exclusions.setdefault(int(key), []).append(exclusion)
                    if exclusion.ground is ExclusionGround.DEFERRAL and e.end_date is not None:
                        # 58(1)(2): a deferred debt left unpaid is claimed from the plan's end
                        pos.deferral_ends[int(key)] = max(e.end_date, pos.deferral_ends.get(int(key), e.end_date))
                        moved.add(int(key))
            else:
                pos.exclusions.append(exclusion)
        elif e.kind == Kind.HOLD.value:
            # an appeal suspends execution (TC art. 151(1)-(2)): these parts are not offset
            pos = taxes.setdefault(e.tax, TaxPosition(e.tax))
            for key, share in (e.details.get("shares") or {}).items():
                pos.held.setdefault(int(key), []).append((e.value_date, e.end_date, Decimal(share)))
            if e.end_date is not None:
                heapq.heappush(deriver.due_points, e.end_date + ONE_DAY)  # executable again: an offset may reach it (81(4))
    if before != dt.date.min:
        # the debts of the state: limitation ends after its day are queued now (``limit`` queued
        # only those through its day), re-dated first where a new deferral moved them
        for pos in taxes.values():
            for item in pos.items:
                if item.posting_id in moved:
                    old = item.expires
                    deriver.limit(pos, item, None, queue=False)
                    if item.expired is not None and item.expires != old:
                        raise Unresumable("a deferral re-dates the limitation of a debt already extinguished")
                if item.expired is None and item.expires is not None and before < item.expires <= until:
                    heapq.heappush(deriver.expiries, (item.expires, item.posting_id, pos.tax, item))
    kept = sorted(kept, key=lambda e: (e.value_date, _RANK.get(e.kind, 1) if e.amount >= 0 else 1, e.id))
    i = 0
    while i < len(kept):
        day = kept[i].value_date
        deriver.advance(day, inclusive=True)
        while i < len(kept) and kept[i].value_date == day:
            e = kept[i]
            i += 1
            pos = taxes.setdefault(e.tax, TaxPosition(e.tax))
            if e.kind in _BUCKET:
                if e.amount >= 0:
                    deriver.debt(pos, e)
                else:
                    deriver.reduction(pos, e)
            elif e.kind == Kind.PAYMENT.value:
                deriver.payment(pos, e)
            elif e.kind == Kind.REFUND.value:
                deriver.refund(pos, e)
            elif e.kind == Kind.OFFSET.value:
                deriver.transfer(pos, e)
            elif e.kind == Kind.WRITE_OFF.value:
                deriver.write_off(pos, e)
            elif e.kind == Kind.REFUND_INTEREST.value:
                deriver.refund_interest(pos, e)
            elif e.kind == Kind.DECLARED_CREDIT.value:
                deriver.declared_credit(pos, e)
            elif e.kind == Kind.HOLD.value:
                deriver.hold_lines(pos, e)
            elif e.kind == Kind.INTEREST_EXCLUSION.value and e.source == "interest_stop":
                params = {"start": e.value_date, "end": e.end_date, "ground": e.details.get("ground"), "ref": e.details.get("act_reference") or ""}
                msgid = N_("no туум from {start} to {end}: {ground} ({ref})") if e.end_date else N_("no туум from {start} until the ground ends: {ground} ({ref})")
                deriver.line(pos, date=e.value_date, kind="interest_stop", amount=ZERO, delta=ZERO, citation=e.citation,
                             msgid=msgid, params=params,
                             posting_id=e.id, rank=1)
        deriver.offset(day)
    deriver.advance(until + ONE_DAY, inclusive=False)
    return deriver


def finish(deriver: "_Deriver") -> Position:
    """The buckets at the end of the derivation's day (the derivation is spent: close it once)."""
    for pos in deriver.taxes.values():
        deriver.close(pos)
    return Position(deriver.until, deriver.taxes)
