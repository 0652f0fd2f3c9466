"""HTTP endpoints of the declarations service (issue 5): forms, certificates, cloud signature,
filing, the journal with PDF copies, obligations and extensions, and the officers' side.

Revocation of a certificate is ``POST /me/certificates/{serial}/revocation`` (idempotent, 200).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from salyk.api.deps import Cabinet, RuntimeDep, Staff
from salyk.api.middleware import client_address
from salyk.api.openapi import answers, binary, returns
from salyk.api.presenters import declarations as present
from salyk.api.routers import declarations_out as o
from salyk.api.schemas import Body, IsoDate
from salyk.declarations import certificates, filing, forms, journal, obligations, preview
from salyk.declarations.authority import authority
from salyk.kernel.errors import NotFound
from salyk.api.errors import language_of

router = APIRouter(tags=["declarations"])


# --- forms ----------------------------------------------------------------------------------------


@router.get("/forms", **returns(o.FormsOut))
def list_forms() -> dict[str, Any]:
    """The forms catalogue (no login needed)."""
    return {"forms": [present.form_out(f) for f in forms.catalogue()]}


class ComputationIn(Body):
    period: str = Field(max_length=7)
    zero: bool = False
    values: dict[str, Any] = {}
    taxpayer_kind: Literal["individual", "individual_entrepreneur", "organization"] | None = None


@router.post("/forms/{code}/computation", **returns(o.ComputationOut))
def compute_form(rt: RuntimeDep, code: str, body: ComputationIn, request: Request) -> dict[str, Any]:
    """The tax a form's values give, with its explanation, before anything is signed (no login needed)."""
    form = forms.find_form(code)
    if form is None:
        raise NotFound("UNKNOWN_FORM", "There is no such form.", {"form": code})
    try:
        # the one compute-preview the pages and the filing use too (salyk.declarations.preview)
        shown = preview.compute_preview(form, body.period, body.values, zero=body.zero, taxpayer_kind=body.taxpayer_kind or form.taxpayer_kinds[0],
                                        today=rt.today())
    except forms.ValuesInvalid as exc:
        raise exc.error(form) from None
    return present.computation_out(shown, language_of(request))


# --- certificates ---------------------------------------------------------------------------------


@router.get("/service-certificate", response_class=Response, responses=binary("application/x-pem-file", "The service certificate (PEM)"))
def service_certificate(rt: RuntimeDep) -> Response:
    """The certificate that verifies receipt signatures (PEM, no login needed)."""
    return Response(authority(rt).service_certificate_pem(), media_type="application/x-pem-file")


@router.get("/ca-certificate", response_class=Response, responses=binary("application/x-pem-file", "The service CA certificate (PEM)"))
def ca_certificate(rt: RuntimeDep) -> Response:
    """The service CA certificate that issued every taxpayer and service certificate (PEM)."""
    return Response(authority(rt).ca_certificate_pem(), media_type="application/x-pem-file")


class CsrIn(Body):
    csr: str = Field(min_length=1, max_length=16_384)


@router.post("/me/certificates", **returns(o.CertificateOut, 201))
def issue_certificate(rt: RuntimeDep, me: Cabinet, body: CsrIn) -> dict[str, Any]:
    return present.certificate_out(certificates.issue(rt, me, body.csr))


@router.get("/me/certificates", **returns(o.CertificatesOut))
def list_certificates(rt: RuntimeDep, me: Cabinet) -> dict[str, Any]:
    return {"certificates": [present.certificate_out(c) for c in certificates.list_for(rt, me.taxpayer_id)]}


@router.get("/me/certificates/{serial}", **returns(o.CertificateOut))
def read_certificate(rt: RuntimeDep, me: Cabinet, serial: str) -> dict[str, Any]:
    return present.certificate_out(certificates.get(rt, me.taxpayer_id, serial))


class RevocationIn(Body):
    reason: str | None = Field(default=None, max_length=100)


@router.post("/me/certificates/{serial}/revocation", **returns(o.CertificateOut))
def revoke_certificate(rt: RuntimeDep, me: Cabinet, serial: str, body: RevocationIn | None = None) -> dict[str, Any]:
    return present.certificate_out(certificates.revoke(rt, me, serial, body.reason if body else None))


class CloudEnrolIn(Body):
    pin: str = Field(max_length=64)
    algorithm: Literal["ES256", "EdDSA"] = "ES256"
    # The account password: needed to replace a PIN already set (a reset), optional the first time.
    password: str | None = Field(default=None, min_length=1, max_length=200)


@router.post("/me/cloud-signature", **returns(o.CertificateOut, 201))
def enrol_cloud_signature(rt: RuntimeDep, me: Cabinet, body: CloudEnrolIn, request: Request) -> dict[str, Any]:
    """Set the signing PIN: the service makes a key, seals it under the PIN and certifies it.

    Replacing a PIN already set (a reset) needs ``password``, the account password: missing →
    422 ``VALIDATION_ERROR``, wrong → 422 ``WRONG_PASSWORD`` (counted toward the login lock-out).
    """
    return present.certificate_out(certificates.enrol(rt, me, body.pin, body.algorithm, password=body.password, address=client_address(request)))


@router.get("/me/cloud-signature", **returns(o.CloudStatusOut))
def cloud_signature_status(rt: RuntimeDep, me: Cabinet) -> dict[str, Any]:
    view = certificates.cloud_status(rt, me.taxpayer_id)
    return {"enrolled": view is not None, "certificate": present.certificate_out(view) if view else None}


class CloudSignIn(Body):
    pin: str = Field(max_length=64)
    document: dict[str, Any]


@router.post("/me/cloud-signature/sign", **returns(o.CloudSignatureOut) | {"responses": returns(o.CloudSignatureOut)["responses"] | answers(423)})
def cloud_sign(rt: RuntimeDep, me: Cabinet, body: CloudSignIn) -> dict[str, Any]:
    """Sign a document with the cloud key after the PIN: the same detached JWS a client would make."""
    jws, kid = certificates.cloud_sign(rt, me, body.pin, body.document)
    return {"signature": jws, "kid": kid}


# --- filing and the journal -----------------------------------------------------------------------


class FilingIn(Body):
    document: dict[str, Any]
    signature: str = Field(max_length=4096)


@router.post("/me/declarations", **returns(o.ReceiptOut, 201, "Filed: the signed receipt", also={200: "A replay of the same document: its first receipt"}))
def file_declaration(rt: RuntimeDep, me: Cabinet, body: FilingIn) -> Any:
    # ``Cabinet`` checks token and offer in one transaction, before the body is validated.
    outcome = filing.file(rt, me, body.document, body.signature)
    # the receipt as the service signed it, without a second pass through the response model
    # (documented by ``returns`` above; the deadline-day path, issue 16)
    return JSONResponse(present.receipt_out(outcome.receipt), status_code=200 if outcome.replay else 201)


@router.get("/me/declarations", **returns(o.JournalOut))
def list_declarations(rt: RuntimeDep, me: Cabinet) -> dict[str, Any]:
    return {"declarations": [present.entry_out(e) for e in journal.journal(rt, me.taxpayer_id)]}


@router.get("/public/receipts/{number}", **returns(o.PublicReceiptOut))
def public_receipt(rt: RuntimeDep, number: str = Path(max_length=32)) -> dict[str, Any]:
    """Check a filing receipt by its number, without a login (the QR on the printed copy opens
    this): number, form, period, filed_at and status; no taxpayer and no amounts (TC art. 54)."""
    return present.public_receipt_out(journal.public_receipt(rt, number))


def verification_url(request: Request) -> Callable[[str], str]:
    """The public check of a receipt on this service (printed as the PDF's QR code)."""
    base = str(request.base_url).rstrip("/")
    return lambda receipt_number: f"{base}/api/v1/public/receipts/{receipt_number}"


@router.get("/me/declarations/{filing_id}.pdf", response_class=Response, responses=binary("application/pdf", "The printable copy with its receipt and QR check"))
def declaration_pdf(rt: RuntimeDep, me: Cabinet, filing_id: str, request: Request) -> Response:
    copy = journal.pdf_copy(rt, me.taxpayer_id, filing_id, verification_url(request))
    return Response(copy.content, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="declaration-{copy.receipt_number}.pdf"'})


@router.get("/me/declarations/{filing_id}", **returns(o.DeclarationDetail))
def read_declaration(rt: RuntimeDep, me: Cabinet, filing_id: str) -> dict[str, Any]:
    return present.detail_out(journal.get(rt, me.taxpayer_id, filing_id))


# --- officers -------------------------------------------------------------------------------------


@router.get("/officer/taxpayers/{tin}/declarations", **returns(o.OfficerJournalOut))
def officer_declarations(rt: RuntimeDep, officer: Staff, tin: str) -> dict[str, Any]:
    """Every filing of a taxpayer (the read is audited, TC art. 54)."""
    return {"tin": tin, "declarations": [present.entry_out(e) for e in journal.for_officer(rt, officer, tin)]}


@router.get("/officer/taxpayers/{tin}/declarations/{filing_id}", **returns(o.DeclarationDetail))
def officer_declaration(rt: RuntimeDep, officer: Staff, tin: str, filing_id: str) -> dict[str, Any]:
    """One filing with its document, signature and receipt (the read is audited)."""
    return present.detail_out(journal.detail_for_officer(rt, officer, tin, filing_id))


# --- obligations and extensions --------------------------------------------------------------------


@router.get("/me/obligations", **returns(o.ObligationsOut))
def list_obligations(
    rt: RuntimeDep,
    me: Cabinet,
    from_: IsoDate | None = Query(None, alias="from"),
    to: IsoDate | None = Query(None),
) -> dict[str, Any]:
    """What the taxpayer must file, with deadlines in ``[from, to]`` (default: 1 January last year to 90 days ahead)."""
    start, end, found = obligations.obligations(rt, me.taxpayer_id, from_, to)
    return {"from": start.isoformat(), "to": end.isoformat(), "obligations": [present.obligation_out(ob) for ob in found]}


class ExtensionIn(Body):
    form: str = Field(max_length=64)
    period: str = Field(max_length=7)


@router.post("/me/extensions", **returns(o.ExtensionOut, 201))
def request_extension(rt: RuntimeDep, me: Cabinet, body: ExtensionIn) -> dict[str, Any]:
    """Apply to extend a filing deadline by 30 days (TC art. 88); the payment term does not move."""
    return present.extension_out(obligations.request_extension(rt, me, body.form, body.period))


@router.get("/me/extensions", **returns(o.ExtensionsOut))
def list_extensions(rt: RuntimeDep, me: Cabinet) -> dict[str, Any]:
    return {"extensions": [present.extension_out(e) for e in obligations.extensions(rt, me.taxpayer_id)]}


@router.get("/me/registrations", **returns(o.RegistrationsOut))
def list_registrations(rt: RuntimeDep, me: Cabinet) -> dict[str, Any]:
    return {"registrations": [present.registration_out(r) for r in obligations.registrations(rt, me.taxpayer_id)]}


class FieldAuditIn(Body):
    period: str = Field(max_length=7)
    status: Literal["open", "closed"]
    on: IsoDate | None = None


@router.post("/officer/taxpayers/{tin}/field-audits", **returns(o.FieldAuditOut))
def mark_field_audit(rt: RuntimeDep, officer: Staff, tin: str, body: FieldAuditIn) -> dict[str, Any]:
    """Mark a field audit of a period open or closed (TC art. 90(4)); audited."""
    return present.field_audit_out(obligations.set_field_audit(rt, officer, tin, body.period, body.status, body.on))


@router.get("/officer/taxpayers/{tin}/field-audits", **returns(o.FieldAuditsOut))
def list_field_audits(rt: RuntimeDep, officer: Staff, tin: str) -> dict[str, Any]:
    return {"field_audits": [present.field_audit_out(a) for a in obligations.field_audits(rt, officer, tin)]}


class RegistrationIn(Body):
    registration: Literal["vat", "sales_tax", "income_tax_agent"]
    valid_from: IsoDate
    valid_to: IsoDate | None = None


@router.post("/officer/taxpayers/{tin}/registrations", **returns(o.RegistrationOut, 201))
def record_registration(rt: RuntimeDep, officer: Staff, tin: str, body: RegistrationIn) -> dict[str, Any]:
    """Record a VAT, sales tax or tax agent registration: it creates monthly report obligations."""
    return present.registration_out(obligations.record_registration(rt, officer, tin, body.registration, body.valid_from, body.valid_to))
