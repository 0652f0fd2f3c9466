"""The cabinet menu on every page, built from the module list (``salyk.modules.MODULES``), never
written by hand: a new module's tiles, ``menu`` links and officer links appear in it by themselves
(issue 11 item 7: refunds and deferrals were only reachable from a link strip).

- A taxpayer gets the cabinet's own pages (the registry module's ``menu``: services, card,
  account, offer), then each module with its tiles and its further pages, each link with the
  module's switch in force today (Offer 6.6: a suspended service is marked, not hidden).
- Staff get the officer home and search, each module's officer links, the admin pages for an
  admin, and their own account page.

The menu is a ``<details>`` element in ``base.html``: collapsible at 360 px without any script.
"""

from __future__ import annotations

from dataclasses import dataclass

from salyk.kernel.module import Module
from salyk.kernel.principal import Principal, StaffPrincipal, SystemPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.kernel.switches import State
from salyk.modules import MODULES


def N_(msgid: str) -> str:
    return msgid


@dataclass(frozen=True)
class MenuItem:
    title: str  # msgid
    path: str
    state: str = "on"  # the module's switch today: on | read_only | off

    def current(self, here: str) -> bool:
        """This page or one under it (``/refunds`` for ``/refunds?x``; not ``/`` for everything)."""
        if self.path == "/":
            return here == "/"
        return here == self.path or here.startswith(self.path.rstrip("/") + "/")


@dataclass(frozen=True)
class MenuGroup:
    title: str  # msgid
    items: tuple[MenuItem, ...]


STAFF_HOME = (
    MenuItem(N_("Tax office"), "/officer"),
    MenuItem(N_("Find a taxpayer"), "/officer/taxpayers"),
    MenuItem(N_("Taxpayer's account"), "/officer/ledger"),
)
ADMIN_LINKS = (
    MenuItem(N_("Service switches"), "/admin/services"),
    MenuItem(N_("Law book: dated values"), "/admin/law"),
)
MY_ACCOUNT = N_("My account")
MY_CABINET = N_("My cabinet")


def current_path(menu: list[MenuGroup], here: str) -> str | None:
    """The item of this page: the longest path that is this page or above it."""
    found = [item.path for group in menu for item in group.items if item.current(here)]
    return max(found, key=len) if found else None


def menu_for(principal: Principal | None, rt: Runtime) -> list[MenuGroup]:
    """The menu groups this principal may use (none before login)."""
    if principal is None:
        return []
    if isinstance(principal, TaxpayerPrincipal):
        return _taxpayer(rt)
    return _staff(principal, rt)


def _state(rt: Runtime, module: Module) -> str:
    return rt.switch_state(module.key).state.value if module.switchable else State.ON.value


def _taxpayer(rt: Runtime) -> list[MenuGroup]:
    groups = []
    for module in MODULES:
        state = _state(rt, module)
        items = [MenuItem(t.title, t.path, state) for t in module.tiles]
        items += [MenuItem(link.title, link.path, state) for link in module.menu if link.path not in {i.path for i in items}]
        if not items:
            continue
        groups.append(MenuGroup(MY_CABINET if not module.switchable else module.title, tuple(items)))
    return groups


def _staff(principal: StaffPrincipal | SystemPrincipal, rt: Runtime) -> list[MenuGroup]:
    groups = [MenuGroup(N_("Tax office"), STAFF_HOME)]
    for module in MODULES:
        links = tuple(MenuItem(link.title, link.path, _state(rt, module)) for link in module.officer_links)
        if links:
            groups.append(MenuGroup(module.title, links))
    if principal.is_admin:
        groups.append(MenuGroup(N_("Administration"), ADMIN_LINKS))
    if principal.officer_id is not None:
        groups.append(MenuGroup(MY_ACCOUNT, (MenuItem(MY_ACCOUNT, "/officer/account"),)))
    return groups
