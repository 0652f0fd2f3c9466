"""The ledger's words in the user's language: tax names, statement line kinds, and each statement
line's explanation and citation ("why this number?"), for the API and the cabinet alike.

``salyk.ledger.derive`` gives each line an English msgid and its parameters as data (codes, dates,
amounts); ``describe`` renders them in Kyrgyz, Russian or English from the Babel catalogs
(msgids marked ``N_``), ``cite`` writes "TC art. 71(6)" as "СК 71-бер. 6-б." or "НК ст. 71 ч. 6"
(TC art. 42(1)(9)-(10): the taxpayer is entitled to understand the results).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salyk.kernel.explanations import citation_text, plain, render
from salyk.law.taxes import TAX_WORDS
from salyk.law.trace import N_


TAX_NAMES = TAX_WORDS
LINE_KINDS = {
    "charge": N_("Tax charged"),
    "reduction": N_("Tax reduced"),
    "interest": N_("Interest"),
    "sanction": N_("Sanction"),
    "payment": N_("Payment"),
    "allocation": N_("Payment applied"),
    "late_interest": N_("Late-payment interest (туум)"),
    "overpayment": N_("Overpayment"),
    "credit": N_("Overpayment applied"),
    "offset": N_("Offset of an overpayment"),
    "offset_applied": N_("Offset on application"),
    "refund": N_("Refund"),
    "write_off": N_("Written off"),
    "owed_back": N_("Owed back"),
    "limitation": N_("Extinguished by limitation"),
    "refund_interest": N_("Interest on a late refund"),
    "interest_stop": N_("туум stops"),
    "declared_credit": N_("Withheld above the tax"),
    "under_appeal": N_("Held by an appeal"),
}

PARTS = {"tax": N_("tax"), "interest": N_("interest"), "late_interest": N_("туум"), "sanction": N_("sanction")}
GROUND_WORDS = {
    "deferral": N_("deferral in force"),
    "bankruptcy": N_("bankruptcy"),
    "missing_person": N_("declared missing"),
    "bank_liquidation": N_("forced liquidation of the servicing bank"),
    "budget_financing": N_("late budget financing"),
    "force_majeure": N_("force majeure"),
    "property_arrest": N_("arrest of property"),
}
# A statement line's parameters that are codes, with the msgids of their words.
TERMS = {"tax": TAX_NAMES, "to_tax": TAX_NAMES, "from_tax": TAX_NAMES, "part": PARTS, "ground": GROUND_WORDS}


def describe(msgid: str, params: Mapping[str, Any] | None, lang: str) -> str:
    """A statement line's explanation (``Line.msgid``/``params``) in ``lang``; a ``cite`` parameter
    (a citation inside the explanation) is written as the reader's language writes it."""
    if params and isinstance(params.get("cite"), str):
        params = {**params, "cite": cite(params["cite"], lang)}
    return render(msgid, params, lang, TERMS)


def cite(citation: str, lang: str) -> str:
    """"TC art. 71(6)" as the reader's language writes it: "СК 71-бер. 6-б." / "НК ст. 71 ч. 6"."""
    return citation_text(citation, lang)


def parameters(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """A line's parameters as JSON data (codes, ISO dates, money as strings)."""
    return {k: plain(v) for k, v in (params or {}).items() if v is not None}


def offset_text(notice: Any, lang: str) -> str:
    """An automatic offset's notice (``refunds.OffsetNotice``) in ``lang``."""
    return describe(N_("to {to_tax}: {part} of charge #{id}"), {"to_tax": notice.to_tax, "part": notice.part, "id": notice.item_id}, lang)
