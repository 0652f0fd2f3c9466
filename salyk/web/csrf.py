"""CSRF protection of every POST form.

The token is an HMAC of the session token (or, before login, of a random pre-session cookie)
under ``settings.secret_key``: it needs no server-side storage, changes with every login, and a
page from another site cannot read it. Checked in constant time; a wrong or missing token is a
403 page, never a 500.
"""

from __future__ import annotations

import hashlib
import hmac

FIELD = "csrf"


def token(secret_key: str, basis: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), b"salyk-web-csrf:" + basis.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def valid(secret_key: str, basis: str | None, submitted: object) -> bool:
    if not basis or not isinstance(submitted, str) or len(submitted) > 200:
        return False
    return hmac.compare_digest(token(secret_key, basis).encode("ascii"), submitted.encode("utf-8", "surrogatepass"))
