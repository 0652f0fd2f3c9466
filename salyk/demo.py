"""Demo data for ``make run`` and training: an officer and three taxpayers with passwords, and a
few ledger facts for each (assessments with their due dates, bank payments) so that the balance,
the statement and the payments pages show something real.

Idempotent: running it twice changes nothing but re-issues the same passwords (the ledger facts
carry fixed references: a replay posts nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from salyk.db.models.registry import Taxpayer
from salyk.registry import officers, taxpayers
from salyk.kernel.principal import StaffPrincipal
from salyk.kernel.runtime import Runtime

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
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    rows = [("officer", *DEMO_OFFICER), ("admin", *DEMO_ADMIN)]
    for demo in DEMO_TAXPAYERS:
        with rt.db.transaction() as session:
            exists = session.scalar(select(Taxpayer.id).where(Taxpayer.tin == demo.tin)) is not None
        if not exists:
            taxpayers.register(rt, actor, taxpayers.NewTaxpayer(demo.tin, demo.kind, demo.name, demo.address, demo.registered_on))
        taxpayers.issue_password(rt, actor, demo.tin, demo.password)
        rows.append((demo.kind, demo.tin, demo.password))
    load_ledger(rt)
    return rows


# (tax, period, amount, due date) assessed; (tax, amount, paid on) paid: per demo TIN. Dates are
# fixed, so the туум on what is unpaid grows with the real calendar, as it would.
DEMO_CHARGES = {
    "21505199000123": [("property_tax", "2024", "3200.00", dt.date(2025, 2, 3)), ("land_tax", "2025", "850.00", dt.date(2025, 10, 1))],
    "12708198500456": [("single_tax", "2025-Q1", "12000.00", dt.date(2025, 4, 25)), ("single_tax", "2025-Q2", "13500.00", dt.date(2025, 7, 25))],
    "01002201010017": [("profit_tax", "2024", "120000.00", dt.date(2025, 3, 3)), ("vat", "2025-09", "48000.00", dt.date(2025, 10, 20))],
}
DEMO_PAYMENTS = {
    "21505199000123": [("property_tax", "2000.00", dt.date(2025, 2, 10))],
    "12708198500456": [("single_tax", "12000.00", dt.date(2025, 4, 22)), ("single_tax", "10000.00", dt.date(2025, 7, 30)),
                       ("patent", "1500.00", dt.date(2025, 8, 4))],
    "01002201010017": [("profit_tax", "120000.00", dt.date(2025, 2, 27)), ("vat", "50000.00", dt.date(2025, 10, 17))],
}


def load_ledger(rt: Runtime) -> None:
    """Assessments and bank payments of the demo taxpayers (fixed references: idempotent)."""
    from salyk.law.citation import tc
    from salyk.ledger.charges import post_charge
    from salyk.ledger.payments import PaymentIn, record_payments

    with rt.db.transaction() as session:
        for tin, charges in DEMO_CHARGES.items():
            taxpayer_id = session.scalar(select(Taxpayer.id).where(Taxpayer.tin == tin))
            for n, (tax, period, amount, due) in enumerate(charges, start=1):
                post_charge(session, taxpayer_id=taxpayer_id, tax=tax, amount=amount, due_date=due, period=period, source="demo",
                            reference=f"demo-{tin}-{n}", recorded_at=rt.now(), citation=str(tc(82)))
        rows = [PaymentIn(f"DEMO-{tin}-{n}", tin, tax, amount, paid_on.isoformat())
                for tin, paid in DEMO_PAYMENTS.items() for n, (tax, amount, paid_on) in enumerate(paid, start=1)]
        record_payments(session, rows, today=rt.today(), recorded_at=rt.now(), recorded_by="demo")
