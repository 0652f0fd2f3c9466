"""RFC 8785 (JCS) canonical JSON: the exact bytes a declaration's signature covers.

Issue 5 section 3 fixes that the signature is over the JCS form of ``document``, so two
spellings of the same JSON (key order, whitespace, escapes, ``1.0`` vs ``1``) sign and
verify alike; this is what makes the electronic document "unchanged" in the sense of
Offer 2.10 and TC art. 28.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

from salyk.crypto.errors import DocumentInvalid


def canonicalize(document: Any) -> bytes:
    """The JCS bytes of a JSON value (dict, list, str, int, float, bool, None)."""
    try:
        return rfc8785.dumps(document)
    except rfc8785.CanonicalizationError as exc:
        raise DocumentInvalid(f"the document has no canonical JSON form: {exc}") from None
    except RecursionError:
        raise DocumentInvalid("the document is nested too deeply") from None


def document_sha256(document: Any) -> str:
    """Lowercase hex SHA-256 of the JCS bytes: the ``document_sha256`` of a filing receipt."""
    return hashlib.sha256(canonicalize(document)).hexdigest()
