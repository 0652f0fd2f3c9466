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
    numbers = sorted(o.receipt.receipt_number for o in outcomes if isinstance(o, filing.Outcome))
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
    assert len({o.receipt.id for o in outcomes}) == 1
    assert sum(1 for o in outcomes if not o.replay) == 1


def test_sixteen_filers_with_replays_and_rival_initials_get_gapless_exactly_once_receipts(fresh_runtime):
    """Issue 16 ("Correctness under load"): 16 threads file for three organisations at once; every
    document is sent three times (replays of the same bytes) and each (form, period) also gets a
    rival initial report under another client_filing_id. Afterwards: one filing per (taxpayer,
    form, period), each with exactly one receipt; every answer of a document names that receipt;
    the receipt numbers of the year are 1..N with no gap and no duplicate, and the counter is at N."""
    import random

    from sqlalchemy import select

    from salyk.db.models.declarations import Filing
    from salyk.kernel import numbers

    runtime = fresh_runtime
    orgs = [_organisation(runtime) for _ in range(3)]
    slots = [("vat", f"2024-{m:02d}") for m in range(1, 5)] + [("sales_tax", f"2024-{m:02d}") for m in range(1, 5)]
    submissions = []  # (slot key, document id, signed body)
    for me, key, kid in orgs:
        for form, period in slots:
            first, rival = _doc(me, form, period), _doc(me, form, period)
            for doc, times in ((first, 3), (rival, 1)):
                signature = sign_detached(doc, key, kid)
                submissions += [((me.taxpayer_id, form, period), doc["client_filing_id"], me, doc, signature)] * times
    random.Random(16).shuffle(submissions)

    def send(item):
        _, _, me, doc, signature = item
        try:
            return filing.file(runtime, me, dict(doc), signature)
        except SalykError as exc:
            return exc.code

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(send, submissions))

    # Per (taxpayer, form, period): one document won; its three sendings all carry the same receipt,
    # one of them as the first answer (201) and two as replays (200); the other document is a
    # second initial report (DUPLICATE_FILING) every time it was sent.
    receipts = {}
    for slot in {s[0] for s in submissions}:
        by_doc: dict[str, list] = {}
        for (key, cfid, *_), answer in zip(submissions, answers):
            if key == slot:
                by_doc.setdefault(cfid, []).append(answer)
        winners = [cfid for cfid, got in by_doc.items() if all(isinstance(a, filing.Outcome) for a in got)]
        assert len(winners) == 1, (slot, by_doc)
        (winner,) = winners
        got = by_doc[winner]
        assert len({a.receipt.receipt_number for a in got}) == 1 and len({a.receipt.id for a in got}) == 1
        assert sorted(a.replay for a in got) == [False] + [True] * (len(got) - 1)
        for cfid, other in by_doc.items():
            if cfid != winner:
                assert other == ["DUPLICATE_FILING"] * len(other), (slot, other)
        receipts[got[0].receipt.id] = got[0].receipt.receipt_number

    # 3 organisations x 8 (form, period) = 24 filings, filed on 14 March 2025 (the test day):
    # the 2025 series of a fresh database is 2025-00000001 .. 2025-00000024, each number once.
    assert sorted(receipts.values()) == [f"2025-{n:08d}" for n in range(1, 25)]
    with runtime.db.read() as session:
        stored = dict(session.execute(select(Filing.id, Filing.receipt_number)).all())
        last = numbers.last_number(session, filing.RECEIPT_SERIES, 2025)
    assert stored == receipts  # nothing else in the database, and each filing has the receipt it was answered
    assert last == 24
