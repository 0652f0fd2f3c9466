"""Dated parameters of the law: every rate, threshold, amount and day-of-month, with its citation.

Each ``*.yaml`` file in this folder maps parameter names to entries::

    late_payment_interest_rate:
      description: Daily rate of late-payment interest (туум)
      unit: fraction_per_day
      citation: {act: TC2008, article: 71, part: 6}
      values:
        2009-01-01: "0.0009"

``values`` maps an effective date to a value. A value holds from its date until the next one;
``null`` means the rule was repealed from that date. Decimal amounts are written as strings so
that YAML never turns them into floats. ``sample: true`` with a ``note`` marks values the Code
leaves to the Government or the National Bank and that we hold only as samples.

The law changes: services never copy a value, they ask ``parameter(name, on=day)``.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from salyk.law.citation import Citation

HERE = Path(__file__).parent
UNITS = {
    "fraction",  # a rate: 0.1 is 10 %
    "fraction_per_day",
    "som",
    "days",
    "months",
    "years",
    "day_of_month",
    "count",
    "flag",
    "date",
    "table",  # a list or mapping; the description says its shape
}


class ParameterError(LookupError):
    """A parameter is unknown, not yet in force on the date asked, or repealed."""


@dataclass(frozen=True)
class ParameterValue:
    """One value of a parameter as it stood on a date: what a trace records."""

    name: str
    value: Any
    effective_from: dt.date
    citation: Citation
    sample: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _thaw(self.value),
            "effective_from": self.effective_from.isoformat(),
            "citation": str(self.citation),
            "sample": self.sample,
        }


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    citation: Citation
    values: tuple[tuple[dt.date, Any], ...]  # sorted by date
    sample: bool = False
    note: str | None = None
    source_file: str = field(default="", compare=False)
    # Values an admin entered through the law book carry their own act (and are not samples).
    entered: tuple[tuple[dt.date, Citation], ...] = ()

    def at(self, on: dt.date) -> ParameterValue:
        current: tuple[dt.date, Any] | None = None
        for since, value in self.values:
            if since <= on:
                current = (since, value)
            else:
                break
        if current is None:
            raise ParameterError(f"{self.name} is not in force on {on.isoformat()} (first {self.values[0][0]})")
        if current[1] is None:
            raise ParameterError(f"{self.name} was repealed on {current[0].isoformat()}")
        entered = dict(self.entered).get(current[0])
        if entered is not None:
            return ParameterValue(self.name, current[1], current[0], entered, False)
        return ParameterValue(self.name, current[1], current[0], self.citation, self.sample)


def _convert(unit: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    if unit in {"fraction", "fraction_per_day", "som"}:
        if isinstance(raw, float):
            raise ValueError(f"{where}: write decimal amounts as strings, not floats ({raw!r})")
        try:
            return Decimal(str(raw))
        except InvalidOperation as exc:
            raise ValueError(f"{where}: not a decimal: {raw!r}") from exc
    if unit in {"days", "months", "years", "day_of_month", "count"}:
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise ValueError(f"{where}: expected an integer, got {raw!r}")
        return raw
    if unit == "flag":
        if not isinstance(raw, bool):
            raise ValueError(f"{where}: expected true/false, got {raw!r}")
        return raw
    if unit == "date":
        if not isinstance(raw, dt.date):
            raise ValueError(f"{where}: expected a date, got {raw!r}")
        return raw
    return _freeze(raw)


def _freeze(raw: Any) -> Any:
    """Tables are returned read-only so no caller can change the law for everyone else."""
    if isinstance(raw, list):
        return tuple(_freeze(x) for x in raw)
    if isinstance(raw, dict):
        from types import MappingProxyType

        return MappingProxyType({k: _freeze(v) for k, v in raw.items()})
    if isinstance(raw, float):
        raise ValueError(f"write decimal amounts in tables as strings, not floats ({raw!r})")
    return raw


def _thaw(value: Any) -> Any:
    """Plain JSON-ready data from a (frozen) parameter value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_thaw(v) for v in value]
    if hasattr(value, "items"):
        return {str(k): _thaw(v) for k, v in value.items()}
    return value


def _parse_entry(name: str, raw: Any, source: str) -> Parameter:
    where = f"{source}:{name}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: an entry must be a mapping")
    unknown = set(raw) - {"description", "unit", "citation", "values", "sample", "note"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("description", "unit", "citation", "values"):
        if key not in raw:
            raise ValueError(f"{where}: missing {key}")
    unit = raw["unit"]
    if unit not in UNITS:
        raise ValueError(f"{where}: unit {unit!r} is not one of {sorted(UNITS)}")
    citation = Citation.parse(raw["citation"])
    values = raw["values"]
    if not isinstance(values, dict) or not values:
        raise ValueError(f"{where}: values must be a non-empty mapping of effective date to value")
    dated: list[tuple[dt.date, Any]] = []
    for since, value in values.items():
        if not isinstance(since, dt.date) or isinstance(since, dt.datetime):
            raise ValueError(f"{where}: effective date {since!r} is not a YYYY-MM-DD date")
        dated.append((since, _convert(unit, value, f"{where}@{since}")))
    dated.sort(key=lambda pair: pair[0])
    if dated[0][1] is None:
        raise ValueError(f"{where}: the first value cannot be a repeal")
    sample = bool(raw.get("sample", False))
    if sample and not raw.get("note"):
        raise ValueError(f"{where}: a sample value needs a note saying where the real value comes from")
    return Parameter(name, str(raw["description"]), unit, citation, tuple(dated), sample, raw.get("note"), source)


def load_directory(directory: Path = HERE) -> dict[str, Parameter]:
    """Read and validate every parameter file; a broken file is an error, not a silent default."""
    table: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        if not isinstance(doc, dict):
            raise ValueError(f"{path.name}: top level must be a mapping of parameter names")
        for name, raw in doc.items():
            if name in table:
                raise ValueError(f"{path.name}:{name}: already defined in {table[name].source_file}")
            table[name] = _parse_entry(str(name), raw, path.name)
    return table


@lru_cache(maxsize=1)
def _registry() -> dict[str, Parameter]:
    return load_directory(HERE)


# The law book in force for this computation (``salyk.law.book.using``); None: the YAML defaults.
CURRENT_BOOK: ContextVar[Any] = ContextVar("salyk_law_book", default=None)


def packaged(name: str) -> Parameter:
    """The parameter as the YAML files define it, without admin-entered values."""
    try:
        return _registry()[name]
    except KeyError:
        raise ParameterError(f"no parameter named {name!r}") from None


def definition(name: str) -> Parameter:
    book = CURRENT_BOOK.get()
    return packaged(name) if book is None else book.definition(name)


def parameter_value(name: str, on: dt.date) -> ParameterValue:
    """The value in force on ``on`` with its effective date and citation (for traces)."""
    return definition(name).at(on)


def parameter(name: str, on: dt.date) -> Any:
    """The value of ``name`` in force on the date ``on``."""
    return parameter_value(name, on).value


def all_parameters() -> dict[str, Parameter]:
    return {name: definition(name) for name in _registry()}


def convert(name: str, raw: Any) -> Any:
    """An admin-entered value in the parameter's unit (decimal strings, integers, tables)."""
    return _convert(packaged(name).unit, raw, f"entered:{name}")
