"""Which law-engine rule gives each form's filing deadline and the payment due date of its tax.

All arithmetic is the law engine's (salyk.law.deadlines, salyk.law.declared_payment); this module
only says which rule a form follows.
"""

from __future__ import annotations

import datetime as dt

from salyk.declarations.forms import Form
from salyk.law import deadlines as law
from salyk.law.declared_payment import declared_tax_due_date
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace


def filing_deadline(form: Form, period: TaxPeriod, trace: Trace | None = None) -> dt.date:
    """The report's own deadline (TC art. 87(4), 92(6)), before any TC art. 88 extension."""
    if form.deadline_rule == "single_individual":
        return law.single_tax_declaration_deadline(period, "individual", trace=trace)
    if form.deadline_rule == "single_organisation":
        return law.single_tax_declaration_deadline(period, "organisation", trace=trace)
    return law.filing_deadline(period, trace=trace)


def payment_due(form: Form, period: TaxPeriod, deadline: dt.date) -> dt.date | None:
    """When the declared tax is payable; ``deadline`` is the unextended one (TC art. 88(2))."""
    if form.tax is None:
        return None
    payer = "tax_agent" if form.code == "income_tax_agent" else "taxpayer"
    return declared_tax_due_date(form.tax, period, deadline, payer=payer)
