"""Balance and explained statement of a taxpayer as of a day.

``as_of`` is the end of that day, after every event dated that day (contract section 2). A past
day gives the position as it stood then by value date: the postings with value date <= as_of,
as we know them now, so a late bank statement with an earlier value date corrects the past too
(design "Ledger principles" 2). ``known_at`` in addition drops what was recorded later (the
position as we showed it at that moment; officers' reproduction of an old answer). A future day
is a projection: туум runs on, no more payments come.

Buckets per tax (TC art. 4(2)(9)-(11) and the contract): arrears (салык калдыгы), interest
(пайыздар, TC art. 79(4)), late_interest (туум, TC art. 71), sanctions, overpayment (TC art.
81(1)); total_due is the tax debt (салык карызы, TC art. 4(2)(9)) of the tax.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from salyk.law.money import ZERO
from salyk.ledger.derive import Line, Position, TaxPosition, derive
from salyk.ledger import snapshots
from salyk.ledger.postings import load_entries
from salyk.kernel import authorize
from salyk.kernel.principal import Principal
from salyk.registry.taxpayers import officer_read
from salyk.kernel.runtime import Runtime


@dataclass(frozen=True)
class TaxBalance:
    tax: str
    arrears: Decimal
    interest: Decimal
    late_interest: Decimal
    sanctions: Decimal
    overpayment: Decimal
    not_yet_due: Decimal  # charged, due later: not yet debt
    under_appeal: Decimal = Decimal(0)  # of the debt: held by an appeal, not offset or collected (TC art. 151(1))

    @property
    def total_due(self) -> Decimal:
        return self.arrears + self.interest + self.late_interest + self.sanctions

    @classmethod
    def of(cls, p: TaxPosition) -> "TaxBalance":
        return cls(p.tax, p.arrears, p.interest, p.late_interest, p.sanctions, p.overpayment, p.not_yet_due, p.under_appeal)


@dataclass(frozen=True)
class Balance:
    as_of: dt.date
    taxes: tuple[TaxBalance, ...]

    @property
    def total_due(self) -> Decimal:
        return sum((t.total_due for t in self.taxes), ZERO)

    @property
    def total_overpayment(self) -> Decimal:
        return sum((t.overpayment for t in self.taxes), ZERO)

    def tax(self, code: str) -> TaxBalance | None:
        return next((t for t in self.taxes if t.tax == code), None)


def balance(session: Session, taxpayer_id: int, as_of: dt.date, *, known_at: dt.datetime | None = None) -> Balance:
    """The balance at the end of ``as_of``; taxes with nothing in any bucket are left out."""
    return _of(derive(load_entries(session, taxpayer_id, until=as_of, known_at=known_at), as_of))


def snapshot_balance(session: Session, taxpayer_id: int, as_of: dt.date, secret: bytes,
                     *, min_postings: int = snapshots.MIN_POSTINGS, today: dt.date | None = None) -> tuple[Balance, snapshots.Pending | None]:
    """``balance`` resumed from the taxpayer's latest derivation snapshot (issue 16; equal to it),
    and a new snapshot for the caller to ``snapshots.store`` once its read has ended."""
    position, pending = snapshots.position(session, taxpayer_id, as_of, secret, min_postings=min_postings, today=today)
    return _of(position), pending


def _of(position: Position) -> Balance:
    taxes = tuple(TaxBalance.of(p) for _, p in sorted(position.taxes.items()) if not p.is_zero())
    return Balance(position.until, taxes)


@dataclass(frozen=True)
class StatementLine:
    date: dt.date
    tax: str
    kind: str
    amount: Decimal
    balance: Decimal  # running net balance of the tax after this line: owed (+) or overpaid (-)
    citation: str
    msgid: str  # the explanation as data: rendered in the reader's language by salyk.ledger.wording.describe
    params: dict[str, Any]
    posting_id: int | None
    period: str | None


@dataclass(frozen=True)
class Statement:
    start: dt.date | None
    end: dt.date
    opening: dict[str, Decimal]  # net balance per tax at the end of the day before ``start``
    lines: tuple[StatementLine, ...]
    closing: Balance


def statement(
    session: Session,
    taxpayer_id: int,
    *,
    end: dt.date,
    start: dt.date | None = None,
    tax: str | None = None,
    known_at: dt.datetime | None = None,
) -> Statement:
    """Every charge, payment, allocation and туум segment between balance changes, with its
    citation and the running balance ("why this number?")."""
    # The whole position is derived, then filtered: an offset between taxes (TC art. 81(2))
    # needs them all.
    entries = load_entries(session, taxpayer_id, until=end, known_at=known_at)
    position = derive(entries, end, boundaries=() if start is None else (start,), explain=True)
    shown = {code: pos for code, pos in position.taxes.items() if tax is None or code == tax}
    opening: dict[str, Decimal] = {}
    lines: list[tuple[Line, Decimal]] = []
    for code, pos in sorted(shown.items()):
        running = ZERO
        opening[code] = ZERO
        for ln in pos.lines:
            running += ln.delta
            if start is not None and ln.date < start:
                opening[code] = running
                continue
            lines.append((ln, running))
    lines.sort(key=lambda p: (p[0].date, p[0].rank, p[0].seq))
    out = tuple(
        StatementLine(ln.date, ln.tax, ln.kind, ln.amount, running, ln.citation, ln.msgid, ln.params, ln.posting_id, ln.period)
        for ln, running in lines
    )
    closing = Balance(end, tuple(TaxBalance.of(p) for _, p in sorted(shown.items()) if not p.is_zero()))
    return Statement(start, end, opening, out, closing)


# --- services (own their transactions) -----------------------------------------------------


def my_balance(rt: Runtime, principal: Principal, as_of: dt.date | None) -> Balance:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        result, pending = snapshot_balance(session, principal.taxpayer_id, as_of or rt.today(), snapshots.secret(rt), today=rt.today())
    snapshots.store(rt, pending)
    return result


def my_statement(rt: Runtime, principal: Principal, *, start: dt.date | None, end: dt.date | None, tax: str | None) -> Statement:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return statement(session, principal.taxpayer_id, start=start, end=end or rt.today(), tax=tax)


def officer_balance(rt: Runtime, actor: Principal, tin: str, as_of: dt.date | None, known_at: dt.datetime | None = None) -> Balance:
    """An officer's read of a taxpayer's balance, audited (TC art. 54)."""
    day = as_of or rt.today()
    pending = None
    with officer_read(rt, actor, tin, "ledger.balance.read", as_of=day) as read:
        if known_at is not None:  # as shown at that moment: from scratch (snapshots hold what is known now)
            return balance(read.session, read.taxpayer.id, day, known_at=known_at)
        result, pending = snapshot_balance(read.session, read.taxpayer.id, day, snapshots.secret(rt), today=rt.today())
    snapshots.store(rt, pending)
    return result


def officer_statement(rt: Runtime, actor: Principal, tin: str, *, start: dt.date | None, end: dt.date | None, tax: str | None) -> Statement:
    day = end or rt.today()
    with officer_read(rt, actor, tin, "ledger.statement.read", start=start, end=day, tax=tax) as read:
        return statement(read.session, read.taxpayer.id, start=start, end=day, tax=tax)
