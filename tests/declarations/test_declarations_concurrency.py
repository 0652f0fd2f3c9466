"""Concurrent filings: gapless receipt numbers, one initial filing per form and period, replays
answered with the first receipt (issue 5 item 3; the counters table under lock)."""

from __future__ import annotations

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives.asymmetric import ec

from conftest import new_tin
from salyk.crypto import make_csr, sign_detached
from salyk.declarations import certificates, filing
from salyk.kernel.errors import SalykError
from salyk.registry import offers, taxpayers
from salyk.registry.officers import ensure_officer
from salyk.kernel.principal import StaffPrincipal, TaxpayerPrincipal


def _organisation(runtime):
    officer, _ = ensure_officer(runtime, "decl-concurrency", "officer-pass-1234", "officer")
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    t = taxpayers.register(runtime, actor, taxpayers.NewTaxpayer(new_tin("organization"), "organization", "Concurrent LLC", "Bishkek", dt.date(2015, 1, 1)))
    me = TaxpayerPrincipal(t.tin, taxpayer_id=t.id)
    offers.accept(runtime, me, offers.current_offer(runtime).version)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = certificates.issue(runtime, me, make_csr(key, t.tin).decode())
    return me, key, cert.serial


def _doc(me, form, period, cfid=None):
    return {"client_filing_id": cfid or str(uuid.uuid4()), "tin": me.login, "form": form, "period": period, "kind": "initial", "zero": True, "values": {}}


def _try(runtime, me, key, kid, doc):
    try:
        return filing.file(runtime, me, doc, sign_detached(doc, key, kid))
    except SalykError as exc:
        return exc.code


def test_parallel_filings_get_gapless_numbers(fresh_runtime):
    runtime = fresh_runtime
    me, key, kid = _organisation(runtime)
    docs = [_doc(me, "vat", f"2024-{m:02d}") for m in range(1, 13)]
    # Two of them fail (a duplicate and a report for a period not yet ended): they take no number.
    docs += [_doc(me, "vat", "2024-01"), _doc(me, "vat", "2025-03")]
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(lambda d: _try(runtime, me, key, kid, d), docs))
    numbers = sorted(o.receipt["receipt_number"] for o in outcomes if isinstance(o, filing.Outcome))
    # Filed on 14 March 2025 (test day): the 2025 series on a fresh database is 1..12 with no gap.
    assert numbers == [f"2025-{n:08d}" for n in range(1, 13)]
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["DUPLICATE_FILING", "PERIOD_NOT_ENDED"]


def test_one_initial_per_period_and_replays_under_concurrency(runtime):
    me, key, kid = _organisation(runtime)
    rivals = [_doc(me, "sales_tax", "2024-05") for _ in range(6)]
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(lambda d: _try(runtime, me, key, kid, d), rivals))
    assert sum(1 for o in outcomes if isinstance(o, filing.Outcome)) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["DUPLICATE_FILING"] * 5
    same = _doc(me, "sales_tax", "2024-06")
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(lambda _: _try(runtime, me, key, kid, same), range(6)))
    assert all(isinstance(o, filing.Outcome) for o in outcomes), outcomes
    assert len({o.receipt["id"] for o in outcomes}) == 1
    assert sum(1 for o in outcomes if not o.replay) == 1
