"""Notices other services cause but do not send themselves: a new offer version goes to every
taxpayer (Offer 6.3, 7.1). The registry only queues one ``notices.offer_fanout`` row when it
publishes; this handler tells a batch of taxpayers per outbox row and queues the next batch, so no
transaction grows with the number of taxpayers and a crash resumes where it stopped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel import outbox
from salyk.kernel.notify import notify
from salyk.kernel.runtime import Runtime

FANOUT = "notices.offer_fanout"
BATCH = 500


def offer_fanout(rt: Runtime, session: Session, payload: dict[str, Any]) -> None:
    after = int(payload.get("after", 0))
    version = str(payload["version"])
    now = rt.now()
    ids = list(session.scalars(select(Taxpayer.id).where(Taxpayer.id > after, Taxpayer.status == "active").order_by(Taxpayer.id).limit(BATCH)))
    for taxpayer_id in ids:
        notify(session, taxpayer_id=taxpayer_id, kind="offer_changed", title="A new version of the offer",
               body="Version {version} of the offer takes effect on {effective_from}. Read it and accept it to keep using the cabinet.",
               params={"version": version, "effective_from": payload["effective_from"]}, related={"type": "offer", "id": version},
               requires_action=True, now=now, dedup_key=f"offer_changed/{version}/{taxpayer_id}")
    if len(ids) == BATCH:
        outbox.enqueue(session, FANOUT, {**payload, "after": ids[-1]}, now=now, dedup_key=f"offer_fanout/{version}/{ids[-1]}")
