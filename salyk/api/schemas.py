"""Request and response bodies shared by routers. Requests are strict: unknown fields and wrong types are 422."""

from __future__ import annotations

import datetime as dt

import re
from typing import Annotated, Any, overload

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from salyk.kernel import formats
from salyk.kernel.dates import to_date


@overload
def timestamp(moment: dt.datetime) -> str: ...
@overload
def timestamp(moment: dt.datetime | None) -> str | None: ...
def timestamp(moment: dt.datetime | None) -> str | None:
    """The contract's timestamp (``kernel.formats.timestamp``) for the routers, typed so that a
    moment that is always there gives a ``str`` for the models' non-null fields."""
    return formats.timestamp(moment)


class Body(BaseModel):
    """FastAPI validates bodies in Python mode, where ``strict`` would refuse ISO date strings;
    so strictness is per type: ``IsoDate`` below, ``StrictBool``/``StrictInt`` where needed.
    str fields never accept numbers in pydantic 2."""

    model_config = ConfigDict(extra="forbid", str_max_length=100_000)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        # PostgreSQL cannot store NUL in text; no legitimate field carries one. Nesting deeper than
        # any document of ours is refused before anything (pydantic, JCS, the scan) recurses into it.
        problem = scan_json(data)
        if problem:
            raise ValueError(problem)
        return data


MAX_JSON_DEPTH = 32  # a declaration's document nests 3-4 levels


def scan_json(value: Any, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Why a parsed JSON body is refused (too deep, a NUL or a lone surrogate in text), or None.

    Iterative, with its own stack: a body nested 100,000 deep costs one pass, not a RecursionError.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "text must not contain NUL characters"
            if _SURROGATE.search(item):
                return "text must be valid Unicode (no lone surrogates)"
        elif isinstance(item, (dict, list, tuple)):
            if depth > max_depth:
                return f"JSON nested deeper than {max_depth} levels"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


# One date parser for every face (salyk.kernel.dates): ISO form and 1991..2199, else 422.
IsoDate = Annotated[dt.date, BeforeValidator(to_date)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

