"""Request and response bodies shared by routers. Requests are strict: unknown fields and wrong types are 422."""

from __future__ import annotations

import datetime as dt

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from salyk.kernel.formats import timestamp  # noqa: F401  (re-exported for the routers)


class Body(BaseModel):
    """FastAPI validates bodies in Python mode, where ``strict`` would refuse ISO date strings;
    so strictness is per type: ``IsoDate`` below, ``StrictBool``/``StrictInt`` where needed.
    str fields never accept numbers in pydantic 2."""

    model_config = ConfigDict(extra="forbid", str_max_length=100_000)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        # PostgreSQL cannot store NUL in text; no legitimate field carries one.
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("expected a date YYYY-MM-DD")
    return dt.date.fromisoformat(value)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

