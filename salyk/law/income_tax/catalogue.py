"""Catalogues of exempt income as data: TC art. 167 (income tax) and TC art. 189 (profit tax).

Each catalogue is a packaged YAML file listing the items of the article with the Kyrgyz words,
a working translation and how the exempt amount is bounded, so that a declaration form, the
cabinet and the computation all name an exemption the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from salyk.law.citation import Citation, tc

LIMITS = {"none", "by_law", "business_trip", "new_year_gift", "winnings", "personal_property", "statutory_use"}


class UnknownExemption(LookupError):
    pass


@dataclass(frozen=True)
class ExemptItem:
    article: int
    item: str  # "13", "2-1"
    code: str
    limit: str
    kyrgyz: str
    english: str
    repealed: str | None = None  # the repealing act, when the item lost force
    repealed_from: dt.date | None = None  # from when, where the seed says so
    payers: tuple[str, ...] = ()  # profit tax: the kinds of taxpayer the item is for (empty: every payer)

    @property
    def citation(self) -> Citation:
        return tc(self.article, 1 if self.article == 189 else None, self.item)

    def in_force(self, on: dt.date) -> bool:
        if self.repealed is None:
            return True
        return self.repealed_from is not None and on < self.repealed_from


def _load(path: Path, article: int) -> tuple[ExemptItem, ...]:
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    items: list[ExemptItem] = []
    for raw in doc["items"]:
        unknown = set(raw) - {"item", "code", "limit", "kyrgyz", "english", "repealed", "repealed_from", "payers"}
        if unknown:
            raise ValueError(f"{path.name}: item {raw.get('item')}: unknown keys {sorted(unknown)}")
        if raw["limit"] not in LIMITS:
            raise ValueError(f"{path.name}: item {raw['item']}: limit {raw['limit']!r} is not one of {sorted(LIMITS)}")
        items.append(
            ExemptItem(
                article=article,
                item=str(raw["item"]),
                code=str(raw["code"]),
                limit=str(raw["limit"]),
                kyrgyz=str(raw["kyrgyz"]),
                english=str(raw["english"]),
                repealed=raw.get("repealed"),
                repealed_from=raw.get("repealed_from"),
                payers=tuple(raw.get("payers", ())),
            )
        )
    codes = [i.code for i in items]
    numbers = [i.item for i in items]
    if len(set(codes)) != len(codes) or len(set(numbers)) != len(numbers):
        raise ValueError(f"{path.name}: item numbers and codes must be unique")
    return tuple(items)


@lru_cache(maxsize=None)
def income_tax_exemptions() -> tuple[ExemptItem, ...]:
    """The items of TC art. 167."""
    return _load(Path(__file__).parent / "exempt_items.yaml", 167)


@lru_cache(maxsize=None)
def profit_tax_exemptions() -> tuple[ExemptItem, ...]:
    """The items of TC art. 189(1)."""
    return _load(Path(__file__).parent.parent / "profit_tax" / "exempt_items.yaml", 189)


def find(catalogue: tuple[ExemptItem, ...], key: int | str) -> ExemptItem:
    """An item by its number (13, "2-1") or its code."""
    for entry in catalogue:
        if entry.item == str(key) or entry.code == key:
            return entry
    raise UnknownExemption(f"no item {key!r} in TC art. {catalogue[0].article if catalogue else '?'}")
