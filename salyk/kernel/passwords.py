"""Passwords: argon2id hashes (argon2-cffi) and the strength rule of Offer 5.7.

The tax office issues a taxpayer's password (Offer 3.3); the user answers for keeping it strong
and secret (Offer 5.7), so the office may not issue a guessable one.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from salyk.kernel.errors import ValidationFailed

MIN_LENGTH = 10
MAX_LENGTH = 128
COMMON = {
    "password", "password1", "qwerty", "qwertyuiop", "1234567890", "0123456789", "12345678910",
    "salyk", "salykkg", "parol", "пароль", "letmein", "welcome", "admin",
}


class Passwords:
    def __init__(self, memory_kib: int = 65536, time_cost: int = 3):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        # Verified against when the login is unknown, so a miss costs what a hit costs.
        self._decoy = self._hasher.hash("decoy-password-for-unknown-logins")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._decoy, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def check_strength(password: str, *, login: str = "") -> None:
    """Refuse guessable passwords with ``WEAK_PASSWORD`` (422)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append("needs_letters_and_digits")
    lowered = password.lower()
    if lowered in COMMON or lowered.strip("0123456789!") in COMMON:
        problems.append("common")
    if login and login.lower() in lowered:
        problems.append("contains_login")
    if len(set(password)) < 4:
        problems.append("too_few_distinct_characters")
    if problems:
        raise ValidationFailed(
            "WEAK_PASSWORD",
            "The password is too weak: at least {min_length} characters with letters and digits, not the login and not a common word.",
            {"problems": problems},
            min_length=MIN_LENGTH,
        )
