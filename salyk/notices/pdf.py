"""A decision of the tax body as a printable PDF in Kyrgyz and Russian (TC art. 82(2) contents),
with the service's signature over its contents (the same service key that signs receipts)."""

from __future__ import annotations

from salyk.kernel.documents import Document
from salyk.kernel.i18n import gettext
from salyk.notices.decisions import APPEAL_PROCEDURE, DecisionView
from salyk.notices.wording import day, som

LABELS = ("Decision of the tax body", "Number", "Date", "Type", "Taxpayer", "TIN", "Ground", "Decision", "Tax", "Period", "Amount",
          "Deadline", "Debt on the decision date", "tax", "interest", "late interest", "sanctions", "Appeal procedure", "Payment details",
          "Issued by", "Signature of the service")


def _l(msgid: str) -> str:
    return gettext(msgid, "ky") + " / " + gettext(msgid, "ru")


def render_decision(v: DecisionView) -> bytes:
    doc = Document(f"Decision {v.number}")
    line = doc.line

    line(_l("Decision of the tax body"), size=14)
    line(_l("Number"), v.number)
    line(_l("Date"), day(v.date))
    line(_l("Type"), v.citation)
    line(_l("Taxpayer"), v.taxpayer_name)
    line(_l("TIN"), v.taxpayer_tin)
    line(_l("Ground"), v.ground)
    line(_l("Decision"), v.decision)
    if v.tax:
        line(_l("Tax"), v.tax)
    if v.period:
        line(_l("Period"), v.period)
    if v.amount is not None:
        line(_l("Amount"), som(v.amount, "ky"))
    if v.deadline:
        line(_l("Deadline"), day(v.deadline))
    line(_l("Debt on the decision date"), v.debt.get("total", "0.00"))
    for t in v.debt.get("taxes", []):
        line(f"  {t['tax']}", f"{_l('tax')} {t['tax_debt']}; {_l('interest')} {t['interest']}; {_l('late interest')} {t['late_interest']}; "
                              f"{_l('sanctions')} {t['sanctions']}", size=9)
    line(_l("Appeal procedure"), "", size=11)
    line(gettext(APPEAL_PROCEDURE, "ky"), size=9)
    line(gettext(APPEAL_PROCEDURE, "ru"), size=9)
    line(_l("Payment details"), gettext(v.payment_details, "ky"), size=9)
    line(_l("Issued by"), v.issued_by, size=9)
    if v.signature:
        line(_l("Signature of the service"), v.signature, size=6)
    return doc.output()
