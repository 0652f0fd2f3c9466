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
    return set()
