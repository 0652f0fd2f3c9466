"""Database plumbing: engines (SQLite, PostgreSQL), shared column types, append-only triggers, the
Alembic environment and the models of the first services. The unit of work is
``salyk.kernel.uow.Database``."""
