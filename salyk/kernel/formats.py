"""Formats every face and document shares: the contract's timestamps and money strings, and the
forms people read (DD.MM.YYYY, "1 234,50 сом") in ky and ru through Babel."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from babel.numbers import format_decimal

from salyk.kernel.config import BISHKEK

TYIYN = Decimal("0.01")


# A moment always gives a text: callers with a non-optional datetime get ``str``, not ``str | None``.
@overload
def timestamp(moment: dt.datetime) -> str: ...


@overload
def timestamp(moment: None) -> None: ...


@overload
def timestamp(moment: dt.datetime | None) -> str | None: ...


def timestamp(moment: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset, in Bishkek time (contract section 2)."""
    return None if moment is None else moment.astimezone(BISHKEK).isoformat(timespec="seconds")


def money(amount: Decimal) -> str:
    """The contract's money: a string with exactly two decimals in som (``"1234.50"``)."""
    return f"{Decimal(amount).quantize(TYIYN, rounding=ROUND_HALF_UP):.2f}"


def day(value: dt.date | None) -> str:
    """A date as people in Kyrgyzstan write it: 14.03.2025."""
    return "" if value is None else value.strftime("%d.%m.%Y")


def som(amount: Decimal, lang: str) -> str:
    """Money for a person: thousands separators of the language and the currency, "1 234,50 сом"."""
    locale = "ru" if lang in ("ky", "ru") else "en"
    number = format_decimal(Decimal(amount).quantize(TYIYN, rounding=ROUND_HALF_UP), format="#,##0.00", locale=locale)
    return f"{number} сом" if lang in ("ky", "ru") else f"{number} som"
