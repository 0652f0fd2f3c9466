"""Every text on the web pages exists in Kyrgyz and Russian (Offer 12.5): the msgids of the
templates (``_()`` via jinja2.ext.i18n) and of the page modules (``N_``/``gettext``)."""

from __future__ import annotations

from pathlib import Path

from i18n_support import assert_in_kyrgyz_and_russian, python_msgids, template_msgids
from salyk.web.render import environment

WEB = Path(__file__).resolve().parents[2] / "salyk" / "web"


def web_msgids() -> set[str]:
    # The ledger's wording module speaks on the pages and in the API alike.
    return template_msgids(WEB / "templates") | python_msgids([*sorted(WEB.rglob("*.py")), WEB.parent / "ledger" / "wording.py"])


def test_every_page_text_is_in_kyrgyz_and_russian():
    messages = web_msgids()
    assert len(messages) > 50
    assert_in_kyrgyz_and_russian(messages)


def test_every_template_compiles_with_autoescape():
    assert environment.autoescape is not False
    for path in sorted((WEB / "templates").rglob("*.html")):
        environment.get_template(str(path.relative_to(WEB / "templates")))
