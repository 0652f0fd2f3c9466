"""The cloud signature under concurrency (issue 9 defect 1 and the PIN half of defect 2).

Before issue 9 two signatures at once hung the PIN derivation (``cryptography``'s Argon2id with four
lanes), and after that every enrolment and signature answered 500; and the wrong-PIN count was read
before the PIN was tried and written after, so forty parallel guesses were all tried.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from sqlalchemy import func, select

from conftest import new_tin
from salyk.crypto import verify_detached
from salyk.kernel.models import AuditEntry
from salyk.declarations import certificates
from salyk.kernel.errors import SalykError
from salyk.registry import offers, taxpayers
from salyk.registry.officers import ensure_officer
from salyk.kernel.principal import StaffPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime

PIN = "4917"


def _patient(runtime: Runtime, **limits) -> Runtime:
    """The same database with derivation bounds the test chooses (a wait long enough that the
    machine's speed never decides the outcome)."""
    settings = replace(runtime.settings, kdf_wait_seconds=120.0, **limits)
    return Runtime(settings, runtime.db)


def _taxpayers(rt: Runtime, n: int) -> list[TaxpayerPrincipal]:
    officer, _ = ensure_officer(rt, "signing-concurrency", "officer-pass-1234", "officer")
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    out = []
    for _ in range(n):
        t = taxpayers.register(rt, actor, taxpayers.NewTaxpayer(new_tin(), "individual", "Parallel Signer", "Bishkek", dt.date(2015, 1, 1)))
        me = TaxpayerPrincipal(t.tin, t.id)
        offers.accept(rt, me, offers.current_offer(rt).version)
        out.append(me)
    return out


def _attempt(rt, me, pin, doc):
    try:
        return certificates.cloud_sign(rt, me, pin, doc)
    except SalykError as exc:
        return exc.code


def test_sixteen_taxpayers_sign_at_once(runtime):
    rt = _patient(runtime)
    people = _taxpayers(rt, 16)
    with ThreadPoolExecutor(16) as pool:
        enrolled = list(pool.map(lambda me: certificates.enrol(rt, me, PIN), people, timeout=120))
    docs = [{"n": i, "tin": me.login} for i, me in enumerate(people)]
    with ThreadPoolExecutor(16) as pool:
        signed = list(pool.map(lambda pair: _attempt(rt, pair[0], PIN, pair[1]), zip(people, docs), timeout=120))
    assert all(isinstance(s, tuple) for s in signed), signed
    for (jws, kid), view, doc in zip(signed, enrolled, docs):
        assert kid == view.serial
        verify_detached(jws, doc, view.pem)  # each is the taxpayer's own signature over their document


def test_forty_parallel_wrong_pins_try_five(runtime):
    """TC art. 28 / Offer 7.5: five wrong PINs lock signing for 15 minutes. Forty parallel guesses:
    five are tried (five WRONG_PIN and five audit rows), thirty-five are refused unseen (PIN_LOCKED),
    and then even the right PIN is refused."""
    rt = _patient(runtime)
    (me,) = _taxpayers(rt, 1)
    certificates.enrol(rt, me, PIN)
    guesses = [f"{7000 + i:04d}" for i in range(40)]  # none is 4917
    with ThreadPoolExecutor(40) as pool:
        codes = list(pool.map(lambda pin: _attempt(rt, me, pin, {}), guesses, timeout=120))
    assert sorted(codes) == ["PIN_LOCKED"] * 35 + ["WRONG_PIN"] * 5
    with rt.db.transaction() as session:
        tried = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.taxpayer_id == me.taxpayer_id, AuditEntry.action == "cloud_signature.wrong_pin"))
    assert tried == 5
    assert _attempt(rt, me, PIN, {}) == "PIN_LOCKED"


def test_a_busy_signer_answers_429_and_counts_nothing(runtime):
    """Derivations past the bound wait a little, then 429 TOO_MANY_REQUESTS with Retry-After;
    a refused attempt is not a wrong PIN."""
    rt = Runtime(replace(runtime.settings, kdf_concurrency=1, kdf_wait_seconds=0.01), runtime.db)
    (me,) = _taxpayers(rt, 1)
    certificates.enrol(rt, me, PIN)
    with rt.kdf_slots.take():  # another derivation holds the only slot
        busy = _attempt(rt, me, "0000", {})
    assert busy == "TOO_MANY_REQUESTS"
    for _ in range(4):
        assert _attempt(rt, me, "0000", {}) == "WRONG_PIN"
    assert isinstance(_attempt(rt, me, PIN, {}), tuple)  # four wrong, not five: still open
