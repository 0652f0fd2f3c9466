"""What the application and decision workflows share: gapless decision numbers (design "Ledger
principles" 6) and the append-only status history, both written in the caller's transaction, and
the application steps alike for refunds and deferrals (lookup by id or client reference, paper
applications, the taxpayer's and the officer's lists)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.ledger import DeferralApplication, RefundApplication, StatusChange
from salyk.db.models.registry import Taxpayer
from salyk.kernel import numbers
from salyk.kernel.errors import Conflict, NotFound, invalid_field
from salyk.kernel import audit
from salyk.kernel.principal import Principal
from salyk.ledger.results import StatusStep
from salyk.registry.taxpayers import Who, find, validate_tin, who
from salyk.kernel.runtime import Runtime

# The application tables that share the workflow below.
A = TypeVar("A", DeferralApplication, RefundApplication)

SERIES = {"refund": "ledger.refund", "offset": "ledger.refund", "deferral": "ledger.deferral",
          "termination": "ledger.deferral", "write_off": "ledger.write_off"}
PREFIX = {"refund": "R", "offset": "R", "deferral": "D", "termination": "D", "write_off": "W"}


def next_number(session: Session, what: str, year: int) -> str:
    """The next decision number of the year for ``what`` (``R-2025-000001``), gapless (kernel counter)."""
    return f"{PREFIX[what]}-{year}-{numbers.next_number(session, SERIES[what], year):06d}"


def record_status(session: Session, subject: str, subject_id: int, status: str, *, at: dt.datetime, actor: str, note: str | None = None) -> None:
    session.add(StatusChange(subject=subject, subject_id=subject_id, status=status, at=at, actor=actor, note=note))


def history(session: Session, subject: str, subject_id: int) -> list[StatusChange]:
    return list(session.scalars(select(StatusChange).where(StatusChange.subject == subject, StatusChange.subject_id == subject_id)
                                .order_by(StatusChange.id)))


def _step(h: StatusChange) -> StatusStep:
    return StatusStep(h.status, h.at, h.note)


def history_view(session: Session, subject: str, subject_id: int) -> tuple[StatusStep, ...]:
    """The status history of one application, oldest first."""
    return tuple(_step(h) for h in history(session, subject, subject_id))


def history_views(session: Session, subject: str, subject_ids: list[int]) -> dict[int, tuple[StatusStep, ...]]:
    """The histories of a list of applications, read in one query rather than one per application."""
    out: dict[int, list[StatusStep]] = {i: [] for i in subject_ids}
    if subject_ids:
        for h in session.scalars(select(StatusChange).where(StatusChange.subject == subject, StatusChange.subject_id.in_(subject_ids))
                                 .order_by(StatusChange.id)):
            out[h.subject_id].append(_step(h))
    return {i: tuple(steps) for i, steps in out.items()}


def owned(session: Session, model: type[A], app_id: str, taxpayer_id: int | None = None, *, lock: bool = False) -> A:
    """The application ``app_id`` (locked for a decision); another taxpayer's answers 404 like a missing one."""
    row = None
    if isinstance(app_id, str) and app_id.isdigit() and len(app_id) <= 18:
        stmt = select(model).where(model.id == int(app_id))
        row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None or (taxpayer_id is not None and row.taxpayer_id != taxpayer_id):
        raise NotFound("APPLICATION_NOT_FOUND", "No such application.", {"id": str(app_id)[:20]})
    return row


def check_undecided(row: DeferralApplication | RefundApplication) -> None:
    if row.status != "received":
        raise Conflict("APPLICATION_ALREADY_DECIDED", "This application has already been decided.", {"status": row.status})


def paper_taxpayer(rt: Runtime, tin: str, received_on: dt.date) -> int:
    """The taxpayer of an application handed in on paper, received on ``received_on`` (not later than today)."""
    validate_tin(tin)
    if received_on > rt.today():
        raise invalid_field("received_on", "out_of_range")
    with rt.db.transaction() as session:
        return find(session, tin).id


def lock_taxpayer(session: Session, taxpayer_id: int) -> None:
    """One application of a taxpayer at a time (issue 9): the second of two parallel applications
    with one client_reference then finds the first (a replay or REFERENCE_CONFLICT, never the
    unique index's error), and pending refunds are summed with every earlier one in view."""
    # FOR NO KEY UPDATE on PostgreSQL: rows that merely reference the taxpayer are not held up.
    session.execute(select(Taxpayer.id).where(Taxpayer.id == taxpayer_id).with_for_update(key_share=True))


def by_client_reference(session: Session, model: type[A], taxpayer_id: int, client_reference: str | None) -> A | None:
    if client_reference is None:
        return None
    return session.scalar(select(model).where(model.taxpayer_id == taxpayer_id, model.client_reference == client_reference))


def reference_conflict(client_reference: str | None) -> Conflict:
    return Conflict("REFERENCE_CONFLICT", "This reference was already used with different content.", {"client_reference": client_reference})


def taxpayer_applications(session: Session, model: type[A], taxpayer_id: int) -> list[A]:
    """One taxpayer's applications, newest first."""
    return list(session.scalars(select(model).where(model.taxpayer_id == taxpayer_id).order_by(model.id.desc())))


def officer_applications(session: Session, officer: Principal, model: type[A], action: str, *, at: dt.datetime,
                         status: str | None, tin: str | None) -> list[tuple[A, Who]]:
    """Applications of all taxpayers or one (by ИСН), newest first, each with who it is about;
    the read is audited."""
    stmt = select(model, Taxpayer.tin).join(Taxpayer, Taxpayer.id == model.taxpayer_id)
    taxpayer_id = None
    if tin is not None:
        validate_tin(tin)
        taxpayer_id = find(session, tin).id
        stmt = stmt.where(model.taxpayer_id == taxpayer_id)
    if status is not None:
        stmt = stmt.where(model.status == status)
    rows = [(r, t) for r, t in session.execute(stmt.order_by(model.id.desc()).limit(500))]
    audit.record(session, officer, action, taxpayer_id=taxpayer_id, at=at, ids=[r.id for r, _ in rows])
    names = who(session, [r.taxpayer_id for r, _ in rows])
    return [(r, names[r.taxpayer_id]) for r, _ in rows]
