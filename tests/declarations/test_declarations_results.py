"""The service's typed results (issue 8 item 5): the enums are the words the database's CHECK
constraints allow, and the refusals that name an existing record write it as the contract does."""

from __future__ import annotations

import datetime as dt

import salyk.declarations
from checks_support import migration_checks
from salyk.declarations.forms import FORMS
from salyk.declarations.results import (
    Extension,
    FieldAudit,
    FieldAuditStatus,
    FilingKind,
    FilingStatus,
    RegistrationKind,
    error_details,
)


def _checks() -> dict[tuple[str, str], set[str]]:
    return migration_checks(salyk.declarations, "0003_declarations_checks.py")


def test_filing_enums_are_the_values_the_database_allows():
    checks = _checks()
    assert set(checks[("declaration_filings", "kind")]) == {k.value for k in FilingKind}
    assert set(checks[("declaration_filings", "status")]) == {s.value for s in FilingStatus}


def test_each_registration_kind_creates_the_report_of_that_name():
    for kind in RegistrationKind:
        assert FORMS[kind].registration == kind.value


def test_refusal_details_write_dates_iso_and_enums_by_value():
    audit = FieldAudit(7, "2024", FieldAuditStatus.OPEN, dt.date(2025, 3, 1), None)
    assert error_details(audit) == {"id": 7, "period": "2024", "status": "open", "opened_on": "2025-03-01", "closed_on": None}
    extension = Extension("vat", "2025-01", dt.date(2025, 2, 10), dt.date(2025, 2, 20), dt.date(2025, 3, 22), dt.date(2025, 2, 20))
    assert error_details(extension) == {"form": "vat", "period": "2025-01", "applied_on": "2025-02-10", "original_deadline": "2025-02-20",
                                        "extended_deadline": "2025-03-22", "payment_due_date": "2025-02-20"}
