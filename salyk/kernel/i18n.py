"""Kyrgyz, Russian and English, from Babel (gettext) catalogs in ``salyk/locale/<lang>/LC_MESSAGES``.

The offer is in the state and official languages with equal force (Offer 12.5): every message
a taxpayer sees exists in ky and ru. msgids are English; English needs no catalog entry.
Each service keeps its own catalog file (``platform.po``, ``ledger.po``, ...) so that teams do
not edit one file; they are merged here. Catalogs are read from the ``.po`` sources at start-up
(no compile step to forget).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LANGUAGES = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"
LOCALE_DIR = Path(__file__).parent.parent / "locale"


@dataclass(frozen=True)
class Localized:
    """A text a person wrote in each language (an admin's notice, an offer), not a msgid."""

    ky: str = ""
    ru: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        # English readers get the Russian text when no English one was written.
        return getattr(self, lang, "") or (self.ru if lang == "en" else "")

    def as_dict(self) -> dict[str, str]:
        return {"ky": self.ky, "ru": self.ru}


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    # The platform's catalogs, then each service package's own (salyk/<service>/locale/...).
    paths = sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))
    paths += sorted(LOCALE_DIR.parent.glob(f"*/locale/{lang}/LC_MESSAGES/*.po"))
    for path in paths:
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang if lang != "ky" else "ky"):
                if message.id and message.string and not message.fuzzy:
                    messages[str(message.id)] = str(message.string)
    return messages


def gettext(msgid: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    table = catalog(lang) if lang != "en" else {}
    text = table.get(msgid, msgid)
    if params:
        # String parameters that are themselves messages (reasons, titles) are translated too.
        params = {k: v.get(lang) if isinstance(v, Localized) else table.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def negotiate(accept_language: str | None, default: str = DEFAULT_LANGUAGE, languages: tuple[str, ...] = LANGUAGES) -> str:
    """Pick one of ``languages`` (ky, ru, en) from an Accept-Language header (quality values respected)."""
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        piece = part.strip().split(";")
        tag = piece[0].strip().lower().split("-")[0]
        quality = 1.0
        for extra in piece[1:]:
            extra = extra.strip()
            if extra.startswith("q="):
                try:
                    quality = float(extra[2:])
                except ValueError:
                    quality = 0.0
        if tag in languages and quality > 0:
            choices.append((-quality, index, tag))
    return min(choices)[2] if choices else default
