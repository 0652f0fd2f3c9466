"""Every text a user can see exists in Kyrgyz and Russian (Offer 12.5): the msgids of templates and
modules, read as the catalog extraction reads them, and the check against both catalogs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.extract import extract
from jinja2.ext import babel_extract

from salyk.kernel.i18n import catalog

LANGUAGES = ("ky", "ru")


def template_msgids(folder: Path) -> set[str]:
    """The ``_()``/``gettext``/``ngettext`` msgids of every template under ``folder`` (jinja2.ext.i18n)."""
    found: set[str] = set()
    for path in sorted(folder.rglob("*.html")):
        with path.open("rb") as fh:
            for _, _, message, _ in babel_extract(fh, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}):
                found.update(m for m in (message if isinstance(message, tuple) else (message,)) if isinstance(m, str) and m)
    return found


def python_msgids(paths: Iterable[Path]) -> set[str]:
    """The msgids marked ``N_``, ``gettext`` or ``_`` in these Python modules."""
    found: set[str] = set()
    for path in paths:
        with path.open("rb") as fh:
            for _, message, _, _ in extract("python", fh, keywords={"N_": None, "gettext": None, "_": None}):
                if isinstance(message, str):
                    found.add(message)
    return found


def assert_in_kyrgyz_and_russian(messages: Iterable[str] | Mapping[str, str]) -> None:
    """Fails naming what a catalog lacks; with a mapping msgid → where, each missing one says where it is."""
    where = messages if isinstance(messages, Mapping) else None
    for lang in LANGUAGES:
        texts = catalog(lang)
        missing = sorted((f"{where[m]}: {m}" if where is not None else m) for m in messages if m not in texts)
        assert not missing, f"{lang} lacks: {missing}"
