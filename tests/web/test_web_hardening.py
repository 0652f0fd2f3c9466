"""The web cabinet's part of issue 9: no text with NUL from any form (PostgreSQL answered 500)
and the security headers on every HTML answer."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from conftest import new_tin
from salyk.db.models.ledger import WriteOff
from salyk.kernel.principal import SystemPrincipal, TaxpayerPrincipal
from salyk.ledger import deferrals, refunds
from salyk.ledger.charges import post_charge
from salyk.ledger.payments import PaymentIn, import_payments
from salyk.registry.taxpayers import find
from web_support import csrf_of, make_officer, make_taxpayer, web_login


def test_nul_in_officer_web_forms_is_refused_and_nothing_is_written(runtime, client):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    with runtime.db.transaction() as s:
        tp = find(s, tin).id
        post_charge(s, taxpayer_id=tp, tax="vat", amount=500, due_date=dt.date(2016, 2, 22), period="2016-01", source="test",
                    reference=f"nul-{tin}", recorded_at=runtime.now(), citation="TC art. 82")
    officer, password = make_officer(runtime)
    web_login(client, officer, password)
    page = client.get("/officer/ledger", params={"tin": tin})
    item = re.search(r'name="items" value="(\d+)"', page.text).group(1)
    form = {"csrf": csrf_of(page.text), "tin": tin, "tax": "vat", "ground": "limitation", "act_reference": "act\x007",
            "evidence": "limitation period ended 31 Jan 2022", "items": [item]}
    r = client.post("/officer/ledger/write-off", data=form)
    assert r.status_code == 422, r.status_code
    with runtime.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(WriteOff).where(WriteOff.taxpayer_id == tp)) == 0
    # A refund and a deferral application to decide: the reasons carry a NUL.
    tin = make_taxpayer(runtime, new_tin(), accept=True)  # another taxpayer, with no old debt
    with runtime.db.transaction() as s:
        tp = find(s, tin).id
    me = TaxpayerPrincipal(tin, tp)
    import_payments(runtime, SystemPrincipal("test:nul"), [PaymentIn(f"nul-{tin}", tin, "land_tax", "300.00", (runtime.today() - dt.timedelta(days=3)).isoformat())])
    refund = refunds.apply(runtime, me, kind="refund", tax="land_tax", amount="300.00")
    post_charge_today = runtime.today() - dt.timedelta(days=20)
    with runtime.db.transaction() as s:
        post_charge(s, taxpayer_id=tp, tax="vat", amount=50000, due_date=post_charge_today, period="2024-01", source="test",
                    reference=f"nul-d-{tin}", recorded_at=runtime.now(), citation="TC art. 82")
    deferral = deferrals.apply(runtime, me, tax="vat", amount="50000.00", ground="financial_position", bank_guarantee=True,
                               start=runtime.today(), end=runtime.today() + dt.timedelta(days=100))
    page = client.get("/officer/ledger/refunds")
    r = client.post("/officer/ledger/refunds", data={"csrf": csrf_of(page.text), "id": str(refund["id"]), "action": "reject", "reason": "no\x00"})
    assert r.status_code == 422
    page = client.get("/officer/ledger/deferrals")
    r = client.post("/officer/ledger/deferrals", data={"csrf": csrf_of(page.text), "id": str(deferral["id"]), "action": "refuse", "reason": "no\x00"})
    assert r.status_code == 422
    # Nothing was decided: both still wait for a decision.
    assert refunds.my_applications(runtime, me)[0]["status"] == "received"
    assert deferrals.my_applications(runtime, me)[0]["status"] == "received"
