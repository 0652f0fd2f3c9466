"""The worker's daily reminders (Offer 6.2, 7.1): a report or a payment due in 3 days and
tomorrow (``deadline_reminder_days``). Each reminder is queued with a dedup key of taxpayer,
subject and day, so however often the worker runs, a taxpayer hears of each deadline once a day
it is due to be told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from salyk.db.models.registry import Taxpayer, TaxpayerCredential
from salyk.declarations.obligations import obligations
from salyk.kernel.notify import notify
from salyk.kernel.runtime import Runtime
from salyk.law.appeals import reminder_days
from salyk.notices.models import TaxDecision


_last_run: dict[str, dt.date] = {}


def run(rt: Runtime) -> int:
    """The worker's scheduled job: one pass a day per database (the dedup keys make a second pass
    harmless; this only spares the work of computing every taxpayer's obligations on each tick)."""
    today = rt.today()
    if _last_run.get(rt.db.url) == today:
        return 0
    queued = remind(rt)
    _last_run[rt.db.url] = today
    return queued


def remind(rt: Runtime) -> int:
    """One pass; the number of reminders queued (duplicates of an earlier pass are dropped by the outbox)."""
    today = rt.today()
    days = reminder_days(today)
    targets = {today + dt.timedelta(days=d): d for d in days}
    first, last = min(targets), max(targets)
    with rt.db.read() as session:
        taxpayers = list(session.scalars(select(Taxpayer.id).join(TaxpayerCredential, TaxpayerCredential.taxpayer_id == Taxpayer.id)
                                         .where(Taxpayer.status == "active").order_by(Taxpayer.id)))
        decisions = list(session.execute(select(TaxDecision.taxpayer_id, TaxDecision.number, TaxDecision.id, TaxDecision.deadline).where(
            TaxDecision.deadline.in_(list(targets)), TaxDecision.delivered_at.is_not(None))))
    # Read every taxpayer's obligations before writing: ``obligations`` takes its own transaction.
    due = [(taxpayer_id, o) for taxpayer_id in taxpayers for o in obligations(rt, taxpayer_id, first, last)[2]
           if o.status == "open" and o.deadline in targets]
    queued = 0
    with rt.db.transaction() as session:
        now = rt.now()
        for taxpayer_id, o in due:
            subject = f"report/{o.form.code}/{o.period}"
            notify(session, taxpayer_id=taxpayer_id, kind="deadline_soon", title="A deadline is near",
                   body="The report {form} for {period} is due on {deadline}.",
                   params={"form": o.form.code, "period": str(o.period), "deadline": o.deadline.isoformat(), "days": targets[o.deadline]},
                   related={"type": "obligation", "id": subject}, requires_action=True, now=now,
                   dedup_key=f"deadline_soon/{taxpayer_id}/{subject}/{today.isoformat()}")
            queued += 1
        for taxpayer_id, number, decision_id, deadline in decisions:
            if deadline is None:  # the query asks for deadlines among the targets; the column itself may be empty
                continue
            notify(session, taxpayer_id=taxpayer_id, kind="deadline_soon", title="A deadline is near",
                   body="The amount of decision No. {number} is due on {deadline}.",
                   params={"number": number, "deadline": deadline.isoformat(), "days": targets[deadline]},
                   related={"type": "decision", "id": str(decision_id)}, requires_action=True, now=now,
                   dedup_key=f"deadline_soon/{taxpayer_id}/decision/{number}/{today.isoformat()}")
            queued += 1
    return queued
