"""Demo data for ``make run`` and training: an officer and three taxpayers with passwords.

Idempotent: running it twice changes nothing but re-issues the same passwords.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from salyk.db.models.registry import Taxpayer
from salyk.registry import officers, taxpayers
from salyk.registry.principal import Principal
from salyk.runtime import Runtime

DEMO_OFFICER = ("officer", "officer-demo-2024")
DEMO_ADMIN = ("admin", "admin-demo-2024")


@dataclass(frozen=True)
class DemoTaxpayer:
    tin: str
    kind: str
    name: str
    address: str
    registered_on: dt.date
    password: str


DEMO_TAXPAYERS = (
    DemoTaxpayer("21505199000123", "individual", "Асанов Бакыт Токтогулович", "Бишкек ш., Манас пр., 40, 12-бөлмө", dt.date(2012, 3, 1), "Demo-jeke-2024"),
    DemoTaxpayer("12708198500456", "individual_entrepreneur", "ЖИ Садыкова Айгүл Маратовна", "Ош ш., Ленин көч., 221", dt.date(2015, 6, 10), "Demo-ishker-2024"),
    DemoTaxpayer("01002201010017", "organization", "«Ала-Тоо Соода» ЖЧК", "Бишкек ш., Чүй пр., 120", dt.date(2010, 2, 15), "Demo-uyum-2024"),
)


def load(rt: Runtime) -> list[tuple[str, str, str]]:
    """Create the demo accounts; returns (role, login, password) rows to print."""
    officer, _ = officers.ensure_officer(rt, *DEMO_OFFICER, role="officer")
    officers.ensure_officer(rt, *DEMO_ADMIN, role="admin")
    actor = Principal("officer", officer.login, officer_id=officer.id)
    rows = [("officer", *DEMO_OFFICER), ("admin", *DEMO_ADMIN)]
    for demo in DEMO_TAXPAYERS:
        with rt.db.transaction() as session:
            exists = session.scalar(select(Taxpayer.id).where(Taxpayer.tin == demo.tin)) is not None
        if not exists:
            taxpayers.register(rt, actor, taxpayers.NewTaxpayer(demo.tin, demo.kind, demo.name, demo.address, demo.registered_on))
        taxpayers.issue_password(rt, actor, demo.tin, demo.password)
        rows.append((demo.kind, demo.tin, demo.password))
    return rows
