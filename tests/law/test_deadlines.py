"""Filing deadlines and payment terms: TC art. 87-92, 106(4), 175, 177 (with 16(6))."""

import datetime as dt

import pytest

from salyk.law.deadlines import (
    ExtensionRefused,
    PaymentTermNotInText,
    amended_report_deadline,
    audit_decision_payment_deadline,
    extended_deadline,
    filing_date,
    filing_deadline,
    filing_deadline_for_obligation,
    is_filed_on_time,
    payment_due_date,
    reorganisation_filing_deadline,
    single_tax_declaration_deadline,
)
from salyk.law.periods import TaxPeriod
from salyk.law.trace import Trace

D = dt.date
P = TaxPeriod.parse


def test_month():
    """TC art. 87(4)(3): March 2024 -> the day after the 20th of April = Sun 21 Apr -> Mon 22 Apr."""
    assert filing_deadline(P("2024-03")) == D(2024, 4, 22)


def test_e12_quarter_and_extension():
    """E12, TC art. 87(4)(4), 88: Q1 2017 -> Fri 21 Apr 2017; +30 days = Sun 21 May -> Mon 22 May."""
    deadline = filing_deadline(P("2017-Q1"))
    assert deadline == D(2017, 4, 21)
    assert extended_deadline(deadline, D(2017, 4, 10)) == D(2017, 5, 22)
    # applying on the last day itself is still in time (16(7))
    assert extended_deadline(deadline, D(2017, 4, 21)) == D(2017, 5, 22)


def test_extension_refused():
    # TC art. 88(1): the application must come before the deadline (Fri 21 Apr 2017); Mon 24 Apr is late.
    # TC art. 88(3): no extension for indirect taxes on imports from EAEU member states.
    with pytest.raises(ExtensionRefused, match="88\\(1\\)"):
        extended_deadline(D(2017, 4, 21), D(2017, 4, 24))
    with pytest.raises(ExtensionRefused, match="88\\(3\\)"):
        extended_deadline(D(2017, 4, 21), D(2017, 4, 1), indirect_tax_on_eaeu_imports=True)


def test_extension_trace_says_payment_does_not_move():
    t = Trace()
    extended_deadline(D(2017, 4, 21), D(2017, 4, 10), trace=t)
    assert "TC art. 88(2)" in [str(s.citation) for s in t.steps]


def test_advance_tax():
    """TC art. 87(4)(1): advance tax for Q2 2024 -> 21 Jul 2024, a Sunday -> Mon 22 Jul."""
    assert filing_deadline(P("2024-Q2"), advance=True) == D(2024, 7, 22)
    with pytest.raises(ValueError):
        filing_deadline(P("2024-03"), advance=True)


def test_year():
    """TC art. 87(4)(2): 'the day after 1 March': 2016 -> Thu 2 Mar 2017; 2024 -> 2 Mar 2025,
    a Sunday -> Mon 3 Mar 2025."""
    assert filing_deadline(P("2016")) == D(2017, 3, 2)
    assert filing_deadline(P("2024")) == D(2025, 3, 3)


def test_other_obligation():
    """TC art. 87(4)(5): obligation arose 15 Aug 2024 -> 21 Sep 2024, a Saturday -> Mon 23 Sep."""
    assert filing_deadline_for_obligation(D(2024, 8, 15)) == D(2024, 9, 23)
    # 31 January -> 21 February 2024 (Wednesday)
    assert filing_deadline_for_obligation(D(2024, 1, 31)) == D(2024, 2, 21)


def test_reorganisation():
    """TC art. 87(5): decision Fri 1 Nov 2024; 10 working days: 4, 5, 6 Nov; 7-8 Nov holidays;
    11-15 Nov; 18, 19 Nov -> Tue 19 Nov 2024."""
    assert reorganisation_filing_deadline(D(2024, 11, 1)) == D(2024, 11, 19)


def test_filing_date_is_the_bishkek_date():
    """TC art. 89(1): sent electronically at 19:30 UTC on 21 March = 01:30 on 22 March in Bishkek."""
    sent = dt.datetime(2024, 3, 21, 19, 30, tzinfo=dt.timezone.utc)
    assert filing_date(sent, "electronic") == D(2024, 3, 22)
    assert filing_date(dt.datetime(2024, 3, 21, 17, 59, tzinfo=dt.timezone.utc), "electronic") == D(2024, 3, 21)
    with pytest.raises(ValueError):
        filing_date(dt.datetime(2024, 3, 21, 12, 0), "electronic")
    with pytest.raises(ValueError):
        filing_date(sent, "pigeon")
    assert is_filed_on_time(D(2024, 4, 22), D(2024, 4, 22))
    assert not is_filed_on_time(D(2024, 4, 23), D(2024, 4, 22))


def test_single_tax_declaration():
    """TC art. 92(6): organisations by 1 March, individuals by 1 April of the next year.
    2023: Fri 1 Mar 2024 and Mon 1 Apr 2024. 2024 organisation: 1 Mar 2025 is a Saturday -> Mon 3 Mar."""
    assert single_tax_declaration_deadline(2023, "organisation") == D(2024, 3, 1)
    assert single_tax_declaration_deadline(2023, "individual") == D(2024, 4, 1)
    assert single_tax_declaration_deadline(P("2024"), "organisation") == D(2025, 3, 3)
    with pytest.raises(ValueError):
        single_tax_declaration_deadline(P("2024-Q1"), "individual")


def test_amended_report_window():
    """TC art. 90(1) with 58(1)(1): reports for 2016 may be amended through 9 Jan 2023."""
    assert amended_report_deadline(P("2016")) == D(2023, 1, 9)


def test_audit_decision_payment():
    """TC art. 106(4): delivered Fri 10 Mar 2017 + 30 days = Sun 9 Apr -> Mon 10 Apr 2017."""
    assert audit_decision_payment_deadline(D(2017, 3, 10)) == D(2017, 4, 10)


def test_payment_terms_in_the_text():
    """TC art. 177(1): income tax withheld in March 2024 -> Sun 21 Apr -> Mon 22 Apr.
    TC art. 177(1-1): a small tax agent, Q1 2024 -> the same day.
    TC art. 175(1), 92(6)(2): an individual's income tax for 2022 -> 1 Apr 2023, a Saturday ->
    Mon 3 Apr 2023."""
    assert payment_due_date("income_tax", P("2024-03"), payer="tax_agent") == D(2024, 4, 22)
    assert payment_due_date("income_tax", P("2024-Q1"), payer="tax_agent") == D(2024, 4, 22)
    assert payment_due_date("income_tax", P("2022")) == D(2023, 4, 3)


@pytest.mark.parametrize("tax", ["profit_tax", "vat", "excise", "land_tax", "single_tax"])
def test_payment_terms_not_in_the_text(tax):
    with pytest.raises(PaymentTermNotInText):
        payment_due_date(tax, P("2024"))


def test_trace_cites_87_and_16():
    t = Trace()
    filing_deadline(P("2024-03"), trace=t)
    assert [str(s.citation) for s in t.steps] == ["TC art. 87(4)(3)", "TC art. 16(6)"]
    assert t.result == D(2024, 4, 22)
    assert t.parameters[0].name == "report_due_day_of_month" and t.parameters[0].value == 21
