"""The law book: an admin enters a dated value (a new rate) through the API; computations use it
from its effective date on and not before, at once and without a restart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from conftest import API, register_taxpayer
from kernel_support import office  # noqa: F401  (fixture)
from salyk.kernel.models import AuditEntry
from salyk.law.book import Entry, LawBook, using
from salyk.law.calendar import is_working_day
from salyk.law.interest import late_payment_interest
from salyk.law.parameters import parameter_value


def late_interest(client, account, as_of: str) -> Decimal:
    taxes = client.get(f"{API}/me/balance?as_of={as_of}", headers=account.headers).json()["taxes"]
    return Decimal(next(t for t in taxes if t["tax"] == "income_tax")["late_interest"])


def test_a_new_rate_applies_from_its_date_and_not_before(office):
    c = office.client
    me = register_taxpayer(c, office.officer)
    r = c.post(f"{API}/officer/assessments", headers=office.officer.headers, json={
        "tin": me.login, "tax": "income_tax", "amount": "10000.00", "due_date": "2025-01-10", "period": "2024", "reference": "lawbook-1"})
    assert r.status_code == 201, r.text
    # TC art. 71(6): 0.09 % a day from the day after the due date (Fri 10.01.2025, a working day).
    # To 14.03.2025: 21 days of January + 28 of February + 14 of March = 63 days; 10 000 x 0.0009 x 63 = 567.00.
    assert late_interest(c, me, "2025-03-14") == Decimal("567.00")
    assert late_interest(c, me, "2025-01-31") == Decimal("189.00")  # 21 days x 9.00

    r = c.post(f"{API}/admin/law/values", headers=office.admin.headers, json={
        "name": "late_payment_interest_rate", "effective_from": "2025-02-01", "value": "0.0010",
        "citation": "Sample decree No. 1 of 20.01.2025 (test)", "note": "a rate change entered by the admin"})
    assert r.status_code == 201, r.text

    # From 01.02.2025 on, 0.10 % a day: 21 x 9.00 (January, old rate) + 42 x 10.00 (1 Feb - 14 Mar) = 189.00 + 420.00 = 609.00.
    assert late_interest(c, me, "2025-03-14") == Decimal("609.00")
    # Not before its date: to 31.01.2025 nothing changes.
    assert late_interest(c, me, "2025-01-31") == Decimal("189.00")
    with office.rt.db.read() as s:
        audited = s.scalars(sa.select(AuditEntry.details).where(AuditEntry.action == "law.value")).all()
    assert audited and audited[0]["name"] == "late_payment_interest_rate"
    listed = c.get(f"{API}/admin/law/values", headers=office.admin.headers).json()["values"]
    assert listed[0]["citation"] == "Sample decree No. 1 of 20.01.2025 (test)"


def test_only_an_admin_enters_values_and_only_valid_ones(office):
    c = office.client
    body = {"name": "late_payment_interest_rate", "effective_from": "2025-02-01", "value": "0.0010", "citation": "Decree"}
    assert c.post(f"{API}/admin/law/values", headers=office.officer.headers, json=body).json()["error"]["code"] == "FORBIDDEN"
    for bad in ({"name": "no_such_parameter"}, {"value": "ten"}, {"value": 0.001}, {"citation": ""}):
        r = c.post(f"{API}/admin/law/values", headers=office.admin.headers, json=body | bad)
        assert r.status_code == 422, (bad, r.text)


def test_a_decree_moving_a_day_off_changes_the_calendar_under_the_book():
    # Mon 17.03.2025 is a working day in the packaged calendar; a decree entered by the admin makes it a day off.
    day = dt.date(2025, 3, 17)
    assert is_working_day(day)
    book = LawBook([Entry("calendar_override", day, {"working": False}, "Decree (test)")])
    with using(book):
        assert not is_working_day(day)
    assert is_working_day(day)  # only under that book


def test_the_interest_function_reads_the_book_it_runs_under():
    book = LawBook([Entry("late_payment_interest_rate", dt.date(2025, 1, 1), "0.0010", "Decree (test)")])
    # 1 000 x 0.0009 x 10 days = 9.00 under the Code's rate; 1 000 x 0.0010 x 10 = 10.00 under the book.
    assert late_payment_interest(Decimal("1000"), dt.date(2025, 2, 3), dt.date(2025, 2, 13)) == Decimal("9.00")
    with using(book):
        assert late_payment_interest(Decimal("1000"), dt.date(2025, 2, 3), dt.date(2025, 2, 13)) == Decimal("10.00")
        value = parameter_value("late_payment_interest_rate", dt.date(2025, 2, 3))
        assert str(value.citation) == "Decree (test)" and value.sample is False
