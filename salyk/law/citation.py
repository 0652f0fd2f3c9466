"""Citations of the law: ``TC art. 71(6)`` for the Tax Code, ``Offer 3.1`` for the app offer.

A citation is data, so that a parameter file, a computation trace and a page shown to the
taxpayer all point at the same words of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACTS = {
    "TC2008": "TC",  # Tax Code of the Kyrgyz Republic, 17 October 2008 No. 230
    "OFFER": "Offer",  # Public offer of the Salyk.kg application
}


@dataclass(frozen=True)
class Citation:
    act: str
    article: str | None = None
    part: str | None = None
    item: str | None = None
    title: str | None = None  # free-form name for acts outside the Code (Government decrees)

    def __str__(self) -> str:
        if self.act == "OFFER":
            return f"Offer {self.article}"
        if self.act == "TC2008":
            text = f"TC art. {self.article}"
            if self.part is not None:
                text += f"({self.part})"
            if self.item is not None:
                text += f"({self.item})"
            return text
        return self.title or self.act

    @classmethod
    def parse(cls, raw: Any) -> "Citation":
        """From the YAML mapping ``{act: TC2008, article: 71, part: 6}``."""
        if not isinstance(raw, dict) or "act" not in raw:
            raise ValueError(f"a citation needs at least an act: {raw!r}")
        act = str(raw["act"])
        if act in ACTS and raw.get("article") is None:
            raise ValueError(f"a citation of {act} needs an article: {raw!r}")
        if act not in ACTS and not raw.get("title"):
            raise ValueError(f"a citation of an outside act needs a title: {raw!r}")

        def s(key: str) -> str | None:
            return None if raw.get(key) is None else str(raw[key])

        return cls(act=act, article=s("article"), part=s("part"), item=s("item"), title=s("title"))

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None} | {"text": str(self)}


def tc(article: int | str, part: int | str | None = None, item: int | str | None = None) -> Citation:
    """A Tax Code citation, e.g. ``tc(71, 6)`` -> ``TC art. 71(6)``."""
    return Citation("TC2008", str(article), None if part is None else str(part), None if item is None else str(item))


def offer(clause: str) -> Citation:
    """An offer citation, e.g. ``offer("3.1")`` -> ``Offer 3.1``."""
    return Citation("OFFER", clause)
