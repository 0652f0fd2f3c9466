"""The declarations service's answers as the contract writes them (salyk/declarations/README.md):
each ``*_out`` takes what a ``salyk.declarations`` service returned and formats it; nothing here
reads the database or decides anything. Money is ``format_som`` (two decimals), dates ISO,
timestamps ISO 8601 with the Bishkek offset, enums by their value. The response models these
dicts match are in ``salyk.api.routers.declarations_out`` (the schemathesis run checks both agree).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from salyk.declarations.certificates import CertificateView
from salyk.declarations.forms import MAX_ROWS, Field, Form
from salyk.declarations.obligations import Obligation
from salyk.declarations.preview import Preview
from salyk.declarations.results import Extension, FieldAudit, FilingDetail, JournalEntry, PublicReceipt, Receipt, Registration
from salyk.kernel.explanations import trace_view
from salyk.kernel.formats import timestamp
from salyk.kernel.i18n import gettext
from salyk.law.money import format_som


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _title(ky: str, ru: str) -> dict[str, str]:
    return {"ky": ky, "ru": ru}


# --- forms ----------------------------------------------------------------------------------------


def field_out(spec: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": spec.name, "type": spec.type, "title": _title(spec.ky, spec.ru), "required": spec.required}
    if spec.type == "money":
        out["format"] = "som string with up to two decimals, not negative"
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["max_length" if spec.type == "text" else "maximum"] = spec.maximum
    if spec.citation:
        out["citation"] = spec.citation
    if spec.options:
        out["options"] = list(spec.options)
    if spec.rows:
        out["fields"] = [field_out(f) for f in spec.rows]
        out["max_rows"] = MAX_ROWS
    return out


def form_out(form: Form) -> dict[str, Any]:
    return {
        "code": form.code,
        "tax": form.tax,
        "period_kind": form.period_kind,
        "title": _title(form.ky, form.ru),
        "citation": list(form.citation),
        "zero_allowed": form.zero_allowed,
        "computes_tax": form.computes_tax,
        "taxpayer_kinds": list(form.taxpayer_kinds),
        "registration": form.registration,
        "fields": [field_out(f) for f in form.fields],
        **({"note": {lang: gettext(form.note, lang) for lang in ("ky", "ru")}} if form.note else {}),
    }


def computation_out(shown: Preview, lang: str) -> dict[str, Any]:
    """The public computation: the tax, the summary figures, the report's own deadline and payment
    date, and the law's explanation in ``lang`` beside its data."""
    result = shown.computation
    return {"form": shown.form.code, "period": str(shown.period), "tax": shown.form.tax, "tax_due": f"{result.tax_due:.2f}", "entered": result.entered,
            "figures": {name: format_som(value) for name, value in result.figures.items()},
            "deadline": shown.deadline.isoformat(), "payment_due_date": _day(shown.payment_due),
            "trace": None if result.trace is None else trace_view(result.trace, lang)}


# --- certificates ---------------------------------------------------------------------------------


def certificate_out(c: CertificateView) -> dict[str, Any]:
    return {
        "serial": c.serial,
        "kid": c.serial,
        "algorithm": c.algorithm,
        "status": c.status,
        "cloud": c.cloud,
        "not_before": timestamp(c.not_before),
        "not_after": timestamp(c.not_after),
        "issued_at": timestamp(c.issued_at),
        "revoked_at": timestamp(c.revoked_at),
        "fingerprint_sha256": c.fingerprint_sha256,
        "certificate": c.pem,
    }


# --- filing and the journal -----------------------------------------------------------------------


def receipt_out(r: Receipt) -> dict[str, Any]:
    # the signed members' text is the service's (the signature covers it); the signature beside it
    return r.signed_members() | {"receipt_signature": r.receipt_signature}


def entry_out(e: JournalEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "form": e.form,
        "period": e.period,
        "kind": e.kind.value,
        "zero": e.zero,
        "filed_at": timestamp(e.filed_at),
        "filing_date": e.filing_date.isoformat(),
        "deadline": e.deadline.isoformat(),
        "late": e.late,
        "status": e.status.value,
        "receipt_number": e.receipt_number,
        "tax": e.tax,
        "tax_due": format_som(e.tax_due),
        "charge_amount": format_som(e.charge_amount),
        "payment_due_date": _day(e.payment_due_date),
    }


def detail_out(d: FilingDetail) -> dict[str, Any]:
    return entry_out(d.entry) | {
        "document": d.document,
        "signature": d.signature,
        "certificate_serial": d.certificate_serial,
        "receipt": receipt_out(d.receipt),
    }


def public_receipt_out(r: PublicReceipt) -> dict[str, Any]:
    return {"receipt_number": r.receipt_number, "form": r.form, "period": r.period, "filed_at": timestamp(r.filed_at), "status": r.status.value}


# --- obligations, extensions and the tax office's records ------------------------------------------


def obligation_out(o: Obligation) -> dict[str, Any]:
    return {
        "form": o.form.code,
        "title": _title(o.form.ky, o.form.ru),
        "tax": o.form.tax,
        "period": str(o.period),
        "can_file_from": o.can_file_from.isoformat(),
        "deadline": o.deadline.isoformat(),
        "original_deadline": o.original_deadline.isoformat(),
        "extended": o.extended,
        "payment_due_date": _day(o.payment_due_date),
        "status": o.status.value,
        # only a quarterly agent's report has its months' terms (TC art. 177(1), (1-1))
        **({"payments": [{"period": str(p), "due": due.isoformat()} for p, due in o.payments]} if o.payments else {}),
        "filing": None if o.filing is None else {
            "id": o.filing.id,
            "receipt_number": o.filing.receipt_number,
            "filing_date": o.filing.filing_date.isoformat(),
            "late": o.filing.late,
            "zero": o.filing.zero,
        },
    }


def extension_out(e: Extension) -> dict[str, Any]:
    return {
        "form": e.form,
        "period": e.period,
        "applied_on": e.applied_on.isoformat(),
        "original_deadline": e.original_deadline.isoformat(),
        "extended_deadline": e.extended_deadline.isoformat(),
        "payment_due_date": _day(e.payment_due_date),
    }


def field_audit_out(a: FieldAudit) -> dict[str, Any]:
    return {"id": a.id, "period": a.period, "status": a.status.value, "opened_on": a.opened_on.isoformat(), "closed_on": _day(a.closed_on)}


def registration_out(r: Registration) -> dict[str, Any]:
    return {"id": r.id, "registration": r.registration.value, "valid_from": r.valid_from.isoformat(), "valid_to": _day(r.valid_to)}
