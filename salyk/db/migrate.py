"""Alembic, configured from code: ``salyk db upgrade`` and the test suite call ``upgrade(url)``.

Each module keeps its own chain of revisions in its own folder (``Module.migrations``); the
folders of every module in ``salyk.modules`` are Alembic's version locations, several heads
exist, and ``upgrade`` applies them all ("heads"). A new service's first revision names its
branch (``branch_labels = ("patents",)``) and ``depends_on`` the revisions whose tables it uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def version_locations() -> list[str]:
    from salyk.modules import MODULES

    return [str(m.migrations) for m in MODULES if m.migrations is not None]


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(version_locations()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, target: str = "heads") -> None:
    command.upgrade(alembic_config(url), target)


def downgrade(url: str, target: str = "base") -> None:
    command.downgrade(alembic_config(url), target)
