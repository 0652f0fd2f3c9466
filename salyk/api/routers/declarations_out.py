"""Response models of the declarations API: what the presenters in
``salyk.api.presenters.declarations`` write, described for the OpenAPI document (issue 8 item 5).
Money is a string with two decimals; dates ISO; timestamps ISO 8601 with offset."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from salyk.api.schemas import Out


class Text(Out):
    ky: str
    ru: str


class FieldOut(Out):
    name: str
    type: str
    title: Text
    required: bool
    format: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    citation: str | None = None
    options: list[str] | None = None
    fields: list[FieldOut] | None = None
    max_rows: int | None = None


class FormOut(Out):
    code: str
    tax: str | None
    period_kind: str
    title: Text
    citation: list[str]
    zero_allowed: bool
    computes_tax: bool
    taxpayer_kinds: list[str]
    registration: str | None
    fields: list[FieldOut]


class FormsOut(Out):
    forms: list[FormOut]


class TraceStep(Out):
    text: str
    msgid: str
    parameters: dict[str, Any]
    citation: str | None = None
    citation_text: str | None = None
    value: Any = None
    value_text: str | None = None


class TraceParameter(Out):
    name: str
    value: Any
    effective_from: str
    citation: str
    sample: bool


class TraceOut(Out):
    """The law's explanation of an amount: each step with its citation, and the parameters used."""

    title: str
    title_msgid: str | None = None
    title_parameters: dict[str, Any] = {}
    result: Any = None
    steps: list[TraceStep]
    parameters: list[TraceParameter] = []


class ComputationOut(Out):
    form: str
    period: str
    tax: str | None
    tax_due: str
    entered: bool
    figures: dict[str, str]
    trace: TraceOut | None


class CertificateOut(Out):
    serial: str
    kid: str
    algorithm: str
    status: str
    cloud: bool
    not_before: str
    not_after: str
    issued_at: str
    revoked_at: str | None
    fingerprint_sha256: str
    certificate: str


class CertificatesOut(Out):
    certificates: list[CertificateOut]


class CloudStatusOut(Out):
    enrolled: bool
    certificate: CertificateOut | None


class CloudSignatureOut(Out):
    signature: str
    kid: str


class ReceiptOut(Out):
    """The signed filing receipt (201 on the first filing, 200 on a replay of the same document)."""

    id: str
    receipt_number: str
    filed_at: str
    filing_date: str
    status: str
    document_sha256: str
    receipt_signature: str


class JournalEntry(Out):
    id: str
    form: str
    period: str
    kind: str
    zero: bool
    filed_at: str
    filing_date: str
    deadline: str
    late: bool
    status: str
    receipt_number: str
    tax: str | None
    tax_due: str
    charge_amount: str
    payment_due_date: str | None


class JournalOut(Out):
    declarations: list[JournalEntry]


class OfficerJournalOut(Out):
    tin: str
    declarations: list[JournalEntry]


class DeclarationDetail(JournalEntry):
    document: dict[str, Any]
    signature: str
    certificate_serial: str | None
    receipt: ReceiptOut


class PublicReceiptOut(Out):
    receipt_number: str
    form: str
    period: str
    filed_at: str
    status: str


class ObligationFiling(Out):
    id: str
    receipt_number: str
    filing_date: str
    late: bool
    zero: bool


class ObligationOut(Out):
    form: str
    title: Text
    tax: str | None
    period: str
    can_file_from: str
    deadline: str
    original_deadline: str
    extended: bool
    payment_due_date: str | None
    status: str
    filing: ObligationFiling | None


class ObligationsOut(Out):
    from_: str = Field(alias="from")
    to: str
    obligations: list[ObligationOut]


class ExtensionOut(Out):
    form: str
    period: str
    applied_on: str
    original_deadline: str
    extended_deadline: str
    payment_due_date: str | None


class ExtensionsOut(Out):
    extensions: list[ExtensionOut]


class RegistrationOut(Out):
    id: int
    registration: str
    valid_from: str
    valid_to: str | None


class RegistrationsOut(Out):
    registrations: list[RegistrationOut]


class FieldAuditOut(Out):
    id: int
    period: str
    status: str
    opened_on: str | None
    closed_on: str | None


class FieldAuditsOut(Out):
    field_audits: list[FieldAuditOut]
