"""A registry record as the feed receives it (JSON from the API, text from a CSV file), checked
field by field and normalised, so that the same record always has the same content (and digest)
whichever way it came. Every refusal names its field: the feed reports it per row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from salyk.kernel.errors import ValidationFailed
from salyk.law.property_tax import REAL_ESTATE_PURPOSES, VEHICLE_KINDS
from salyk.registry.taxpayers import validate_tin

VEHICLE = "vehicle"
REAL_ESTATE = "real_estate"
KINDS = (VEHICLE, REAL_ESTATE)

VEHICLE_FIELDS = ("registry_id", "version", "tin", "plate", "vin", "make", "model", "year", "engine_cc", "kind",
                  "book_value", "owned_from", "owned_to")
VEHICLE_OPTIONAL = ("book_value", "owned_to")
REAL_ESTATE_FIELDS = ("registry_id", "version", "tin", "eni", "address", "purpose", "area_m2", "share", "locality",
                      "owned_from", "owned_to")
REAL_ESTATE_OPTIONAL = ("owned_to",)
FIELDS = {VEHICLE: VEHICLE_FIELDS, REAL_ESTATE: REAL_ESTATE_FIELDS}
OPTIONAL = {VEHICLE: VEHICLE_OPTIONAL, REAL_ESTATE: REAL_ESTATE_OPTIONAL}

# ISO 3779: 17 characters, digits and capital letters without I, O and Q.
VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
REGISTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")
ENI = re.compile(r"[0-9A-Za-z][0-9A-Za-z./-]{0,39}")
LOCALITY = re.compile(r"[a-z][a-z0-9_-]{0,63}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER = re.compile(r"[0-9]{1,12}")
DECIMAL = re.compile(r"[0-9]{1,12}(\.[0-9]{1,4})?")
FIRST_YEAR = 1900
FIRST_DAY = dt.date(1991, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
MAX_ENGINE_CC = 100_000
MAX_AREA = Decimal("10000000")
MAX_BOOK_VALUE = Decimal("100000000000")

REASONS = {
    "missing": "it is missing",
    "unknown_field": "this field is not known here",
    "not_a_string": "expected text",
    "too_long": "it is too long",
    "empty": "it is empty",
    "not_an_integer": "expected a whole number",
    "not_a_number": "expected a number such as 12.5",
    "not_a_date": "expected a date YYYY-MM-DD",
    "out_of_range": "the value is out of the allowed range",
    "negative": "it is negative",
    "share_above_one": "a share is more than 0 and at most 1",
    "ends_before_start": "owned_to is before owned_from",
    "bad_vin": "a VIN has 17 characters: digits and capital letters except I, O, Q",
    "future_year": "the year is in the future",
    "unknown_kind": "unknown kind",
    "bad_identifier": "not a usable identifier",
    "book_value_needed": "a vehicle without an engine needs its book value",
    "engine_needed": "a vehicle of this kind needs its engine volume",
    "not_a_tin": "not a valid TIN",
    "not_an_object": "expected a JSON object",
}


def bad(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed("VALIDATION_ERROR", "The field {field} is not valid: {reason}.",
                            {"field": field, "reason": reason}, field=field, reason=REASONS[reason])


@dataclass(frozen=True)
class Record:
    """A checked record: the registry's key, and the content that versions compare."""

    kind: str
    registry_id: str
    version: int
    tin: str
    owned_from: dt.date
    owned_to: dt.date | None
    content: dict[str, Any]  # JSON-ready, normalised; without registry_id and version
    digest: str


def _text(raw: dict[str, Any], field: str, max_length: int, *, pattern: re.Pattern[str] | None = None, reason: str = "bad_identifier") -> str:
    value = raw.get(field)
    if not isinstance(value, str):
        raise bad(field, "not_a_string")
    value = value.strip()
    if not value:
        raise bad(field, "empty")
    if len(value) > max_length:
        raise bad(field, "too_long")
    if CONTROL.search(value):
        raise bad(field, "not_a_string")
    if pattern is not None and not pattern.fullmatch(value):
        raise bad(field, reason)
    return value


def _integer(raw: dict[str, Any], field: str, low: int, high: int) -> int:
    value = raw.get(field)
    if isinstance(value, str) and INTEGER.fullmatch(value.strip()):
        value = int(value.strip())
    elif isinstance(value, str) and value.strip().startswith("-") and INTEGER.fullmatch(value.strip()[1:]):
        raise bad(field, "negative")
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad(field, "not_an_integer")
    if value < 0:
        raise bad(field, "negative")
    if not low <= value <= high:
        raise bad(field, "out_of_range")
    return value


def _decimal(raw: dict[str, Any], field: str, high: Decimal) -> Decimal:
    value = raw.get(field)
    if isinstance(value, bool) or value is None:
        raise bad(field, "not_a_number")
    text = str(value).strip() if isinstance(value, (str, int, float)) else None
    if text is None:
        raise bad(field, "not_a_number")
    if text.startswith("-"):
        try:
            Decimal(text)
        except InvalidOperation:
            raise bad(field, "not_a_number") from None
        raise bad(field, "negative")
    if not DECIMAL.fullmatch(text):
        raise bad(field, "not_a_number")
    number = Decimal(text)
    if number > high:
        raise bad(field, "out_of_range")
    return number


def _date(raw: dict[str, Any], field: str) -> dt.date:
    value = raw.get(field)
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value.strip()):
        raise bad(field, "not_a_date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise bad(field, "not_a_date") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise bad(field, "out_of_range")
    return day


def _absent(raw: dict[str, Any], field: str) -> bool:
    value = raw.get(field)
    return value is None or (isinstance(value, str) and not value.strip())


def _ownership(raw: dict[str, Any]) -> tuple[dt.date, dt.date | None]:
    owned_from = _date(raw, "owned_from")
    owned_to = None if _absent(raw, "owned_to") else _date(raw, "owned_to")
    if owned_to is not None and owned_to < owned_from:
        raise bad("owned_to", "ends_before_start")
    return owned_from, owned_to


def _common(kind: str, raw: Any) -> tuple[str, int, str]:
    if not isinstance(raw, dict):
        raise bad("record", "not_an_object")
    unknown = sorted(set(raw) - set(FIELDS[kind]))
    if unknown:
        raise bad(str(unknown[0])[:64], "unknown_field")
    for field in FIELDS[kind]:
        if field not in OPTIONAL[kind] and field not in raw:
            raise bad(field, "missing")
    registry_id = _text(raw, "registry_id", 64, pattern=REGISTRY_ID)
    version = _integer(raw, "version", 1, 10**12)
    tin = raw.get("tin")
    if not isinstance(tin, str):
        raise bad("tin", "not_a_string")
    try:
        tin = validate_tin(tin.strip())
    except ValidationFailed:
        raise bad("tin", "not_a_tin") from None
    return registry_id, version, tin


def registry_id_of(raw: Any) -> str | None:
    """The row's key as given, for the rejection report (even when the row is malformed)."""
    if isinstance(raw, dict) and isinstance(raw.get("registry_id"), str):
        return raw["registry_id"].strip()[:64] or None
    return None


def check_vehicle(raw: Any, today: dt.date) -> Record:
    registry_id, version, tin = _common(VEHICLE, raw)
    kind = _text(raw, "kind", 16)
    if kind not in VEHICLE_KINDS:
        raise bad("kind", "unknown_kind")
    vin = _text(raw, "vin", 17 + 8).upper()
    if not VIN.fullmatch(vin):
        raise bad("vin", "bad_vin")
    year = _integer(raw, "year", FIRST_YEAR, 9999)
    if year > today.year:
        raise bad("year", "future_year")
    engine_cc = 0 if kind == "electric" and _absent(raw, "engine_cc") else _integer(raw, "engine_cc", 0, MAX_ENGINE_CC)
    if kind != "electric" and engine_cc == 0:
        raise bad("engine_cc", "engine_needed")
    book_value = None if _absent(raw, "book_value") else _decimal(raw, "book_value", MAX_BOOK_VALUE)
    if kind == "electric" and book_value is None:
        raise bad("book_value", "book_value_needed")
    if book_value is not None and book_value != book_value.quantize(Decimal("0.01")):
        raise bad("book_value", "not_a_number")
    owned_from, owned_to = _ownership(raw)
    content = {
        "tin": tin, "plate": _text(raw, "plate", 20).upper(), "vin": vin, "make": _text(raw, "make", 64),
        "model": _text(raw, "model", 64), "year": year, "engine_cc": engine_cc, "kind": kind,
        "book_value": None if book_value is None else f"{book_value:.2f}",
        "owned_from": owned_from.isoformat(), "owned_to": None if owned_to is None else owned_to.isoformat(),
    }
    return Record(VEHICLE, registry_id, version, tin, owned_from, owned_to, content, digest(content))


def check_real_estate(raw: Any, today: dt.date) -> Record:
    registry_id, version, tin = _common(REAL_ESTATE, raw)
    purpose = _text(raw, "purpose", 32)
    if purpose not in REAL_ESTATE_PURPOSES:
        raise bad("purpose", "unknown_kind")
    area = _decimal(raw, "area_m2", MAX_AREA)
    if area <= 0:
        raise bad("area_m2", "out_of_range")
    share = _decimal(raw, "share", Decimal("1000"))
    if share > 1:
        raise bad("share", "share_above_one")
    if share <= 0:
        raise bad("share", "out_of_range")
    owned_from, owned_to = _ownership(raw)
    content: dict[str, Any] = {
        "tin": tin, "eni": _text(raw, "eni", 40, pattern=ENI), "address": _text(raw, "address", 500),
        "purpose": purpose, "area_m2": _plain_decimal(area), "share": _plain_decimal(share),
        "locality": _text(raw, "locality", 64).lower(),
        "owned_from": owned_from.isoformat(), "owned_to": None if owned_to is None else owned_to.isoformat(),
    }
    if not LOCALITY.fullmatch(content["locality"]):
        raise bad("locality", "bad_identifier")
    return Record(REAL_ESTATE, registry_id, version, tin, owned_from, owned_to, content, digest(content))


CHECKS = {VEHICLE: check_vehicle, REAL_ESTATE: check_real_estate}


def _plain_decimal(value: Decimal) -> str:
    """One spelling per number ("80", "80.0" and "80.00" are the same area)."""
    text = format(value.normalize(), "f")
    return text


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
