"""Benchmark: electronic waybills through the HTTP API on PostgreSQL (issue 14).

    python -m bench.waybills                 # N = 1, 16, 64 concurrent clients, 10 s each
    python -m bench.waybills --quick         # smoke run: N = 1, 4, 2 s each
    python -m bench.waybills --record        # figures appended to the waybills section of bench/RESULTS.md

The server is the filing benchmark's (``bench.filings``: uvicorn in a subprocess on a fresh
PostgreSQL schema, with its ``POST /bench/ceiling`` one-row endpoint). Taxpayers in threes
(shipper, carrier, consignee) get P-256 certificates; before the clock starts the shippers create
the drafts and every party signs its title (issue, carrier-acceptance, delivery, receipt), so the
clock measures only the server. Each of N clients then drives whole waybills, one act after the
other (the acts of one waybill depend on each other). The figure is complete waybills per second
(four signed acts each) and acts per second, next to the ceiling of the same server.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import sys
import time
import uuid

from bench.filings import RESULTS, ceiling_requests, percentile, run_load, setup
from bench.served import filings_server

ACTS = ("issue", "carrier-acceptance", "delivery", "receipt")


def document(carrier: str, consignee: str) -> dict:
    return {
        "kind": "sale", "basis": {"contract_number": "B-1"}, "carrier": {"tin": carrier}, "consignee": {"tin": consignee},
        "loading_point": {"address": "Bishkek", "rayon_code": "41711"}, "unloading_point": {"address": "Osh", "rayon_code": "41721"},
        "planned_loading_on": dt.date.today().isoformat(), "vehicle": {"plate": "01KG000BEN"},
        "driver": {"pin": "21505199000123", "name": "Bench Driver"}, "distance_km": 680,
        "lines": [{"name": "Diesel", "tnved": "2710194200", "unit": "kg", "quantity": "1000", "price": "60.00", "amount": "60000.00", "volume_l": "1190"}],
    }


def prepare(base_url: str, filers: list, count: int) -> list[list[tuple[str, bytes, dict]]]:
    """``count`` drafts, each with its four signed acts ready to send."""
    import httpx

    from salyk.crypto import sign_detached

    trios = [filers[i:i + 3] for i in range(0, len(filers) - 2, 3)]
    out = []
    with httpx.Client(base_url=base_url, timeout=60) as http:
        for k in range(count):
            shipper, carrier, consignee = trios[k % len(trios)]
            r = http.post("/api/v1/me/waybills", json={"client_id": str(uuid.uuid4()), "document": document(carrier.tin, consignee.tin)},
                          headers={"Authorization": f"Bearer {shipper.token}"})
            assert r.status_code == 201, r.text
            wid, sha = r.json()["id"], r.json()["document_sha256"]
            steps = []
            for action, who, extra in (("issue", shipper, {}), ("carrier-acceptance", carrier, {}), ("delivery", carrier, {}),
                                       ("receipt", consignee, {"result": "received"})):
                title = {"waybill_id": wid, "action": action, "document_sha256": sha, **extra}
                body = json.dumps({"title": title, "signature": sign_detached(title, who.key, who.kid)}).encode()
                steps.append((f"/api/v1/me/waybills/{wid}/{action}", body, {"Authorization": f"Bearer {who.token}", "Content-Type": "application/json"}))
            out.append(steps)
    return out


async def drive(base_urls: list[str], clients: int, seconds: float, waybills: list) -> dict:
    import httpx

    latencies: list[float] = []
    done = errors = 0
    queue = iter(waybills)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    https = [httpx.AsyncClient(base_url=b, timeout=60, limits=limits) for b in base_urls]

    async def worker(i: int) -> None:
        nonlocal done, errors
        http = https[i % len(https)]
        while time.perf_counter() < deadline:
            steps = next(queue, None)
            if steps is None:
                return
            ok = True
            for path, body, headers in steps:
                start = time.perf_counter()
                r = await http.post(path, content=body, headers=headers)
                latencies.append(time.perf_counter() - start)
                if r.status_code != 200:
                    ok = False
                    errors += 1
                    if errors <= 3:
                        print(f"  unexpected {r.status_code}: {r.text[:200]!r}", file=sys.stderr)
                    break
            done += ok

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(i) for i in range(clients)))
    finally:
        for h in https:
            await h.aclose()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "waybills": done, "acts": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
            "waybills_per_second": round(done / elapsed, 1), "acts_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1), "p99_ms": round(percentile(latencies, 0.99) * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--clients", type=int, nargs="*")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--port", type=int, default=9408)
    parser.add_argument("--max-rate", type=int, default=40, help="waybills prepared per second of measurement (default 40)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--record", action="store_true")
    args, _ = parser.parse_known_args(argv)
    if args.no_postgres:
        print("bench.waybills: skipped (--no-postgres)")
        return 0
    levels = args.clients or ([1, 4] if args.quick else [1, 16, 64])
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    rows = []
    with filings_server(args.port) as (url, base_url, _):
        filers = setup(url, base_url, 3 * max(2, min(max(levels), 16)))
        for n in levels:
            waybills = prepare(base_url, filers, int(seconds * args.max_rate))
            ceiling = asyncio.run(run_load([base_url], n, seconds, ceiling_requests(int(seconds * 600))))
            result = asyncio.run(drive([base_url], n, seconds, waybills))
            rows.append((n, result, ceiling))
            print(f"N={n:>3}  waybills {result['waybills_per_second']:>6.1f}/s  acts {result['acts_per_second']:>6.1f}/s  p50 {result['p50_ms']:>6.1f} ms"
                  f"  p99 {result['p99_ms']:>6.1f} ms  errors {result['errors']}   | ceiling {ceiling['per_second']:>7.1f}/s", flush=True)
    if args.record:
        record(rows, seconds, args.quick)
    return 1 if any(r["errors"] for _, r, _ in rows) else 0


def record(rows, seconds: float, quick: bool) -> None:
    lines = [
        "",
        f"### waybills: issue + carrier-acceptance + delivery + receipt ({dt.date.today().isoformat()}{', --quick' if quick else ''})",
        "",
        f"`python -m bench.waybills{' --quick' if quick else ''}`: PostgreSQL, 1 server process (uvicorn, the filing bench's server), "
        f"{os.cpu_count()} CPUs ({platform.machine()}, Python {platform.python_version()}), {seconds:g} s per measurement, httpx load "
        "generator on the same machine, drafts made and titles signed before the clock starts; a waybill is four signed acts sent one "
        "after the other. Ceiling: `POST /bench/ceiling` (one row, no auth) on the same server. "
        f"Load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work shares the CPUs).",
        "",
        "| N clients | waybills/s | acts/s | act p50 ms | act p99 ms | errors | ceiling/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r, c in rows:
        lines.append(f"| {n} | {r['waybills_per_second']} | {r['acts_per_second']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} | {c['per_second']} |")
    text = RESULTS.read_text(encoding="utf-8")
    if "\n## waybills\n" not in text:
        text = text.rstrip("\n") + "\n\n## waybills\n"
    head, _, rest = text.partition("\n## waybills\n")
    ours, sep, others = rest.partition("\n## ")
    ours = ours.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(head + "\n## waybills\n" + ours + (("\n## " + others) if sep else ""), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
