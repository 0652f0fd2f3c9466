"""What one request costs the server, in process: SQL statements, database round trips (each
statement, BEGIN, COMMIT and ROLLBACK, and the pool's pre-ping), CPU ms (issue 16).

    python -m bench.request_cost [-v]

Counts that do not depend on the machine's load, unlike the throughput of ``bench.filings``: one
thread, the app under Starlette's TestClient, PostgreSQL as the bench uses it (statements and round
trips are counted on psycopg's cursor and connection). ``-v`` prints the statements of one filing
and of one ``GET /me``.
"""

import datetime as dt
import os
import sys
import time

import psycopg
from sqlalchemy import event, text

from bench import filings as b


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--no-postgres" in argv:
        print("bench.request_cost: skipped (--no-postgres)")
        return 0
    base = os.environ.get("SALYK_BENCH_DATABASE_URL") or os.environ.get("SALYK_TEST_DATABASE_URL") or b.DEFAULT_PG
    url, schema = b.new_schema_url(base)
    from salyk.db.migrate import upgrade
    upgrade(url)
    os.environ["SALYK_BENCH_SERVE_URL"] = url
    import warnings; warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
    app = b.bench_app()
    rt = app.state.runtime
    waits = [0]
    def counted(cls, name):
        orig = getattr(cls, name)
        def counting(self, *a, **k):
            waits[0] += 1
            return orig(self, *a, **k)
        setattr(cls, name, counting)
    counted(psycopg.Cursor, "execute"); counted(psycopg.Connection, "_exec_command")
    try:
        from salyk.registry import taxpayers as registry
        from salyk.registry.officers import ensure_officer
        from salyk.kernel.principal import StaffPrincipal
        from salyk.crypto import make_csr
        from cryptography.hazmat.primitives.asymmetric import ec
        with rt.db.transaction() as s:
            s.execute(text("CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, at timestamptz NOT NULL)"))
        officer, _ = ensure_officer(rt, "bench-officer", "Bench-0fficer-2024", "officer")
        actor = StaffPrincipal("officer", officer.login, officer_id=officer.id)
        c = TestClient(app)
        tin = f"0{'01011990'}{12345:05d}"
        registry.register(rt, actor, registry.NewTaxpayer(tin, "organization", "X", "Bishkek", dt.date(2008,1,1)))
        registry.issue_password(rt, actor, tin, b.PASSWORD)
        token = c.post("/api/v1/auth/login", json={"login": tin, "password": b.PASSWORD}).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        v = c.get("/api/v1/offer").json()["version"]
        c.post("/api/v1/me/offer-acceptance", json={"version": v}, headers=h)
        key = ec.generate_private_key(ec.SECP256R1())
        kid = c.post("/api/v1/me/certificates", json={"csr": make_csr(key, tin).decode()}, headers=h).json()["kid"]
        reqs = b.filing_requests(b.slots([b.Filer(tin, token, key, kid)]), 400)
        stmts = []
        event.listen(rt.db.engine, "before_cursor_execute", lambda conn, cur, st, *a: stmts.append(st))
        it = iter(reqs)
        def filing():
            path, body, hdr, _ = next(it)
            r = c.post(path, content=body, headers=hdr | {"Content-Type": "application/json"}); assert r.status_code == 201, r.text
        def me():
            assert c.get("/api/v1/me", headers=h).status_code == 200
        def offer():
            assert c.get("/api/v1/offer").status_code == 200
        def ceiling():
            assert c.post("/bench/ceiling", content=b"{}").status_code == 201
        for _ in range(30): filing(); me(); offer(); ceiling()
        if "-v" in argv:
            stmts.clear(); filing(); print("\n".join(s[:110].replace("\n", " ") for s in stmts)); stmts.clear(); me(); print("\n".join(s[:110].replace("\n", " ") for s in stmts))
        n = 100
        for name, fn in (("POST /me/declarations", filing), ("GET /me", me), ("GET /offer", offer), ("POST /bench/ceiling", ceiling)):
            stmts.clear(); waits[0] = 0
            c0 = time.process_time(); t0 = time.perf_counter()
            for _ in range(n): fn()
            cpu = (time.process_time() - c0) * 1000 / n; wall = (time.perf_counter() - t0) * 1000 / n
            print(f"{name:24} statements {len(stmts)/n:5.1f}  round trips {waits[0]/n:5.1f}  cpu {cpu:6.2f} ms  wall {wall:6.2f} ms")
        print("load", os.getloadavg()[0])
    finally:
        rt.db.dispose()
        b.drop_schema(base, schema)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
