"""Every message a user can get exists in Kyrgyz and Russian (Offer 12.5)."""

import ast
import re
from pathlib import Path

from i18n_support import assert_in_kyrgyz_and_russian
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
    assert_in_kyrgyz_and_russian(messages)


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


def marked_msgids() -> dict[str, str]:
    """Every English msgid marked ``N_("...")`` in salyk/ (law trace steps and their words, statement
    lines, labels), with the file that marks it."""
    found: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_" and node.args and isinstance(node.args[0], ast.Constant):
                found.setdefault(node.args[0].value, str(path.relative_to(ROOT)))
    return found


def test_every_marked_msgid_is_translated():
    """A law explanation or a statement line reaches a ky or ru user only through the catalogs."""
    found = marked_msgids()
    assert len(found) > 300
    assert_in_kyrgyz_and_russian(found)


def test_no_trace_step_is_an_english_sentence():
    """Law functions write steps as N_ msgids with parameters, never as f-strings (which no catalog can hold)."""
    offenders = []
    for path in (ROOT / "law").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("step", "titled") and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_placeholders_survive_translation():
    """A translation keeps exactly the msgid's {placeholders}, or the parameters would not show."""
    import string

    def names(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)

    for lang in ("ky", "ru"):
        table = catalog(lang)
        broken = [m for m in marked_msgids() if m in table and names(m) != names(table[m])]
        assert not broken, (lang, broken)


def refused_fields() -> set[str]:
    """The field names given to ``invalid_field`` as literals anywhere in salyk/, and the shapes
    its f-strings take (a document member, a message language, an instalment's date)."""
    found = {"message.ky", "message.ru", "schedule[0].date", "document.tin", "document.form", "document.period"}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "invalid_field" and node.args:
                if isinstance(node.args[0], ast.Constant):
                    found.add(node.args[0].value)
    return found


def test_every_refused_field_has_a_label():
    """A person sees «label», never ``act_reference`` (issue 11 item 3): every field refused anywhere has one."""
    from salyk.kernel.labels import label

    fields = refused_fields()
    assert {"act_reference", "evidence", "from", "bank_reference"} <= fields
    for lang in ("ky", "ru"):
        for field in fields:
            shown = label(field, lang)
            assert shown and shown != field and not re.search(r"[a-z]_[a-z]", shown), (lang, field, shown)
            assert shown != label("no_such_field", lang), (lang, field)  # a real label, not the neutral word


def test_a_field_error_names_the_label_and_says_what_is_wanted():
    from salyk.kernel.errors import invalid_field
    from salyk.kernel.labels import message

    error = invalid_field("act_reference", "too_long", max=300)
    assert error.details == {"field": "act_reference", "reason": "too_long", "max": 300}
    assert message(error, "ru") == "Поле «Номер акта» заполнено неверно: не более 300 символов."
    assert message(error, "ky") == "«Актынын номери» талаасы туура эмес: 300 белгиден ашпашы керек."
    dated = invalid_field("from", "out_of_range", min="1991-01-01", max="2199-12-31")
    assert message(dated, "ru") == "Поле «Начало периода» заполнено неверно: допустимо от 01.01.1991 до 31.12.2199."
    row = invalid_field("schedule[1].date", "out_of_range")
    assert "«Платёж 2: Дата»" in message(row, "ru")
