"""All tables. Each service's tables live in their own module; importing this package registers them all."""

from salyk.db.models.base import Base
from salyk.db.models import declarations, ledger, registry  # noqa: F401

__all__ = ["Base"]
