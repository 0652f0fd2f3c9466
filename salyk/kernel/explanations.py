"""Explanations as data, rendered in the reader's language (TC art. 42(1)(9)-(10): the taxpayer
is entitled to understand the results; Offer 12.5: Kyrgyz and Russian have equal force).

The law's traces and the ledger's statement lines carry ``(msgid, parameters, citation)``; the
faces call ``render`` here, which looks the English msgid up in the Babel catalogs and formats
each parameter for the language: money with thousands separators and "сом", dates DD.MM.YYYY,
numbers with the language's decimal sign, and coded words (a tax, a debt part) through their own
msgid tables. Nothing parses English sentences back: the words are chosen from the data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import format_decimal

from salyk.kernel import formats, i18n
from salyk.law.citation import Citation
from salyk.law.income_tax.minimum_income import LOCALITY_WORDS
from salyk.law.taxes import TAX_WORDS
from salyk.law.trace import Msg, Rate, Som, Trace

TYIYN = Decimal("0.01")
_BABEL_LOCALE = {"ky": "ky", "ru": "ru", "en": "en"}


def money(amount: Any, lang: str) -> str:
    """1234.5 -> "1 234,50 сом" (ky, ru) or "1,234.50 som" (en): ``kernel.formats.som``."""
    return formats.som(Decimal(amount), lang)


def amount(value: Any, lang: str) -> str:
    """Money without the currency word (tables whose heading names it): "1 234,50"."""
    return format_decimal(Decimal(value).quantize(TYIYN, rounding=ROUND_HALF_UP), format="#,##0.00", locale=_BABEL_LOCALE.get(lang, "ky"))


def number(value: Any, lang: str) -> str:
    """A plain number (a rate, a share, a count) with the language's decimal sign: 0.1 -> "0,1"."""
    return format_decimal(Decimal(value).normalize() if isinstance(value, Decimal) else value, format="#,##0.##########",
                          locale=_BABEL_LOCALE.get(lang, "ky"))


def percent(value: Any, lang: str) -> str:
    """A rate kept as a fraction, written as people read it: 0.1 -> "10 %" (ky, ru), "10%" (en)."""
    shown = number(Decimal(value) * 100, lang)
    return f"{shown}\u00a0%" if lang in ("ky", "ru") else f"{shown}%"


def day(value: dt.date | str | None) -> str:
    """DD.MM.YYYY, as dates are written in Kyrgyzstan; ISO text is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def timestamp(value: dt.datetime | str | None) -> str:
    """DD.MM.YYYY HH:MM, in the time's own offset."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y %H:%M")


# --- citations ------------------------------------------------------------------------------

_CANONICAL = re.compile(r"TC art\. (?P<article>\d+(?:-\d+)?)(?P<rest>(?:\([0-9a-zа-я]+\))*)")
_OFFER = re.compile(r"Offer (?P<clause>[\d.()]+)")


def citation_text(citation: Citation | str | None, lang: str) -> str:
    """The canonical citation as the reader's language writes it:
    "TC art. 71(6)" -> "СК 71-бер. 6-б." (ky), "НК ст. 71 ч. 6" (ru), unchanged in English."""
    if citation is None or citation == "":
        return ""
    if isinstance(citation, Citation):
        if citation.act == "TC2008":
            return _tc(citation.article or "", citation.part, citation.item, lang)
        if citation.act == "OFFER":
            return _offer(citation.article or "", lang)
        return i18n.gettext(citation.title or citation.act, lang)
    if lang == "en":
        return citation
    if citation in i18n.catalog(lang):  # a whole act's title (a Government resolution) has its translation
        return i18n.gettext(citation, lang)

    def tc_match(m: re.Match[str]) -> str:
        parts = re.findall(r"\(([^)]+)\)", m.group("rest"))
        return _tc(m.group("article"), parts[0] if parts else None, parts[1] if len(parts) > 1 else None, lang)

    text = _CANONICAL.sub(tc_match, citation)
    text = _OFFER.sub(lambda m: _offer(m.group("clause"), lang), text)
    return text


# The Code's lettered items (162(1)(a), (a1), (b)) are Cyrillic letters in its ky and ru texts.
_LETTERS = str.maketrans("abcdefgh", "абвгдежз")


def _tc(article: str, part: str | None, item: str | None, lang: str) -> str:
    if lang in ("ky", "ru"):
        part = part.translate(_LETTERS) if part else part
        item = item.translate(_LETTERS) if item else item
    if lang == "ru":
        return f"НК ст. {article}" + (f" ч. {part}" if part else "") + (f" п. {item}" if item else "")
    if lang == "ky":
        return f"СК {article}-бер." + (f" {part}-б." if part else "") + (f" {item}-п." if item else "")
    return str(Citation("TC2008", article, part, item))


def _offer(clause: str, lang: str) -> str:
    if lang == "ru":
        return f"Оферта, п. {clause}"
    if lang == "ky":
        return f"Оферта, {clause}-п."
    return f"Offer {clause}"


# --- messages ---------------------------------------------------------------------------------


def value_text(value: Any, lang: str) -> str:
    """One parameter as the reader's language writes it."""
    if isinstance(value, Msg):
        return render(value.msgid, value.params, lang)
    if isinstance(value, bool):
        return i18n.gettext("yes" if value else "no", lang)
    if isinstance(value, Som):
        return money(value, lang)
    if isinstance(value, Rate):
        return percent(value, lang)
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, int):
        return format_decimal(value, locale=_BABEL_LOCALE.get(lang, "ky")) if abs(value) >= 10000 else str(value)
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, Citation):
        return citation_text(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v, lang) for v in value)
    if isinstance(value, str):
        return i18n.gettext(value, lang) if value in i18n.catalog("ru") else value
    return str(value)


# Parameters that are codes everywhere: a tax named by its identifier.
TERMS: dict[str, Mapping[str, str]] = {"tax": TAX_WORDS, "to_tax": TAX_WORDS, "from_tax": TAX_WORDS, "locality": LOCALITY_WORDS}


def render(msgid: str, params: Mapping[str, Any] | None, lang: str, terms: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The msgid in ``lang`` with its parameters formatted for it. ``terms`` maps a parameter name
    to the msgids of its coded values ({"tax": {"income_tax": "Income tax"}})."""
    terms = TERMS if terms is None else {**TERMS, **terms}
    shown: dict[str, str] = {}
    for key, value in (params or {}).items():
        table = (terms or {}).get(key)
        if table is not None and isinstance(value, str) and value in table:
            shown[key] = i18n.gettext(table[value], lang)
        else:
            shown[key] = value_text(value, lang)
    return i18n.gettext(msgid, lang, **shown) if shown else i18n.gettext(msgid, lang)


def plain(value: Any) -> Any:
    """A parameter as JSON data (money and numbers as strings, dates ISO)."""
    if isinstance(value, Msg):
        return {"msgid": value.msgid, "parameters": {k: plain(v) for k, v in value.params.items()}}
    if isinstance(value, Som):
        return f"{value.quantize(TYIYN, rounding=ROUND_HALF_UP):.2f}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Citation):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def step_text(step: Mapping[str, Any] | Any, lang: str) -> str:
    """One law trace step (``Step`` or its ``as_dict``) in ``lang``."""
    if isinstance(step, Mapping):
        return render(step["msgid"], step.get("_params", step.get("parameters")), lang)
    return render(step.msgid, step.params, lang)


def trace_view(trace: Trace, lang: str) -> dict[str, Any]:
    """A law trace as the faces show it: the data (msgid, parameters, canonical citation) plus
    ``text``, ``citation_text`` and the value written in ``lang``."""
    data = trace.as_dict()
    data["title"] = render(trace.title, trace.title_params, lang) if trace.title else ""
    for step, out in zip(trace.steps, data["steps"]):
        out["text"] = render(step.msgid, step.params, lang)
        if step.citation is not None:
            out["citation_text"] = citation_text(step.citation, lang)
        if step.value is not None:
            out["value_text"] = value_text(_money_if_amount(step.value), lang)
    return data


def _money_if_amount(value: Any) -> Any:
    """A step's value: an amount in tyiyn precision is money (the law rounds money to the tyiyn)."""
    if isinstance(value, Decimal) and not isinstance(value, Som) and value.as_tuple().exponent == -2:
        return Som(value)
    return value
