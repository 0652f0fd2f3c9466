"""The audit log (TC art. 54 tax secrecy): who read or changed which taxpayer's data, and when.

Rows are written in the same transaction as the change they describe, so there is never a
change without its audit row; the table is append-only in the database.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

from salyk.kernel.models import AuditEntry
from salyk.kernel.principal import Principal

# Why an officer is looking (the X-Access-Reason header of the request, set by the API's
# middleware), recorded on every audit row the request writes (TC art. 54; issue 15).
ACCESS_REASONS = ("audit", "appeal_review", "taxpayer_request", "collection", "registration")
access_reason: ContextVar[str | None] = ContextVar("salyk_access_reason", default=None)


def record(
    session: Session,
    actor: Principal | None,
    action: str,
    *,
    taxpayer_id: int | None = None,
    at: dt.datetime,
    **details: Any,
) -> None:
    session.add(AuditEntry(**row(actor, action, taxpayer_id=taxpayer_id, at=at, **details)))


def row(actor: Principal | None, action: str, *, taxpayer_id: int | None = None, at: dt.datetime, **details: Any) -> dict[str, Any]:
    """The audit row's values, for a caller that inserts many rows at once (a group commit)."""
    reason = access_reason.get()
    if reason is not None and actor is not None and actor.is_staff:
        details.setdefault("reason", reason)
    return {
        "at": at,
        "actor_role": actor.role if actor else "system",
        "actor": actor.login if actor else "system",
        "action": action,
        "taxpayer_id": taxpayer_id,
        "details": {k: _jsonable(v) for k, v in details.items()},
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
