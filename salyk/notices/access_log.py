"""Who looked at my data (TC art. 54): every read and change of the taxpayer's data by tax-office
staff, from the audit log, with the office role (never the officer's name), what was looked at,
and why when the request gave a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from salyk.kernel import authorize
from salyk.kernel.config import BISHKEK
from salyk.kernel.errors import ValidationFailed
from salyk.kernel.models import AuditEntry
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime

STAFF_ROLES = ("officer", "admin", "system")
# What the audit action is about, by its prefix (the most specific first).
OBJECTS = (
    ("ledger.balance", "account"), ("ledger.statement", "account"), ("ledger.payments", "account"), ("ledger.", "account"),
    ("declaration", "declaration"), ("certificate", "declaration"), ("tax_registration", "registration"),
    ("notices.decision", "decision"), ("notices.appeal", "appeal"), ("property", "property"), ("waybill", "waybill"),
    ("patent", "patent"), ("taxpayer", "registration"),
)
MAX_ENTRIES = 1000


@dataclass(frozen=True)
class AccessEntry:
    at: dt.datetime
    role: str
    action: str
    object: str
    reason: str | None


def object_of(action: str) -> str:
    return next((obj for prefix, obj in OBJECTS if action.startswith(prefix)), "other")


def my_access_log(rt: Runtime, principal: Principal, *, start: dt.date | None, end: dt.date | None) -> list[AccessEntry]:
    me = authorize.taxpayer(principal)
    if start is not None and end is not None and start > end:
        raise ValidationFailed("INVALID_RANGE", "The date range is not valid: from must not be after to.", {"from": start.isoformat(), "to": end.isoformat()})
    stmt = select(AuditEntry).where(AuditEntry.taxpayer_id == me.taxpayer_id, AuditEntry.actor_role.in_(STAFF_ROLES))
    if start is not None:
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(start, dt.time(), BISHKEK))
    if end is not None:
        stmt = stmt.where(AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), BISHKEK))
    with rt.db.read() as session:
        rows = session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(MAX_ENTRIES))
        return [AccessEntry(r.at, r.actor_role, r.action, object_of(r.action), (r.details or {}).get("reason")) for r in rows]
