"""Helpers for the property tests: registry records and the feed through the HTTP API."""

from __future__ import annotations

import uuid

from conftest import API


def rid(prefix: str = "V") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def vehicle(tin: str, **fields) -> dict:
    record = {"registry_id": rid("V"), "version": 1, "tin": tin, "plate": "01KG123ABC", "vin": "JTDBR32E720123456",
              "make": "Toyota", "model": "Camry", "year": 2019, "engine_cc": 2000, "kind": "passenger",
              "owned_from": "2020-01-10"}
    return record | fields


def estate(tin: str, **fields) -> dict:
    record = {"registry_id": rid("R"), "version": 1, "tin": tin, "eni": "1-02-03-0004-0005",
              "address": "Бишкек ш., Чүй пр., 100, кв. 5", "purpose": "apartment", "area_m2": "95.5", "share": "0.5",
              "locality": "bishkek", "owned_from": "2018-05-01"}
    return record | fields


def feed(client, officer, path: str, *records, expect: int = 200, headers: dict | None = None) -> dict:
    r = client.post(f"{API}/officer/registry/{path}", json={"records": list(records)},
                    headers=officer.headers | (headers or {}))
    assert r.status_code == expect, r.text
    return r.json()


def my_property(client, account, as_of: str | None = None) -> dict:
    r = client.get(f"{API}/me/property", headers=account.headers, params={} if as_of is None else {"as_of": as_of})
    assert r.status_code == 200, r.text
    return r.json()


def tin_of(account) -> str:
    return account.login
