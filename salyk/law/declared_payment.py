"""When the tax stated in a filed report is payable (TC art. 38(1), 87, 175, 177; reading for the rest).

TC art. 38(1): payment terms are set "for each tax separately" ("ар бир салыкка карата өзүнчө").
The seed text of the Code gives them only for income tax (175(1), 177(1), 177(1-1)); those come
from :func:`salyk.law.deadlines.payment_due_date`. For every other tax a declaration reports
(profit tax, VAT, sales tax) the chapter with the term lies beyond the seed text. Reading
(READINGS.md, "Declarations: payment term of declared tax"): the tax a report states is payable
by that report's filing deadline, without any TC art. 88 extension (88(2): an extension does not
move the payment). It is the latest date the text we hold supports, so no earlier arrears or
туум can arise from our reading (TC art. 15(3)).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from salyk.law.calendar import Calendar
from salyk.law.citation import tc
from salyk.law.deadlines import PaymentTermNotInText, payment_due_date
from salyk.law.periods import TaxPeriod
from salyk.law.trace import N_, Trace


def declared_tax_due_date(
    tax: str,
    period: TaxPeriod,
    filing_deadline: dt.date,
    *,
    payer: Literal["taxpayer", "tax_agent"] = "taxpayer",
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> dt.date:
    """The payment due date of tax declared for ``period`` in a report due on ``filing_deadline``.

    ``filing_deadline`` is the report's own deadline before any extension (TC art. 88(2)),
    already moved off a non-working day (TC art. 16(6)).
    """
    try:
        return payment_due_date(tax, period, payer=payer, calendar=calendar, trace=trace)
    except PaymentTermNotInText:
        if trace is not None:
            trace.step(N_("The Code's text we hold sets no payment term for this tax: due by the report's deadline {day}"), filing_deadline, tc(38, 1),
                       tax=tax, day=filing_deadline)
            trace.result = filing_deadline
        return filing_deadline
