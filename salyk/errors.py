"""Domain errors: a machine-readable code, an HTTP status, and a message to translate.

The message is an English gettext msgid (with ``{placeholders}``); the API translates it into the
language the user asked for (ky, ru, en) from the Babel catalogs in ``salyk/locale``. Domain
code raises these and knows nothing of HTTP beyond the status number it suggests.
"""

from __future__ import annotations

from typing import Any


class SalykError(Exception):
    status: int = 400

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None, *, status: int | None = None, **params: Any):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.params = params
        self.details = details or {}
        if status is not None:
            self.status = status


class ValidationFailed(SalykError):
    status = 422


class NotFound(SalykError):
    status = 404


class Conflict(SalykError):
    status = 409


class Forbidden(SalykError):
    status = 403


class Unauthorized(SalykError):
    status = 401


class Locked(SalykError):
    status = 423


# Reasons a field is refused: the code goes in ``details.reason``, the phrase into the message.
REASONS = {
    "empty": "it is empty",
    "too_long": "it is too long",
    "too_short": "it is too short",
    "out_of_range": "the value is out of the allowed range",
    "control_characters": "it contains control characters",
    "unknown_kind": "unknown kind",
    "unknown_role": "unknown role",
    "bad_login": "not a usable login",
    "bad_version": "not a usable version name",
}


def invalid_field(field: str, reason: str, message: str = "The field {field} is not valid: {reason}.") -> ValidationFailed:
    """The contract's 422 ``VALIDATION_ERROR`` for one field; ``reason`` is a key of ``REASONS``."""
    return ValidationFailed("VALIDATION_ERROR", message, {"field": field, "reason": reason}, field=field, reason=REASONS.get(reason, reason))
