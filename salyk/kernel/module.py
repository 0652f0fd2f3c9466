"""The manifest of a service module: everything the platform needs to mount a service, in one
place (``<service>/module.py``), so that a new service is a new package plus one line in
``salyk/modules.py``.

Faces (API routers, page routers, CLI apps) and handlers are named by import strings
(``"salyk.api.routers.ledger:router"``) and loaded only by the composition root (the app factory,
the CLI, the worker, Alembic's environment): a manifest is data, so the service package never
imports a face to describe itself.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Tile:
    """A service on the taxpayer's home screen (Offer 3.1(N))."""

    title: str  # English msgid
    path: str
    citation: str  # "Offer 3.1(5)"


@dataclass(frozen=True)
class Link:
    """A link on the officer's home screen, or in the cabinet menu (``Module.menu``)."""

    title: str  # English msgid
    path: str


@dataclass(frozen=True)
class Module:
    key: str
    title: str  # English msgid; ky/ru in the module's catalog
    citation: str  # "Offer 3.1(2)"
    switchable: bool = True  # the platform itself (login, offer) cannot be switched off
    api: tuple[str, ...] = ()  # "package.module:router" of each API router (mounted under /api/v1)
    pages: tuple[str, ...] = ()  # "package.module:router" of each web page router
    cli: tuple[tuple[str, str], ...] = ()  # (command name, "package.module:typer_app")
    models: tuple[str, ...] = ()  # modules whose import registers the service's tables
    migrations: Path | None = None  # folder of the service's Alembic revisions (its own branch)
    templates: Path | None = None  # folder added to the Jinja loader
    locale: str | None = None  # catalog domain: salyk/locale/<lang>/LC_MESSAGES/<domain>.po
    tiles: tuple[Tile, ...] = ()
    officer_links: tuple[Link, ...] = ()
    # The taxpayer's further pages in the cabinet menu, after the module's tiles (salyk.web.menu).
    menu: tuple[Link, ...] = ()
    number_series: tuple[str, ...] = ()  # gapless series the service takes (kernel.numbers)
    outbox_handlers: tuple[tuple[str, str], ...] = ()  # (outbox kind, "package.module:function")
    scheduled: tuple[str, ...] = ()  # "package.module:function(rt)" run by the worker on each tick
    subscribers: tuple[tuple[str, str], ...] = ()  # (event name, "package.module:function(rt, session, payload)")
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def load(target: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module_name, _, attribute = target.partition(":")
    obj = importlib.import_module(module_name)
    return getattr(obj, attribute) if attribute else obj
