"""Database access: SQLAlchemy models (``salyk.db.models``), migrations (Alembic) and the unit of work."""

from salyk.db.engine import Database

__all__ = ["Database"]
