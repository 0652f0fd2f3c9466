"""Benchmark: signed zero filings per second through the HTTP API on PostgreSQL (issue 5).

    python -m bench.filings                  # N = 1, 16, 64 concurrent clients, 10 s each
    python -m bench.filings --quick          # smoke run: N = 1, 4, 2 s each
    python -m bench.filings --raw --workers 2 --record
        # a minimal asyncio HTTP/1.1 client instead of httpx, two server processes,
        # and the figures appended to the declarations section of bench/RESULTS.md

The service runs under uvicorn in a subprocess against a fresh PostgreSQL schema
(``SALYK_BENCH_DATABASE_URL``, else ``SALYK_TEST_DATABASE_URL``, else the local test server).
Setup registers taxpayers, gives each a P-256 signing certificate through ``POST /me/certificates``
and logs them in. Then N asyncio clients (httpx, or ``--raw``) each send filings back to back: a
zero report for a (taxpayer, form, period) not filed before, signed as a detached JWS over JCS by the
client before the clock starts. For each
N the same run measures the ceiling: a bare endpoint on the same server that inserts one row
(``POST /bench/ceiling``, mounted only in the bench server), so the figures can be read against
what this machine does with no filing logic at all. Latencies are per request, p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
FORMS = ("vat", "sales_tax", "income_tax_agent")  # monthly forms an organisation may file; periods 2009-01 .. 2024-12
PASSWORD = "Bench-pass-2024"


# --- the server -------------------------------------------------------------------------------------


def bench_settings(url: str):
    """The server's settings: cheap password hashes (setup logs in hundreds of taxpayers) and no
    per-address request limits, since every client of the load generator comes from 127.0.0.1
    (on deadline day the filers come from a country's worth of addresses)."""
    from salyk.kernel.config import Clock, Settings

    return Settings(database_url=url, secret_key="bench-secret-key", clock=Clock(None), argon2_memory_kib=1024, argon2_time_cost=1,
                    login_attempts_per_address_per_minute=0, login_attempts_per_login_per_minute=0, expensive_requests_per_address_per_minute=0)


def bench_app():
    """The app plus the ceiling endpoint, for uvicorn's factory mode (one per worker process)."""
    from fastapi import FastAPI
    from sqlalchemy import text

    from salyk.api.app import create_app
    from salyk.kernel.runtime import Runtime

    url = os.environ["SALYK_BENCH_SERVE_URL"]
    rt = Runtime.from_settings(bench_settings(url))
    app: FastAPI = create_app(rt)

    if os.environ.get("SALYK_BENCH_SWITCH"):
        sys.setswitchinterval(float(os.environ["SALYK_BENCH_SWITCH"]))
    if os.environ.get("SALYK_BENCH_THREADS"):
        import anyio.to_thread

        threads = int(os.environ["SALYK_BENCH_THREADS"])

        @app.middleware("http")
        async def _threads(request, call_next):
            limiter = anyio.to_thread.current_default_thread_limiter()
            if limiter.total_tokens != threads:
                limiter.total_tokens = threads
            return await call_next(request)

    @app.post("/bench/ceiling", status_code=201)
    def ceiling() -> dict:
        with rt.db.transaction() as session:
            session.execute(text("INSERT INTO bench_ceiling (at) VALUES (now())"))
        return {"ok": True}

    return app


def serve(url: str, port: int) -> None:
    """Run the bench app under uvicorn in this process; used as the subprocess.

    Several workers are several such processes on consecutive ports, not uvicorn's ``--workers``:
    its shared socket is made without IPPROTO_TCP, so asyncio leaves Nagle on and every response
    waits ~40 ms for a delayed ACK.
    """
    import uvicorn

    os.environ["SALYK_BENCH_SERVE_URL"] = url
    # "auto": uvloop and httptools when installed (they are dependencies), else asyncio and h11.
    loop, http = os.environ.get("SALYK_BENCH_LOOP", "auto"), os.environ.get("SALYK_BENCH_HTTP", "auto")
    uvicorn.run("bench.filings:bench_app", factory=True, host="127.0.0.1", port=port, log_level="warning", access_log=False, loop=loop, http=http)


def new_schema_url(base: str) -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"salyk_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{name}", name


def drop_schema(base: str, name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    engine.dispose()


# --- setup ------------------------------------------------------------------------------------------


@dataclass
class Filer:
    tin: str
    token: str
    key: object
    kid: str


def setup(url: str, base_url: str, taxpayers: int) -> list[Filer]:
    import httpx
    from cryptography.hazmat.primitives.asymmetric import ec
    from sqlalchemy import text

    from salyk.crypto import make_csr
    from salyk.db.migrate import upgrade
    from salyk.registry import taxpayers as registry
    from salyk.registry.officers import ensure_officer
    from salyk.kernel.principal import StaffPrincipal
    from salyk.kernel.runtime import Runtime

    upgrade(url)
    rt = Runtime.from_settings(bench_settings(url))
    with rt.db.transaction() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, at timestamptz NOT NULL)"))
    officer, _ = ensure_officer(rt, "bench-officer", "Bench-0fficer-2024", "officer")
    actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
    filers = []
    with httpx.Client(base_url=base_url, timeout=60) as http:
        version = http.get("/api/v1/offer").json()["version"]
        for i in range(taxpayers):
            tin = f"0{(dt.date(1990, 1, 1) + dt.timedelta(days=i)):%d%m%Y}{(os.getpid() + i) % 100000:05d}"
            registry.register(rt, actor, registry.NewTaxpayer(tin, "organization", f"Bench LLC {i}", "Bishkek", dt.date(2008, 1, 1)))
            registry.issue_password(rt, actor, tin, PASSWORD)
            token = http.post("/api/v1/auth/login", json={"login": tin, "password": PASSWORD}).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            assert http.post("/api/v1/me/offer-acceptance", json={"version": version}, headers=headers).status_code == 200
            key = ec.generate_private_key(ec.SECP256R1())
            r = http.post("/api/v1/me/certificates", json={"csr": make_csr(key, tin).decode()}, headers=headers)
            assert r.status_code == 201, r.text
            filers.append(Filer(tin, token, key, r.json()["kid"]))
    rt.db.dispose()
    return filers


def slots(filers: list[Filer]):
    """Every (filer, form, period) once: each is an initial zero filing nobody has made yet."""
    months = [f"{y}-{m:02d}" for y in range(2009, 2025) for m in range(1, 13)]
    for period in months:
        for form in FORMS:
            for filer in filers:
                yield filer, form, period


# --- the load -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def _raw_post(reader, writer, host: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
    """One HTTP/1.1 keep-alive POST (or GET, when ``body`` is None) over an open connection (a load
    generator that costs little CPU)."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body is None:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{head}\r\n".encode())
    else:
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return int(status_line.split()[1]), await reader.readexactly(length)


async def run_load(base_urls: list[str], clients: int, seconds: float, requests: list, raw: bool = False, on_response=None) -> dict:
    """``clients`` concurrent workers send the prepared ``requests`` back to back for ``seconds``;
    worker i talks to server ``base_urls[i % len(base_urls)]``. ``on_response(request, status, body)``,
    if given, sees every answer (``bench.scaleout`` checks each acknowledged filing afterwards)."""
    import httpx

    latencies: list[float] = []
    errors = 0
    queue = iter(requests)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with contextlib.AsyncExitStack() as stack:
        https = [await stack.enter_async_context(httpx.AsyncClient(base_url=b, timeout=60, limits=limits)) for b in base_urls]

        async def worker(i: int) -> None:
            nonlocal errors
            http = https[i % len(https)]
            host, port = base_urls[i % len(base_urls)].removeprefix("http://").split(":")
            conn = await asyncio.open_connection(host, int(port)) if raw else None
            try:
                while time.perf_counter() < deadline:
                    request = next(queue, None)
                    if request is None:
                        return
                    path, body, headers, expect = request
                    start = time.perf_counter()
                    if raw:
                        status, text = await _raw_post(conn[0], conn[1], f"{host}:{port}", path, body, headers)
                    elif body is None:
                        r = await http.get(path, headers=headers)
                        status, text = r.status_code, r.content
                    else:
                        r = await http.post(path, content=body, headers=headers | {"Content-Type": "application/json"})
                        status, text = r.status_code, r.content
                    latencies.append(time.perf_counter() - start)
                    if on_response is not None:
                        on_response(request, status, text)
                    if status != expect:
                        errors += 1
                        if errors <= 3:
                            print(f"  unexpected {status}: {text[:200]!r}", file=sys.stderr)
            finally:
                if conn is not None:
                    conn[1].close()

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


def filing_requests(pool, count: int) -> list:
    """Up to ``count`` signed filings, prepared before the clock starts (signing is the client's work)."""
    from salyk.crypto import sign_detached

    out = []
    for filer, form, period in itertools.islice(pool, count):
        document = {"client_filing_id": str(uuid.uuid4()), "tin": filer.tin, "form": form, "period": period, "kind": "initial", "zero": True, "values": {}}
        body = json.dumps({"document": document, "signature": sign_detached(document, filer.key, filer.kid)}).encode()
        out.append(("/api/v1/me/declarations", body, {"Authorization": f"Bearer {filer.token}"}, 201))
    return out


def ceiling_requests(count: int) -> list:
    return [("/bench/ceiling", b"{}", {}, 201)] * count


def read_requests(filers: list[Filer], count: int) -> tuple[list, list]:
    """``GET /me`` (token check and the taxpayer's card) and ``GET /offer`` (no auth, one read)."""
    me = [("/api/v1/me", None, {"Authorization": f"Bearer {filers[i % len(filers)].token}"}, 200) for i in range(count)]
    return me, [("/api/v1/offer", None, {}, 200)] * count


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


def _postgres_pids() -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/comm", encoding="ascii") as fh:
                    if fh.read().strip() == "postgres":
                        pids.append(int(name))
            except OSError:
                pass
    return pids


def measured(procs: list, run) -> dict:
    """``run()``'s result plus the CPU per request of the server processes and of PostgreSQL:
    a figure the machine's other load changes much less than requests per second do."""
    servers = [p.pid for p in procs]
    before_app, before_db = sum(_cpu(p) for p in servers), {p: _cpu(p) for p in _postgres_pids()}
    result = run()
    app = sum(_cpu(p) for p in servers) - before_app
    db = sum(_cpu(p) - before_db.get(p, 0.0) for p in _postgres_pids())
    n = max(result["requests"], 1)
    return result | {"app_cpu_ms": round(app / n * 1000, 2), "db_cpu_ms": round(db / n * 1000, 2)}


def _server_kind() -> str:
    loop, http = os.environ.get("SALYK_BENCH_LOOP", "auto"), os.environ.get("SALYK_BENCH_HTTP", "auto")
    try:
        import httptools  # noqa: F401
        import uvloop  # noqa: F401
        found = "uvloop/httptools"
    except ImportError:
        found = "asyncio/h11"
    return found if (loop, http) == ("auto", "auto") else f"loop {loop}, http {http}"


def wait_ready(base_url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    import httpx

    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base_url}/api/v1/forms", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 1, 4 for 2 s each")
    parser.add_argument("--clients", type=int, nargs="*", help="concurrency levels (default 1 16 64)")
    parser.add_argument("--seconds", type=float, help="seconds per measurement (default 10)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, help="server processes, one uvicorn each on consecutive ports (default 1)")
    parser.add_argument("--raw", action="store_true", help="a minimal asyncio HTTP/1.1 client instead of httpx (less client CPU)")
    parser.add_argument("--max-rate", type=int, default=600, help="requests prepared per second of measurement (default 600)")
    parser.add_argument("--reads-clients", type=int, default=16, help="concurrency of the GET /me vs GET /offer measurement (0: skip; default 16)")
    parser.add_argument("--no-postgres", action="store_true", help="skip (this bench needs PostgreSQL)")
    parser.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    # parse_known_args: `python -m bench` hands every bench the same arguments (e.g. --no-postgres).
    args, _ = parser.parse_known_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0

    if args.no_postgres:
        print("bench.filings: skipped (--no-postgres)")
        return 0
    levels = args.clients or ([1, 4] if args.quick else [1, 16, 64])
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    base = os.environ.get("SALYK_BENCH_DATABASE_URL") or os.environ.get("SALYK_TEST_DATABASE_URL") or DEFAULT_PG
    url, schema = new_schema_url(base)
    base_urls = [f"http://127.0.0.1:{args.port + i}" for i in range(max(1, args.workers))]
    base_url = base_urls[0]
    from salyk.db.migrate import upgrade

    upgrade(url)
    procs = [subprocess.Popen([sys.executable, "-m", "bench.filings", "--serve", url, "--port", str(args.port + i)], cwd=ROOT) for i in range(len(base_urls))]
    try:
        for b, proc in zip(base_urls, procs):
            wait_ready(b, proc)
        filers = setup(url, base_url, max(levels) * 2 if not args.quick else 8)
        pool = iter(slots(filers))
        rows = []
        reads = None
        for n in levels:
            budget = int(seconds * args.max_rate)
            ceiling = measured(procs, lambda: asyncio.run(run_load(base_urls, n, seconds, ceiling_requests(budget), raw=args.raw)))
            requests = filing_requests(pool, budget)  # signed before the clock (and the CPU count) starts
            filings = measured(procs, lambda: asyncio.run(run_load(base_urls, n, seconds, requests, raw=args.raw)))
            rows.append((n, filings, ceiling))
            ratio = filings["per_second"] / ceiling["per_second"] if ceiling["per_second"] else float("nan")
            print(
                f"N={n:>3}  filings {filings['per_second']:>7.1f}/s  p50 {filings['p50_ms']:>6.1f} ms  p99 {filings['p99_ms']:>6.1f} ms  errors {filings['errors']}"
                f"   | ceiling {ceiling['per_second']:>7.1f}/s  p50 {ceiling['p50_ms']:>6.1f} ms  p99 {ceiling['p99_ms']:>6.1f} ms"
                f"   | filings/ceiling {ratio:.0%}  load {os.getloadavg()[0]:.1f}"
                f"   | CPU per request: filing {filings['app_cpu_ms']} ms app + {filings['db_cpu_ms']} ms db, "
                f"ceiling {ceiling['app_cpu_ms']} ms app + {ceiling['db_cpu_ms']} ms db",
                flush=True,
            )
        if args.reads_clients > 0:
            me, offer = read_requests(filers, int(seconds * 2000))
            got_offer = asyncio.run(run_load(base_urls, args.reads_clients, seconds, offer, raw=args.raw))
            got_me = asyncio.run(run_load(base_urls, args.reads_clients, seconds, me, raw=args.raw))
            reads = (args.reads_clients, got_me, got_offer)
            print(
                f"N={args.reads_clients:>3}  GET /me {got_me['per_second']:>7.1f}/s  p50 {got_me['p50_ms']:>6.1f} ms  p99 {got_me['p99_ms']:>6.1f} ms  errors {got_me['errors']}"
                f"   | GET /offer {got_offer['per_second']:>7.1f}/s  p50 {got_offer['p50_ms']:>6.1f} ms  p99 {got_offer['p99_ms']:>6.1f} ms  errors {got_offer['errors']}"
                f"   | /me costs {got_offer['per_second'] / got_me['per_second'] if got_me['per_second'] else float('nan'):.2f}x /offer",
                flush=True,
            )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        drop_schema(base, schema)
    if args.record:
        record(rows, seconds, args.quick, args.workers, args.raw, reads)
    return 1 if any(f["errors"] for _, f, _ in rows) or (reads and (reads[1]["errors"] or reads[2]["errors"])) else 0


def record(rows, seconds: float, quick: bool, workers: int, raw: bool, reads=None) -> None:
    lines = [
        "",
        f"### declarations: signed zero filings ({dt.date.today().isoformat()}{', --quick' if quick else ''})",
        "",
        f"`python -m bench.filings{' --quick' if quick else ''} --workers {workers}{' --raw' if raw else ''}`: PostgreSQL, {workers} server process(es), one uvicorn each ({_server_kind()}), "
        f"{os.cpu_count()} CPUs ({platform.machine()}, Python {platform.python_version()}), {seconds:g} s per measurement, "
        f"load generator ({'raw asyncio HTTP/1.1' if raw else 'httpx asyncio'}, documents signed before the clock starts) on the same machine. Ceiling: `POST /bench/ceiling`, "
        "the same server inserting one row with no auth and no filing logic. "
        f"Load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine shares the CPUs).",
        "",
        "| N clients | filings/s | p50 ms | p99 ms | errors | ceiling/s | ceiling p50 ms | ceiling p99 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, f, c in rows:
        lines.append(f"| {n} | {f['per_second']} | {f['p50_ms']} | {f['p99_ms']} | {f['errors']} | {c['per_second']} | {c['p50_ms']} | {c['p99_ms']} |")
    if reads:
        n, me, offer = reads
        lines += ["", f"Reads at N = {n}: `GET /me` {me['per_second']}/s (p50 {me['p50_ms']} ms, p99 {me['p99_ms']} ms), "
                  f"`GET /offer` {offer['per_second']}/s (p50 {offer['p50_ms']} ms, p99 {offer['p99_ms']} ms): /me costs "
                  f"{offer['per_second'] / me['per_second']:.2f}x /offer."]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if "\n## declarations\n" not in text:
        text = text.rstrip("\n") + "\n\n## declarations\n"
    # Only our own section grows: the new figures go at its end, before the next section.
    head, _, rest = text.partition("\n## declarations\n")
    ours, sep, others = rest.partition("\n## ")
    ours = ours.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    text = head + "\n## declarations\n" + ours + (("\n## " + others) if sep else "")
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
