"""The ledger's words in the user's language: tax names, statement line kinds, and each statement
line's explanation and citation ("why this number?"), for the API and the cabinet alike.

``salyk.ledger.derive`` writes explanations in English with fixed shapes; ``describe`` turns them
into Kyrgyz or Russian from the Babel catalogs (msgids marked ``N_``), ``cite`` writes
"TC art. 71(6)" as "СК 71-берене, 6-бөлүк" or "НК ст. 71(6)" (TC art. 42(1)(9)-(10): the taxpayer
is entitled to understand the results).
"""

from __future__ import annotations

import re

from salyk.kernel.i18n import gettext


def N_(msgid: str) -> str:
    """Marks a msgid for extraction; translated where it is shown."""
    return msgid


TAX_NAMES = {
    "income_tax": N_("Income tax"),
    "profit_tax": N_("Profit tax"),
    "vat": N_("Value added tax"),
    "excise": N_("Excise tax"),
    "subsoil_use": N_("Subsoil use tax"),
    "sales_tax": N_("Sales tax"),
    "land_tax": N_("Land tax"),
    "property_tax": N_("Property tax"),
    "patent": N_("Tax on the basis of a patent"),
    "single_tax": N_("Single tax"),
}
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
}

PARTS = {"tax": N_("tax"), "interest": N_("interest"), "late_interest": N_("туум"), "sanction": N_("sanction")}
# The statement's explanations (``salyk.ledger.derive`` writes them in English) in the page's
# language: (pattern, msgid); the groups become the msgid's parameters.
DESCRIPTIONS = (
    (re.compile(r"(?:charge|interest|sanction) (?P<period>\S*) ?due (?P<due>\S+)"), N_("period {period}, due {due}")),
    (re.compile(r"payment (?P<ref>.+)"), N_("bank reference {ref}")),
    (re.compile(r"tax (?P<period>\S*) ?reduced"), N_("period {period}")),
    (re.compile(r"(?P<part>tax|interest|late_interest|sanction) of #(?P<id>\d+) \((?P<period>.+)\)"), N_("{part} of charge #{id} ({period})")),
    (re.compile(r"paid early: (?P<part>\w+) of #(?P<id>\d+) due (?P<due>\S+)"), N_("paid early: {part} of charge #{id} due {due}")),
    (re.compile(r"not needed for any debt: overpayment"), N_("not needed for any debt: overpayment")),
    (re.compile(r"overpayment applied to \w+ #(?P<id>\d+)"), N_("overpayment applied to charge #{id}")),
    (re.compile(r"overpayment offset to (?P<tax>\w+): (?P<part>\w+) of #(?P<id>\d+)"), N_("to {tax}: {part} of charge #{id}")),
    (re.compile(r"offset from the (?P<tax>\w+) overpayment: (?P<part>\w+) of #(?P<id>\d+)"), N_("from the {tax} overpayment: {part} of charge #{id}")),
    (re.compile(r"туум (?P<start>\S+)\.\.(?P<end>\S+) on #(?P<id>\d+): (?P<balance>\S+) x (?P<rate>\S+)% x (?P<days>\d+) days(?P<cap> \(100% ceiling\))?"),
     N_("{start} – {end}, charge #{id}: {balance} × {rate}% × {days} days")),
    (re.compile(r"туум (?P<start>\S+)\.\.(?P<end>\S+) on #(?P<id>\d+): none \((?P<ground>.+)\)"), N_("{start} – {end}, charge #{id}: none ({ground})")),
    (re.compile(r"overpayment refunded \((?P<ref>.+)\)"), N_("refunded ({ref})")),
    (re.compile(r"overpayment offset to (?P<tax>\w+) on application \((?P<ref>.+)\)"), N_("to {tax} on application ({ref})")),
    (re.compile(r"offset from the (?P<tax>\w+) overpayment on application \((?P<ref>.+)\)"), N_("from the {tax} overpayment on application ({ref})")),
    (re.compile(r"туум stops (?P<start>\S+)\.\.(?P<end>\S+): (?P<ground>\w+) \((?P<ref>.*)\)"),
     N_("no туум from {start} to {end}: {ground} ({ref})")),
    (re.compile(r"туум stops (?P<start>\S+)\.\.further notice: (?P<ground>\w+) \((?P<ref>.*)\)"),
     N_("no туум from {start} until the ground ends: {ground} ({ref})")),
    (re.compile(r"withheld by tax agents above the year's tax \((?P<period>.*)\)"),
     N_("withheld by tax agents above the year's tax ({period})")),
    (re.compile(r"interest owed by the budget on the refund paid late \((?P<ref>.+)\), paid with it"),
     N_("interest owed by the budget on the refund paid late ({ref}), paid with it")),
    (re.compile(r"hopeless debt written off \((?P<ref>.+)\); (?P<amount>\S+) already extinguished by limitation \(TC art\. 68\(2\)\) recorded"),
     N_("hopeless debt written off ({ref}); {amount} already extinguished by limitation (TC art. 68(2)) recorded")),
    (re.compile(r"hopeless debt written off \((?P<ref>.+)\)"), N_("hopeless debt written off ({ref})")),
    (re.compile(r"debt of #(?P<id>\d+) extinguished: its limitation period ended on (?P<last>\S+) \((?P<cite>.+)\)"),
     N_("debt of charge #{id} extinguished: its limitation period ended on {last} ({cite})")),
    (re.compile(r"(?P<amount>\S+) paid out beyond the overpayment: owed back"), N_("{amount} paid out beyond the overpayment: owed back")),
)
CEILING = N_("(100% ceiling)")
GROUND_WORDS = {
    "deferral": N_("deferral in force"),
    "bankruptcy": N_("bankruptcy"),
    "missing_person": N_("declared missing"),
    "bank_liquidation": N_("forced liquidation of the servicing bank"),
    "budget_financing": N_("late budget financing"),
    "force_majeure": N_("force majeure"),
    "property_arrest": N_("arrest of property"),
}
_CITATION = re.compile(r"TC art\. (\d+)((?:\(\d+\))*)")


def describe(text: str, lang: str) -> str:
    """A statement line's explanation in ``lang``; unknown shapes stay as written."""
    for pattern, msgid in DESCRIPTIONS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params = {k: v for k, v in m.groupdict().items() if k != "cap"}
        if "part" in params:
            params["part"] = PARTS.get(params["part"], params["part"])
        if "tax" in params:
            params["tax"] = TAX_NAMES.get(params["tax"], params["tax"])
        if "ground" in params:
            params["ground"] = GROUND_WORDS.get(params["ground"], params["ground"])
        if "cite" in params:
            params["cite"] = cite(params["cite"], lang)
        out = gettext(msgid, lang, **{k: v or "" for k, v in params.items()})
        if m.groupdict().get("cap"):
            out += " " + gettext(CEILING, lang)
        return out
    return text


def cite(text: str, lang: str) -> str:
    """"TC art. 71(6)" as the page's language writes it: "СК 71-берене, 6-бөлүк" / "НК ст. 71(6)"."""
    def one(m: re.Match) -> str:
        parts = re.findall(r"\((\d+)\)", m.group(2))
        if lang == "ru":
            return f"НК ст. {m.group(1)}" + "".join(f"({p})" for p in parts)
        words = [f"СК {m.group(1)}-берене"] + [f"{p}-{w}" for p, w in zip(parts, ("бөлүк", "пункт"))]
        return ", ".join(words)
    return _CITATION.sub(one, text)
