"""Errors of the signature core (TC art. 28, 86(4); Offer 2.10), each with a machine code.

The codes are UPPER_SNAKE and stable: the declarations service maps them to HTTP answers
(``SIGNATURE_INVALID`` is part of the public filing contract, issue 5 section 3).
"""

from __future__ import annotations


class CryptoError(Exception):
    """Base of every error raised by ``salyk.crypto``; ``code`` is the machine code."""

    code = "CRYPTO_ERROR"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(message or self.code)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class SignatureInvalid(CryptoError):
    """The JWS does not prove that the certificate's holder signed this very document."""

    code = "SIGNATURE_INVALID"


class DocumentInvalid(CryptoError):
    """The document cannot be put in RFC 8785 canonical form (NaN, integers past 2**53, ...)."""

    code = "DOCUMENT_INVALID"


class CsrInvalid(CryptoError):
    """Not a PKCS#10 request in PEM, or its self-signature does not verify."""

    code = "CSR_INVALID"


class CsrKeyUnsupported(CsrInvalid):
    """The request carries a key other than ECDSA P-256 or Ed25519 (issue 5 section 2)."""

    code = "CSR_KEY_UNSUPPORTED"


class KeyUnsupported(CryptoError):
    """A private key handed to the signer is neither ECDSA P-256 nor Ed25519."""

    code = "KEY_UNSUPPORTED"


class TinInvalid(CryptoError):
    """The TIN to put in a certificate or request is not a valid ИСН (TC art. 97)."""

    code = "TIN_INVALID"


class CertificateInvalid(CryptoError):
    """The certificate cannot be parsed or is not a taxpayer's signing certificate."""

    code = "CERTIFICATE_INVALID"


class CertificateNotIssuedByUs(CertificateInvalid):
    code = "CERTIFICATE_NOT_ISSUED_BY_US"


class CertificateExpired(CertificateInvalid):
    code = "CERTIFICATE_EXPIRED"


class CertificateNotYetValid(CertificateInvalid):
    code = "CERTIFICATE_NOT_YET_VALID"


class AuthorityInvalid(CryptoError):
    """The stored CA bundle is unreadable or its keys and certificates do not belong together."""

    code = "AUTHORITY_INVALID"


class AuthorityExpired(CryptoError):
    """The CA itself has expired: it can issue nothing more."""

    code = "AUTHORITY_EXPIRED"


class PinInvalid(CryptoError):
    """A signing PIN must be 4 to 12 ASCII digits."""

    code = "PIN_INVALID"


class WeakPin(PinInvalid):
    """A PIN anyone would guess first (0000, 1234, 1212, ...)."""

    code = "WEAK_PIN"


class WrongPin(CryptoError):
    """The PIN does not open the sealed key (or the sealed key was altered)."""

    code = "WRONG_PIN"


class SealedKeyInvalid(CryptoError):
    """The sealed-key blob is truncated, of an unknown version or needs the service pepper."""

    code = "SEALED_KEY_INVALID"
