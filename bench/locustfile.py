"""Deadline day for Locust (issue 16 goal 4): taxpayers log in, read their obligations, file a
signed zero report, read the journal and fetch the PDF, while others read their balance; some
filings are sent twice (a replay of the same document: the first receipt, 200) and some are a
second initial report for a period already filed (409 ``DUPLICATE_FILING``).

Run it with ``python -m bench.deadline_day`` (server, taxpayers, Locust headless, report and the
database check in one command). By hand, against a server whose taxpayers ``bench.deadline_day
--prepare-only`` made::

    SALYK_LOCUST_FILERS=bench/.filers.json locust -f bench/locustfile.py --headless -u 32 -r 8 -t 60s --host http://127.0.0.1:8765

Each user is one taxpayer (from the file ``SALYK_LOCUST_FILERS``: ИСН, password, P-256 key and
certificate serial) and files each (form, period) once; the ids and receipt numbers of the 201
answers go to ``SALYK_LOCUST_ACKED`` when the test stops, for the check afterwards.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid

from cryptography.hazmat.primitives import serialization
from locust import FastHttpUser, between, events, task

FORMS = ("vat", "sales_tax", "income_tax_agent")
MONTHS = [f"{y}-{m:02d}" for y in range(2009, 2025) for m in range(1, 13)]
REPLAY_SHARE = 0.10  # filings sent a second time, byte for byte
DUPLICATE_SHARE = 0.05  # a second initial report for a (form, period) already filed

_filers: list[dict] = []
_next_filer = itertools.count()
_lock = threading.Lock()
ACKED: dict[str, str] = {}  # filing id -> receipt number, from every 201


def _load_filers() -> list[dict]:
    global _filers
    if not _filers:
        with open(os.environ["SALYK_LOCUST_FILERS"], encoding="utf-8") as fh:
            _filers = json.load(fh)
    return _filers


@events.test_stop.add_listener
def _save_acked(**_kwargs) -> None:
    path = os.environ.get("SALYK_LOCUST_ACKED")
    if path:
        with _lock, open(path, "w", encoding="utf-8") as fh:
            json.dump(ACKED, fh)


class Taxpayer(FastHttpUser):
    """One taxpayer on deadline day."""

    wait_time = between(0.0, 0.2)

    def on_start(self) -> None:
        from salyk.crypto import sign_detached

        self._sign = sign_detached
        filers = _load_filers()
        me = filers[next(_next_filer) % len(filers)]
        self.tin, self.kid = me["tin"], me["kid"]
        self.key = serialization.load_pem_private_key(me["key"].encode(), password=None)
        self.slots = iter([(form, period) for period in MONTHS for form in FORMS])
        self.filed: list[tuple[str, str, dict, str]] = []  # (form, period, body, filing id)
        r = self.client.post("/api/v1/auth/login", json={"login": self.tin, "password": me["password"]}, name="POST /auth/login")
        self.headers = {"Authorization": f"Bearer {r.json()['access_token']}"}

    def _document(self, form: str, period: str) -> dict:
        return {"client_filing_id": str(uuid.uuid4()), "tin": self.tin, "form": form, "period": period, "kind": "initial", "zero": True, "values": {}}

    def _post_filing(self, body: dict, expect: int, name: str):
        with self.client.post("/api/v1/me/declarations", json=body, headers=self.headers, name=name, catch_response=True) as r:
            if r.status_code != expect:
                r.failure(f"{r.status_code} instead of {expect}: {r.text[:200]}")
                return None
            r.success()
            return r.json()

    @task(3)
    def deadline_day(self) -> None:
        """Obligations, a signed zero filing, the journal, the PDF of the new receipt."""
        self.client.get("/api/v1/me/obligations", headers=self.headers, name="GET /me/obligations")
        roll = random.random()
        if self.filed and roll < REPLAY_SHARE:
            form, period, body, first_id = random.choice(self.filed)
            answer = self._post_filing(body, 200, "POST /me/declarations (replay)")
            if answer is not None and answer["id"] != first_id:
                events.request.fire(request_type="CHECK", name="replay gives the first receipt", response_time=0, response_length=0,
                                    exception=AssertionError(f"replay answered {answer['id']}, first was {first_id}"))
            return
        if self.filed and roll < REPLAY_SHARE + DUPLICATE_SHARE:
            form, period, _, _ = random.choice(self.filed)
            document = self._document(form, period)
            self._post_filing({"document": document, "signature": self._sign(document, self.key, self.kid)}, 409, "POST /me/declarations (duplicate initial)")
            return
        slot = next(self.slots, None)
        if slot is None:
            return
        document = self._document(*slot)
        body = {"document": document, "signature": self._sign(document, self.key, self.kid)}
        receipt = self._post_filing(body, 201, "POST /me/declarations")
        if receipt is None:
            return
        with _lock:
            ACKED[receipt["id"]] = receipt["receipt_number"]
        self.filed.append((slot[0], slot[1], body, receipt["id"]))
        self.client.get("/api/v1/me/declarations", headers=self.headers, name="GET /me/declarations")
        self.client.get(f"/api/v1/me/declarations/{receipt['id']}.pdf", headers=self.headers, name="GET /me/declarations/{id}.pdf")

    @task(2)
    def balance(self) -> None:
        """The background: taxpayers looking at what they owe."""
        self.client.get("/api/v1/me/balance", headers=self.headers, name="GET /me/balance")
