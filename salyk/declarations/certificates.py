"""Signing certificates (TC art. 28, 86(4); Offer 2.10) and the cloud signature of the web cabinet.

* ``issue``: the taxpayer sends a PKCS#10 request; the service CA certifies its key for the TIN of
  the logged-in taxpayer (never the TIN the request names). ECDSA P-256 and Ed25519.
* ``revoke``: the taxpayer withdraws a certificate; signatures under it are refused from then on
  (``CERTIFICATE_REVOKED``), filings made before stay valid.
* Cloud signature: the service generates the key, seals it under the taxpayer's signing PIN
  (salyk.crypto.cloudkey, with the service pepper), certifies it through the same request path and
  signs only when the PIN is given. Five wrong PINs in a row lock signing for 15 minutes.
  Each attempt is counted (claimed, under the row lock) before the PIN is tried, so parallel
  guesses cannot get more than five PINs tried per lock period; the memory-hard derivations
  run at most ``settings.kdf_concurrency`` at once (429 beyond that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salyk.crypto import (
    CryptoError,
    CsrInvalid,
    CsrKeyUnsupported,
    KdfParams,
    PinInvalid,
    ServiceAuthority,
    WeakPin,
    WrongPin,
    check_pin,
    generate_key,
    make_csr,
    open_key,
    seal_key,
    sign_detached,
)
from salyk.db.models.declarations import CloudSigningKey, SigningCertificate
from salyk.db.models.registry import Taxpayer
from salyk.declarations.authority import authority, pepper
from salyk.kernel.errors import Conflict, Locked, NotFound, ValidationFailed, invalid_field
from salyk.kernel import audit, authorize
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.registry import account_security

MAX_PIN_FAILURES = 5
PIN_LOCK = dt.timedelta(minutes=15)
_BACKDATE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class CertificateView:
    serial: str
    algorithm: str
    pem: str
    fingerprint_sha256: str
    not_before: dt.datetime
    not_after: dt.datetime
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    cloud: bool

    @property
    def status(self) -> str:
        return "revoked" if self.revoked_at is not None else "active"


def _view(row: SigningCertificate) -> CertificateView:
    return CertificateView(row.serial, row.algorithm, row.pem, row.fingerprint_sha256, row.not_before, row.not_after, row.issued_at, row.revoked_at, row.cloud)


def _taxpayer(session: Session, taxpayer_id: int) -> Taxpayer:
    taxpayer = session.get(Taxpayer, taxpayer_id)
    if taxpayer is None:  # a logged-in taxpayer's row; gone only if the account was deleted meanwhile
        raise NotFound("TAXPAYER_NOT_FOUND", "No taxpayer with this TIN is registered.")
    return taxpayer


def _issue(rt: Runtime, session: Session, ca: ServiceAuthority, taxpayer_id: int, csr: Any, *, cloud: bool) -> SigningCertificate:
    taxpayer = _taxpayer(session, taxpayer_id)
    try:
        issued = ca.issue_certificate(csr, taxpayer.tin, not_before=rt.now() - _BACKDATE, name=taxpayer.name)
    except CsrKeyUnsupported as exc:
        raise ValidationFailed("CSR_KEY_UNSUPPORTED", "The request's key must be ECDSA P-256 (ES256) or Ed25519 (EdDSA).", {"reason": exc.message}) from None
    except CsrInvalid as exc:
        raise ValidationFailed("CSR_INVALID", "The certificate request is not a valid PEM PKCS#10 request signed by its own key.", {"reason": exc.message}) from None
    row = SigningCertificate(
        serial=issued.serial_hex,
        taxpayer_id=taxpayer_id,
        algorithm=issued.algorithm,
        pem=issued.pem.decode("ascii"),
        fingerprint_sha256=issued.fingerprint_sha256,
        not_before=issued.not_before,
        not_after=issued.not_after,
        cloud=cloud,
        issued_at=rt.now(),
    )
    session.add(row)
    session.flush()
    return row


def issue(rt: Runtime, principal: Principal, csr: str) -> CertificateView:
    """A certificate for the caller's key (``POST /me/certificates``)."""
    principal = authorize.taxpayer(principal)
    ca = authority(rt)  # before the transaction: loading it may take its own (SQLite has one writer)
    with rt.db.transaction() as session:
        row = _issue(rt, session, ca, principal.taxpayer_id, csr, cloud=False)
        audit.record(session, principal, "certificate.issue", taxpayer_id=principal.taxpayer_id, at=rt.now(), serial=row.serial, algorithm=row.algorithm)
        return _view(row)


def list_for(rt: Runtime, taxpayer_id: int) -> list[CertificateView]:
    with rt.db.transaction() as session:
        rows = session.scalars(select(SigningCertificate).where(SigningCertificate.taxpayer_id == taxpayer_id).order_by(SigningCertificate.issued_at, SigningCertificate.serial))
        return [_view(r) for r in rows]


def _own(session: Session, taxpayer_id: int, serial: str) -> SigningCertificate:
    serial = serial.strip().lower().lstrip("0") if isinstance(serial, str) else ""
    well_formed = 0 < len(serial) <= 40 and all(c in "0123456789abcdef" for c in serial)
    row = session.get(SigningCertificate, serial) if well_formed else None
    if row is None or row.taxpayer_id != taxpayer_id:
        raise NotFound("CERTIFICATE_NOT_FOUND", "No such certificate.")
    return row


def get(rt: Runtime, taxpayer_id: int, serial: str) -> CertificateView:
    with rt.db.transaction() as session:
        return _view(_own(session, taxpayer_id, serial))


def revoke(rt: Runtime, principal: Principal, serial: str, reason: str | None = None) -> CertificateView:
    """Withdraw a certificate (``POST /me/certificates/{serial}/revocation``); idempotent."""
    principal = authorize.taxpayer(principal)
    with rt.db.transaction() as session:
        row = _own(session, principal.taxpayer_id, serial)
        if row.revoked_at is None:
            row.revoked_at = rt.now()
            row.revocation_reason = (reason or "taxpayer")[:100]
            audit.record(session, principal, "certificate.revoke", taxpayer_id=principal.taxpayer_id, at=rt.now(), serial=row.serial)
        return _view(row)


# --- cloud signature --------------------------------------------------------------------------


def _kdf(rt: Runtime) -> KdfParams:
    # The same Argon2id cost as passwords (tests lower it); four lanes when memory allows.
    lanes = 4 if rt.settings.argon2_memory_kib >= 64 else 1
    return KdfParams(max(rt.settings.argon2_memory_kib, 8 * lanes), max(1, rt.settings.argon2_time_cost), lanes)


def _pin_error(exc: CryptoError) -> ValidationFailed:
    if isinstance(exc, WeakPin):
        return ValidationFailed("WEAK_PIN", "This PIN is too easy to guess; choose another.", {"reason": exc.message})
    return ValidationFailed("PIN_INVALID", "A signing PIN is 4 to 12 digits.", {"reason": exc.message})


def enrol(rt: Runtime, principal: Principal, pin: str, algorithm: str = "ES256", *, password: str | None = None, address: str = "local") -> CertificateView:
    """Set up (or replace) the cloud signature: a new key sealed under ``pin`` and its certificate.

    Replacing it (a forgotten PIN) revokes the previous cloud certificate, and asks for the
    account password first (issue 11 item 7): a session left open, or a stolen token, must not be
    enough to choose a new PIN and sign in the taxpayer's name. The password is a counted attempt
    of the login's lock-out (``account_security.confirm_password``): wrong → 422
    ``WRONG_PASSWORD``, the fifth → 423 ``ACCOUNT_LOCKED``; missing on a reset → 422
    ``VALIDATION_ERROR`` for ``password``. A first set-up needs none (the filing clients of
    issue 5 set the PIN with the token alone); a password given there is checked all the same.
    """
    principal = authorize.taxpayer(principal)
    try:
        check_pin(pin)  # a PIN that cannot be used spends no password attempt
    except (PinInvalid, WeakPin) as exc:
        raise _pin_error(exc) from None
    confirmed = False
    if password is None and cloud_status(rt, principal.taxpayer_id) is not None:
        raise invalid_field("password", "missing")
    if password is not None:
        account_security.confirm_password(rt, principal, password, address=address)
        confirmed = True
    try:
        key = generate_key(algorithm)  # type: ignore[arg-type]
        check_pin(pin)  # before taking a derivation slot
        with rt.kdf_slots.take():
            sealed = seal_key(key, pin, pepper=pepper(rt), kdf=_kdf(rt))
    except (PinInvalid, WeakPin) as exc:
        raise _pin_error(exc) from None
    ca = authority(rt)
    with rt.db.transaction() as session:
        taxpayer = _taxpayer(session, principal.taxpayer_id)
        row = _issue(rt, session, ca, principal.taxpayer_id, make_csr(key, taxpayer.tin), cloud=True)
        held = session.get(CloudSigningKey, principal.taxpayer_id, with_for_update=True)
        if held is not None and not confirmed:  # set up by a parallel request meanwhile: now a reset
            raise invalid_field("password", "missing")
        if held is not None:
            old = session.get(SigningCertificate, held.certificate_serial)
            if old is not None and old.revoked_at is None:
                old.revoked_at, old.revocation_reason = rt.now(), "cloud signature replaced"
            held.sealed_key, held.certificate_serial, held.created_at = sealed, row.serial, rt.now()
            held.failed_attempts, held.locked_until = 0, None
        else:
            session.add(CloudSigningKey(taxpayer_id=principal.taxpayer_id, sealed_key=sealed, certificate_serial=row.serial, created_at=rt.now(), failed_attempts=0))
        audit.record(session, principal, "cloud_signature.enrol", taxpayer_id=principal.taxpayer_id, at=rt.now(), serial=row.serial)
        return _view(row)


def cloud_status(rt: Runtime, taxpayer_id: int) -> CertificateView | None:
    with rt.db.transaction() as session:
        held = session.get(CloudSigningKey, taxpayer_id)
        if held is None:
            return None
        # the key row names its certificate by a foreign key: it is there
        return _view(session.get_one(SigningCertificate, held.certificate_serial))


def cloud_sign(rt: Runtime, principal: Principal, pin: str, document: Any) -> tuple[str, str]:
    """Sign ``document`` with the taxpayer's cloud key after the PIN; returns ``(jws, kid)``.

    The signature is the same detached JWS over JCS an external client makes.
    """
    principal = authorize.taxpayer(principal)
    now = rt.now()
    with rt.kdf_slots.take():  # a 429 here has claimed nothing
        blob, kid = _claim_pin_attempt(rt, principal.taxpayer_id, now)
        try:
            key = open_key(blob, pin if isinstance(pin, str) else "", pepper=pepper(rt))
        except WrongPin:
            key = None
        except BaseException:
            _release_pin_attempt(rt, principal.taxpayer_id, blob)  # never tried: not a wrong PIN
            raise
    if key is None:
        with rt.db.transaction() as session:
            audit.record(session, principal, "cloud_signature.wrong_pin", taxpayer_id=principal.taxpayer_id, at=now)
        raise ValidationFailed("WRONG_PIN", "Wrong signing PIN.")
    _release_pin_attempt(rt, principal.taxpayer_id, blob, right=True)
    return sign_detached(document, key, kid), kid


def _claim_pin_attempt(rt: Runtime, taxpayer_id: int, now: dt.datetime) -> tuple[bytes, str]:
    """Count the attempt as a failure before the PIN is tried (under the row lock).

    The count is undone only when the PIN proves right, so no concurrency can have more than
    ``MAX_PIN_FAILURES`` PINs tried per lock period: the attempt that makes the fifth claim sets
    the lock at once, and every attempt after it is refused before any derivation.
    """
    with rt.db.transaction() as session:
        held = session.get(CloudSigningKey, taxpayer_id, with_for_update=True)
        if held is None:
            raise NotFound("CLOUD_SIGNATURE_NOT_SET_UP", "Set up the cloud signature (choose a signing PIN) first.")
        if held.locked_until is not None and held.locked_until > now:
            raise Locked("PIN_LOCKED", "Too many wrong PINs; signing is locked for a while.", {"locked_until": held.locked_until.isoformat()})
        cert = session.get_one(SigningCertificate, held.certificate_serial)
        if cert.revoked_at is not None:
            raise Conflict("CERTIFICATE_REVOKED", "The signing certificate has been revoked.")
        if held.locked_until is not None:  # an expired lock: a fresh count
            held.failed_attempts, held.locked_until = 0, None
        held.failed_attempts += 1
        if held.failed_attempts >= MAX_PIN_FAILURES:
            held.locked_until, held.failed_attempts = now + PIN_LOCK, 0
        return held.sealed_key, held.certificate_serial


def _release_pin_attempt(rt: Runtime, taxpayer_id: int, blob: bytes, *, right: bool = False) -> None:
    """The PIN was right (the count starts again) or was never tried (the claim is given back)."""
    with rt.db.transaction() as session:
        held = session.get(CloudSigningKey, taxpayer_id, with_for_update=True)
        if held is None or held.sealed_key != blob:  # re-enrolled meanwhile: its count is its own
            return
        if right:
            held.failed_attempts, held.locked_until = 0, None
        elif held.locked_until is None and held.failed_attempts > 0:
            held.failed_attempts -= 1
