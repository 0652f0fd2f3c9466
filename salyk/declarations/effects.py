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
