"""Service switches (Offer 3.1(8), 6.6: the right holder may change, suspend or restrict a service
and tells the users): ``on``, ``read_only`` or ``off`` per module, with a message in ky and ru
and the day it takes effect. Every setting is a new row (history), written with its audit row.

The state in force is read on every request of a module, so the runtime keeps it for a few
seconds (``SwitchBoard``); a change made through this process is seen at once, one made through
another process within ``ttl`` seconds.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from salyk.kernel.runtime import Runtime

from salyk.kernel import audit, authorize
from salyk.kernel.errors import NotFound, SalykError, invalid_field
from salyk.kernel.i18n import Localized
from salyk.kernel.models import ServiceSwitch
from salyk.kernel.principal import Principal
from salyk.kernel.uow import after_commit

MAX_MESSAGE = 500


class State(str, enum.Enum):
    ON = "on"
    READ_ONLY = "read_only"
    OFF = "off"


@dataclass(frozen=True)
class Setting:
    key: str
    state: State
    message: Localized
    effective_from: dt.date | None  # None: never set, on by default


ALWAYS_ON = Setting("", State.ON, Localized(), None)


class ServiceSuspended(SalykError):
    status = 503


def suspended(key: str, title: str, setting: Setting) -> ServiceSuspended:
    msgid = ("The service “{service}” is suspended. {notice}" if setting.state is State.OFF
             else "The service “{service}” can only be viewed for now. {notice}")
    return ServiceSuspended("SERVICE_SUSPENDED", msgid, {"key": key, "state": setting.state.value}, service=title, notice=setting.message)


def in_force(session: Session, key: str, on: dt.date) -> Setting:
    row = session.scalars(
        select(ServiceSwitch).where(ServiceSwitch.key == key, ServiceSwitch.effective_from <= on)
        .order_by(ServiceSwitch.effective_from.desc(), ServiceSwitch.id.desc()).limit(1)
    ).first()
    if row is None:
        return Setting(key, State.ON, Localized(), None)
    return Setting(key, State(row.state), Localized(ky=row.message_ky, ru=row.message_ru), row.effective_from)


def set_state(session: Session, principal: Principal, keys: frozenset[str], key: str, state: str, message: dict[str, str],
              effective_from: dt.date, *, now: dt.datetime) -> Setting:
    """Record a switch setting (admin only); ``keys`` are the switchable modules."""
    actor = authorize.admin(principal)
    if key not in keys:
        raise NotFound("UNKNOWN_SERVICE", "There is no service “{key}”.", {"key": key}, key=key)
    try:
        parsed = State(state)
    except ValueError:
        raise invalid_field("state", "not_allowed") from None
    for lang in ("ky", "ru"):
        text = message.get(lang, "")
        if not isinstance(text, str):
            raise invalid_field(f"message.{lang}", "not_a_string")
        if len(text) > MAX_MESSAGE:
            raise invalid_field(f"message.{lang}", "too_long", max=MAX_MESSAGE)
    if parsed is not State.ON and not (message.get("ky", "").strip() and message.get("ru", "").strip()):
        # Offer 6.6: users are told why; a suspension without a message in both languages is refused.
        raise invalid_field("message", "empty")
    session.add(ServiceSwitch(key=key, state=parsed.value, message_ky=message.get("ky", ""), message_ru=message.get("ru", ""),
                              effective_from=effective_from, set_by=actor.login, set_at=now))
    audit.record(session, actor, "service.switch", at=now, key=key, state=parsed.value, effective_from=effective_from)
    return Setting(key, parsed, Localized(ky=message.get("ky", ""), ru=message.get("ru", "")), effective_from)


class SwitchBoard:
    """The states in force, cached for ``ttl`` seconds per (key, day)."""

    def __init__(self, ttl: float = 2.0):
        self.ttl = ttl
        self._cache: dict[tuple[str, dt.date], tuple[float, Setting]] = {}
        self._lock = threading.Lock()

    def cached(self, key: str, on: dt.date) -> Setting | None:
        """The setting if this process read it less than ``ttl`` seconds ago (no database)."""
        with self._lock:
            hit = self._cache.get((key, on))
        return hit[1] if hit is not None and time.monotonic() - hit[0] < self.ttl else None

    def get(self, session_factory: Callable[[], AbstractContextManager[Session]], key: str, on: dt.date) -> Setting:
        now = time.monotonic()
        hit = self.cached(key, on)
        if hit is not None:
            return hit
        with session_factory() as session:
            setting = in_force(session, key, on)
        with self._lock:
            self._cache[(key, on)] = (now, setting)
        return setting

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()


def switch(rt: Runtime, principal: Principal, keys: frozenset[str], key: str, state: str, message: dict[str, str], effective_from: dt.date) -> Setting:
    """Set a module's switch in its own transaction; this process sees it at once."""
    with rt.db.transaction() as session:
        setting = set_state(session, principal, keys, key, state, message, effective_from, now=rt.now())
        after_commit(session, rt.switches.forget)
    return setting


def history(rt: Runtime, key: str) -> list[ServiceSwitch]:
    with rt.db.read() as session:
        return list(session.scalars(select(ServiceSwitch).where(ServiceSwitch.key == key).order_by(ServiceSwitch.id.desc())))
