"""Order of repaying tax debt within one tax, TC art. 61.

"Ар бир салыкка карата салык карыздарын жоюу төмөнкүдөй тартипте жүргүзүлөт: 1) салыктын
суммасын; 2) мөөнөтүндө төлөнбөгөн салыктын суммасы боюнча пайыздарды; 3) ... туумду;
4) чегерилген салык санкцияларын. Салык карызын жоюу анын пайда болуу кезегинин тартиби боюнча
жүргүзүлөт."

So a payment to one tax goes first to the tax, then interest, then туум, then sanctions; inside
each kind, oldest first. Whether the age of a debt overrides the kind is not said; the kind
first is the reading most favourable to the taxpayer (TC art. 15(3)), because туум accrues only
on unpaid tax (TC art. 71(7)(1)) and so stops soonest (READINGS.md). What is left over is an
overpayment (TC art. 81(1)); moving it to another tax is an offset (``overpayment.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from salyk.law.citation import Citation, tc
from salyk.law.money import ZERO, format_som
from salyk.law.trace import N_, Trace, param, som

ORDER = "debt_repayment_order"


class DebtKind(str, Enum):
    TAX = "tax"  # салык калдыгы, TC art. 4(2)(10)
    INTEREST = "interest"  # пайыздар on deferred debt, TC art. 79(4)
    LATE_INTEREST = "late_interest"  # туум, TC art. 71
    SANCTION = "sanction"  # салыктык санкция, TC art. 139


KIND_WORDS = {
    DebtKind.TAX: N_("tax"),
    DebtKind.INTEREST: N_("interest"),
    DebtKind.LATE_INTEREST: N_("туум"),
    DebtKind.SANCTION: N_("sanction"),
}


@dataclass(frozen=True)
class DebtItem:
    """One open debt of a taxpayer: what is still unpaid of it, and when it arose."""

    id: str
    kind: DebtKind
    amount: Decimal
    arose_on: dt.date
    tax: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DebtKind(self.kind))
        object.__setattr__(self, "amount", as_money(self.amount, f"debt {self.id}"))
        if self.amount < 0:
            raise ValueError(f"debt {self.id}: an open amount cannot be negative")


@dataclass(frozen=True)
class AllocationLine:
    item_id: str
    kind: DebtKind
    amount: Decimal
    tax: str
    citation: Citation

    def as_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "kind": self.kind.value, "tax": self.tax,
                "amount": format_som(self.amount), "citation": str(self.citation)}


@dataclass(frozen=True)
class Allocation:
    lines: tuple[AllocationLine, ...]
    remainder: Decimal  # not needed for any debt given: an overpayment (TC art. 81)

    @property
    def allocated(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def as_money(value: Decimal | int | str, what: str) -> Decimal:
    amount = Decimal(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{what}: money has at most two decimals ({value})")
    return amount.quantize(Decimal("0.01"))


def repayment_order(on: dt.date, trace: Trace | None = None) -> tuple[DebtKind, ...]:
    return tuple(DebtKind(k) for k in param(trace, ORDER, on))


def sort_for_repayment(items: Iterable[DebtItem], order: Sequence[DebtKind]) -> list[DebtItem]:
    """Kind by ``order``, then oldest first; equal dates keep the caller's order."""
    rank = {k: i for i, k in enumerate(order)}
    indexed = list(enumerate(items))
    missing = {it.kind for _, it in indexed} - set(rank)
    if missing:
        raise ValueError(f"debt kinds with no place in the order: {sorted(k.value for k in missing)}")
    indexed.sort(key=lambda p: (rank[p[1].kind], p[1].arose_on, p[0]))
    return [it for _, it in indexed]


def pay_in_order(
    amount: Decimal, ordered: Sequence[DebtItem], citation: Citation, trace: Trace | None = None
) -> tuple[list[AllocationLine], Decimal]:
    """Pay ``ordered`` items in turn from ``amount``; returns the lines and what is left."""
    left = amount
    lines: list[AllocationLine] = []
    for item in ordered:
        if left <= 0:
            break
        part = min(left, item.amount)
        if part <= 0:
            continue
        left -= part
        lines.append(AllocationLine(item.id, item.kind, part, item.tax, citation))
        if trace is not None:
            trace.step(N_("{kind} {id} (arose {arose}, open {open}): {part}"), part, citation, kind=KIND_WORDS[item.kind], id=item.id,
                       arose=item.arose_on, open=som(item.amount), part=som(part))
    return lines, left


def allocate_payment(
    amount: Decimal, items: Iterable[DebtItem], on: dt.date, *, trace: Trace | None = None
) -> Allocation:
    """Allocate a payment credited to one tax across that tax's open debt (TC art. 61).

    ``on`` is the payment's date (TC art. 60(1)): it selects the law in force. The items should
    all be of the tax the payment was made for; a payment never goes to another tax except by
    an offset under TC art. 81.
    """
    amount = as_money(amount, "payment")
    if amount < 0:
        raise ValueError("a payment cannot be negative")
    item_list = list(items)
    taxes = {it.tax for it in item_list}
    if len(taxes) > 1:
        raise ValueError(f"TC art. 61 allocates within one tax; got {sorted(taxes)}")
    if trace is not None:
        trace.step(N_("payment {amount} on {day}: tax, interest, туум, sanctions; oldest first"), amount, tc(61), amount=som(amount), day=on)
    ordered = sort_for_repayment(item_list, repayment_order(on, trace))
    lines, left = pay_in_order(amount, ordered, tc(61), trace)
    if trace is not None:
        trace.step(N_("left over: an overpayment"), left, tc(81, 1))
        trace.result = left
    return Allocation(tuple(lines), left)
