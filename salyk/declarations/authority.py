"""The service CA and receipt-signing identity, kept in the database and generated on first use.

One row (``declaration_authority.name = 'service'``) holds the PEM bundle of
:class:`salyk.crypto.ServiceAuthority`, its private keys encrypted under a passphrase derived from
the service secret key (``SALYK_SECRET_KEY``): a copy of the database alone mints nothing. Two
processes starting together both try to insert; the loser reads the winner's row, so every
process signs with the same keys.
"""

from __future__ import annotations

import hashlib
import hmac
import threading

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from salyk.crypto import ServiceAuthority
from salyk.db.models.declarations import ServiceAuthorityRecord
from salyk.kernel.runtime import Runtime

NAME = "service"
_cache: dict[tuple[str, str], ServiceAuthority] = {}
_lock = threading.Lock()


def _derived(rt: Runtime, purpose: bytes) -> bytes:
    return hmac.new(rt.settings.secret_key.encode("utf-8"), purpose, hashlib.sha256).hexdigest().encode("ascii")


def passphrase(rt: Runtime) -> bytes:
    return _derived(rt, b"salyk declarations: service CA bundle")


def pepper(rt: Runtime) -> bytes:
    """The service secret mixed into cloud-key sealing (salyk.crypto.cloudkey): kept outside the database."""
    return _derived(rt, b"salyk declarations: cloud signature pepper")


def authority(rt: Runtime) -> ServiceAuthority:
    """The service authority of this database (cached per process)."""
    key = (rt.db.url, rt.settings.secret_key)
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = _load_or_create(rt)
    return found


def _load_or_create(rt: Runtime) -> ServiceAuthority:
    with rt.db.transaction() as session:
        row = session.get(ServiceAuthorityRecord, NAME)
        if row is not None:
            return ServiceAuthority.from_pem(row.bundle_pem.encode("ascii"), passphrase(rt))
    created = ServiceAuthority.generate(now=rt.now())
    try:
        with rt.db.transaction() as session:
            session.add(ServiceAuthorityRecord(name=NAME, bundle_pem=created.to_pem(passphrase(rt)).decode("ascii"), created_at=rt.now()))
        return created
    except IntegrityError:  # another process created it first: use theirs
        with rt.db.transaction() as session:
            theirs = session.scalars(select(ServiceAuthorityRecord).where(ServiceAuthorityRecord.name == NAME)).one()
            return ServiceAuthority.from_pem(theirs.bundle_pem.encode("ascii"), passphrase(rt))
