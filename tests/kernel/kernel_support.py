"""A client on a database of its own (switches and law values are global state) with an officer and an admin."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from conftest import Account, login
from salyk.kernel.runtime import Runtime


@dataclass
class Office:
    client: TestClient
    rt: Runtime
    officer: Account
    admin: Account


@pytest.fixture
def office(fresh_runtime) -> Iterator[Office]:
    from salyk.api.app import create_app
    from salyk.registry.officers import ensure_officer

    ensure_officer(fresh_runtime, "kernel-officer", "officer-pass-1234", "officer")
    ensure_officer(fresh_runtime, "kernel-admin", "admin-pass-1234", "admin")
    with TestClient(create_app(fresh_runtime), base_url="http://testserver") as client:
        yield Office(client, fresh_runtime, login(client, "kernel-officer", "officer-pass-1234"), login(client, "kernel-admin", "admin-pass-1234"))
