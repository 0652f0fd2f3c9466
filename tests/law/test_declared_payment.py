"""Payment due date of tax declared in a report (TC art. 38(1), 175(1), 177(1); READINGS.md)."""

import datetime as dt

from salyk.law.declared_payment import declared_tax_due_date
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace


def test_tax_agent_income_tax_follows_art_177():
    # TC art. 177(1): withheld in March 2024, paid by the 21st of April 2024 (a Sunday) -> Monday 22 April.
    march = TaxPeriod.parse("2024-03")
    assert declared_tax_due_date("income_tax", march, dt.date(2024, 4, 22), payer="tax_agent") == dt.date(2024, 4, 22)


def test_individual_income_tax_follows_art_175_and_92_6():
    # TC art. 175(1), 92(6)(2): by 1 April 2025 (a Tuesday, a working day).
    assert declared_tax_due_date("income_tax", TaxPeriod.parse("2024"), dt.date(2025, 4, 1)) == dt.date(2025, 4, 1)


def test_tax_without_a_term_in_the_text_is_due_by_the_report_deadline():
    # VAT for 2024-05: the report is due 21 June 2024 (TC art. 87(4)(3)); no term in the text -> that day.
    trace = Trace()
    due = declared_tax_due_date("vat", TaxPeriod.parse("2024-05"), dt.date(2024, 6, 21), trace=trace)
    assert due == dt.date(2024, 6, 21)
    assert any("TC art. 38(1)" == s.as_dict().get("citation") for s in trace.steps)
