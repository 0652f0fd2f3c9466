"""Filing obligations, extensions (TC art. 88), registrations and field audits (TC art. 90(4)).

What a taxpayer must file follows from the kind of taxpayer and the registrations the tax office
records (issue 5 item 4):

* every individual and individual entrepreneur: the single tax declaration of an individual, yearly
  (TC art. 92(2)(3), 92(6)(2));
* every organisation: the single tax declaration of an organisation (TC art. 92(2)(1), 92(6)(1));
* organisations and individual entrepreneurs: the profit tax return, yearly (TC art. 184(1));
* a VAT or sales tax registration, or a tax agent's registration (an employer): the monthly report.

Each obligation carries its deadline from the law engine, moved by an extension where granted, and
is ``fulfilled`` by an initial filing for the form and period, else ``overdue`` after the deadline,
else ``open``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from salyk.db.models.declarations import FieldAudit as FieldAuditRow, Filing, FilingExtension, TaxRegistration
from salyk.db.models.registry import Taxpayer
from salyk.declarations import deadlines as form_deadlines
from salyk.declarations.forms import ENTREPRENEUR, FORMS, INDIVIDUAL, ORGANIZATION, REGISTRATIONS, Form, find_form
from salyk.declarations.results import (
    Extension,
    FieldAudit,
    FieldAuditStatus,
    ObligationFiling,
    ObligationStatus,
    Registration,
    RegistrationKind,
    error_details,
)
from salyk.kernel.errors import Conflict, NotFound, ValidationFailed, invalid_field
from salyk.law.deadlines import ExtensionRefused, extended_deadline
from salyk.law.periods import Kind as PeriodKind, TaxPeriod
from salyk.kernel import audit, authorize
from salyk.registry import size_categories, taxpayers
from salyk.registry.size_categories import CategorySpan
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime

BY_KIND = {
    INDIVIDUAL: ("unified_declaration_individual",),
    ENTREPRENEUR: ("unified_declaration_individual", "profit_tax"),
    ORGANIZATION: ("unified_declaration_organization", "profit_tax"),
}
MAX_RANGE = dt.timedelta(days=3660)


def parse_period(text: Any) -> TaxPeriod:
    """A tax period as the taxpayer wrote it; ``INVALID_PERIOD`` otherwise."""
    try:
        return TaxPeriod.parse(text)
    except ValueError:
        raise ValidationFailed("INVALID_PERIOD", "The period must be a year (2024), a quarter (2024-Q1) or a month (2024-03).", {"period": str(text)[:20]}) from None


def _agent_periods(first: dt.date, last: dt.date, sizes: list[CategorySpan]) -> list[TaxPeriod]:
    """The tax agent's reporting periods: each quarter whole when the agent's size category on its
    first day makes it a quarterly agent (TC art. 178(1-1)), else its months (178(1))."""
    out: list[TaxPeriod] = []
    q = TaxPeriod.containing(first, "quarter")
    while q.start <= last:
        if form_deadlines.agent_report_kind(size_categories.category_in(sizes, q.start), q) == "quarter":
            out.append(q)
        else:
            out.extend(m for m in _periods("month", max(first, q.start), min(last, q.end)))
        q = q.next()
    return out


def _periods(kind: PeriodKind, first: dt.date, last: dt.date) -> list[TaxPeriod]:
    out, p = [], TaxPeriod.containing(first, kind)
    while p.start <= last:
        out.append(p)
        p = p.next()
    return out


@dataclass(frozen=True)
class Obligation:
    """A report the taxpayer must file: its deadline (moved by an extension, TC art. 88), its
    payment date, and the initial filing that fulfilled it."""

    form: Form
    period: TaxPeriod
    deadline: dt.date
    original_deadline: dt.date
    payment_due_date: dt.date | None
    status: ObligationStatus
    filing: ObligationFiling | None
    # a quarterly agent's report: each month's term (TC art. 177(1), (1-1)); empty otherwise
    payments: tuple[tuple[TaxPeriod, dt.date], ...] = ()

    @property
    def can_file_from(self) -> dt.date:
        return self.period.end + dt.timedelta(days=1)

    @property
    def extended(self) -> bool:
        return self.deadline != self.original_deadline


def _fulfilling(row: Filing) -> ObligationFiling:
    return ObligationFiling(row.id, row.receipt_number, row.filing_date, row.late, row.zero)


def obligations(rt: Runtime, taxpayer_id: int, start: dt.date | None = None, end: dt.date | None = None) -> tuple[dt.date, dt.date, list[Obligation]]:
    """Obligations whose deadline falls in ``[start, end]`` (default: from 1 January of last year to 90 days ahead)."""
    today = rt.today()
    start = start or dt.date(today.year - 1, 1, 1)
    end = end or today + dt.timedelta(days=90)
    if start > end or end - start > MAX_RANGE:
        raise ValidationFailed("INVALID_RANGE", "The date range is not valid: from must not be after to, and the range is at most 10 years.", {"from": start.isoformat(), "to": end.isoformat()})
    with rt.db.read() as session:
        taxpayer = session.get(Taxpayer, taxpayer_id)
        if taxpayer is None:
            raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.")
        active_to = min(end, taxpayer.removed_on) if taxpayer.removed_on else end
        spans: list[tuple[str, dt.date, dt.date]] = [(code, taxpayer.registered_on, active_to) for code in BY_KIND.get(taxpayer.kind, ())]
        for reg in session.scalars(select(TaxRegistration).where(TaxRegistration.taxpayer_id == taxpayer_id)):
            form = FORMS[reg.registration]
            if taxpayer.kind in form.taxpayer_kinds:
                spans.append((reg.registration, max(reg.valid_from, taxpayer.registered_on), min(reg.valid_to or active_to, active_to)))
        initial = {(f.form, f.period): f for f in session.scalars(select(Filing).where(Filing.taxpayer_id == taxpayer_id, Filing.kind == "initial"))}
        extensions = {(e.form, e.period): e for e in session.scalars(select(FilingExtension).where(FilingExtension.taxpayer_id == taxpayer_id))}
        sizes = size_categories.history_of(session, taxpayer_id)
    seen: set[tuple[str, str]] = set()
    out: list[Obligation] = []
    for code, first, last in spans:
        form = FORMS[code]
        # A deadline in the range can belong to a period that ended up to ~15 months before it.
        first = max(first, form_deadlines.first_day())
        from_day = max(first, start - dt.timedelta(days=460))
        periods = _agent_periods(from_day, last, sizes) if code == "income_tax_agent" else _periods(form.period_kind, from_day, last)
        for period in periods:
            key = (code, str(period))
            if key in seen or period.end < first:
                continue
            seen.add(key)
            own = form_deadlines.filing_deadline(form, period)
            ext = extensions.get(key)
            deadline = ext.extended_deadline if ext else own
            if not start <= deadline <= end:
                continue
            filing = initial.get(key)
            status = ObligationStatus.FULFILLED if filing else (ObligationStatus.OVERDUE if today > deadline else ObligationStatus.OPEN)
            category = size_categories.category_in(sizes, period.start) if code == "income_tax_agent" else None
            payments = form_deadlines.agent_payments(period, category) if period.kind == "quarter" and code == "income_tax_agent" else []
            out.append(Obligation(form, period, deadline, own, form_deadlines.payment_due(form, period, own, category), status,
                                  None if filing is None else _fulfilling(filing), tuple(payments)))
    out.sort(key=lambda o: (o.deadline, o.form.code, str(o.period)))
    return start, end, out


# --- extensions (TC art. 88) ------------------------------------------------------------------------


def _extension(e: FilingExtension, form: Form) -> Extension:
    period = TaxPeriod.parse(e.period)
    # TC art. 88(2): the payment term does not move.
    payment = form_deadlines.payment_due(form, period, e.original_deadline)
    return Extension(e.form, e.period, e.applied_on, e.original_deadline, e.extended_deadline, payment)


def request_extension(rt: Runtime, principal: Principal, form_code: str, period_text: str) -> Extension:
    """The taxpayer's written application (TC art. 88(1)): +30 days if received by the deadline."""
    principal = authorize.taxpayer(principal)
    form = find_form(form_code)
    if form is None:
        raise ValidationFailed("UNKNOWN_FORM", "There is no such form.", {"form": form_code})
    period = parse_period(period_text)
    if period.kind != form.period_kind:
        raise invalid_field("period", "out_of_range")
    applied_on = rt.today()
    form_deadlines.check_period(period, applied_on)
    own = form_deadlines.filing_deadline(form, period)
    try:
        extended = extended_deadline(own, applied_on)
    except ExtensionRefused as exc:
        raise ValidationFailed("EXTENSION_REFUSED", "No extension for this report: the application came after the deadline (TC art. 88(1)).", {"deadline": own.isoformat(), "reason": str(exc)}) from None
    try:
        with rt.db.transaction() as session:
            taxpayer = session.get(Taxpayer, principal.taxpayer_id)
            if taxpayer is None:
                raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.")
            if taxpayer.kind not in form.taxpayer_kinds:
                raise ValidationFailed("FORM_NOT_APPLICABLE", "This form is not filed by this kind of taxpayer.", {"form": form.code, "kind": taxpayer.kind})
            existing = session.scalar(select(FilingExtension).where(FilingExtension.taxpayer_id == principal.taxpayer_id, FilingExtension.form == form.code, FilingExtension.period == str(period)))
            if existing is not None:
                raise Conflict("EXTENSION_EXISTS", "The filing deadline of this report has already been extended.", error_details(_extension(existing, form)))
            row = FilingExtension(taxpayer_id=principal.taxpayer_id, form=form.code, period=str(period), applied_on=applied_on, original_deadline=own, extended_deadline=extended, created_at=rt.now())
            session.add(row)
            session.flush()
            audit.record(session, principal, "declaration.extension", taxpayer_id=principal.taxpayer_id, at=rt.now(), form=form.code, period=str(period), extended_deadline=extended)
            return _extension(row, form)
    except IntegrityError:
        raise Conflict("EXTENSION_EXISTS", "The filing deadline of this report has already been extended.", {"form": form.code, "period": str(period)}) from None


def extensions(rt: Runtime, taxpayer_id: int) -> list[Extension]:
    with rt.db.read() as session:
        rows = session.scalars(select(FilingExtension).where(FilingExtension.taxpayer_id == taxpayer_id).order_by(FilingExtension.id))
        return [_extension(r, FORMS[r.form]) for r in rows]


# --- the tax office's records --------------------------------------------------------------------


def _field_audit(a: FieldAuditRow) -> FieldAudit:
    return FieldAudit(a.id, a.period, FieldAuditStatus.OPEN if a.closed_on is None else FieldAuditStatus.CLOSED, a.opened_on, a.closed_on)


def set_field_audit(rt: Runtime, officer: Principal, tin: str, period_text: str, status: str, on: dt.date | None = None) -> FieldAudit:
    """Mark a field audit of a period open or closed (TC art. 90(4): no clarified reports while open)."""
    officer = authorize.staff(officer)
    taxpayers.validate_tin(tin)
    period = form_deadlines.check_period(parse_period(period_text), rt.today())
    on = on or rt.today()
    with rt.db.transaction() as session:
        taxpayer = taxpayers.find(session, tin)
        current = session.scalar(select(FieldAuditRow).where(FieldAuditRow.taxpayer_id == taxpayer.id, FieldAuditRow.period == str(period), FieldAuditRow.closed_on.is_(None)))
        if status == "open":
            if current is not None:
                raise Conflict("FIELD_AUDIT_OPEN", "A field audit of this period is already open.", error_details(_field_audit(current)))
            current = FieldAuditRow(taxpayer_id=taxpayer.id, period=str(period), opened_on=on, opened_by=officer.login)
            session.add(current)
        else:
            if current is None:
                raise NotFound("FIELD_AUDIT_NOT_OPEN", "No open field audit of this period.", {"period": str(period)})
            if on < current.opened_on:
                raise invalid_field("on", "out_of_range")
            current.closed_on, current.closed_by = on, officer.login
        session.flush()
        audit.record(session, officer, f"field_audit.{status}", taxpayer_id=taxpayer.id, at=rt.now(), period=str(period), on=on)
        return _field_audit(current)


def field_audits(rt: Runtime, officer: Principal, tin: str) -> list[FieldAudit]:
    officer = authorize.staff(officer)
    with taxpayers.officer_read(rt, officer, tin, "field_audit.read") as read:
        rows = read.session.scalars(select(FieldAuditRow).where(FieldAuditRow.taxpayer_id == read.taxpayer.id).order_by(FieldAuditRow.id))
        return [_field_audit(a) for a in rows]


def _registration(r: TaxRegistration) -> Registration:
    return Registration(r.id, RegistrationKind(r.registration), r.valid_from, r.valid_to)


def record_registration(rt: Runtime, officer: Principal, tin: str, registration: str, valid_from: dt.date, valid_to: dt.date | None) -> Registration:
    """A VAT, sales tax or tax agent registration: it creates the monthly report obligation."""
    officer = authorize.staff(officer)
    taxpayers.validate_tin(tin)
    if registration not in REGISTRATIONS:
        raise invalid_field("registration", "unknown_kind")
    latest = dt.date(rt.today().year + 1, 12, 31)  # sane range (issue 9): 1991 .. end of next year
    if not dt.date(1991, 1, 1) <= valid_from <= latest:
        raise invalid_field("valid_from", "out_of_range")
    if valid_to is not None and (valid_to < valid_from or valid_to > dt.date(2199, 12, 31)):
        raise invalid_field("valid_to", "out_of_range")
    with rt.db.transaction() as session:
        taxpayer = taxpayers.find(session, tin)
        if taxpayer.kind not in FORMS[registration].taxpayer_kinds:
            raise ValidationFailed("FORM_NOT_APPLICABLE", "This form is not filed by this kind of taxpayer.", {"form": registration, "kind": taxpayer.kind})
        row = TaxRegistration(taxpayer_id=taxpayer.id, registration=registration, valid_from=valid_from, valid_to=valid_to, recorded_by=officer.login, recorded_at=rt.now())
        session.add(row)
        session.flush()
        audit.record(session, officer, "tax_registration.record", taxpayer_id=taxpayer.id, at=rt.now(), registration=registration, valid_from=valid_from)
        return _registration(row)


def registrations(rt: Runtime, taxpayer_id: int) -> list[Registration]:
    with rt.db.read() as session:
        return [_registration(r) for r in session.scalars(select(TaxRegistration).where(TaxRegistration.taxpayer_id == taxpayer_id).order_by(TaxRegistration.id))]
