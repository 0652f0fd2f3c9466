"""Payments from bank statements (TC art. 59-60), exactly once per bank reference.

A payment is posted with the day it was paid as its value date (TC art. 60(1)(1), (3): the
day the order was submitted to the bank or the cash paid in); it is allocated when balances
are derived (TC art. 61, ``salyk.ledger.derive``), so a statement arriving late changes the
position from its value date on.

Exactly once (design "Ledger principles" 3): the bank reference is the idempotency key, held
by the unique constraint ``(source, reference)``; rows are inserted with ``ON CONFLICT DO
NOTHING`` (SQLite and PostgreSQL), so two imports of the same file running at the same time
post each payment once, and the loser sees the winner's rows as duplicates. A reference seen
again with different content is refused (``REFERENCE_CONFLICT``), never guessed at; so are an
unknown ИСН (``TAXPAYER_NOT_FOUND``) and an unknown tax (``UNKNOWN_TAX``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer
from salyk.kernel.errors import Conflict, NotFound, SalykError, invalid_field
from salyk.law.citation import tc
from salyk.law.money import format_som, from_tyiyn, to_tyiyn
from salyk.ledger.charges import check_amount, check_tax, earliest_date
from salyk.ledger import snapshots
from salyk.ledger.postings import Kind
from salyk.kernel import audit, authorize, events
from salyk.kernel.principal import Principal
from salyk.registry.taxpayers import officer_read, validate_tin
from salyk.kernel.runtime import Runtime

SOURCE = "bank"
CITATION = str(tc(60, 1))
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSERT_ROWS = 500  # rows per INSERT statement (SQLite's bound-parameter limit)


@dataclass(frozen=True)
class PaymentIn:
    """One line of a bank statement, as received (strings; checked here, not by the caller)."""

    bank_reference: Any
    tin: Any
    tax: Any
    amount: Any
    paid_on: Any
    payment_reference: Any = None  # the reference of a service order (an e-patent) the payer quoted


@dataclass(frozen=True)
class Rejection:
    bank_reference: str | None
    error: SalykError


@dataclass(frozen=True)
class ImportResult:
    """What an import did, line by line: posted, seen before (duplicates), refused with why."""

    accepted: int = 0
    duplicates: int = 0
    rejected: tuple[Rejection, ...] = ()
    accepted_ids: tuple[int, ...] = ()

    def __add__(self, other: ImportResult) -> ImportResult:
        """Two chunks' results as one (an import committed in several transactions)."""
        return ImportResult(self.accepted + other.accepted, self.duplicates + other.duplicates, self.rejected + other.rejected,
                            self.accepted_ids + other.accepted_ids)


@dataclass(frozen=True)
class _Valid:
    reference: str
    tin: str
    tax: str
    tyiyn: int
    paid_on: dt.date
    payment_reference: str | None = None


def _payment_reference(value: Any) -> str | None:
    """Optional: the order reference a payer quoted (an e-patent order); kept as given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise invalid_field("payment_reference", "not_a_string")
    if len(value) > 64:
        raise invalid_field("payment_reference", "too_long")
    if any(ord(c) < 32 for c in value):
        raise invalid_field("payment_reference", "control_characters")
    return value.strip()


def _reference(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_field("bank_reference", "empty")
    if len(value) > 200:
        raise invalid_field("bank_reference", "too_long", max=200)
    if any(ord(c) < 32 for c in value):
        raise invalid_field("bank_reference", "control_characters")
    return value


def _paid_on(value: Any, today: dt.date) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise invalid_field("paid_on", "not_a_date") from None
    else:
        raise invalid_field("paid_on", "not_a_date")
    # Money cannot have reached the budget on a day still to come (TC art. 60(1)).
    if day < earliest_date() or day > today:
        raise invalid_field("paid_on", "out_of_range")
    return day


def _check(p: PaymentIn, today: dt.date) -> _Valid:
    reference = _reference(p.bank_reference)
    tin = validate_tin(p.tin)
    tax = check_tax(p.tax)
    amount = check_amount(p.amount)
    return _Valid(reference, tin, tax, to_tyiyn(amount), _paid_on(p.paid_on, today), _payment_reference(p.payment_reference))


def _conflict(reference: str) -> Conflict:
    return Conflict("REFERENCE_CONFLICT", "This bank reference was already used for a different payment.", {"bank_reference": reference})


_PG_INSERT = (
    "INSERT INTO ledger_postings (taxpayer_id, kind, tax, period, amount, value_date, due_date, end_date, recorded_at,"
    " recorded_by, source, reference, corrects_id, citation, details, payment_reference)"
    " VALUES (%s, %s, %s, NULL, %s, %s, NULL, NULL, %s, %s, %s, %s, NULL, %s, '{}'::json, %s)"
    " ON CONFLICT (source, reference) DO NOTHING RETURNING reference, id"
)


def _insert_pg(session: Session, rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """PostgreSQL: one prepared single-row INSERT ... ON CONFLICT DO NOTHING RETURNING, sent in
    psycopg's pipeline (executemany); a multi-row statement would be re-parsed per batch."""
    driver = session.connection().connection.driver_connection
    if driver is None:  # the pool's connection was invalidated under us: let the transaction fail
        raise RuntimeError("the database connection is closed")
    cursor = driver.cursor()
    try:
        cursor.executemany(_PG_INSERT, [
            (r["taxpayer_id"], r["kind"], r["tax"], r["amount"], r["value_date"], r["recorded_at"], r["recorded_by"],
             r["source"], r["reference"], r["citation"], r["payment_reference"]) for r in rows
        ], returning=True)
        out: list[tuple[str, int]] = []
        while True:
            out.extend(cursor.fetchall())
            if not cursor.nextset():
                break
        return out
    finally:
        cursor.close()


def record_payments(
    session: Session,
    payments: Sequence[PaymentIn],
    *,
    today: dt.date,
    recorded_at: dt.datetime,
    recorded_by: str,
    rt: Runtime | None = None,
) -> ImportResult:
    """Post a batch of payments inside the caller's transaction; per-line results.

    With ``rt``, every newly posted payment is published as ``events.PAYMENT_RECEIVED`` in this
    transaction (an e-patent order paid by it is issued in the same commit, or neither is)."""
    duplicates = 0
    rejected: list[Rejection] = []
    accepted_ids: list[int] = []
    first: dict[str, _Valid] = {}
    valid: list[_Valid] = []
    for p in payments:
        ref = p.bank_reference if isinstance(p.bank_reference, str) else None
        try:
            v = _check(p, today)
        except SalykError as exc:
            rejected.append(Rejection(ref, exc))
            continue
        seen = first.get(v.reference)
        if seen is None:
            first[v.reference] = v
            valid.append(v)
        elif seen == v:
            duplicates += 1
        else:
            rejected.append(Rejection(v.reference, _conflict(v.reference)))

    ids: dict[str, int] = {}
    tins = sorted({v.tin for v in valid})
    for i in range(0, len(tins), _INSERT_ROWS):
        chunk = tins[i : i + _INSERT_ROWS]
        ids.update((t, i) for t, i in session.execute(select(Taxpayer.tin, Taxpayer.id).where(Taxpayer.tin.in_(chunk))))
    known: list[_Valid] = []
    for v in valid:
        if v.tin in ids:
            known.append(v)
        else:
            rejected.append(Rejection(v.reference, NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"tin": v.tin})))

    # One lock order for every importer: concurrent imports of one file queue, never deadlock.
    known.sort(key=lambda v: v.reference)
    inserted: dict[str, int] = {}
    if known:
        snapshots.lock_heads(session, {ids[v.tin] for v in known})
        rows: list[dict[str, Any]] = [
            {"taxpayer_id": ids[v.tin], "kind": Kind.PAYMENT.value, "tax": v.tax, "period": None, "amount": v.tyiyn,
             "value_date": v.paid_on, "due_date": None, "end_date": None, "recorded_at": recorded_at, "recorded_by": recorded_by,
             "source": SOURCE, "reference": v.reference, "corrects_id": None, "citation": CITATION, "details": {},
             "payment_reference": v.payment_reference}
            for v in known
        ]
        if session.get_bind().dialect.name == "postgresql":
            inserted.update(_insert_pg(session, rows))
        else:
            # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs
            # ("insertmanyvalues") compiled once, rows in the order given.
            stmt = sqlite_insert(Posting).on_conflict_do_nothing(index_elements=["source", "reference"])
            returned = session.connection().execute(stmt.returning(Posting.reference, Posting.id), rows)
            inserted.update((r, i) for r, i in returned)
    missing = [v for v in known if v.reference not in inserted]
    existing: dict[str, Posting] = {}
    for i in range(0, len(missing), _INSERT_ROWS):
        refs = [v.reference for v in missing[i : i + _INSERT_ROWS]]
        for row in session.scalars(select(Posting).where(Posting.source == SOURCE, Posting.reference.in_(refs))):
            existing[row.reference] = row
    for v in known:
        if v.reference in inserted:
            accepted_ids.append(inserted[v.reference])
            continue
        row = existing[v.reference]
        same = (row.kind == Kind.PAYMENT.value and row.taxpayer_id == ids[v.tin] and row.tax == v.tax
                and row.amount == v.tyiyn and row.value_date == v.paid_on and row.payment_reference == v.payment_reference)
        if same:
            duplicates += 1
        else:
            rejected.append(Rejection(v.reference, _conflict(v.reference)))
    if rt is not None:
        for v in known:  # in reference order: one order of effects for every importer
            if v.reference in inserted:
                events.publish(rt, session, events.PAYMENT_RECEIVED, {
                    "taxpayer_id": ids[v.tin], "posting_id": inserted[v.reference], "tax": v.tax,
                    "amount": format_som(from_tyiyn(v.tyiyn)), "paid_on": v.paid_on.isoformat(),
                    "bank_reference": v.reference, "payment_reference": v.payment_reference,
                })
    return ImportResult(len(accepted_ids), duplicates, tuple(rejected), tuple(accepted_ids))


def import_payments(
    rt: Runtime,
    actor: Principal | None,
    payments: Iterable[PaymentIn],
    *,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import payments: one transaction per chunk (``None``: the whole batch in one), each audited."""
    actor = authorize.staff(actor)  # the bank file is loaded by staff or the operator's CLI
    total = ImportResult()
    batch: list[PaymentIn] = []

    def flush() -> None:
        nonlocal total
        if not batch:
            return
        with rt.db.transaction() as session:
            part = record_payments(session, batch, today=rt.today(), recorded_at=rt.now(),
                                   recorded_by=actor.login if actor else "system", rt=rt)
            audit.record(session, actor, "ledger.payments.import", at=rt.now(), lines=len(batch), accepted=part.accepted,
                         duplicates=part.duplicates, rejected=len(part.rejected))
        total += part
        if progress is not None:
            progress(len(batch))
        batch.clear()

    for p in payments:
        batch.append(p)
        if chunk_size is not None and len(batch) >= chunk_size:
            flush()
    flush()
    return total


@dataclass(frozen=True)
class PaymentView:
    id: int
    bank_reference: str
    tax: str
    amount: Decimal
    paid_on: dt.date
    recorded_at: dt.datetime
    reversed: bool


def list_payments(session: Session, taxpayer_id: int) -> list[PaymentView]:
    """The taxpayer's payments, newest first; a payment returned by the bank (TC art. 60(2)) is
    listed as reversed."""
    rows = list(session.scalars(
        select(Posting).where(Posting.taxpayer_id == taxpayer_id, Posting.kind.in_([Kind.PAYMENT.value, Kind.REVERSAL.value]))
    ))
    reversed_ids = {r.corrects_id for r in rows if r.kind == Kind.REVERSAL.value}
    out = [
        PaymentView(r.id, r.reference, r.tax, from_tyiyn(r.amount), r.value_date, r.recorded_at, r.id in reversed_ids)
        for r in rows if r.kind == Kind.PAYMENT.value
    ]
    out.sort(key=lambda p: (p.paid_on, p.id), reverse=True)
    return out


def my_payments(rt: Runtime, principal: Principal) -> list[PaymentView]:
    principal = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return list_payments(session, principal.taxpayer_id)


def officer_payments(rt: Runtime, officer: Principal, tin: str) -> list[PaymentView]:
    """An officer's read of a taxpayer's payments, audited."""
    officer = authorize.staff(officer)
    with officer_read(rt, officer, tin, "ledger.payments.read") as read:
        return list_payments(read.session, read.taxpayer.id)
