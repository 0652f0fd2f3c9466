"""How the notices module shows money and dates to a person (DD.MM.YYYY; som with separators)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from salyk.kernel.i18n import gettext

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def som(amount: Decimal | None, lang: str = "ky") -> str:
    """``1 234 567,50 сом`` (a narrow no-break space between thousands, as ky and ru write it)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{cents} " + gettext("som", lang)


def day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


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
