"""Every text on the web pages exists in Kyrgyz and Russian (Offer 12.5): the msgids of the
templates (``_()`` via jinja2.ext.i18n) and of the page modules (``N_``/``gettext``)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract
from jinja2.ext import babel_extract

from salyk.kernel.i18n import catalog
from salyk.web.render import environment

WEB = Path(__file__).resolve().parents[2] / "salyk" / "web"


def web_msgids() -> set[str]:
    found: set[str] = set()
    for path in sorted((WEB / "templates").rglob("*.html")):
        with path.open("rb") as fh:
            for _, _, message, _ in babel_extract(fh, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}):
                found.update(m for m in (message if isinstance(message, tuple) else (message,)) if isinstance(m, str) and m)
    # The ledger's wording module speaks on the pages and in the API alike.
    for path in [*sorted(WEB.rglob("*.py")), WEB.parent / "ledger" / "wording.py"]:
        with path.open("rb") as fh:
            for _, message, _, _ in extract("python", fh, keywords={"N_": None, "gettext": None, "_": None}):
                if isinstance(message, str):
                    found.add(message)
    return found


def test_every_page_text_is_in_kyrgyz_and_russian():
    messages = web_msgids()
    assert len(messages) > 50
    for lang in ("ky", "ru"):
        missing = sorted(m for m in messages if m not in catalog(lang))
        assert not missing, f"{lang} lacks: {missing}"


def test_every_template_compiles_with_autoescape():
    assert environment.autoescape is not False
    for path in sorted((WEB / "templates").rglob("*.html")):
        environment.get_template(str(path.relative_to(WEB / "templates")))
