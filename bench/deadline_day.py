"""Deadline day under Locust, in one command (issue 16 goal 4 and "Correctness under load").

    python -m bench.deadline_day                       # 32 users, 60 s
    python -m bench.deadline_day --users 64 --seconds 120
    make bench-load                                    # the same

Starts the bench server (``bench.filings``' app under uvicorn) on a fresh PostgreSQL schema
(``SALYK_BENCH_DATABASE_URL``, else ``SALYK_TEST_DATABASE_URL``, else the local test server),
registers one taxpayer per Locust user (password, accepted offer, a P-256 signing certificate),
runs ``bench/locustfile.py`` headless, and saves Locust's CSV (``bench/deadline_day_stats.csv``,
``_failures.csv``, ``_exceptions.csv``, ``_stats_history.csv``) and a markdown summary
(``bench/deadline_day.md``: requests/s, p50/p95/p99 per endpoint, failures, the checks).

Afterwards it checks the database: receipt numbers of the year 1..N with no gap and no
duplicate, the counter at N, every filing acknowledged with 201 present with its receipt number,
and nothing else (no filing nobody was told about, one audit row per filing). Exit status 1 if
a check fails or Locust counted failures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.filings import PASSWORD, ROOT, setup
from bench.served import filings_server

BENCH = ROOT / "bench"
PREFIX = BENCH / "deadline_day"


def check_database(url: str, acked: dict[str, str]) -> list[tuple[str, bool, str]]:
    """The checks after the run: (what, passed, figures)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, receipt_number FROM declaration_filings")).all()
            counters = dict(conn.execute(sa.text("SELECT series, last_value FROM counters WHERE series LIKE 'declarations.receipt/%'")).all())
            audits = conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'declaration.file'")).scalar()
    finally:
        engine.dispose()
    checks = []
    by_year: dict[str, list[int]] = {}
    for _, number in rows:
        year, _, seq = number.partition("-")
        by_year.setdefault(year, []).append(int(seq))
    numbers = [n for _, n in rows]
    checks.append(("no duplicate receipt numbers", len(numbers) == len(set(numbers)), f"{len(numbers)} filings, {len(set(numbers))} distinct numbers"))
    for year, seqs in sorted(by_year.items()):
        seqs.sort()
        gapless = seqs == list(range(1, len(seqs) + 1))
        last = counters.get(f"declarations.receipt/{year}")
        checks.append((f"receipt numbers of {year} are 1..N with no gap", gapless, f"N = {len(seqs)}, first {seqs[0]}, last {seqs[-1]}"))
        checks.append((f"the {year} counter stands at N", last == len(seqs), f"counter {last}"))
    stored = {fid: number for fid, number in rows}
    missing = [fid for fid, number in acked.items() if stored.get(fid) != number]
    checks.append(("every acknowledged (201) filing is stored with its receipt number", not missing, f"{len(acked)} acknowledged, {len(missing)} missing or different"))
    extra = [fid for fid in stored if fid not in acked]
    checks.append(("nothing else: no stored filing that was not acknowledged", not extra, f"{len(extra)} unacknowledged"))
    checks.append(("one audit row per filing", audits == len(rows), f"{audits} audit rows"))
    return checks


def summary(users: int, seconds: float, spawn: float, checks, started: str, load: tuple[float, float, float]) -> str:
    with open(f"{PREFIX}_stats.csv", encoding="utf-8") as fh:
        stats = list(csv.DictReader(fh))
    lines = [
        f"# Deadline day under Locust ({started})",
        "",
        f"`python -m bench.deadline_day --users {users} --seconds {seconds:g}`: Locust {_locust_version()} headless ({users} users, "
        f"spawned {spawn:g}/s, wait 0-0.2 s between tasks) against one uvicorn server process ({_server()}) on PostgreSQL, "
        f"{os.cpu_count()} CPUs ({platform.machine()}, Python {platform.python_version()}), load generator on the same machine. "
        f"Load average at the end: {', '.join(f'{x:.2f}' for x in load)}.",
        "",
        "Each user is a taxpayer: log in, then tasks 3:2 between the deadline-day sequence (obligations, a signed zero filing, "
        "the journal, the PDF of the receipt) and a balance read; of the filing turns, 10 % re-send an earlier filing byte for "
        "byte (a replay: 200 with the first receipt) and 5 % send a second initial report for a period already filed (409).",
        "",
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in stats:
        name = row["Name"] if row["Type"] in ("", "None") or row["Name"] == "Aggregated" else f"{row['Name']}"
        lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |")
    lines += ["", "Checks on the database afterwards:", ""]
    lines += [f"- {'PASS' if ok else 'FAIL'}: {what} ({figures})" for what, ok, figures in checks]
    return "\n".join(lines) + "\n"


def _locust_version() -> str:
    from importlib.metadata import version

    return version("locust")


def _server() -> str:
    from bench.filings import _server_kind

    return _server_kind()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--spawn-rate", type=float, default=8.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--prepare-only", action="store_true", help="start the server and write bench/.filers.json, then wait (Ctrl-C stops)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 8 users for 10 s")
    parser.add_argument("--no-postgres", action="store_true", help="skip (this bench needs PostgreSQL)")
    # parse_known_args: `python -m bench` hands every bench the same arguments.
    args, _ = parser.parse_known_args(argv)
    if args.no_postgres:
        print("bench.deadline_day: skipped (--no-postgres)")
        return 0
    try:
        import locust  # noqa: F401
    except ImportError:
        print("bench.deadline_day: needs Locust (pip install -e '.[bench]', or make bench-load)")
        return 1
    if args.quick:
        args.users, args.seconds = 8, 10.0

    work = Path(tempfile.mkdtemp(prefix="salyk-deadline-"))
    with filings_server(args.port) as (url, base_url, server):
        from cryptography.hazmat.primitives import serialization

        filers = setup(url, base_url, args.users)
        filers_file = BENCH / ".filers.json" if args.prepare_only else work / "filers.json"
        filers_file.write_text(json.dumps([
            {"tin": f.tin, "password": PASSWORD, "kid": f.kid,
             "key": f.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()}
            for f in filers
        ]), encoding="utf-8")
        if args.prepare_only:
            print(f"server on {base_url}, taxpayers in {filers_file}; Ctrl-C stops")
            server.wait()
            return 0
        acked_file = work / "acked.json"
        started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        env = os.environ | {"SALYK_LOCUST_FILERS": str(filers_file), "SALYK_LOCUST_ACKED": str(acked_file)}
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(BENCH / "locustfile.py"), "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", f"{int(args.seconds)}s", "--host", base_url, "--csv", str(PREFIX), "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"],
            cwd=ROOT, env=env,
        )
        time.sleep(0.5)
        acked = json.loads(acked_file.read_text(encoding="utf-8")) if acked_file.exists() else {}
        checks = check_database(url, acked)
        text = summary(args.users, args.seconds, args.spawn_rate, checks, started, os.getloadavg())
        (BENCH / "deadline_day.md").write_text(text, encoding="utf-8")
        print(text)
        failed = [c for c in checks if not c[1]]
        return 1 if failed or locust.returncode != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
