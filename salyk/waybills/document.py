"""The waybill document: its shape, checked strictly (unknown members refused), and its hash.

``document_sha256`` is the SHA-256 (hex) of the RFC 8785 (JCS) form of the document as the server
holds it; every signed act names it, so a party signs the exact document it saw. The shipper is the
taxpayer who creates the waybill and is not repeated in it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from salyk.crypto import canonicalize, document_sha256
from salyk.kernel.errors import ValidationFailed, invalid_field
from salyk.law import waybill as law
from salyk.waybills.states import Kind

KINDS = tuple(Kind)
REFERENCING_KINDS = (Kind.RETURN, Kind.CORRECTION)
MAX_LINES = 250
MAX_MARKING_CODES = 10_000

_TIN = re.compile(r"[0-9]{14}")
_PIN = re.compile(r"[0-9]{14}")  # the personal identification number (ПИН) of the driver
_TNVED = re.compile(r"[0-9]{10}")
_MONEY = re.compile(r"(0|[1-9][0-9]{0,14})\.[0-9]{2}")  # contract section 2: money has exactly two decimals
_QUANTITY = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
NUMBER = re.compile(r"ЭТТК-[0-9]{4}-[0-9]{9}")

DOCUMENT_MEMBERS = {
    "kind": True, "ref_number": False, "basis": True, "carrier": True, "consignee": True,
    "loading_point": True, "unloading_point": True, "planned_loading_on": True, "vehicle": True,
    "driver": True, "distance_km": True, "lines": True,
}
LINE_MEMBERS = {"name": True, "tnved": True, "unit": True, "quantity": True, "price": True, "amount": True,
                "volume_l": False, "marking_codes": False}


def sha256(document: dict[str, Any]) -> str:
    return document_sha256(document)


def jcs(value: Any) -> str:
    return canonicalize(value).decode("utf-8")


def _members(value: Any, where: str, members: dict[str, bool]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid_field(where, "not_an_object")
    for name in value:
        if name not in members:
            raise invalid_field(f"{where}.{name}", "unknown_field")
    for name, required in members.items():
        if required and name not in value:
            raise invalid_field(f"{where}.{name}", "missing")
    return value


def text(value: Any, where: str, max_length: int = 300) -> str:
    if not isinstance(value, str):
        raise invalid_field(where, "not_a_string")
    if not value.strip():
        raise invalid_field(where, "empty")
    if len(value) > max_length:
        raise invalid_field(where, "too_long")
    if not value.isprintable():
        raise invalid_field(where, "control_characters")
    return value


def _pattern(value: Any, where: str, pattern: re.Pattern[str], reason: str = "not_allowed") -> str:
    if not isinstance(value, str):
        raise invalid_field(where, "not_a_string")
    if not pattern.fullmatch(value):
        raise invalid_field(where, reason)
    return value


def _date(value: Any, where: str) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise invalid_field(where, "not_a_date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid_field(where, "not_a_date") from None


def money(value: Any, where: str) -> Decimal:
    if not isinstance(value, str):
        raise invalid_field(where, "not_money")
    if re.fullmatch(r"[0-9]+\.[0-9]{3,}", value):
        raise invalid_field(where, "more_than_two_decimals")
    if not _MONEY.fullmatch(value):
        raise invalid_field(where, "not_money")
    return Decimal(value)


def quantity(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not _QUANTITY.fullmatch(value):
        raise invalid_field(where, "not_allowed")
    return Decimal(value)


def _party(value: Any, where: str, alternative: str) -> dict[str, Any]:
    """``{"tin"}`` or the alternative form (``own_transport`` / ``foreign``)."""
    if not isinstance(value, dict):
        raise invalid_field(where, "not_an_object")
    if alternative in value:
        if alternative == "own_transport":
            _members(value, where, {"own_transport": True})
        else:
            _members(value, where, {"foreign": True, "name": True, "country": True})
            text(value["name"], f"{where}.name")
            _pattern(value["country"], f"{where}.country", _COUNTRY)
        if value[alternative] is not True:
            raise invalid_field(f"{where}.{alternative}", "not_allowed")
        return value
    _members(value, where, {"tin": True})
    _pattern(value["tin"], f"{where}.tin", _TIN)
    return value


def validate(document: Any, on: dt.date) -> dict[str, Any]:
    """The document if its shape is right, else a 422 naming the first wrong field.

    ``on`` picks the mandatory goods categories in force (the day of the draft or the issue).
    """
    d = _members(document, "document", DOCUMENT_MEMBERS)
    if d["kind"] not in KINDS:
        raise invalid_field("document.kind", "unknown_kind")
    if d["kind"] in REFERENCING_KINDS:
        if "ref_number" not in d:
            raise invalid_field("document.ref_number", "missing")
    if "ref_number" in d:
        _pattern(d["ref_number"], "document.ref_number", NUMBER)
    basis = _members(d["basis"], "document.basis", {"esf_number": False, "contract_number": False, "contract_date": False})
    for name in ("esf_number", "contract_number"):
        if name in basis:
            text(basis[name], f"document.basis.{name}", 64)
    if "contract_date" in basis:
        _date(basis["contract_date"], "document.basis.contract_date")
    _party(d["carrier"], "document.carrier", "own_transport")
    _party(d["consignee"], "document.consignee", "foreign")
    for point in ("loading_point", "unloading_point"):
        p = _members(d[point], f"document.{point}", {"address": True, "rayon_code": True})
        text(p["address"], f"document.{point}.address", 500)
        text(p["rayon_code"], f"document.{point}.rayon_code", 20)
    _date(d["planned_loading_on"], "document.planned_loading_on")
    vehicle = _members(d["vehicle"], "document.vehicle", {"plate": True, "trailer": False})
    text(vehicle["plate"], "document.vehicle.plate", 20)
    if "trailer" in vehicle:
        text(vehicle["trailer"], "document.vehicle.trailer", 20)
    driver = _members(d["driver"], "document.driver", {"pin": True, "name": True})
    _pattern(driver["pin"], "document.driver.pin", _PIN)
    text(driver["name"], "document.driver.name", 200)
    distance = d["distance_km"]
    if not isinstance(distance, int) or isinstance(distance, bool):
        raise invalid_field("document.distance_km", "not_allowed")
    if not 1 <= distance <= 20_000:
        raise invalid_field("document.distance_km", "out_of_range")
    lines = d["lines"]
    if not isinstance(lines, list):
        raise invalid_field("document.lines", "not_allowed")
    if not lines:
        raise invalid_field("document.lines", "empty")
    if len(lines) > MAX_LINES:
        raise invalid_field("document.lines", "too_long")
    for i, line in enumerate(lines):
        _line(line, f"document.lines[{i}]")
    _categories(lines, on)
    return d


def _line(line: Any, where: str) -> None:
    _members(line, where, LINE_MEMBERS)
    text(line["name"], f"{where}.name", 300)
    _pattern(line["tnved"], f"{where}.tnved", _TNVED)
    text(line["unit"], f"{where}.unit", 20)
    quantity(line["quantity"], f"{where}.quantity")
    money(line["price"], f"{where}.price")
    money(line["amount"], f"{where}.amount")
    if "volume_l" in line:
        quantity(line["volume_l"], f"{where}.volume_l")
    if "marking_codes" in line:
        codes = line["marking_codes"]
        if not isinstance(codes, list) or not codes:
            raise invalid_field(f"{where}.marking_codes", "empty")
        if len(codes) > MAX_MARKING_CODES:
            raise invalid_field(f"{where}.marking_codes", "too_long")
        for j, code in enumerate(codes):
            text(code, f"{where}.marking_codes[{j}]", 200)


def _categories(lines: list[dict[str, Any]], on: dt.date) -> None:
    """Fuel, alcohol, tobacco (and medicines from 2027) carry their category's field (Offer 3.1(7))."""
    for i, line in enumerate(lines):
        category = law.category_of(line["tnved"], on)
        if category is not None and category.field not in line:
            raise ValidationFailed(
                "CATEGORY_FIELDS_REQUIRED",
                "Line {line} ({category}) must carry the field {field}.",
                {"line": i, "tnved": line["tnved"], "category": category.name, "field": category.field},
                line=i + 1, category=category.name, field=category.field,
            )


def party_tins(document: dict[str, Any]) -> tuple[str | None, str | None]:
    """(carrier TIN or None for own transport, consignee TIN or None for a foreign consignee)."""
    return document["carrier"].get("tin"), document["consignee"].get("tin")
