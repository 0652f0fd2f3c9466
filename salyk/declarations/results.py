"""What the declarations service answers (issue 8 item 5): frozen dataclasses with Decimal money,
dates and enums, never dicts shaped for JSON. The faces format them: the API's presenters
(``salyk.api.presenters.declarations``) write the contract's JSON, the pages and the PDF write
what a person reads.

The enums are the values the database's CHECK constraints allow (migration
``0003_declarations_checks``) and the contract's words; being ``StrEnum`` they compare equal to
the stored text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from salyk.kernel.formats import timestamp


class FilingKind(StrEnum):
    """TC art. 90: the first report for a form and period, or a clarification of it."""

    INITIAL = "initial"
    CLARIFIED = "clarified"


class FilingStatus(StrEnum):
    ACCEPTED = "accepted"


class ObligationStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"  # an initial report for the form and period is filed
    OVERDUE = "overdue"  # not filed and the (extended) deadline has passed


class FieldAuditStatus(StrEnum):
    """TC art. 90(4): no clarified report of an audited period while the audit is open."""

    OPEN = "open"
    CLOSED = "closed"


class RegistrationKind(StrEnum):
    """The tax office's registrations that create a recurring report (each is a form's code)."""

    VAT = "vat"
    SALES_TAX = "sales_tax"
    INCOME_TAX_AGENT = "income_tax_agent"


@dataclass(frozen=True)
class Receipt:
    id: str
    receipt_number: str
    filed_at: dt.datetime
    filing_date: dt.date
    status: FilingStatus
    document_sha256: str
    receipt_signature: str

    def signed_members(self) -> dict[str, str]:
        """The receipt's members as the service signed them (the JWS covers the JCS of exactly
        these strings), so their text is fixed here, beside the signature, not by a presenter."""
        return {
            "id": self.id,
            "receipt_number": self.receipt_number,
            "filed_at": timestamp(self.filed_at) or "",
            "filing_date": self.filing_date.isoformat(),
            "status": self.status.value,
            "document_sha256": self.document_sha256,
        }


@dataclass(frozen=True)
class JournalEntry:
    """One filing in the journal, with its tax figures (``charge_amount`` is signed: a negative
    one is an overpayment credited, TC art. 175(1))."""

    id: str
    form: str
    period: str
    kind: FilingKind
    zero: bool
    filed_at: dt.datetime
    filing_date: dt.date
    deadline: dt.date
    late: bool
    status: FilingStatus
    receipt_number: str
    tax: str | None
    tax_due: Decimal
    charge_amount: Decimal
    payment_due_date: dt.date | None


@dataclass(frozen=True)
class FilingDetail:
    entry: JournalEntry
    document: dict[str, Any]  # the signed document as the taxpayer sent it
    signature: str
    certificate_serial: str | None
    receipt: Receipt


@dataclass(frozen=True)
class PublicReceipt:
    """What anyone holding a printed copy may check: no taxpayer, no amount (TC art. 54)."""

    receipt_number: str
    form: str
    period: str
    filed_at: dt.datetime
    status: FilingStatus


@dataclass(frozen=True)
class PdfCopy:
    receipt_number: str
    content: bytes


@dataclass(frozen=True)
class ObligationFiling:
    """The initial filing that fulfilled an obligation."""

    id: str
    receipt_number: str
    filing_date: dt.date
    late: bool
    zero: bool


@dataclass(frozen=True)
class Extension:
    """A filing deadline extended by 30 days (TC art. 88); the payment term does not move (88(2))."""

    form: str
    period: str
    applied_on: dt.date
    original_deadline: dt.date
    extended_deadline: dt.date
    payment_due_date: dt.date | None


@dataclass(frozen=True)
class FieldAudit:
    id: int
    period: str
    status: FieldAuditStatus
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class Registration:
    id: int
    registration: RegistrationKind
    valid_from: dt.date
    valid_to: dt.date | None


def error_details(result: Extension | FieldAudit) -> dict[str, Any]:
    """A refusal's ``details`` naming what already exists (``EXTENSION_EXISTS``,
    ``FIELD_AUDIT_OPEN``): errors carry JSON-ready details from the service, as every error does."""
    out: dict[str, Any] = {}
    for name, value in vars(result).items():
        out[name] = value.isoformat() if isinstance(value, dt.date) else value.value if isinstance(value, StrEnum) else value
    return out
