"""Derivation snapshots: a big taxpayer's balance without deriving every posting again (issue 16).

A snapshot is the state of ``salyk.ledger.derive`` at the end of a day D (every posting with value
date <= D fed, nothing closed), stored per taxpayer in ``ledger_snapshots``. A balance as of a day
U >= D resumes from the latest usable snapshot and feeds only the postings dated in (D, U]; the
result equals a derivation from scratch (``derive.feed``; the ledger state machine compares the two
after every step).

What keeps a snapshot true:

- A posting dated on or before D (a late bank statement, a clarified report) or reversing one
  deletes the taxpayer's snapshots from that date on, in the posting's own transaction (a trigger
  on ``ledger_postings``, so bulk imports are covered too), and bumps the taxpayer's generation
  in ``ledger_snapshot_heads``. A snapshot derived from a read older than the newest posting is
  not stored (``save`` compares the generation under a share lock on the head row).
- The law book: a snapshot records a key of the book as it applies through D (the dated values
  effective on or before D, every calendar day, since due dates and limitation ends look ahead,
  and the packaged parameter files). A snapshot whose key differs from the book in force is not
  used; a law value entered also deletes the snapshots from its effective date (trigger on
  ``law_values``), as the law book of another process may lag by its TTL.
- Blobs are signed (HMAC-SHA256 under the server's secret key) and unpickled only when the
  signature holds: a row someone wrote into the table is never run. The two parts are signed
  apart (``mac`` the state with its posting count, ``quick_mac`` the quick part with its quiet
  day), each with the snapshot's day and law-book key, so that a view reads and hashes only the
  part it uses.

Cost: a page view with no posting since the snapshot reads the small ``quick`` part (the open
debts, the settled ones summed) and closes it at U: the cost follows the open debts, neither the
history nor the days elapsed. Each open debt carries its туум through D, computed when the quick
part is made (``_Deriver.keep_late``); at U only (D, U] is priced, for all the debts carried
unchanged at once (``salyk.law.interest.resumed_totals``: the days are cut where the rate or the
ceiling changes, read once), one by one for those under an exclusion. No posting is fed on that
path, so the inputs are those of D; ``_Deriver.late`` checks it anyway (the movement count, the
exclusions, the deferred shares) and computes from the due date otherwise. After new postings
the whole state is read once, the new postings fed, and a new snapshot at the last posting's day
is written (one small write transaction after the read). Small ledgers (fewer than
``MIN_POSTINGS``) derive from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import pickle
from dataclasses import dataclass
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from importlib import metadata
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, delete, select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import Snapshot, SnapshotHead
from salyk.law.allocation import DebtKind
from salyk.law.book import CALENDAR_OVERRIDE, LawBook
from salyk.law.calendar import default_calendar
from salyk.law.money import ZERO
from salyk.law.parameters import CURRENT_BOOK
from salyk.ledger.derive import ONE_DAY, Position, TaxPosition, Unresumable, _Deriver, derive, effective, feed, finish, start
from salyk.ledger.postings import Entry, Kind, load_entries

if TYPE_CHECKING:
    from salyk.kernel.runtime import Runtime

VERSION = 2  # bump when the derivation changes what it keeps: older snapshots are then never used (2: туум carried)
MIN_POSTINGS = 200  # fewer effective postings than this: derive from scratch, store nothing
KEEP = 3  # snapshots kept per taxpayer (the newest); a back-dated posting falls back to an older one

log = logging.getLogger(__name__)
# a snapshot's small columns: id, on_date, book_key, quiet_until, postings
_Head = Row[int, dt.date, str, dt.date | None, int]


@dataclass(frozen=True)
class Pending:
    """A snapshot derived in a read transaction, to be stored by ``save`` in a write transaction."""

    taxpayer_id: int
    on_date: dt.date
    generation: int
    book_key: str
    quiet_until: dt.date | None
    postings: int
    state: bytes
    quick: bytes


@lru_cache(maxsize=1)
def _package_key() -> str:
    """The packaged law (parameter files, data tables, the holidays package) and the code version."""
    law = Path(__file__).resolve().parent.parent / "law"
    h = hashlib.sha256(f"v{VERSION}|holidays {metadata.version('holidays')}".encode())
    for path in sorted([*law.joinpath("parameters").rglob("*.yaml"), *law.joinpath("data").rglob("*")]):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def book_key(book: LawBook | None, on: dt.date) -> str:
    """What of the law book a derivation through ``on`` may have read."""
    h = hashlib.sha256(_package_key().encode())
    for e in book.entries if book is not None else ():
        if e.name == CALENDAR_OVERRIDE or e.effective_from <= on:
            h.update(repr((e.name, e.effective_from.isoformat(), e.value)).encode())
    return h.hexdigest()


def _mac(secret: bytes, part: str, taxpayer_id: int, on: dt.date, key: str, extra: str, blob: bytes) -> str:
    """The signature of one part ("state" or "quick") of a snapshot, with what says when and how
    it may be used (its day, the law book's key, its posting count or quiet day): each part is
    read and checked alone, so that a quick view never reads nor hashes the whole state."""
    m = hmac.new(secret, f"{VERSION}|{part}|{taxpayer_id}|{on.isoformat()}|{key}|{extra}|".encode(), hashlib.sha256)
    m.update(blob)
    return m.hexdigest()


def _state_mac(secret: bytes, taxpayer_id: int, on: dt.date, key: str, postings: int, state: bytes) -> str:
    return _mac(secret, "state", taxpayer_id, on, key, str(postings), state)


def _quick_mac(secret: bytes, taxpayer_id: int, on: dt.date, key: str, quiet_until: dt.date | None, quick: bytes) -> str:
    return _mac(secret, "quick", taxpayer_id, on, key, "" if quiet_until is None else quiet_until.isoformat(), quick)


# --- the state as bytes ------------------------------------------------------------------------


def _dumps(deriver: _Deriver) -> bytes:
    """The derivation without what a balance never reads (its calendar comes from the book in
    force when loaded; the туум segments are kept by explained statements only)."""
    for pos in deriver.taxes.values():
        for it in pos.items:
            if it.late is not None and it.late.segments:
                it.late = dataclasses.replace(it.late, segments=())
    return _pickle(deriver)


def _pickle(deriver: _Deriver) -> bytes:
    state = {k: v for k, v in vars(deriver).items() if k not in ("calendar", "_limits")}
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(blob: bytes) -> _Deriver:
    state: dict[str, Any] = pickle.loads(blob)  # signed by us: see ``_signed``
    deriver = _Deriver.__new__(_Deriver)
    deriver.__dict__.update(state)
    deriver.calendar = default_calendar()
    deriver._limits = {}
    return deriver


def _quick(deriver: _Deriver) -> tuple[bytes, dt.date | None]:
    """What ``finish`` needs at any later day U when no posting and no event falls in (D, U]: the
    debts still open (their туум runs on), those not yet due, those a deferral plan reads, and per
    tax the туум left unpaid on settled debts, which no longer changes. With the first day an event
    comes by itself (a limitation end, a plan's interest falling due, an offset on a due day while
    an overpayment exists): the quick part holds only before it."""
    day = deriver.until
    on = day + ONE_DAY
    events: list[dt.date] = []
    planned = {str(k) for _, _, _, p in deriver.plans for k in p["shares"]}
    taxes = {}
    for code, pos in deriver.taxes.items():
        kept = []
        settled = ZERO
        for it in pos.items:
            if it.expired is None and it.expires is not None:
                events.append(it.expires)
            if it.open == 0 and it.due < on and it.key not in planned:
                if it.kind is DebtKind.TAX:
                    settled += deriver.late_total(it, on, pos) - it.late_paid
                continue
            deriver.keep_late(it, pos)
            kept.append(it)
        q = dataclasses.replace(pos, items=kept, by_key={it.key: it for it in kept}, heaps={}, late_heap=[], lines=[],
                                overpayments=[], written_off_by={}, offsets_out=[])
        q.late_settled = pos.late_settled + settled
        taxes[code] = q
    if deriver.plans:
        events.append(deriver.plans[0][0])
    if deriver.due_points and any(p.credit > 0 for p in deriver.taxes.values()):
        events.append(deriver.due_points[0])
    quick = _Deriver(day, [], deriver.calendar, False)
    quick.taxes = taxes
    quick.plans = list(deriver.plans)
    blob = _pickle(quick)
    return blob, min(events) if events else None


# --- the balance -------------------------------------------------------------------------------


def position(session: Session, taxpayer_id: int, as_of: dt.date, secret: bytes, *,
             min_postings: int = MIN_POSTINGS, today: dt.date | None = None) -> tuple[Position, Pending | None]:
    """The position at the end of ``as_of`` (buckets only, no statement lines), and a new snapshot
    to store when one is worth it. Equal to ``derive(load_entries(...), as_of)``."""
    head = session.scalar(select(SnapshotHead.generation).where(SnapshotHead.taxpayer_id == taxpayer_id))  # before the postings
    generation = head or 0
    book = CURRENT_BOOK.get()
    for row in _candidates(session, taxpayer_id, as_of, book):
        tail = load_entries(session, taxpayer_id, after=row.on_date, until=as_of)
        if not tail and (row.quiet_until is None or as_of < row.quiet_until):
            blob = _signed(session, row, taxpayer_id, secret, quick=True)
            if blob is None:
                continue
            quick = _loads(blob)
            quick.until = as_of
            return finish(quick), None
        kept = effective(tail)
        if any(e.kind == Kind.REVERSAL.value for e in tail) and len(kept) + 2 * sum(e.kind == Kind.REVERSAL.value for e in tail) != len(tail):
            # a reversal of a posting the snapshot holds (its trigger should have deleted the snapshot)
            return derive(load_entries(session, taxpayer_id, until=as_of), as_of), None
        blob = _signed(session, row, taxpayer_id, secret, quick=False)
        if blob is None:
            continue
        try:
            return _resume(_loads(blob), kept, as_of, taxpayer_id, generation, book, row.postings + len(kept), today)
        except Unresumable:
            return derive(load_entries(session, taxpayer_id, until=as_of), as_of), None
    entries = load_entries(session, taxpayer_id, until=as_of)
    everything = effective(entries)
    if len(everything) < min_postings or not everything:
        return derive(entries, as_of), None
    return _resume(start(), everything, as_of, taxpayer_id, generation, book, len(everything), today)


def _resume(deriver: _Deriver, kept: list[Entry], as_of: dt.date, taxpayer_id: int, generation: int, book: LawBook | None,
            count: int, today: dt.date | None) -> tuple[Position, Pending | None]:
    """Feed ``kept`` through its last day, keep that state as a new snapshot, then go on to ``as_of``.
    With no new posting, the state is kept as of ``today`` (never a projected day: a snapshot
    dated in the future would crowd out the useful ones), or not at all."""
    last = max((e.value_date for e in kept), default=min(as_of, today) if today is not None else None)
    if last is None or last <= deriver.until:
        feed(deriver, kept, as_of)
        return finish(deriver), None
    feed(deriver, kept, last)
    state = _dumps(deriver)
    quick, quiet = _quick(deriver)
    pending = Pending(taxpayer_id, last, generation, book_key(book, last), quiet, count, state, quick)
    if as_of > last:
        feed(deriver, [], as_of)
    return finish(deriver), pending


def _candidates(session: Session, taxpayer_id: int, as_of: dt.date, book: LawBook | None) -> Iterator[_Head]:
    """The taxpayer's snapshots through ``as_of`` derived by this code under this law book, newest
    first: their small columns only (the parts are read by ``_signed`` when one is chosen)."""
    rows = session.execute(
        select(Snapshot.id, Snapshot.on_date, Snapshot.book_key, Snapshot.quiet_until, Snapshot.postings)
        .where(Snapshot.taxpayer_id == taxpayer_id, Snapshot.on_date <= as_of, Snapshot.version == VERSION)
        .order_by(Snapshot.on_date.desc()).limit(KEEP + 1)).all()
    for r in rows:
        if hmac.compare_digest(r.book_key, book_key(book, r.on_date)):
            yield r


def _signed(session: Session, row: _Head, taxpayer_id: int, secret: bytes, *, quick: bool) -> bytes | None:
    """One part of the snapshot ``row``, when its signature holds (else ``None``: never unpickled)."""
    if quick:
        got = session.execute(select(Snapshot.quick, Snapshot.quick_mac).where(Snapshot.id == row.id)).one_or_none()
        mac = None if got is None else _quick_mac(secret, taxpayer_id, row.on_date, row.book_key, row.quiet_until, got[0])
    else:
        got = session.execute(select(Snapshot.state, Snapshot.mac).where(Snapshot.id == row.id)).one_or_none()
        mac = None if got is None else _state_mac(secret, taxpayer_id, row.on_date, row.book_key, row.postings, got[0])
    if got is None or mac is None:
        return None  # deleted meanwhile (a posting's trigger, in another transaction)
    if not hmac.compare_digest(got[1], mac):
        log.warning("ledger snapshot %s of taxpayer %s: signature of its %s does not match, ignored", row.id, taxpayer_id,
                    "quick part" if quick else "state")
        return None
    blob: bytes = got[0]
    return blob


def save(session: Session, pending: Pending, secret: bytes, *, now: dt.datetime) -> bool:
    """Store ``pending`` unless a posting came since it was derived; keep the ``KEEP`` newest."""
    q = select(SnapshotHead.generation).where(SnapshotHead.taxpayer_id == pending.taxpayer_id)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(read=True)  # a posting's trigger updates the head first: one of us waits
    if (session.scalar(q) or 0) != pending.generation:
        return False
    session.execute(delete(Snapshot).where(Snapshot.taxpayer_id == pending.taxpayer_id, Snapshot.on_date == pending.on_date))
    session.add(Snapshot(taxpayer_id=pending.taxpayer_id, on_date=pending.on_date, version=VERSION, book_key=pending.book_key,
                         quiet_until=pending.quiet_until, postings=pending.postings, state=pending.state, quick=pending.quick,
                         mac=_state_mac(secret, pending.taxpayer_id, pending.on_date, pending.book_key, pending.postings, pending.state),
                         quick_mac=_quick_mac(secret, pending.taxpayer_id, pending.on_date, pending.book_key, pending.quiet_until,
                                              pending.quick),
                         created_at=now))
    session.flush()
    old = session.scalars(select(Snapshot.id).where(Snapshot.taxpayer_id == pending.taxpayer_id)
                          .order_by(Snapshot.on_date.desc()).offset(KEEP)).all()
    if old:
        session.execute(delete(Snapshot).where(Snapshot.id.in_(old)))
    return True


def store(rt: Runtime, pending: Pending | None) -> None:
    """``save`` in its own write transaction; a cache, so a failure costs only the next view's time."""
    if pending is None:
        return
    try:
        with rt.db.transaction() as session:
            save(session, pending, secret(rt), now=rt.now())
    except Exception:  # noqa: BLE001 - never fail a balance view over its cache
        log.exception("ledger snapshot of taxpayer %s not stored", pending.taxpayer_id)


def secret(rt: Runtime) -> bytes:
    return hashlib.sha256(b"salyk.ledger.snapshots|" + str(rt.settings.secret_key).encode()).digest()


__all__ = ["Pending", "VERSION", "book_key", "position", "save", "store", "secret", "TaxPosition"]


def lock_heads(session: Session, taxpayer_ids: set[int]) -> None:
    """Before a write that posts for many taxpayers at once (a bank file), take their head rows in
    id order. Each posting's trigger bumps its taxpayer's head, and the postings themselves are
    inserted in reference order: without this, two concurrent imports of overlapping files could
    hold a head and wait on a reference the other holds, and the other the reverse (a deadlock on
    PostgreSQL). With the heads taken first, in one order, the second import queues at its first
    shared taxpayer. SQLite has one writer and needs nothing."""
    if not taxpayer_ids or session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    rows = [{"taxpayer_id": i, "generation": 0} for i in sorted(taxpayer_ids)]
    session.execute(pg_insert(SnapshotHead).values(rows).on_conflict_do_update(
        index_elements=["taxpayer_id"], set_={"generation": SnapshotHead.generation}))
