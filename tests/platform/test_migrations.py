"""Migrations build the schema from empty on both databases, match the models, and go back down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import sqlalchemy as sa

from salyk.db.engine import make_engine
from salyk.db.migrate import downgrade, upgrade
from salyk.modules import load_models


def test_upgrade_from_empty_matches_models_and_downgrades(empty_db_url):
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), load_models())
            assert diff == [], diff
            assert conn.execute(sa.text("SELECT count(*) FROM offer_versions")).scalar() == 1
    finally:
        engine.dispose()
    downgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        tables = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
    finally:
        engine.dispose()
    upgrade(empty_db_url)  # and up again
