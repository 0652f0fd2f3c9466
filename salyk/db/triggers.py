"""Append-only tables: the database itself refuses UPDATE and DELETE (ledger principle 1).

Used from migrations: ``op.execute`` each statement of ``append_only_sql(dialect, table)``.
"""

from __future__ import annotations

from collections.abc import Callable


def append_only_sql(dialect: str, table: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION salyk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION salyk_refuse_change()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION salyk_refuse_change()",
        ]
    raise ValueError(f"no append-only triggers for {dialect}")


def drop_append_only_sql(dialect: str, table: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


def one_of_sql(dialect: str, table: str, column: str, values: tuple[str, ...]) -> list[str]:
    """The database refuses a ``column`` value outside ``values`` (a kind or a status): a CHECK
    constraint on PostgreSQL; on SQLite, which cannot add a constraint to an existing table
    without rebuilding it (and losing its append-only triggers), two triggers that abort alike."""
    name = f"ck_{table}_{column}"
    allowed = ", ".join(f"'{v}'" for v in values)
    if dialect == "postgresql":
        return [f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} IN ({allowed}))"]
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} WHEN NEW.{column} NOT IN ({allowed}) "
            f"BEGIN SELECT RAISE(ABORT, '{name}'); END",
            f"CREATE TRIGGER {name}_update BEFORE UPDATE OF {column} ON {table} WHEN NEW.{column} NOT IN ({allowed}) "
            f"BEGIN SELECT RAISE(ABORT, '{name}'); END",
        ]
    raise ValueError(f"no check for {dialect}")


def drop_one_of_sql(dialect: str, table: str, column: str) -> list[str]:
    name = f"ck_{table}_{column}"
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_insert", f"DROP TRIGGER IF EXISTS {name}_update"]
    return [f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"]


def checks_sql(dialect: str, checks: tuple[tuple[str, str, tuple[str, ...]], ...]) -> list[str]:
    """``one_of_sql`` for each ``(table, column, values)``."""
    return [s for table, column, values in checks for s in one_of_sql(dialect, table, column, values)]


def drop_checks_sql(dialect: str, checks: tuple[tuple[str, str, tuple[str, ...]], ...]) -> list[str]:
    return [s for table, column, _ in checks for s in drop_one_of_sql(dialect, table, column)]


def check_migration(checks: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[Callable[[], None], Callable[[], None]]:
    """The ``upgrade`` and ``downgrade`` of a revision that only adds ``checks``."""
    from alembic import op

    def upgrade() -> None:
        for statement in checks_sql(op.get_bind().dialect.name, checks):
            op.execute(statement)

    def downgrade() -> None:
        for statement in drop_checks_sql(op.get_bind().dialect.name, checks):
            op.execute(statement)

    return upgrade, downgrade
