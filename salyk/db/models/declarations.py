"""Tables of the declarations service (filled in by that service)."""

from salyk.db.models.base import Base  # noqa: F401
