"""The signature core of signed declarations: CA, detached JWS over JCS, cloud-held keys.

A report filed electronically is certified by the taxpayer's electronic digital signature
(TC art. 86(4)); such a signed document is the taxpayer's electronic document
(TC art. 28); the signature proves the document unchanged and identifies its author
(Offer 2.10). Pure library: no database, no web framework. The filing path of the
declarations service is::

    header = parse_header(signature)                  # SIGNATURE_INVALID if malformed
    cert   = <register lookup by header["kid"]>       # CERTIFICATE_UNKNOWN / _REVOKED: the caller's
    authority.verify_certificate(cert, at=now)        # CERTIFICATE_NOT_ISSUED_BY_US / _EXPIRED / ...
    verify_detached(signature, document, cert)        # SIGNATURE_INVALID
    certificate_tin(cert) == document["tin"]          # TIN_MISMATCH: the caller's
    receipt["document_sha256"] = document_sha256(document)
    receipt["receipt_signature"] = authority.sign_receipt(receipt)

Every error is a ``CryptoError`` with a machine ``code``.
"""

from salyk.crypto.ca import (
    DOCUMENT_SIGNING,
    IssuedCertificate,
    ServiceAuthority,
    certificate_algorithm,
    certificate_tin,
)
from salyk.crypto.cloudkey import (
    DEFAULT_KDF,
    KdfParams,
    change_pin,
    check_pin,
    generate_key,
    make_csr,
    open_key,
    seal_key,
    sign_with_sealed_key,
)
from salyk.crypto.errors import (
    AuthorityExpired,
    AuthorityInvalid,
    CertificateExpired,
    CertificateInvalid,
    CertificateNotIssuedByUs,
    CertificateNotYetValid,
    CryptoError,
    CsrInvalid,
    CsrKeyUnsupported,
    DocumentInvalid,
    KeyUnsupported,
    PinInvalid,
    SealedKeyInvalid,
    SignatureInvalid,
    TinInvalid,
    WeakPin,
    WrongPin,
)
from salyk.crypto.jcs import canonicalize, document_sha256
from salyk.crypto.jws import (
    RECEIPT_SIGNATURE_FIELD,
    parse_header,
    receipt_payload,
    sign_detached,
    verify_detached,
    verify_receipt,
)
from salyk.crypto.keys import (
    ALGORITHMS,
    algorithm_of,
    kid_to_serial,
    load_certificate,
    serial_to_kid,
)

__all__ = [
    "ALGORITHMS",
    "DEFAULT_KDF",
    "DOCUMENT_SIGNING",
    "RECEIPT_SIGNATURE_FIELD",
    "AuthorityExpired",
    "AuthorityInvalid",
    "CertificateExpired",
    "CertificateInvalid",
    "CertificateNotIssuedByUs",
    "CertificateNotYetValid",
    "CryptoError",
    "CsrInvalid",
    "CsrKeyUnsupported",
    "DocumentInvalid",
    "IssuedCertificate",
    "KdfParams",
    "KeyUnsupported",
    "PinInvalid",
    "SealedKeyInvalid",
    "ServiceAuthority",
    "SignatureInvalid",
    "TinInvalid",
    "WeakPin",
    "WrongPin",
    "algorithm_of",
    "canonicalize",
    "certificate_algorithm",
    "certificate_tin",
    "change_pin",
    "check_pin",
    "document_sha256",
    "generate_key",
    "kid_to_serial",
    "load_certificate",
    "make_csr",
    "open_key",
    "parse_header",
    "receipt_payload",
    "seal_key",
    "serial_to_kid",
    "sign_detached",
    "sign_with_sealed_key",
    "verify_detached",
    "verify_receipt",
]
