"""The one list of service modules. The app factory, the web pages, the CLI, the worker, Alembic's
environment, the Jinja loader, the home screen and the officer home all iterate it.

Adding a service: a new package with its ``module.py`` (see ``salyk.kernel.module.Module``) and one
line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData

from salyk.declarations.module import MODULE as declarations
from salyk.kernel import events
from salyk.kernel.module import Module
from salyk.kernel.runtime import Runtime
from salyk.kernel.switches import ALWAYS_ON, Setting
from salyk.kernel.worker import Handler, Job
from salyk.law.offer import OFFER_SERVICES
from salyk.ledger.module import MODULE as ledger
from salyk.patents.module import MODULE as patents
from salyk.property.module import MODULE as property_
from salyk.notices.module import MODULE as notices
from salyk.registry.module import MODULE as registry
from salyk.waybills.module import MODULE as waybills

MODULES: tuple[Module, ...] = (
    registry,
    declarations,
    ledger,
    patents,
    property_,
    waybills,
    notices,
)


def by_key() -> dict[str, Module]:
    return {m.key: m for m in MODULES}


def switchable_keys() -> frozenset[str]:
    return frozenset(m.key for m in MODULES if m.switchable)


def load_models() -> MetaData:
    """Import every module's tables; the metadata of the whole schema (Alembic, tests)."""
    from salyk.db.models.base import Base
    from salyk.kernel.module import load

    for module in MODULES:
        for models in module.models:
            load(models)
    return Base.metadata


@dataclass(frozen=True)
class ServiceView:
    """A service as the home screen and ``GET /me/services`` show it."""

    key: str
    title: str  # msgid
    citation: str
    path: str | None  # None: not built yet ("coming soon")
    setting: Setting

    @property
    def available(self) -> bool:
        return self.path is not None


def offer_services(rt: Runtime) -> list[ServiceView]:
    """Every service of Offer 3.1 in its order: built ones with their module's tile and the switch
    in force today, the rest as coming soon."""
    modules = by_key()
    views = []
    for service in OFFER_SERVICES:
        module = modules.get(service.module)
        tile = next((t for t in module.tiles if t.citation == service.citation), None) if module else None
        setting = rt.switch_state(module.key) if module is not None else ALWAYS_ON
        views.append(ServiceView(service.key, service.title, service.citation, tile.path if tile else None, setting))
    return views


def switch_states(rt: Runtime) -> list[tuple[Module, Setting]]:
    """Each switchable module with the setting in force today (``GET /services``)."""
    return [(m, rt.switch_state(m.key)) for m in MODULES if m.switchable]


def outbox_handlers() -> dict[str, Handler]:
    """Outbox kind -> handler, from every module (the worker's table)."""
    from salyk.kernel.module import load

    table: dict[str, Handler] = {}
    for module in MODULES:
        for kind, target in module.outbox_handlers:
            if kind in table:
                raise ValueError(f"two modules handle the outbox kind {kind!r}")
            table[kind] = load(target)
    return table


def scheduled_jobs() -> tuple[Job, ...]:
    from salyk.kernel.module import load

    return tuple(load(target) for module in MODULES for target in module.scheduled)


def subscribers() -> dict[str, tuple[events.Subscriber, ...]]:
    """Event name -> the subscribers every module declared (``salyk.kernel.events``)."""
    from salyk.kernel.module import load

    table: dict[str, tuple[events.Subscriber, ...]] = {}
    for module in MODULES:
        for name, target in module.subscribers:
            table.setdefault(name, ())
            table[name] += (load(target),)
    return table


_subscribers: dict[str, tuple[events.Subscriber, ...]] | None = None


def _subscriber_table() -> dict[str, tuple[events.Subscriber, ...]]:
    global _subscribers
    if _subscribers is None:
        _subscribers = subscribers()
    return _subscribers


events.install(_subscriber_table)
# Importing the module list registers every table, so a mapper never meets an unknown table
# (the audit log's foreign key to taxpayers, say) in a process that loaded only part of them.
load_models()
