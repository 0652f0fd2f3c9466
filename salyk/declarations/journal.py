"""The declarations journal (Offer 3.1; issue 5 item 4): every filing of a taxpayer with its receipt.

Reports are kept for the limitation period (TC art. 91(1)). A taxpayer sees only their own filings
(another taxpayer's id answers 404); an officer's read is audited (TC art. 54).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.db.models.declarations import Filing
from salyk.db.models.registry import Taxpayer
from salyk.kernel import authorize
from salyk.kernel.errors import NotFound
from salyk.law.money import from_tyiyn
from salyk.registry import taxpayers
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.declarations.filing import receipt_of
from salyk.declarations.pdf import render
from salyk.declarations.results import FilingDetail, FilingKind, FilingStatus, JournalEntry, PdfCopy, PublicReceipt


def entry(row: Filing) -> JournalEntry:
    """One journal line: the contract's fields, plus the tax figures."""
    return JournalEntry(
        id=row.id,
        form=row.form,
        period=row.period,
        kind=FilingKind(row.kind),
        zero=row.zero,
        filed_at=row.filed_at,
        filing_date=row.filing_date,
        deadline=row.deadline,
        late=row.late,
        status=FilingStatus(row.status),
        receipt_number=row.receipt_number,
        tax=row.tax,
        tax_due=from_tyiyn(row.tax_due),
        charge_amount=from_tyiyn(row.charge_amount),
        payment_due_date=row.payment_due_date,
    )


def detail(row: Filing) -> FilingDetail:
    return FilingDetail(entry(row), json.loads(row.document_jcs), row.signature, row.certificate_serial, receipt_of(row))


def _rows(session: Session, taxpayer_id: int) -> list[Filing]:
    stmt = select(Filing).where(Filing.taxpayer_id == taxpayer_id).order_by(Filing.filed_at.desc(), Filing.receipt_number.desc())
    return list(session.scalars(stmt))


def journal(rt: Runtime, taxpayer_id: int) -> list[JournalEntry]:
    with rt.db.read() as session:
        return [entry(r) for r in _rows(session, taxpayer_id)]


def _is_uuid(text: object) -> bool:
    try:
        return isinstance(text, str) and len(text) == 36 and str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _own(session: Session, taxpayer_id: int, filing_id: str) -> Filing:
    # Only a well-formed id reaches the database (PostgreSQL refuses NUL and the like with an error).
    row = session.get(Filing, filing_id) if _is_uuid(filing_id) else None
    if row is None or row.taxpayer_id != taxpayer_id:
        raise NotFound("DECLARATION_NOT_FOUND", "No such declaration.")
    return row


def get(rt: Runtime, taxpayer_id: int, filing_id: str) -> FilingDetail:
    with rt.db.read() as session:
        return detail(_own(session, taxpayer_id, filing_id))


def pdf_copy(rt: Runtime, taxpayer_id: int, filing_id: str, verification_url: Callable[[str], str]) -> PdfCopy:
    """The printable copy of the taxpayer's own filing; ``verification_url(receipt_number)`` is the
    public check of the receipt on the serving host (the face knows the host, printed as a QR)."""
    with rt.db.read() as session:
        row = _own(session, taxpayer_id, filing_id)
        taxpayer = session.get(Taxpayer, taxpayer_id)
    if taxpayer is None:  # a filing's taxpayer row is never deleted (the foreign key holds it)
        raise NotFound("DECLARATION_NOT_FOUND", "No such declaration.")
    # drawn after the read: the rows are loaded, and the connection need not wait for the drawing
    return PdfCopy(row.receipt_number, render(row, taxpayer, verification_url(row.receipt_number)))


def for_officer(rt: Runtime, officer: Principal, tin: str) -> list[JournalEntry]:
    """Every filing of the taxpayer ``tin``, for the tax office; the read is audited."""
    officer = authorize.staff(officer)
    with taxpayers.officer_read(rt, officer, tin, "declarations.read") as read:
        rows = _rows(read.session, read.taxpayer.id)
        read.details["count"] = len(rows)
        return [entry(r) for r in rows]


def detail_for_officer(rt: Runtime, officer: Principal, tin: str, filing_id: str) -> FilingDetail:
    """One filing of the taxpayer ``tin`` with its document, signature and receipt; audited."""
    officer = authorize.staff(officer)
    with taxpayers.officer_read(rt, officer, tin, "declaration.read") as read:
        row = _own(read.session, read.taxpayer.id, filing_id)
        read.details["id"] = row.id
        return detail(row)


_RECEIPT_NUMBER = re.compile(r"\d{4}-\d{8}")


def public_receipt(rt: Runtime, number: str) -> PublicReceipt:
    """What anyone holding a printed copy may check (the QR on the PDF opens it): that the receipt
    exists, for which form and period, when it was filed and its status. No taxpayer, no amount
    (TC art. 54: tax secrecy); an unknown or malformed number is simply not found."""
    with rt.db.transaction() as session:
        row = session.scalar(select(Filing).where(Filing.receipt_number == number)) if _RECEIPT_NUMBER.fullmatch(number or "") else None
        if row is None:
            raise NotFound("RECEIPT_NOT_FOUND", "No receipt with this number.")
        return PublicReceipt(row.receipt_number, row.form, row.period, row.filed_at, FilingStatus(row.status))
