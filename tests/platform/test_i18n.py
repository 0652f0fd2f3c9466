"""Every message a user can get exists in Kyrgyz and Russian (Offer 12.5)."""

import ast
from pathlib import Path

from salyk.kernel.i18n import catalog, negotiate

ROOT = Path(__file__).resolve().parents[2] / "salyk"
ERROR_CLASSES = {"SalykError", "ValidationFailed", "NotFound", "Conflict", "Forbidden", "Unauthorized", "Locked", "invalid_field"}


def raised_messages() -> set[str]:
    """The English msgid (second argument) of every domain error constructed anywhere in salyk/."""
    found = set()
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", None))
            if isinstance(node, ast.Call) and name in ERROR_CLASSES:
                position = 2 if name == "invalid_field" else 1
                args = node.args
                if len(args) > position and isinstance(args[position], ast.Constant) and isinstance(args[position].value, str):
                    found.add(args[position].value)
    from salyk.api.errors import HTTP_CODES
    from salyk.kernel.errors import REASONS
    from salyk.law.offer import OFFER_SERVICES
    from salyk.modules import MODULES

    found |= set(REASONS.values())
    found |= {m for _, m in HTTP_CODES.values()} | {s.title for s in OFFER_SERVICES} | {m.title for m in MODULES}
    found |= {t.title for m in MODULES for t in m.tiles} | {link.title for m in MODULES for link in m.officer_links}
    found.add("The field {field} is not valid: {reason}.")
    return found


def test_every_message_is_translated():
    messages = raised_messages()
    assert len(messages) > 20
    for lang in ("ky", "ru"):
        missing = sorted(m for m in messages if m not in catalog(lang))
        assert not missing, f"{lang} lacks: {missing}"


def test_negotiate():
    assert negotiate(None) == "ky"
    assert negotiate("ru") == "ru"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("fr, ru;q=0.5, ky;q=0.8") == "ky"
    assert negotiate("de") == "ky"
    assert negotiate("ru;q=0") == "ky"


def test_every_field_reason_has_a_phrase():
    """``invalid_field(field, reason)``: the reason code must be one whose phrase is translated."""
    from salyk.kernel.errors import REASONS

    used = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "invalid_field" and len(node.args) >= 2:
                if isinstance(node.args[1], ast.Constant):
                    used.add(node.args[1].value)
    assert used and not sorted(used - set(REASONS))
