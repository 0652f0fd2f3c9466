"""Tables of the ledger service (filled in by that service)."""

from salyk.db.models.base import Base  # noqa: F401
