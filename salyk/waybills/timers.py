"""The worker's timed job (``Module.scheduled``): record the timers that ran out.

A delivered waybill the consignee did not answer within its window becomes ``deemed_received``;
an issued (or declined) waybill never loaded within the assignment window becomes ``discarded``.
Reads show the right state before this runs (``states.effective``); this records it as an event
signed by the service, dated at the deadline itself, and tells the parties.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import and_, or_, select

from salyk.declarations.authority import authority
from salyk.kernel.runtime import Runtime
from salyk.waybills import document as doc
from salyk.waybills import service
from salyk.waybills import states as st
from salyk.waybills.models import Waybill, WaybillEvent

BATCH = 200
# No window is shorter than a day: rows younger than this cannot be due (keeps the scan small).
_YOUNGEST_DUE = dt.timedelta(hours=1)


def run(rt: Runtime) -> int:
    """Record every due timer; the number recorded."""
    now = rt.now()
    with rt.db.read() as session:
        ids = list(session.scalars(select(Waybill.id).where(or_(
            and_(Waybill.status == st.DELIVERED, Waybill.delivered_at <= now - _YOUNGEST_DUE),
            and_(Waybill.status.in_((st.ISSUED, st.CARRIER_DECLINED)), Waybill.issued_at <= now - _YOUNGEST_DUE),
        )).order_by(Waybill.id)))
    done = 0
    for waybill_id in ids:
        done += record_due(rt, waybill_id, now)
    return done


def record_due(rt: Runtime, waybill_id: str, now: dt.datetime) -> int:
    ca = authority(rt)
    with rt.db.transaction() as session:
        row = session.get(Waybill, waybill_id, with_for_update=True)
        if row is None:  # run() has just listed it; waybills are never deleted
            return 0
        due = st.due_timer(row.status, row.issued_at, row.delivered_at, now)
        if due is None:  # a party acted first
            return 0
        title = {"waybill_id": row.id, "action": str(due.action), "document_sha256": row.document_sha256, "at": service._ts(due.at)}
        title_jcs = doc.jcs(title)
        row.last_seq += 1
        session.add(WaybillEvent(waybill_id=row.id, seq=row.last_seq, action=due.action, actor_role=st.ActorRole.SYSTEM, actor_id=None,
                                 actor_login="system", at=due.at, title_jcs=title_jcs,
                                 title_sha256=hashlib.sha256(title_jcs.encode()).hexdigest(), signature=ca.sign_receipt(title),
                                 kid=ca.service_kid, status_after=due.action))
        row.status, row.updated_at = due.action, now
        session.flush()
        service._notify(session, row, due.action, None, due.action, now)
        return 1
