"""kill -9 in the middle of ``salyk payments import`` loses nothing and doubles nothing (issue 9,
"Keep it so"; design principle 3, exactly once per bank reference).

A subprocess imports a file of 3,000 payments for 12 taxpayers in chunks of 50 lines (one
transaction each); it is killed with SIGKILL once some chunks are committed and before the last.
The import is run again to completion; then every taxpayer's payments, read back through the
officer's API, add up to what the file says for that taxpayer, line for line.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from conftest import API, login, register_taxpayer

LINES = 3000
CHUNK = 50
SALYK = str(Path(sys.executable).with_name("salyk"))


def payment_rows(runtime) -> int:
    with runtime.db.read() as s:
        return s.scalar(sa.text("SELECT count(*) FROM ledger_postings WHERE kind = 'payment'"))


def write_file(path: Path, tins: list[str]) -> dict[str, tuple[int, Decimal]]:
    """The bank file, and per ИСН what it holds: (lines, total in som), summed here from the rows."""
    rng = random.Random(9)
    expected: dict[str, tuple[int, Decimal]] = {t: (0, Decimal("0.00")) for t in tins}
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["bank_reference", "tin", "tax", "amount", "paid_on"])
        for n in range(LINES):
            tin = tins[n % len(tins)]
            amount = Decimal(rng.randrange(1, 5_000_000)) / 100  # 0.01 .. 49 999.99 som, whole tyiyn
            out.writerow([f"KILL-{n:06d}", tin, "income_tax", f"{amount:.2f}", f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"])
            lines, total = expected[tin]
            expected[tin] = (lines + 1, total + amount)
    return expected


def run_import(env: dict, file: Path) -> subprocess.Popen:
    return subprocess.Popen([SALYK, "payments", "import", str(file), "--chunk-size", str(CHUNK)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_mid_import_then_rerun_loses_and_doubles_nothing(fresh_runtime, tmp_path):
    from salyk.api.app import create_app
    from salyk.registry.officers import ensure_officer

    rt = fresh_runtime
    with TestClient(create_app(rt), base_url="http://testserver") as client:
        ensure_officer(rt, "kill-officer", "officer-pass-1234", "officer")
        officer = login(client, "kill-officer", "officer-pass-1234")
        tins = [register_taxpayer(client, officer, accept=False).login for _ in range(12)]
        file = tmp_path / "statement.csv"
        expected = write_file(file, tins)
        assert sum(n for n, _ in expected.values()) == LINES

        env = os.environ | {"SALYK_DATABASE_URL": rt.settings.database_url, "SALYK_SECRET_KEY": "kill-test", "SALYK_TODAY": "2025-03-14"}
        proc = run_import(env, file)
        try:
            seen = 0
            deadline = time.monotonic() + 300
            while seen < 2 * CHUNK:  # two chunks committed: the import is under way
                assert proc.poll() is None, f"the import ended before it could be killed: {proc.stderr.read()!r}"
                assert time.monotonic() < deadline, "the import never committed a chunk"
                time.sleep(0.02)
                seen = payment_rows(rt)
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=60) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                proc.kill()
        killed_at = payment_rows(rt)
        assert 2 * CHUNK <= killed_at < LINES, killed_at  # part-way
        assert killed_at % CHUNK == 0  # whole chunks only: the one in flight died with its transaction

        again = run_import(env, file)
        _, err = again.communicate(timeout=600)
        assert again.returncode == 0, err  # every line accepted or a duplicate, none refused
        assert payment_rows(rt) == LINES

        for tin, (lines, total) in expected.items():
            r = client.get(f"{API}/officer/taxpayers/{tin}/payments", headers=officer.headers)
            assert r.status_code == 200, r.text
            payments = r.json()["payments"]
            assert len(payments) == lines, tin  # nothing lost, nothing doubled
            assert len({p["bank_reference"] for p in payments}) == lines
            assert sum(Decimal(p["amount"]) for p in payments) == total, tin
