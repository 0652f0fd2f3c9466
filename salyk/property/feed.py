"""The registry feed (TC art. 125): the vehicle and real-estate registries send every taxable
object with its owner and parameters; we keep every version.

Rules per record, the same for the API, the CLI file and the web upload:
- the same ``(registry_id, version)`` with the same content is a duplicate; with other content
  ``REFERENCE_CONFLICT``;
- a version lower than the highest one held is ``STALE_VERSION``;
- an unknown ИСН is ``TAXPAYER_NOT_FOUND`` (reported, never guessed);
- a newer version becomes the current view; the old ones stay (``property_versions`` is
  append-only); nothing is deleted: an object leaves its owner only with ``owned_to``.

A chunk of records is one transaction: its rows are checked against the database with one query
per table and written with multi-row INSERTs, so a monthly file of hundreds of thousands of rows
loads in minutes; a malformed row is refused alone, with its field and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel import audit, authorize
from salyk.kernel.errors import Conflict, NotFound, SalykError, ValidationFailed
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.property.models import PropertyFeedBatch, PropertyObject, PropertyVersion
from salyk.property.records import CHECKS, KINDS, Record, registry_id_of

MAX_RECORDS = 10_000  # per API request; files go through the CLI in chunks
KEPT_REJECTIONS = 200  # per batch row, for the officer's page
_IN = 500  # keys per IN (...) list
T = TypeVar("T")


@dataclass(frozen=True)
class Rejected:
    registry_id: str | None
    error: SalykError
    line: int | None = None  # 1-based record number in the delivery


@dataclass
class FeedResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    batch_id: int | None = None

    def add(self, other: "FeedResult") -> None:
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected.extend(other.rejected)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationFailed("VALIDATION_ERROR", "The field {field} is not valid: {reason}.",
                               {"field": "kind", "reason": "unknown_kind"}, field="kind", reason="unknown kind")
    return kind


def receive(rt: Runtime, actor: Principal, kind: str, records: Sequence[Any], *, channel: str = "api") -> FeedResult:
    """``POST /officer/registry/vehicles|real-estate``: one delivery in one transaction, with its
    batch row and audit row."""
    authorize.staff(actor)
    check_kind(kind)
    if len(records) > MAX_RECORDS:
        raise ValidationFailed("VALIDATION_ERROR", "The field {field} is not valid: {reason}.",
                               {"field": "records", "reason": "too_long"}, field="records", reason="it is too long")
    result = _with_retry(rt, lambda session: _chunk(session, rt, actor, kind, records, first_line=1))
    with rt.db.transaction() as session:
        result.batch_id = record_batch(session, rt, actor, kind, channel, len(records), result)
    return result


def import_rows(rt: Runtime, actor: Principal, kind: str, rows: Sequence[dict[str, str]], *, chunk_size: int = 1000,
                channel: str = "cli", progress: Callable[[int], None] | None = None) -> FeedResult:
    """A registry file (``salyk registry import``): chunks of ``chunk_size`` rows, each one
    transaction, so that an interrupted import can simply be run again (every row it committed
    is then a duplicate)."""
    authorize.staff(actor)
    check_kind(kind)
    total = FeedResult()
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start:start + chunk_size]
        # _with_retry runs the work at once, so the lambda sees this iteration's chunk and start.
        total.add(_with_retry(rt, lambda session: _chunk(session, rt, actor, kind, chunk, first_line=start + 1)))
        if progress is not None:
            progress(len(chunk))
    with rt.db.transaction() as session:
        total.batch_id = record_batch(session, rt, actor, kind, channel, len(rows), total)
    return total


def record_batch(session: Session, rt: Runtime, actor: Principal, kind: str, channel: str, rows: int, result: FeedResult) -> int:
    rejections = [{"registry_id": r.registry_id, "line": r.line, "code": r.error.code, "message": r.error.message,
                   "params": {k: v for k, v in r.error.params.items() if isinstance(v, (str, int))}, "details": r.error.details}
                  for r in result.rejected[:KEPT_REJECTIONS]]
    batch = PropertyFeedBatch(kind=kind, channel=channel, received_at=rt.now(), received_by=actor.login, rows=rows,
                              accepted=result.accepted, duplicates=result.duplicates, rejected=len(result.rejected),
                              rejections=rejections)
    session.add(batch)
    session.flush()
    audit.record(session, actor, "property.registry_feed", at=rt.now(), batch=batch.id, kind=kind, channel=channel,
                 rows=rows, accepted=result.accepted, duplicates=result.duplicates, rejected=len(result.rejected))
    return batch.id


def _with_retry(rt: Runtime, work: Callable[[Session], FeedResult]) -> FeedResult:
    """A concurrent delivery of the same object may win the unique keys between our read and our
    write: the chunk is then read and decided again (it finds the winner's rows)."""
    for attempt in range(3):
        try:
            with rt.db.transaction() as session:
                return work(session)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@dataclass
class _Held:
    """What the database (and the earlier rows of this chunk) hold for one registry_id."""

    object_id: int | None
    current: int  # highest version held, 0 for none
    versions: dict[int, str]  # version -> digest
    final: Record | None = None  # the highest version accepted in this chunk


def _in_chunks(values: Iterable[T], size: int = _IN) -> Iterator[list[T]]:
    listed = list(values)
    for i in range(0, len(listed), size):
        yield listed[i:i + size]


def _chunk(session: Session, rt: Runtime, actor: Principal, kind: str, raws: Sequence[Any], *, first_line: int) -> FeedResult:
    result = FeedResult()
    if session.get_bind().dialect.name == "postgresql":
        # psycopg prepares repeated statements; a generic plan made while the tables were small
        # would scan them whole for every key list once they hold a monthly file (100,000 rows).
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    today = rt.today()
    check = CHECKS[kind]
    checked: list[tuple[int, Record]] = []
    for offset, raw in enumerate(raws):
        try:
            checked.append((first_line + offset, check(raw, today)))
        except SalykError as exc:
            result.rejected.append(Rejected(registry_id_of(raw), exc, first_line + offset))
    if not checked:
        return result

    taxpayers: dict[str, int] = {}
    for tins in _in_chunks({r.tin for _, r in checked}):
        taxpayers.update((t, i) for t, i in session.execute(select(Taxpayer.tin, Taxpayer.id).where(Taxpayer.tin.in_(tins))))
    held: dict[str, _Held] = {}
    for keys in _in_chunks({r.registry_id for _, r in checked}):
        for object_id, registry_id, version in session.execute(
                select(PropertyObject.id, PropertyObject.registry_id, PropertyObject.version)
                .where(PropertyObject.kind == kind, PropertyObject.registry_id.in_(keys))):
            held[registry_id] = _Held(object_id, version, {})
    by_object = {h.object_id: h for h in held.values()}
    for ids in _in_chunks(by_object):
        for object_id, version, digest in session.execute(
                select(PropertyVersion.object_id, PropertyVersion.version, PropertyVersion.digest)
                .where(PropertyVersion.object_id.in_(ids))):
            by_object[object_id].versions[version] = digest

    new_versions: list[tuple[Record, int]] = []  # (record, taxpayer id)
    for line, record in checked:
        taxpayer_id = taxpayers.get(record.tin)
        state = held.setdefault(record.registry_id, _Held(None, 0, {}))
        known = state.versions.get(record.version)
        if known is not None:
            if known == record.digest:
                result.duplicates += 1
            else:
                result.rejected.append(Rejected(record.registry_id, Conflict(
                    "REFERENCE_CONFLICT", "This registry record version was already received with different content.",
                    {"registry_id": record.registry_id, "version": record.version}), line))
            continue
        if record.version < state.current:
            result.rejected.append(Rejected(record.registry_id, Conflict(
                "STALE_VERSION", "A newer version of this registry record is already held ({held}).",
                {"registry_id": record.registry_id, "version": record.version, "held": state.current}, held=state.current), line))
            continue
        if taxpayer_id is None:
            result.rejected.append(Rejected(record.registry_id, NotFound(
                "TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.", {"tin": record.tin}), line))
            continue
        state.versions[record.version] = record.digest
        state.current = record.version
        state.final = record
        new_versions.append((record, taxpayer_id))
        result.accepted += 1
    if not new_versions:
        return result

    now = rt.now()
    # Declarative types ``__table__`` as a FromClause; these mapped classes each have their Table.
    objects, versions = cast(Table, PropertyObject.__table__), cast(Table, PropertyVersion.__table__)
    finals = [(s, s.final) for s in held.values() if s.final is not None]
    fresh = [(s, final) for s, final in finals if s.object_id is None]
    if fresh:
        rows = [_object_row(kind, final, taxpayers[final.tin], now) for _, final in fresh]
        for object_id, registry_id in session.execute(insert(objects).returning(objects.c.id, objects.c.registry_id), rows):
            held[registry_id].object_id = object_id
    fresh_keys = {final.registry_id for _, final in fresh}
    moved = [(s, final) for s, final in finals if final.registry_id not in fresh_keys]
    if moved:
        session.execute(update(objects).where(objects.c.id == bindparam("object_id")), [
            {"object_id": s.object_id, **_object_row(kind, final, taxpayers[final.tin], now, with_key=False)} for s, final in moved])
    session.execute(insert(versions), [
        {"object_id": held[r.registry_id].object_id, "version": r.version, "taxpayer_id": taxpayer_id, "digest": r.digest,
         "content": r.content, "owned_from": r.owned_from, "owned_to": r.owned_to, "received_at": now,
         "received_by": actor.login}
        for r, taxpayer_id in new_versions])
    return result


def _object_row(kind: str, record: Record, taxpayer_id: int, now: dt.datetime, *, with_key: bool = True) -> dict[str, Any]:
    row = {"taxpayer_id": taxpayer_id, "version": record.version, "owned_from": record.owned_from,
           "owned_to": record.owned_to, "content": record.content, "received_at": now}
    if with_key:
        row |= {"kind": kind, "registry_id": record.registry_id}
    return row


@dataclass(frozen=True)
class BatchView:
    id: int
    kind: str
    channel: str
    received_at: dt.datetime
    received_by: str
    rows: int
    accepted: int
    duplicates: int
    rejected: int
    rejections: tuple[dict[str, Any], ...]


def recent_batches(rt: Runtime, actor: Principal, limit: int = 50) -> list[BatchView]:
    """The officer's page of feed results (no taxpayer data beyond the registry's keys)."""
    authorize.staff(actor)
    with rt.db.read() as session:
        rows = session.scalars(select(PropertyFeedBatch).order_by(PropertyFeedBatch.id.desc()).limit(limit)).all()
        return [BatchView(b.id, b.kind, b.channel, b.received_at, b.received_by, b.rows, b.accepted, b.duplicates,
                          b.rejected, tuple(b.rejections or ())) for b in rows]
