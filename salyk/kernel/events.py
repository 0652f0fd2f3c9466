"""Domain events inside a transaction: one service publishes a fact, the modules that declared an
interest (``Module.subscribers``) react in the same transaction, so both changes commit together
or not at all. The publisher does not know who listens (the ledger does not import patents).

Side effects outside the database never go here: subscribers that want to tell someone enqueue
an outbox row (``salyk.kernel.outbox``), sent after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

Subscriber = Callable[[Any, Session, dict[str, Any]], None]

# Set by salyk.modules when the module list is imported (the composition root).
_table: Callable[[], Mapping[str, tuple[Subscriber, ...]]] | None = None

# The events the platform publishes (name: payload).
PAYMENT_RECEIVED = "ledger.payment_received"  # {"taxpayer_id", "posting_id", "tax", "amount" (str), "paid_on" (ISO), "bank_reference", "payment_reference"}


def install(table: Callable[[], Mapping[str, tuple[Subscriber, ...]]]) -> None:
    global _table
    _table = table


def publish(rt: Any, session: Session, name: str, payload: dict[str, Any]) -> None:
    """Run every subscriber of ``name`` in the caller's transaction (an error rolls it all back)."""
    if _table is None:
        return
    for subscriber in _table().get(name, ()):
        subscriber(rt, session, payload)
