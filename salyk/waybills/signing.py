"""Checking a party's signature on an act: the declarations service's certificates and format
(detached JWS, ES256 or EdDSA, ``kid`` = certificate serial, over the JCS of the title).

Every failure is 422 ``SIGNATURE_INVALID`` (issue 14); ``details.reason`` says which check failed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from salyk.crypto import CryptoError, ServiceAuthority, parse_header, verify_detached
from salyk.db.models.declarations import SigningCertificate
from salyk.kernel.errors import ValidationFailed

MESSAGE = "The signature is not valid for this act."


def invalid(reason: str) -> ValidationFailed:
    return ValidationFailed("SIGNATURE_INVALID", MESSAGE, {"reason": reason})


def check(ca: ServiceAuthority, session: Session, signature: Any, title: dict[str, Any], taxpayer_id: int, now: dt.datetime) -> str:
    """The certificate serial (kid) if ``signature`` is the taxpayer's valid signature of ``title``."""
    try:
        header = parse_header(signature)
    except CryptoError:
        raise invalid("malformed") from None
    row = session.get(SigningCertificate, header["kid"])
    if row is None:
        raise invalid("certificate_unknown")
    if row.taxpayer_id != taxpayer_id:
        raise invalid("not_your_certificate")
    if row.revoked_at is not None and row.revoked_at <= now:
        raise invalid("certificate_revoked")
    if not row.not_before <= now <= row.not_after:
        raise invalid("certificate_expired")
    try:
        ca.verify_certificate(row.pem, at=now)
        verify_detached(signature, title, row.pem)
    except CryptoError:
        raise invalid("bad_signature") from None
    return row.serial
