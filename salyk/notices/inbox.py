"""The cabinet inbox (Offer 6.2, 7.1): the worker's handler for ``notices.deliver`` puts each
notice a service queued (``salyk.kernel.notify``) in the taxpayer's inbox and, when the taxpayer
gave and confirmed an e-mail address, queues the "you have a new message" alert (``notices.email``)
as its own outbox row, so a failing mail server retries the mail, never the inbox row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from salyk.kernel import authorize, outbox
from salyk.kernel.errors import NotFound, invalid_field
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.notices.models import Notice, NoticeEmail
from salyk.notices.wording import text

KINDS = ("decision", "offset_made", "refund_decided", "deferral_decided", "offer_changed", "deadline_soon",
         "patent_expiring", "waybill_action", "property_report_answered", "appeal_decided")
EMAIL = "notices.email"
# What each related object opens in the cabinet (a notice links to what it is about).
LINKS = {"decision": "/notices/decisions/{id}", "appeal": "/notices/appeals/{id}", "refund": "/refunds",
         "deferral": "/deferrals", "offer": "/offer", "obligation": "/declarations", "balance": "/balance"}


@dataclass(frozen=True)
class NoticeView:
    id: int
    kind: str
    title: str  # in the reader's language
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    requires_action: bool
    related: dict[str, str | None] | None  # {"type", "id"}: the id column may be empty

    @property
    def link(self) -> str | None:
        if not self.related:
            return None
        kind = self.related.get("type")
        if kind not in LINKS:
            return None
        return LINKS[kind].format(id=self.related.get("id", ""))


def deliver(rt: Runtime, session: Session, payload: dict[str, Any]) -> None:
    """Outbox handler of ``notices.deliver`` (in the worker's transaction for the row)."""
    related = payload.get("related") or {}
    now = rt.now()
    row = Notice(
        taxpayer_id=int(payload["taxpayer_id"]), kind=str(payload["kind"])[:40], title=str(payload["title"])[:500],
        body=str(payload["body"]), params=dict(payload.get("params") or {}),
        related_type=str(related["type"])[:40] if related.get("type") else None,
        related_id=str(related["id"])[:64] if related.get("id") is not None else None,
        requires_action=bool(payload.get("requires_action")), created_at=now,
    )
    session.add(row)
    session.flush()
    email = session.get(NoticeEmail, row.taxpayer_id)
    if email is not None and email.confirmed_at is not None:
        # Only the address and the fact of a message: no amounts, no links (HMRC's rule).
        outbox.enqueue(session, EMAIL, {"to": email.address, "notice_id": row.id}, now=now)


def _view(row: Notice, lang: str) -> NoticeView:
    related: dict[str, str | None] | None = {"type": row.related_type, "id": row.related_id} if row.related_type else None
    return NoticeView(row.id, row.kind, text(row.title, row.params, lang), text(row.body, row.params, lang), row.created_at,
                      row.read_at, row.requires_action, related)


def unread_count(session: Session, taxpayer_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(Notice).where(Notice.taxpayer_id == taxpayer_id, Notice.read_at.is_(None))) or 0)


def my_notices(rt: Runtime, principal: Principal, *, lang: str, unread: bool = False, kind: str | None = None) -> tuple[int, list[NoticeView]]:
    """``GET /me/notices``: the unread count and the notices, newest first."""
    me = authorize.taxpayer(principal)
    if kind is not None and kind not in KINDS:
        raise invalid_field("kind", "unknown_kind")
    with rt.db.read() as session:
        stmt = select(Notice).where(Notice.taxpayer_id == me.taxpayer_id)
        if unread:
            stmt = stmt.where(Notice.read_at.is_(None))
        if kind is not None:
            stmt = stmt.where(Notice.kind == kind)
        rows = session.scalars(stmt.order_by(Notice.created_at.desc(), Notice.id.desc()).limit(500))
        return unread_count(session, me.taxpayer_id), [_view(r, lang) for r in rows]


def unread(rt: Runtime, principal: Principal) -> int:
    """The bell's number."""
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        return unread_count(session, me.taxpayer_id)


def read(rt: Runtime, principal: Principal, notice_id: str, *, lang: str) -> NoticeView:
    """``GET /me/notices/{id}``: the notice in the reader's language, marked read. Another
    taxpayer's notice answers 404 like a missing one (TC art. 54)."""
    me = authorize.taxpayer(principal)
    if not (isinstance(notice_id, str) and notice_id.isdigit() and len(notice_id) <= 18):
        raise NotFound("NOTICE_NOT_FOUND", "No such notice.", {"id": str(notice_id)[:20]})
    with rt.db.transaction() as session:
        row = session.get(Notice, int(notice_id))
        if row is None or row.taxpayer_id != me.taxpayer_id:
            raise NotFound("NOTICE_NOT_FOUND", "No such notice.", {"id": notice_id})
        if row.read_at is None:
            row.read_at = rt.now()
        return _view(row, lang)


def read_all(rt: Runtime, principal: Principal) -> int:
    """``POST /me/notices/read-all``: marks every unread notice read; how many it marked."""
    me = authorize.taxpayer(principal)
    with rt.db.transaction() as session:
        # An UPDATE answers a CursorResult (with its rowcount); Session.execute is typed as the general Result.
        result = cast("CursorResult[Any]", session.execute(update(Notice).where(Notice.taxpayer_id == me.taxpayer_id, Notice.read_at.is_(None)).values(read_at=rt.now())))
        return int(result.rowcount or 0)
