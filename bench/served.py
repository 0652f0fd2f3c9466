"""The app served for a load bench: a fresh PostgreSQL schema, migrated, with the filing
benchmark's server (``python -m bench.filings --serve``) over it in a subprocess; afterwards the
server stopped and the schema dropped, whatever happened. ``bench.waybills`` and
``bench.deadline_day`` drive it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bench.filings import DEFAULT_PG, ROOT, drop_schema, new_schema_url, wait_ready


def database_base() -> str:
    """The PostgreSQL server the benches use: SALYK_BENCH_DATABASE_URL, else the tests', else the default."""
    return os.environ.get("SALYK_BENCH_DATABASE_URL") or os.environ.get("SALYK_TEST_DATABASE_URL") or DEFAULT_PG


@contextmanager
def filings_server(port: int) -> Iterator[tuple[str, str, subprocess.Popen]]:
    """Yields ``(database URL, base URL, server process)`` once the server answers on ``port``."""
    from salyk.db.migrate import upgrade

    base = database_base()
    url, schema = new_schema_url(base)
    base_url = f"http://127.0.0.1:{port}"
    upgrade(url)
    server = subprocess.Popen([sys.executable, "-m", "bench.filings", "--serve", url, "--port", str(port)], cwd=ROOT)
    try:
        wait_ready(base_url, server)
        yield url, base_url, server
    finally:
        stop(server)
        drop_schema(base, schema)


def stop(proc: subprocess.Popen) -> None:
    """Asks the process to end, and kills it if it has not within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
