"""Data for the page walk: the demo data, plus one of each application an officer decides, so
that the lists and cards the walk reads have rows on them."""

from __future__ import annotations

import datetime as dt

from salyk import demo
from salyk.kernel.principal import TaxpayerPrincipal
from salyk.ledger import deferrals, refunds
from salyk.registry import offers, taxpayers


def _principal(rt, tin: str) -> TaxpayerPrincipal:
    with rt.db.transaction() as session:
        taxpayer = taxpayers.find(session, tin)
    return TaxpayerPrincipal(tin, taxpayer_id=taxpayer.id)


def enrich(rt) -> set[str]:
    """A refund of the organisation's VAT overpayment (paid 50 000 on 48 000, demo data) and a
    deferral of the entrepreneur's single-tax debt (13 500 due, 10 000 paid, 1 500 of a patent payment offset to it). Returns Latin words
    the data itself carries (none)."""
    _individual, entrepreneur, organisation = demo.DEMO_TAXPAYERS
    org = _principal(rt, organisation.tin)
    refunds.apply(rt, org, kind="refund", tax="vat", amount="1000.00", client_reference="walk-refund-1")
    ent = _principal(rt, entrepreneur.tin)
    today = rt.today()
    deferrals.apply(rt, ent, tax="single_tax", amount="2000.00", ground="financial_position", bank_guarantee=True,
                    start=today + dt.timedelta(days=1), end=today + dt.timedelta(days=90), client_reference="walk-deferral-1")
    _extras(rt, _individual, entrepreneur, organisation)
    return set()


def _extras(rt, individual, entrepreneur, organisation) -> None:
    """A filed zero report (journal, officer's declarations), a decision to the individual (notices),
    a patent order (patents): the pages that list dates and amounts have something to list."""
    import uuid

    from salyk.declarations import certificates, filing
    from salyk.kernel.principal import StaffPrincipal
    from salyk.notices import decisions
    from salyk.patents import orders
    from salyk.registry import officers

    org = _principal(rt, organisation.tin)
    certificates.enrol(rt, org, "482913")
    document = {"client_filing_id": str(uuid.uuid4()), "tin": organisation.tin, "form": "profit_tax", "period": "2024", "kind": "initial",
                "zero": True, "values": {}}
    signature, _ = certificates.cloud_sign(rt, org, "482913", document)
    filing.file(rt, org, document, signature)
    officer, _ = officers.ensure_officer(rt, *demo.DEMO_OFFICER, role="officer")
    staff = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    decisions.issue(rt, staff, tin=individual.tin, type="assessment", ground="Камералдык текшерүүнүн актысы", decision="Мүлк салыгын төлөө",
                    tax="property_tax", period="2024", amount="1200.00", deadline=rt.today() + dt.timedelta(days=30))
    ent = _principal(rt, entrepreneur.tin)
    orders.order(rt, ent, orders.OrderIn(str(uuid.uuid4()), "S-63", "bishkek", 30, rt.today() + dt.timedelta(days=2)))
