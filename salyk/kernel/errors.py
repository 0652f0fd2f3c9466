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


class TooManyRequests(SalykError):
    """429: the service is busy with this kind of work (or this caller asked too often).

    ``retry_after`` (seconds) goes out as the ``Retry-After`` header and in ``details``.
    """

    status = 429

    def __init__(self, retry_after: int = 1, details: dict[str, Any] | None = None):
        retry_after = max(1, int(retry_after))
        super().__init__("TOO_MANY_REQUESTS", "Too many requests; try again later.", {"retry_after": retry_after} | (details or {}))
        self.retry_after = retry_after


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
    "missing": "it is missing",
    "not_a_boolean": "expected true or false",
    "not_a_date": "expected a date YYYY-MM-DD",
    "not_a_debt": "it is not an open debt of this taxpayer and tax",
    "not_a_payment_file": "not a bank payment file (bank_reference,tin,tax,amount,paid_on)",
    "not_a_period": "expected a period: 2024, 2024-Q1 or 2024-03",
    "not_a_uuid": "expected a UUID",
    "not_allowed": "this value is not allowed here",
    "not_an_object": "expected a JSON object",
    "sum_differs": "the instalments do not add up to the amount",
    "more_than_two_decimals": "an amount with at most 2 decimals, such as 1234.50",
    "not_a_day": "a date in the form DD.MM.YYYY",
    "too_small": "the value is too small",
    "too_big": "the value is too big",
    "too_few_rows": "too few rows",
    "too_many_rows": "too many rows",
    "too_big_amount": "the amount is too big",
    "bad_format": "it is not in the expected form",
    "not_accepted": "the value is not accepted",
    "not_a_list": "expected a list",
    "not_an_integer": "expected a whole number",
    "not_a_string": "expected text",
    "not_a_timestamp": "expected a date and time with its offset",
    "not_money": "expected an amount such as 1234.50",
    "unknown_field": "this field is not known here",
    "not_quarter_start": "the first day of a quarter (1 January, 1 April, 1 July or 1 October)",
}


def invalid_field(field: str, reason: str, message: str = "The field {field} is not valid: {reason}.", **limits: Any) -> ValidationFailed:
    """The contract's 422 ``VALIDATION_ERROR`` for one field; ``reason`` is a key of ``REASONS``;
    ``limits`` (``min``, ``max``) go into ``details`` so the message can say what is wanted
    ("at most 300 characters", ``salyk.kernel.labels``)."""
    details = {"field": field, "reason": reason} | {k: v for k, v in limits.items() if v is not None}
    return ValidationFailed("VALIDATION_ERROR", message, details, field=field, reason=REASONS.get(reason, reason))
