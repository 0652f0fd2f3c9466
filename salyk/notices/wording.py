"""How the notices module shows money and dates to a person (DD.MM.YYYY; som with separators)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from salyk.kernel import formats
from salyk.kernel.i18n import gettext

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def som(amount: Decimal | None, lang: str = "ky") -> str:
    """``1 234 567,50 сом`` (the kernel's format for people, no-break spaces between thousands)."""
    return "" if amount is None else formats.som(amount, lang)


def day(value: dt.date | None) -> str:
    return formats.day(value)


def shown_params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """A notice's parameters as the reader sees them: amounts in som, ISO dates as DD.MM.YYYY."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and key.endswith("amount"):
            try:
                out[key] = som(Decimal(value), lang)
                continue
            except ArithmeticError:
                pass
        if isinstance(value, str) and _ISO.fullmatch(value):
            try:
                out[key] = day(dt.date.fromisoformat(value))
                continue
            except ValueError:
                pass
        out[key] = value
    return out


def text(msgid: str, params: dict[str, Any], lang: str) -> str:
    return gettext(msgid, lang, **shown_params(params, lang))
