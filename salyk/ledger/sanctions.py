"""Sanctions computed from the offence, not typed (TC art. 139-143, 90(5)).

The officer records the offence and its facts; the amount comes from the law functions of
``salyk.law.sanctions`` and is posted as a ``sanction`` (repaid last, TC art. 61(4); no туум on it,
71(7)(1)):

- ``understatement`` (TC art. 142): the understated tax against the total income of the year
  before the audited year; refused when the taxpayer corrected the report by a clarified report
  filed before the audit notice (90(5): the taxpayer's own correction is no ground for a sanction).
- ``agent_nonpayment`` (TC art. 143): the tax an agent did not pay, from the day set for it to
  the day paid (or today).
- ``unregistered_activity`` (TC art. 141): the taxes of the unregistered period, at least 50
  calculation indices.
- ``late_filing`` and ``late_payment`` carry no sanction in the Code: 87(3) sends late filing to
  the Administrative Liability Code, and late payment by the taxpayer bears туум (71), not a
  sanction; they are refused with ``NO_SANCTION_IN_CODE``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from salyk.kernel.errors import ValidationFailed, invalid_field
from salyk.law.citation import tc
from salyk.law.sanctions import tax_agent_sanction, understatement_sanction, unregistered_activity_sanction
from salyk.ledger.charges import check_amount, check_date

OFFENCES = ("understatement", "agent_nonpayment", "unregistered_activity", "late_filing", "late_payment")


def _money(facts: dict[str, Any], name: str) -> Decimal:
    value = facts.get(name)
    if value is None:
        raise invalid_field(name, "empty")
    return check_amount(value, name)


def _day(facts: dict[str, Any], name: str, today: dt.date) -> dt.date:
    day = _optional_day(facts, name, today)
    if day is None:
        raise invalid_field(name, "empty")
    return day


def _optional_day(facts: dict[str, Any], name: str, today: dt.date) -> dt.date | None:
    value = facts.get(name)
    return None if value is None else check_date(value, name, latest=today)


def compute(offence: str, facts: dict[str, Any], today: dt.date) -> tuple[Decimal, str, dict[str, str]]:
    """The sanction for ``offence``: (amount, citation, the facts as recorded)."""
    if offence not in OFFENCES:
        raise invalid_field("offence", "not_allowed")
    if offence in ("late_filing", "late_payment"):
        why = str(tc(87, 3)) if offence == "late_filing" else str(tc(71, 2))
        raise ValidationFailed("NO_SANCTION_IN_CODE", "The Tax Code sets no sanction for this offence ({citation}).",
                               {"offence": offence, "citation": why}, citation=why)
    committed = _day(facts, "committed_on", today)
    if offence == "understatement":
        understated = _money(facts, "understated")
        income = facts.get("prior_year_income")
        income = None if income is None else check_amount(income, "prior_year_income")
        clarified = _optional_day(facts, "clarified_report_filed_on", today)
        notice = _optional_day(facts, "audit_notice_delivered_on", today)
        if clarified is not None and (notice is None or clarified < notice):
            raise ValidationFailed("SANCTION_EXCLUDED", "The taxpayer corrected the report by a clarified report before the audit notice: no sanction (TC art. 90(5)).",
                                   {"offence": offence, "citation": str(tc(90, 5))})
        amount = understatement_sanction(understated, income, committed)
        recorded = {"understated": str(understated)} | ({} if income is None else {"prior_year_income": str(income)})
        citation = str(tc(142))
    elif offence == "agent_nonpayment":
        unpaid = _money(facts, "unpaid")
        due = _day(facts, "tax_due_date", today)
        paid = _optional_day(facts, "paid_on", today) or today
        if paid < due:
            raise invalid_field("paid_on", "out_of_range")
        amount = tax_agent_sanction(unpaid, due, paid)
        recorded = {"unpaid": str(unpaid), "tax_due_date": due.isoformat(), "paid_on": paid.isoformat()}
        citation = str(tc(143))
    else:
        taxes = facts.get("taxes")
        taxes = Decimal(0) if taxes is None else check_amount(taxes, "taxes")
        amount = unregistered_activity_sanction(taxes, committed)
        recorded = {"taxes": str(taxes)}
        citation = str(tc(141))
    if amount <= 0:
        raise ValidationFailed("NO_SANCTION", "By the law this offence carries no sanction in this case ({citation}).",
                               {"offence": offence, "citation": citation}, citation=citation)
    return amount, citation, recorded | {"offence": offence, "committed_on": committed.isoformat()}


__all__ = ["OFFENCES", "compute"]
