"""The closed lists a migration gives the database's CHECK constraints, read from the revision
file itself (a revision is not an importable module), so a test can compare them with the enums."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def migration_checks(package: ModuleType, revision_file: str) -> dict[tuple[str, str], set[str]]:
    """``{(table, column): allowed values}`` of ``CHECKS`` in ``<package>/migrations/<revision_file>``."""
    assert package.__file__ is not None
    path = Path(package.__file__).parent / "migrations" / revision_file
    spec = importlib.util.spec_from_file_location(f"checks_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {(table, column): set(values) for table, column, values in module.CHECKS}
