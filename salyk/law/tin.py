"""The taxpayer identification number (ИСН), TC art. 97.

The Code assigns one ИСН per taxpayer for all taxes (TC art. 97(1)) but does not fix its
structure; the reading we take (READINGS.md) is the one the tax service issues: 14 digits, the
first 0 for an organisation and 1 or 2 for an individual, digits 2-9 a date DDMMYYYY (for an
individual the date of birth, for an organisation the registration date).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum


class TinKind(str, Enum):
    ORGANIZATION = "organization"
    INDIVIDUAL = "individual"  # an individual entrepreneur holds an individual's ИСН


class InvalidTin(ValueError):
    pass


def parse_tin(tin: object) -> TinKind:
    """Validate an ИСН; return whether it names an organisation or an individual (TC art. 97)."""
    if not isinstance(tin, str) or len(tin) != 14 or not tin.isascii() or not tin.isdigit():
        raise InvalidTin("a TIN has exactly 14 digits")
    if tin[0] not in "012":
        raise InvalidTin("a TIN starts with 0 (organisation) or 1/2 (individual)")
    try:
        dt.date(int(tin[5:9]), int(tin[3:5]), int(tin[1:3]))
    except ValueError:
        raise InvalidTin("digits 2-9 of a TIN must be a date DDMMYYYY") from None
    return TinKind.ORGANIZATION if tin[0] == "0" else TinKind.INDIVIDUAL


def is_valid_tin(tin: object) -> bool:
    try:
        parse_tin(tin)
    except InvalidTin:
        return False
    return True
