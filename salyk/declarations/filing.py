"""Filing a signed report (issue 5 item 3; TC art. 28, 86, 87, 89, 90).

The body is ``{"document": {...}, "signature": "<detached JWS>"}``. The checks, in order:

1. the document's shape (``VALIDATION_ERROR``);
2. the signature: header, certificate in our register (``CERTIFICATE_UNKNOWN`` / ``_REVOKED`` /
   ``_EXPIRED``), the JWS over the JCS of the document (``SIGNATURE_INVALID``);
3. the TIN: the document's, the certificate's and the logged-in taxpayer's agree (``TIN_MISMATCH``);
4. a replay of the same ``client_filing_id``: same document -> the first receipt (200), another
   document -> ``REFERENCE_CONFLICT`` (409);
5. the form and its values (``UNKNOWN_FORM``, ``FORM_NOT_APPLICABLE``, ``INVALID_VALUES``), the
   period (``PERIOD_NOT_ENDED``);
6. initial vs clarified (``DUPLICATE_FILING`` 409, ``NO_INITIAL_FILING``), and for a clarified
   report the limitation period (``LIMITATION_EXPIRED``, TC art. 90(1)) and open field audits
   (``AMENDMENT_BLOCKED_BY_AUDIT``, TC art. 90(4)).

Then, in one transaction: the receipt number (gapless per year, from ``counters`` under lock), the
filing row, the ledger charge and the audit row. Initial reports are written by the group
committer (``salyk.kernel.group_commit``: many filings, one transaction and one turn on the
counter); see ``file``. The filing date is the day the report was sent
electronically, in Bishkek (TC art. 89(1)); late = filed after the (extended) deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Row, and_, bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.kernel.formats import timestamp
from salyk.crypto import (
    CertificateExpired,
    CertificateNotYetValid,
    CryptoError,
    ServiceAuthority,
    canonicalize,
    load_certificate,
    parse_header,
    verify_detached,
)
from salyk.db.models.declarations import FieldAudit, Filing, FilingExtension, SigningCertificate
from salyk.db.models.ledger import Posting
from salyk.db.models.registry import Taxpayer
from salyk.kernel import numbers
from salyk.kernel.group_commit import Done, Retry, Work, insert_rows
from salyk.kernel.models import AuditEntry
from salyk.declarations import deadlines as form_deadlines
from salyk.declarations.authority import authority
from salyk.declarations.effects import post_declared_settlement
from salyk.declarations import preview
from salyk.declarations.forms import ValuesInvalid, find_form
from salyk.declarations.results import FilingKind, FilingStatus, Receipt
from salyk.kernel.errors import Conflict, ValidationFailed, invalid_field
from salyk.law.deadlines import amended_report_deadline, filing_date as law_filing_date
from salyk.law.money import from_tyiyn, to_tyiyn
from salyk.law.periods import TaxPeriod
from salyk.kernel import audit
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime

DOCUMENT_MEMBERS = ("client_filing_id", "tin", "form", "period", "kind", "zero", "values")
KINDS = tuple(FilingKind)
RECEIPT_SERIES = "declarations.receipt"


@dataclass(frozen=True)
class Outcome:
    receipt: Receipt
    replay: bool  # True: the same document was filed before; this is its first receipt


# --- the document ---------------------------------------------------------------------------------


def _shape(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise invalid_field("document", "not_an_object")
    for name in document:
        if name not in DOCUMENT_MEMBERS:
            raise invalid_field(f"document.{name}", "unknown_field")
    for name in DOCUMENT_MEMBERS:
        if name not in document:
            raise invalid_field(f"document.{name}", "empty")
    cfid = document["client_filing_id"]
    try:
        if not isinstance(cfid, str) or len(cfid) != 36:
            raise ValueError
        uuid.UUID(cfid)
    except ValueError:
        raise invalid_field("document.client_filing_id", "not_a_uuid") from None
    for name in ("tin", "form", "period"):
        if not isinstance(document[name], str) or not 0 < len(document[name]) <= 64:
            raise invalid_field(f"document.{name}", "not_a_string")
        if not document[name].isprintable():
            raise invalid_field(f"document.{name}", "control_characters")
    if document["kind"] not in KINDS:
        raise invalid_field("document.kind", "unknown_kind")
    if not isinstance(document["zero"], bool):
        raise invalid_field("document.zero", "not_a_boolean")
    if not isinstance(document["values"], dict):
        raise invalid_field("document.values", "not_an_object")
    try:
        TaxPeriod.parse(document["period"])
    except ValueError:
        raise invalid_field("document.period", "not_a_period") from None
    return document


# Certificates whose issuer signature this process has checked, parsed, by serial: a certificate
# never changes once issued, so each filing after the first checks only its revocation (read from
# the register in the filing's own statement, so a revocation holds from the next filing on, in
# every process) and its validity dates. Bounded: a flood of serials cannot grow it without end.
_issued_by_us: dict[str, Any] = {}
_ISSUED_CACHE_MAX = 100_000


@dataclass(frozen=True)
class _Signer:
    serial: str
    taxpayer_id: int
    pem: str
    not_before: dt.datetime
    not_after: dt.datetime
    revoked_at: dt.datetime | None
    tin: str  # the owner's
    kind: str
    extended_deadline: dt.date | None  # the owner's extension for the document's form and period (TC art. 88)


def _certificate(ca: ServiceAuthority, session: Session, signature: Any, now: dt.datetime) -> tuple[_Signer, _Owner]:
    """The certificate and its owner, for other signed documents (appeals)."""
    signer, _ = _signer(ca, session, signature, now, "", "")
    return signer, _Owner(signer.taxpayer_id, signer.tin, signer.kind)


@dataclass(frozen=True)
class _Owner:
    id: int
    tin: str
    kind: str


# The hot statements of a filing, built once with bound parameters: on deadline day building a
# statement cost more CPU than the database spent running it (issue 16, bench/RESULTS.md).
_SIGNER = (
    select(SigningCertificate.serial, SigningCertificate.taxpayer_id, SigningCertificate.pem, SigningCertificate.not_before,
           SigningCertificate.not_after, SigningCertificate.revoked_at, Taxpayer.tin, Taxpayer.kind, FilingExtension.extended_deadline)
    .join(Taxpayer, Taxpayer.id == SigningCertificate.taxpayer_id)
    .outerjoin(FilingExtension, and_(FilingExtension.taxpayer_id == Taxpayer.id, FilingExtension.form == bindparam("form"),
                                     FilingExtension.period == bindparam("period")))
    .where(SigningCertificate.serial == bindparam("kid"))
)
# a replay (same client_filing_id) and the initial filing of the form and period, in one read
_RELATED = select(Filing.id, Filing.client_filing_id, Filing.initial_key, Filing.receipt_number, Filing.filed_at, Filing.filing_date,
                  Filing.status, Filing.document_sha256, Filing.receipt_signature).where(
    Filing.taxpayer_id == bindparam("taxpayer_id"),
    or_(Filing.client_filing_id == bindparam("client_filing_id"), Filing.initial_key == bindparam("initial_key")),
)
_RELATED_LOCKED = _RELATED.with_for_update()


def _signer(ca: ServiceAuthority, session: Session, signature: Any, now: dt.datetime, form: str, period: str) -> tuple[_Signer, Any]:
    """The signing certificate, its owner and the owner's extension for ``form``/``period`` in one
    read; returns the signer and the certificate to verify the signature with."""
    try:
        header = parse_header(signature)
    except CryptoError as exc:
        raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": exc.message}) from None
    # Core, not the ORM: the columns need no mapped objects, and the ORM's statement handling cost
    # more CPU than the read itself (issue 16)
    found = session.connection().execute(_SIGNER, {"kid": header["kid"], "form": form, "period": period}).first()
    if found is None:
        raise ValidationFailed("CERTIFICATE_UNKNOWN", "The signing certificate is not one the service issued.", {"kid": header["kid"]})
    row = _Signer(*found)
    if row.revoked_at is not None:
        raise ValidationFailed("CERTIFICATE_REVOKED", "The signing certificate has been revoked.", {"kid": row.serial, "revoked_at": timestamp(row.revoked_at)})
    parsed = _issued_by_us.get(row.serial)
    if parsed is not None:
        if not row.not_before <= now <= row.not_after:
            raise ValidationFailed("CERTIFICATE_EXPIRED", "The signing certificate is not valid at this time.", {"kid": row.serial})
        return row, parsed
    try:
        ca.verify_certificate(row.pem, at=now)
        parsed = load_certificate(row.pem)
    except (CertificateExpired, CertificateNotYetValid):
        raise ValidationFailed("CERTIFICATE_EXPIRED", "The signing certificate is not valid at this time.", {"kid": row.serial}) from None
    except CryptoError:
        raise ValidationFailed("CERTIFICATE_UNKNOWN", "The signing certificate is not one the service issued.", {"kid": row.serial}) from None
    if len(_issued_by_us) >= _ISSUED_CACHE_MAX:
        _issued_by_us.clear()
    _issued_by_us[row.serial] = parsed
    return row, parsed


# --- lookups shared with the journal and obligations -------------------------------------------


def open_audit_covering(session: Session, taxpayer_id: int, period: TaxPeriod, on: dt.date) -> FieldAudit | None:
    """An open field audit of a period overlapping ``period`` (TC art. 90(4))."""
    for audit_row in session.scalars(select(FieldAudit).where(FieldAudit.taxpayer_id == taxpayer_id, FieldAudit.closed_on.is_(None))):
        audited = TaxPeriod.parse(audit_row.period)
        if audited.start <= period.end and period.start <= audited.end and audit_row.opened_on <= on:
            return audit_row
    return None


def receipt_of(row: Filing | Row[*tuple[Any, ...]]) -> Receipt:
    """The receipt exactly as it was signed (its members are rebuilt from the stored row)."""
    return Receipt(row.id, row.receipt_number, row.filed_at, row.filing_date, FilingStatus(row.status), row.document_sha256, row.receipt_signature)


# --- filing ---------------------------------------------------------------------------------------


def file(rt: Runtime, principal: Principal, document: Any, signature: Any) -> Outcome:
    """File a signed report for the logged-in taxpayer (who has passed the offer gate); see the
    module docstring for the checks.

    An initial report is checked in a read and written by the process's group committer
    (``salyk.kernel.group_commit``): on deadline day many filings share one transaction, one
    commit and one turn on the year's receipt counter. A clarified report, and any filing whose
    batch was rolled back (a rival of the same key committed meanwhile), is checked and written
    alone in one transaction that locks the filings of its period."""
    now = rt.now().replace(microsecond=0)
    ca = authority(rt)  # before any transaction: loading it may take its own (SQLite has one writer)
    with rt.db.read() as session:
        checked = _check(ca, session, principal, document, signature, now, lock=False)
    if isinstance(checked, Outcome):
        return checked
    if checked.document["kind"] == "initial":
        filing_id = str(uuid.uuid4())
        try:
            receipt = rt.commits.submit(Work(RECEIPT_SERIES, checked.filed_on.year,
                                             lambda session: _write(session, checked, filing_id),
                                             lambda number: _complete(ca, principal, checked, filing_id, number)))
            return Outcome(receipt, replay=False)
        except Retry:
            pass
    try:
        return _file_alone(rt, ca, principal, document, signature, now)
    except IntegrityError:
        # A concurrent request with the same client_filing_id or a second initial filing won the
        # race: the second try sees its row and answers replay / REFERENCE_CONFLICT / DUPLICATE_FILING.
        return _file_alone(rt, ca, principal, document, signature, now)


def _file_alone(rt: Runtime, ca: ServiceAuthority, principal: Principal, document: Any, signature: Any, now: dt.datetime) -> Outcome:
    with rt.db.transaction() as session:
        checked = _check(ca, session, principal, document, signature, now, lock=True)
        if isinstance(checked, Outcome):
            return checked
        filing_id = str(uuid.uuid4())
        _write(session, checked, filing_id)
        session.flush()
        # the receipt number last: the counter row (one per year) is held only for the filing row and the commit
        done = _complete(ca, principal, checked, filing_id, numbers.next_number(session, RECEIPT_SERIES, checked.filed_on.year))
        insert_rows(session, done.rows)
        return Outcome(done.answer, replay=False)


@dataclass(frozen=True)
class _Checked:
    """A filing that passed every check, with what its rows need."""

    document: dict[str, Any]
    signature: str
    jcs: bytes
    sha: str
    cert: _Signer
    form: Any
    period: TaxPeriod
    filed_on: dt.date
    now: dt.datetime
    computation: Any
    settled: Any
    split: list[tuple[Any, dt.date, int]]  # a medium agent's quarter: (month, due, tyiyn charged by earlier filings)


def _check(ca: ServiceAuthority, session: Session, principal: Principal, document: Any, signature: Any, now: dt.datetime, *,
           lock: bool) -> _Checked | Outcome:
    """Every check of the module docstring, in order; a replay of the same document is its first
    receipt. ``lock``: take the filings of the form and period FOR UPDATE (the filing alone)."""
    document = _shape(document)
    try:
        jcs = canonicalize(document)
    except CryptoError as exc:
        raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": exc.message}) from None
    sha = hashlib.sha256(jcs).hexdigest()  # = salyk.crypto.document_sha256(document)
    cert, parsed = _signer(ca, session, signature, now, document["form"], document["period"])
    try:
        verify_detached(signature, document, parsed, canonical=jcs)
    except CryptoError as exc:
        raise ValidationFailed("SIGNATURE_INVALID", "The signature is not valid for this document.", {"reason": exc.message}) from None
    # The certificate names its owner's TIN (issued from the token, never the request): the
    # owner must be the caller, and the document must name the same TIN.
    if not (cert.taxpayer_id == principal.taxpayer_id and document["tin"] == cert.tin == principal.login):
        raise ValidationFailed("TIN_MISMATCH", "The TIN of the document, of the certificate and of the logged-in taxpayer must be the same.")

    # One read finds a replay (same client_filing_id) and the initial filing for the form and
    # period; FOR UPDATE on the latter serialises clarified reports of one period (PostgreSQL).
    taxpayer_id = cert.taxpayer_id
    wanted_key = f"{taxpayer_id}:{document['form']}:{document['period']}"
    related = list(session.connection().execute(_RELATED_LOCKED if lock else _RELATED,
                                   {"taxpayer_id": taxpayer_id, "client_filing_id": document["client_filing_id"], "initial_key": wanted_key}))
    earlier_same = next((f for f in related if f.client_filing_id == document["client_filing_id"]), None)
    initial = next((f for f in related if f.initial_key == wanted_key), None)
    if earlier_same is not None:
        if earlier_same.document_sha256 == sha:
            return Outcome(receipt_of(earlier_same), replay=True)
        raise Conflict("REFERENCE_CONFLICT", "This client_filing_id was already used for a different document.", {"client_filing_id": document["client_filing_id"], "id": earlier_same.id})

    form = find_form(document["form"])
    if form is None:
        raise ValidationFailed("UNKNOWN_FORM", "There is no such form.", {"form": document["form"]})
    if cert.kind not in form.taxpayer_kinds:
        raise ValidationFailed("FORM_NOT_APPLICABLE", "This form is not filed by this kind of taxpayer.", {"form": form.code, "kind": cert.kind})
    filed_on = law_filing_date(now, "electronic")
    try:
        period = preview.read_period(form, document["period"])
        form_deadlines.check_period(period, filed_on)
        category = preview.agent_category(session, taxpayer_id, form, period)
        # earlier months matter only to employees' rows (TC art. 176(3)); a report without any
        # (a zero report) is computed without reading the year's reports
        rows = document["values"].get("employees") if isinstance(document["values"], dict) else None
        history = preview.agent_history(session, taxpayer_id, period) if form.code == "income_tax_agent" and rows else None
        _, computation = preview.evaluate(form, period, document["values"], document["zero"], cert.kind, history)
    except ValuesInvalid as exc:
        raise exc.error(form) from None
    if filed_on <= period.end:
        raise ValidationFailed("PERIOD_NOT_ENDED", "The tax period has not ended yet; the report can be filed from the day after it ends.", {"period_end": period.end.isoformat()})

    if document["kind"] == "initial":
        if initial is not None:
            raise Conflict("DUPLICATE_FILING", "An initial report for this form and period has already been filed; file a clarified one.", {"id": initial.id, "receipt_number": initial.receipt_number})
    else:
        if initial is None:
            raise ValidationFailed("NO_INITIAL_FILING", "A clarified report needs an initial report for the same form and period.")
        last_day = amended_report_deadline(period)
        if filed_on > last_day:
            raise ValidationFailed("LIMITATION_EXPIRED", "The limitation period for this tax period has expired; it can no longer be amended.", {"limitation_end": last_day.isoformat()})
        blocking = open_audit_covering(session, taxpayer_id, period, filed_on)
        if blocking is not None:
            raise ValidationFailed("AMENDMENT_BLOCKED_BY_AUDIT", "A field audit of this period is under way; clarified reports cannot be filed until it ends.", {"audited_period": blocking.period})

    # the deadline (with any extension), lateness, payment date and the signed ledger change:
    # the same function the preview before signing uses (salyk.declarations.preview)
    # the extension was read with the certificate when the document names the period as we write it
    known = document["period"] == str(period) and document["form"] == form.code
    settled = preview.settlement(session, taxpayer_id, form, period, computation, document["kind"], filed_on, category,
                                 extension=(cert.extended_deadline,) if known else None)
    split = form_deadlines.agent_payments(period, category) if form.code == "income_tax_agent" and period.kind == "quarter" else []
    earlier = [] if document["kind"] == "initial" or not split else list(session.execute(select(Filing.id).where(
        Filing.taxpayer_id == taxpayer_id, Filing.form == form.code, Filing.period == str(period))))
    prior = {}
    for month, _ in split:
        refs = [f"{r.id}/{month}" for r in earlier]
        prior[month] = sum(session.scalars(select(Posting.amount).where(
            Posting.source == "declaration", Posting.kind == "charge", Posting.reference.in_(refs)))) if refs else 0
    return _Checked(document, signature, jcs, sha, cert, form, period, filed_on, now, computation, settled,
                    [(month, due, prior[month]) for month, due in split])


def _write(session: Session, c: _Checked, filing_id: str) -> None:
    """What needs no receipt number: the ledger change."""
    form, period, computation, settled, document = c.form, c.period, c.computation, c.settled, c.document
    citation = "TC art. 90(2)" if document["kind"] == "clarified" else None
    if form.tax is not None and len(c.split) > 1:
        # a medium agent's quarterly report (178(1-1)): each month's tax on its own term (177(1))
        for month, due, prior in c.split:
            post_declared_settlement(
                session, taxpayer_id=c.cert.taxpayer_id, tax=form.tax,
                difference=computation.months.get(str(month), from_tyiyn(0)) - from_tyiyn(prior), previous_charged=from_tyiyn(prior),
                due_date=due, filed_on=c.filed_on, period=str(month), filing_id=f"{filing_id}/{month}", recorded_at=c.now,
                citation=citation or "TC art. 177(1)")
    elif form.tax is not None and settled.payment_due is not None:
        post_declared_settlement(
            session,
            taxpayer_id=c.cert.taxpayer_id,
            tax=form.tax,
            difference=from_tyiyn(settled.difference),
            previous_charged=from_tyiyn(settled.previous_charged),
            due_date=settled.payment_due,
            filed_on=c.filed_on,
            period=str(period),
            filing_id=filing_id,
            recorded_at=c.now,
            citation=citation or "TC art. 86(1)",
        )


def _complete(ca: ServiceAuthority, principal: Principal, c: _Checked, filing_id: str, number: int) -> Done[Receipt]:
    """The numbered, signed receipt, the filing row that keeps it and the audit row."""
    receipt_number = f"{c.filed_on.year}-{number:08d}"  # 2025-00000001: gapless per year (kernel counter)
    unsigned = Receipt(filing_id, receipt_number, c.now, c.filed_on, FilingStatus.ACCEPTED, c.sha, "")
    receipt = replace(unsigned, receipt_signature=ca.sign_receipt(unsigned.signed_members()))
    document, settled = c.document, c.settled
    filing = dict(
        id=filing_id,
        taxpayer_id=c.cert.taxpayer_id,
        client_filing_id=document["client_filing_id"],
        form=c.form.code,
        period=str(c.period),
        kind=document["kind"],
        zero=document["zero"],
        initial_key=_initial_key(c.cert.taxpayer_id, c.form.code, c.period) if document["kind"] == "initial" else None,
        document_jcs=c.jcs.decode("utf-8"),
        document_sha256=c.sha,
        signature=c.signature,
        certificate_serial=c.cert.serial,
        receipt_number=receipt_number,
        receipt_signature=receipt.receipt_signature,
        filed_at=c.now,
        filing_date=c.filed_on,
        deadline=settled.deadline,
        late=settled.late,
        status="accepted",
        tax=c.form.tax,
        tax_due=to_tyiyn(c.computation.tax_due),
        charge_amount=settled.difference if c.form.tax is not None else 0,
        payment_due_date=settled.payment_due,
    )
    entry = audit.row(principal, "declaration.file", taxpayer_id=c.cert.taxpayer_id, at=c.now, id=filing_id, form=c.form.code,
                      period=str(c.period), kind=document["kind"])
    return Done(receipt, [(Filing, filing), (AuditEntry, entry)])


def _initial_key(taxpayer_id: int, form: str, period: TaxPeriod) -> str:
    return f"{taxpayer_id}:{form}:{period}"


