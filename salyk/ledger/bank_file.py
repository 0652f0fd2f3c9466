"""The bank payment file (CSV ``bank_reference,tin,tax,amount,paid_on`` and an optional
``payment_reference``, the e-patent order's reference; UTF-8 with or without BOM): one reader for
the officer's upload page and the ``salyk payments import`` command."""

from __future__ import annotations

import csv
import io

from salyk.kernel.errors import invalid_field
from salyk.ledger.payments import PaymentIn

COLUMNS = ("bank_reference", "tin", "tax", "amount", "paid_on")
OPTIONAL = ("payment_reference",)


def read_payment_file(data: bytes | str) -> list[PaymentIn]:
    """The payment lines of a bank file; 422 ``VALIDATION_ERROR`` (field ``file``) if it is not one.

    Each line is checked later by the import (bad lines are refused one by one, never the file)."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [c.strip() for c in (reader.fieldnames or [])]
        if any(c not in header for c in COLUMNS):
            raise ValueError("columns")
        reader.fieldnames = header
        rows = [{c: (r.get(c) or "").strip() for c in COLUMNS + OPTIONAL} for r in reader]
    except (UnicodeDecodeError, ValueError, csv.Error):
        raise invalid_field("file", "not_a_payment_file") from None
    return [PaymentIn(r["bank_reference"], r["tin"], r["tax"], r["amount"], r["paid_on"], r["payment_reference"] or None) for r in rows]
