"""What an accepted filing does outside the declarations service: the ledger charge (issue 5 item 5).

THE ONE PLACE where a filing posts to the ledger. A filing with tax due becomes a charge due on the
payment due date; a clarified filing posts the difference from the filing it corrects (TC art.
90(2)); both inside the filing's own transaction, so there is never a filing without its charge.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from salyk.law.money import ZERO
from salyk.ledger.charges import post_charge
from salyk.ledger.postings import Kind, post_movement


def post_declared_tax(
    session: Session,
    *,
    taxpayer_id: int,
    tax: str,
    amount: Decimal,
    due_date: dt.date,
    period: str,
    filing_id: str,
    recorded_at: dt.datetime,
    citation: str,
) -> bool:
    """Post ``amount`` (may be negative for a clarified filing that lowers the tax) to the ledger.

    Returns False when nothing was posted (a zero amount).
    """
    if amount == ZERO:
        return False
    post_charge(
        session,
        taxpayer_id=taxpayer_id,
        tax=tax,
        amount=amount,
        due_date=due_date,
        period=period,
        source="declaration",
        reference=filing_id,
        recorded_at=recorded_at,
        citation=citation,
    )
    return True


def post_declared_settlement(
    session: Session,
    *,
    taxpayer_id: int,
    tax: str,
    difference: Decimal,
    previous_charged: Decimal,
    due_date: dt.date,
    filed_on: dt.date,
    period: str,
    filing_id: str,
    recorded_at: dt.datetime,
    citation: str,
) -> None:
    """The declaration settles both ways (TC art. 175(1), 81(1)): ``difference`` is the change of the
    signed final amount (payable minus overpaid) from the filing it corrects. More to pay is a charge
    (an overpayment of the tax pays it, 61); less lowers the tax charged so far (a reduction) and
    what goes beyond is withheld tax above the year's tax: a credit, an overpayment as of the
    filing day that the taxpayer can have refunded (81(6)-(7), (10))."""
    if difference > 0:
        post_declared_tax(session, taxpayer_id=taxpayer_id, tax=tax, amount=difference, due_date=due_date, period=period,
                          filing_id=filing_id, recorded_at=recorded_at, citation=citation)
        return
    lower = -difference
    reduce = min(lower, previous_charged)
    if reduce > 0:
        post_declared_tax(session, taxpayer_id=taxpayer_id, tax=tax, amount=-reduce, due_date=due_date, period=period,
                          filing_id=filing_id, recorded_at=recorded_at, citation=citation)
    credit = lower - reduce
    if credit > 0:
        post_movement(session, Kind.DECLARED_CREDIT, taxpayer_id=taxpayer_id, tax=tax, amount=credit, value_date=filed_on,
                      source="declaration_credit", reference=filing_id, recorded_at=recorded_at, citation="TC art. 175(1)",
                      details={"period": period})
