from alembic import context

from salyk.db.engine import make_engine
from salyk.modules import load_models

# Every module's tables, so that autogenerate compares against the whole schema.
TARGET = load_models()

config = context.config


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=TARGET, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # salyk.db.migrate always sets one of the two; this is Alembic run by hand
        raise RuntimeError("alembic: no connection given and sqlalchemy.url is not set")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=TARGET, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=TARGET, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
