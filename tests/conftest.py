"""Shared fixtures: databases (SQLite always, PostgreSQL too when SALYK_TEST_DATABASE_URL is set),
the runtime, an HTTP client, and helpers to make officers and taxpayers.

Every run makes its own SQLite files and its own PostgreSQL schema and drops them afterwards,
so parallel workers and CI runs on one server do not collide. Tests share one migrated database
per backend and isolate themselves by making their own taxpayers (fresh TINs); tests that change
global state (offer versions) take ``fresh_runtime`` instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace

import warnings

import pytest
import sqlalchemy as sa
from hypothesis import settings as hypothesis_settings

with warnings.catch_warnings():
    # Starlette asks for its "httpx2" fork; httpx is what the rest of the ecosystem ships.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from salyk.kernel.config import Clock, Settings
from salyk.kernel.uow import Database
from salyk.db.migrate import upgrade
from salyk.kernel.runtime import Runtime

# Timings never go in tests: Hypothesis's per-example deadline would fail a correct test on a busy machine.
hypothesis_settings.register_profile("salyk", deadline=None)
hypothesis_settings.load_profile("salyk")

PG_URL = os.environ.get("SALYK_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TODAY = dt.date(2025, 3, 14)  # a Friday; tests that care about the date set their own


class _Schemas:
    """Creates throw-away PostgreSQL schemas and remembers them for the final drop."""

    def __init__(self) -> None:
        self.created: list[str] = []

    def new_url(self) -> str:
        name = f"salyk_t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        engine.dispose()
        self.created.append(name)
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}options=-csearch_path%3D{name}"

    def drop_all(self) -> None:
        if not self.created:
            return
        engine = sa.create_engine(PG_URL)
        # One transaction per schema: dropping every schema's tables at once takes more locks
        # than max_locks_per_transaction allows, now that each schema holds every module's tables.
        for name in self.created:
            with engine.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        engine.dispose()


@pytest.fixture(scope="session")
def _pg_schemas() -> Iterator[_Schemas]:
    schemas = _Schemas()
    yield schemas
    schemas.drop_all()


def _new_database_url(backend: str, tmp_dir, schemas: _Schemas) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir}/salyk-{uuid.uuid4().hex[:8]}.db"
    return schemas.new_url()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def db_url(backend, tmp_path_factory, _pg_schemas) -> str:
    """One migrated database per backend for the whole session."""
    url = _new_database_url(backend, tmp_path_factory.mktemp("db"), _pg_schemas)
    upgrade(url)
    return url


@pytest.fixture
def empty_db_url(backend, tmp_path, _pg_schemas) -> str:
    """A brand-new, unmigrated database (for migration tests)."""
    return _new_database_url(backend, tmp_path, _pg_schemas)


def make_settings(url: str, today: dt.date | None = TODAY, **over) -> Settings:
    """Cheap argon2, and request limits out of the way (every test client shares one address);
    the tests of the limits set their own (issue 9). Waits for a hashing slot are long so that the
    machine's speed never decides an outcome."""
    limits = dict(
        login_attempts_per_address_per_minute=100_000,
        login_attempts_per_login_per_minute=100_000,
        expensive_requests_per_address_per_minute=100_000,
        kdf_wait_seconds=120.0,
        password_hash_wait_seconds=120.0,
        secure_cookies=False,  # the test client talks plain http to "testserver" (tests of the default set it)
    )
    return Settings(database_url=url, secret_key="test-secret-key", clock=Clock(today), argon2_memory_kib=1024, argon2_time_cost=1, **(limits | over))


@pytest.fixture(scope="session")
def _shared_database(db_url) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def runtime(_shared_database) -> Runtime:
    return Runtime(make_settings(_shared_database.url), _shared_database)


@pytest.fixture
def fresh_runtime(empty_db_url) -> Iterator[Runtime]:
    """A runtime on its own newly migrated database (for tests that change global state)."""
    upgrade(empty_db_url)
    rt = Runtime.from_settings(make_settings(empty_db_url))
    yield rt
    rt.db.dispose()


def at_date(rt: Runtime, today: dt.date | None) -> Runtime:
    """The same database seen on another day (SALYK_TODAY)."""
    return Runtime(replace(rt.settings, clock=Clock(today)), rt.db)


@pytest.fixture
def client(runtime) -> Iterator[TestClient]:
    from salyk.api.app import create_app

    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


_counter = itertools.count(1)


def new_tin(kind: str = "individual") -> str:
    """A fresh, valid TIN: kind digit, a random valid date, then 5 digits unique in this run."""
    rng = random.Random(uuid.uuid4().int)
    day = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 60))
    first = "0" if kind == "organization" else rng.choice("12")
    serial = (os.getpid() * 7919 + next(_counter) * 104729 + rng.randrange(1000)) % 100000
    return f"{first}{day:%d%m%Y}{serial:05d}"


@dataclass
class Account:
    login: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


API = "/api/v1"


def login(client: TestClient, login_name: str, password: str) -> Account:
    r = client.post(f"{API}/auth/login", json={"login": login_name, "password": password})
    assert r.status_code == 200, r.text
    return Account(login_name, password, r.json()["access_token"])


@pytest.fixture
def officer(client, runtime) -> Account:
    from salyk.registry.officers import ensure_officer

    name = f"off-{uuid.uuid4().hex[:8]}"
    ensure_officer(runtime, name, "officer-pass-1234", "officer")
    return login(client, name, "officer-pass-1234")


@pytest.fixture
def admin(client, runtime) -> Account:
    from salyk.registry.officers import ensure_officer

    name = f"adm-{uuid.uuid4().hex[:8]}"
    ensure_officer(runtime, name, "admin-pass-1234", "admin")
    return login(client, name, "admin-pass-1234")


def register_taxpayer(client: TestClient, officer: Account, kind: str = "individual", password: str = "Strong-pass-2024", accept: bool = True, **fields) -> Account:
    tin = fields.pop("tin", None) or new_tin(kind)
    body = {"tin": tin, "kind": kind, "name": "Test Taxpayer", "address": "Bishkek", "registered_on": "2015-01-01"} | fields
    r = client.post(f"{API}/officer/taxpayers", json=body, headers=officer.headers)
    assert r.status_code == 201, r.text
    r = client.post(f"{API}/officer/taxpayers/{tin}/credentials", json={"password": password}, headers=officer.headers)
    assert r.status_code == 201, r.text
    account = login(client, tin, password)
    if accept:
        version = client.get(f"{API}/offer").json()["version"]
        r = client.post(f"{API}/me/offer-acceptance", json={"version": version}, headers=account.headers)
        assert r.status_code == 200, r.text
    return account


@pytest.fixture
def taxpayer(client, officer) -> Account:
    """A registered individual with a password, logged in, offer accepted."""
    return register_taxpayer(client, officer)


# The browser journeys (tests/browser_support.py): one Chromium per module, a fresh phone-sized
# context per test that asks for ``page``.
@pytest.fixture(scope="module")
def browser():
    from browser_support import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    from browser_support import phone_context

    context = phone_context(browser)
    yield context.new_page()
    context.close()
