"""Scale-out proof (issue 16, "Scale-out"): one command, everything on this machine.

    python -m bench.scaleout                 # about 3-4 minutes
    python -m bench.scaleout --quick         # 3 s per measurement
    python -m bench.scaleout --keep-replica  # leave the replica on :5433 (for tests/kernel/test_kernel_replica.py)

What it does, in order (all figures of one run, with the load average):

0. Installs Debian's ``haproxy`` and ``pgbouncer`` with apt-get if they are missing.
1. A fresh database ``salyk_scaleout_<hex>`` on the local PostgreSQL (a database, not a schema:
   behind PgBouncer in transaction mode no per-connection ``search_path`` can be kept).
2. Ratio per added process: signed zero filings/s at ``--clients`` clients (``bench.filings``'
   client, imported) straight to one server, through HAProxy to one, through HAProxy to two.
3. kill -9 of one of the two servers half-way through a run against HAProxy; afterwards every
   filing acknowledged with 201 must be in the database with the receipt number it was given.
   HAProxy retries a request whose connection failed on the other server (``retry-on
   conn-failure empty-response``): safe for filings because each carries its client filing id,
   so a replay answers the first receipt (exactly once).
4. PgBouncer (transaction mode, its own port 6439) in front of PostgreSQL against direct, same
   two servers (URL ``?prepare_threshold=none``: psycopg prepares no statements).
5. A streaming replica: ``pg_createcluster 15 salyk_replica --port 5433`` + ``pg_basebackup -R``
   (adds ``host replication postgres 127.0.0.1/32 trust`` to the primary's pg_hba.conf if no
   replication line is there, and reloads). The servers started with ``SALYK_READ_REPLICA_URL``;
   journal reads (``GET /me/declarations``) measured with and without it, transactions served by
   the replica counted from its ``pg_stat_database``, and read-your-writes checked: each filer
   files and at once reads the journal (HAProxy keeps a filer on one process: ``stick on`` the
   Authorization header), which must list the new filing.

Everything it started is stopped at the end (servers, HAProxy, PgBouncer, the replica cluster
unless ``--keep-replica``) and the database dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.filings import DEFAULT_PG, filing_requests, run_load, setup, slots, wait_ready

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-key"  # the key bench.filings.setup's runtime uses
PORT = 8865  # servers on PORT, PORT+1; HAProxy on PORT+10
BOUNCER_PORT = 6439
REPLICA_PORT = 5433
PG_VERSION = "15"
REPLICA = "salyk_replica"


# --- the server (this module's own factory: it reads SALYK_READ_REPLICA_URL) ------------------------


def app_factory():
    from salyk.api.app import create_app
    from salyk.kernel.config import Clock, Settings
    from salyk.kernel.runtime import Runtime

    settings = Settings(database_url=os.environ["SALYK_SCALEOUT_URL"], secret_key=SECRET, clock=Clock(None),
                        argon2_memory_kib=1024, argon2_time_cost=1,
                        read_replica_url=os.environ.get("SALYK_READ_REPLICA_URL", ""),
                        login_attempts_per_address_per_minute=0, login_attempts_per_login_per_minute=0,
                        expensive_requests_per_address_per_minute=0)
    return create_app(Runtime.from_settings(settings))


def _serve(url: str, port: int) -> None:
    import uvicorn

    os.environ["SALYK_SCALEOUT_URL"] = url
    uvicorn.run("bench.scaleout:app_factory", factory=True, host="127.0.0.1", port=port, log_level="warning", access_log=False)


class Servers:
    def __init__(self):
        self.procs: dict[int, subprocess.Popen] = {}

    def start(self, url: str, ports: list[int], replica: str | None = None) -> None:
        env = dict(os.environ)
        env.pop("SALYK_READ_REPLICA_URL", None)
        if replica:
            env["SALYK_READ_REPLICA_URL"] = replica
        for port in ports:
            self.procs[port] = subprocess.Popen([sys.executable, "-m", "bench.scaleout", "--serve", url, "--port", str(port)],
                                                cwd=ROOT, env=env)
        for port in ports:
            wait_ready(f"http://127.0.0.1:{port}", self.procs[port], timeout=240)

    def kill9(self, port: int) -> None:
        os.kill(self.procs[port].pid, signal.SIGKILL)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs = {}


# --- HAProxy, PgBouncer --------------------------------------------------------------------------------


def ensure_packages() -> None:
    missing = [pkg for pkg, exe in (("haproxy", "haproxy"), ("pgbouncer", "pgbouncer")) if not shutil.which(exe, path="/usr/sbin:/usr/bin")]
    if missing:
        print(f"installing {' '.join(missing)} from Debian", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], env=env).returncode:
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], env=env, check=True)


class HAProxy:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None

    def start(self, ports: list[int], sticky: bool = False) -> str:
        self.stop()
        stick = "    stick-table type string len 200 size 100k expire 30m\n    stick on req.hdr(Authorization)\n" if sticky else ""
        servers = "".join(f"    server s{p} 127.0.0.1:{p} check\n" for p in ports)
        cfg = self.tmp / "haproxy.cfg"
        cfg.write_text(f"""global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 10s
    # a server is out after 2 failed checks 1 s apart (a killed one: connection refused at once,
    # and the requests meanwhile are retried on the other); slow answers under load are not failures
    default-server inter 1s fall 2 rise 1
    option http-buffer-request
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend salyk
    bind 127.0.0.1:{PORT + 10}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /api/v1/forms
{stick}{servers}""")
        self.proc = subprocess.Popen(["/usr/sbin/haproxy", "-db", "-f", str(cfg)], stdout=subprocess.DEVNULL,
                                     stderr=open(self.tmp / "haproxy.log", "a"))
        base = f"http://127.0.0.1:{PORT + 10}"
        wait_ready(base, self.proc)
        time.sleep(1.5)  # every server's first health check passed
        return base

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


class PgBouncer:
    def __init__(self, tmp: Path):
        self.dir = tmp / "pgbouncer"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.dir.mkdir(exist_ok=True)
        os.chmod(self.dir.parent, 0o755)
        os.chmod(self.dir, 0o777)
        ini = self.dir / "pgbouncer.ini"
        ini.write_text(f"""[databases]
* = host=127.0.0.1 port=5432 user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {BOUNCER_PORT}
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
pidfile = {self.dir}/pgbouncer.pid
logfile = {self.dir}/pgbouncer.log
""")
        os.chmod(ini, 0o644)
        # PgBouncer will not run as root
        self.proc = subprocess.Popen(["runuser", "-u", "postgres", "--", "/usr/sbin/pgbouncer", "-q", str(ini)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", str(BOUNCER_PORT), "-U", "postgres", "-d", "postgres"],
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("PgBouncer did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


# --- the replica -------------------------------------------------------------------------------------


def _psql(port: int, sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-Atc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def make_replica() -> None:
    """A hot standby of the local cluster on :5433, streaming from it."""
    hba = _psql(5432, "SHOW hba_file")
    if _psql(5432, "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)") == "0":
        with open(hba, "a", encoding="utf-8") as fh:
            fh.write("\n# bench.scaleout (issue 16): streaming replication from this machine\nhost replication postgres 127.0.0.1/32 trust\n")
        _psql(5432, "SELECT pg_reload_conf()")
        time.sleep(0.5)
    drop_replica()
    subprocess.run(["pg_createcluster", PG_VERSION, REPLICA, "--port", str(REPLICA_PORT)], check=True, capture_output=True)
    # the same client authentication as the primary (a new Debian cluster asks for passwords)
    shutil.copy(hba, f"/etc/postgresql/{PG_VERSION}/{REPLICA}/pg_hba.conf")
    data = Path(f"/var/lib/postgresql/{PG_VERSION}/{REPLICA}")
    for child in data.iterdir():  # an empty data directory (its parent is not the postgres user's to write)
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    subprocess.run(["runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres",
                    "-D", str(data), "-R", "-X", "stream", "-c", "fast"], check=True)
    subprocess.run(["pg_ctlcluster", PG_VERSION, REPLICA, "start"], check=True)
    deadline = time.monotonic() + 300  # a loaded machine takes its time to start and reach consistency
    while time.monotonic() < deadline:
        try:
            if _psql(REPLICA_PORT, "SELECT pg_is_in_recovery()") == "t":
                return
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.2)
    raise SystemExit("the replica did not start")


def drop_replica() -> None:
    subprocess.run(["pg_dropcluster", PG_VERSION, REPLICA, "--stop"], capture_output=True)


# --- the database ------------------------------------------------------------------------------------


def _admin_url(base: str) -> str:
    return base.rsplit("/", 1)[0] + "/postgres"


def create_database(base: str) -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"salyk_scaleout_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(_admin_url(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return name, base.split("?")[0].rsplit("/", 1)[0] + "/" + name


def drop_database(base: str, name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(_admin_url(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


# --- the measurements --------------------------------------------------------------------------------


class Acks:
    """Every answer to a filing: the 201s with their receipt numbers, and the rest by status."""

    def __init__(self):
        self.receipts: dict[str, str] = {}  # client filing id -> receipt number
        self.other: dict[int, int] = {}
        self.lock = threading.Lock()

    def __call__(self, request, status: int, body: bytes) -> None:
        with self.lock:
            if status == 201:
                sent = json.loads(request[1])["document"]["client_filing_id"]
                got = json.loads(body)
                self.receipts[sent] = got["receipt_number"]
            else:
                self.other[status] = self.other.get(status, 0) + 1


def in_database(url: str, receipts: dict[str, str]) -> tuple[int, int]:
    """(found with the same receipt number, missing or different)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text("SELECT client_filing_id, receipt_number FROM declaration_filings")).all())
    engine.dispose()
    found = sum(1 for cid, number in receipts.items() if rows.get(cid) == number)
    return found, len(receipts) - found


def load(base_urls, clients, seconds, pool, budget, on_response=None) -> dict:
    return asyncio.run(run_load(base_urls, clients, seconds, filing_requests(pool, budget), on_response=on_response))


async def _reads(base: str, filers, clients: int, seconds: float) -> dict:
    """GET /me/declarations back to back by ``clients`` workers, each as one filer."""
    import httpx

    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=clients)) as http:
        async def worker(i: int) -> None:
            nonlocal errors
            headers = {"Authorization": f"Bearer {filers[i % len(filers)].token}"}
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = await http.get("/api/v1/me/declarations", headers=headers)
                latencies.append(time.perf_counter() - t0)
                errors += r.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"per_second": round(len(latencies) / elapsed, 1), "errors": errors,
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else float("nan"),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else float("nan")}


def read_your_writes(base: str, filers, pool, rounds: int) -> tuple[int, int]:
    """Each round: a filer files, then at once reads the journal; (seen, not seen)."""
    import httpx

    seen = missed = 0
    with httpx.Client(base_url=base, timeout=60) as http:
        for path, body, headers, _ in filing_requests(pool, rounds):
            r = http.post(path, content=body, headers=headers | {"Content-Type": "application/json"})
            assert r.status_code == 201, r.text
            number = r.json()["receipt_number"]
            journal = http.get("/api/v1/me/declarations", headers=headers).json()["declarations"]
            if any(d.get("receipt_number") == number for d in journal):
                seen += 1
            else:
                missed += 1
    return seen, missed


def replica_transactions(name: str) -> int:
    return int(_psql(REPLICA_PORT, f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{name}'") or 0)


def line(label: str, r: dict, base: float | None = None) -> str:
    ratio = f"  x{r['per_second'] / base:.2f}" if base else ""
    return f"{label:<44} {r['per_second']:>7.1f}/s  p50 {r['p50_ms']:>6.1f} ms  p99 {r['p99_ms']:>7.1f} ms  errors {r['errors']}{ratio}"


def step1(r) -> bool:
    print(f"\n1. Ratio per added process ({r.clients} clients, {r.seconds:.0f} s each, signed zero filings)")
    r.servers.start(r.url, [r.p1, r.p2])
    direct = load([f"http://127.0.0.1:{r.p1}"], r.clients, r.seconds, r.pool, r.budget)
    print(line("one server, direct", direct), flush=True)
    lb = r.proxy.start([r.p1])
    one = load([lb], r.clients, r.seconds, r.pool, r.budget)
    print(line("HAProxy -> one server", one, direct["per_second"]), flush=True)
    lb = r.proxy.start([r.p1, r.p2])
    two = load([lb], r.clients, r.seconds, r.pool, r.budget)
    print(line("HAProxy -> two servers", two, direct["per_second"]), flush=True)
    print(f"   per added process: x{two['per_second'] / one['per_second']:.2f} (two vs one behind the same proxy)")
    r.servers.stop()
    return True


def step2(r) -> bool:
    print("\n2. kill -9 of one server half-way through a run against HAProxy (two servers)")
    r.servers.start(r.url, [r.p1, r.p2])
    lb = r.proxy.start([r.p1, r.p2])
    acks = Acks()
    killer = threading.Timer(r.seconds / 2, r.servers.kill9, args=(r.p2,))
    killer.start()
    killed = load([lb], r.clients, r.seconds, r.pool, r.budget, on_response=acks)
    killer.join()
    found, missing = in_database(r.url, acks.receipts)
    print(line("HAProxy -> two servers, one killed", killed), flush=True)
    print(f"   acknowledged (201): {len(acks.receipts)}; in the database with the same receipt: {found}; missing: {missing}; "
          f"other answers: {acks.other or 'none'}")
    r.servers.stop()
    return missing == 0


def step3(r) -> bool:
    print("\n3. PgBouncer (transaction mode) in front of PostgreSQL, two servers behind HAProxy")
    r.servers.start(r.url, [r.p1, r.p2])
    lb = r.proxy.start([r.p1, r.p2])
    direct = load([lb], r.clients, r.seconds, r.pool, r.budget)
    print(line("direct to PostgreSQL", direct), flush=True)
    r.servers.stop()
    r.bouncer.start()
    pooled_url = f"postgresql+psycopg://postgres@127.0.0.1:{BOUNCER_PORT}/{r.name}?prepare_threshold=none"
    r.servers.start(pooled_url, [r.p1, r.p2])
    lb = r.proxy.start([r.p1, r.p2])
    acks = Acks()
    pooled = load([lb], r.clients, r.seconds, r.pool, r.budget, on_response=acks)
    print(line("through PgBouncer", pooled, direct["per_second"]), flush=True)
    found, missing = in_database(r.url, acks.receipts)
    print(f"   acknowledged through PgBouncer: {len(acks.receipts)}, all in the database: {missing == 0}; "
          f"server connections: {_psql(5432, f'SELECT count(*) FROM pg_stat_activity WHERE datname = {chr(39)}{r.name}{chr(39)}')}")
    r.servers.stop()
    r.bouncer.stop()
    return missing == 0 and pooled["errors"] == 0


def step4(r) -> bool:
    print("\n4. Streaming replica on :5433 (pg_createcluster + pg_basebackup), journal reads")
    make_replica()
    replica_url = f"postgresql+psycopg://postgres@127.0.0.1:{REPLICA_PORT}/{r.name}"
    r.servers.start(r.url, [r.p1, r.p2])
    lb = r.proxy.start([r.p1, r.p2], sticky=True)
    primary_reads = asyncio.run(_reads(lb, r.filers, r.clients, r.seconds))
    print(line("journal reads, primary only", primary_reads), flush=True)
    r.servers.stop()
    r.servers.start(r.url, [r.p1, r.p2], replica=replica_url)
    lb = r.proxy.start([r.p1, r.p2], sticky=True)
    before = replica_transactions(r.name)
    replica_reads = asyncio.run(_reads(lb, r.filers, r.clients, r.seconds))
    served = replica_transactions(r.name) - before
    print(line("journal reads, SALYK_READ_REPLICA_URL set", replica_reads, primary_reads["per_second"]), flush=True)
    print(f"   transactions the replica served meanwhile: {served}")
    seen, missed = read_your_writes(lb, r.filers, r.pool, 20 if r.args.quick else 100)
    print(f"   read-your-writes: a filing read back at once through HAProxy {seen} times, missed {missed}")
    r.servers.stop()
    return missed == 0 and replica_reads["errors"] == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaleout", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--keep-replica", action="store_true")
    parser.add_argument("--steps", default="1234", help="which of the steps 1-4 to run (default all)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(argv)
    if args.serve:
        _serve(args.serve, args.port)
        return 0
    if argv is not None:  # from `python -m bench`: this one installs packages and makes a cluster, so only on its own
        print("bench.scaleout: run it on its own: python -m bench.scaleout")
        return 0
    if args.no_postgres or os.geteuid() != 0:
        print("bench.scaleout: skipped (needs PostgreSQL and root for apt-get, pg_createcluster)")
        return 0
    seconds = args.seconds or (3.0 if args.quick else 8.0)
    ensure_packages()
    base = os.environ.get("SALYK_BENCH_DATABASE_URL") or os.environ.get("SALYK_TEST_DATABASE_URL") or DEFAULT_PG
    name, url = create_database(base)
    tmp = Path(tempfile.mkdtemp(prefix="salyk-scaleout-"))
    r = argparse.Namespace(args=args, servers=Servers(), proxy=HAProxy(tmp), bouncer=PgBouncer(tmp), clients=args.clients,
                           seconds=seconds, budget=int(seconds * 400), p1=PORT, p2=PORT + 1, url=url, name=name)
    ok = True
    print(f"machine: {os.cpu_count()} CPUs; load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    try:
        from salyk.db.migrate import upgrade

        upgrade(url)
        r.servers.start(url, [r.p1])
        r.filers = setup(url, f"http://127.0.0.1:{r.p1}", 64)
        r.pool = iter(slots(r.filers))
        r.servers.stop()
        for n, step in ((1, step1), (2, step2), (3, step3), (4, step4)):
            if str(n) in args.steps:
                ok &= step(r)
    finally:
        r.servers.stop()
        r.proxy.stop()
        r.bouncer.stop()
        if not args.keep_replica:
            drop_replica()
        drop_database(base, name)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("scale-out checks:", "all passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
