"""The offer's layout read from its numbered text (salyk/registry/offer_layout.py): pure, no database."""

from __future__ import annotations

from salyk.registry.offer_layout import Clause, parse, split_list, words_of

SAMPLE = """Преамбула договора.

1. Общие положения

1.1.  Первый пункт.
Его продолжение.

1.2. Обязан: - первое; - второе. - третье.

2. Термины

2.1. Аутентификация – установление подлинности.

2.2. Смотрите: а) одно; б) другое.
"""


def test_sections_clauses_and_lists():
    layout = parse(SAMPLE)
    assert layout.preamble == ("Преамбула договора.",)
    assert [(s.number, s.title, s.anchor) for s in layout.sections] == [("1", "Общие положения", "s1"), ("2", "Термины", "s2")]
    first, second = layout.sections
    assert first.clauses == (
        Clause("1.1", "Первый пункт. Его продолжение."),
        Clause("1.2", "Обязан:", ("первое;", "второе.", "третье.")),
    )
    assert [c.anchor for c in first.clauses] == ["p1-1", "p1-2"]
    # A dash that defines a term is not a list, nor are lettered items without dashes.
    assert second.clauses == (Clause("2.1", "Аутентификация – установление подлинности."), Clause("2.2", "Смотрите: а) одно; б) другое."))
    assert layout.numbers() == [("1", ["1.1", "1.2"]), ("2", ["2.1", "2.2"])]


def test_words_are_kept_exactly():
    # Nothing is lost or reordered: the words shown are the words of the text, list dashes aside
    # (the "-" of 1.2 is a marker; the "–" of 2.1 is a dash of the sentence and stays in it).
    shown = parse(SAMPLE).words()
    assert shown == [w for w in SAMPLE.split() if w != "-" and w != "–"]
    assert "–" in parse(SAMPLE).sections[1].clauses[0].lead


def test_one_dash_after_a_colon_is_not_a_list():
    assert split_list("Срок: - один день.") == ("Срок: - один день.", ())
    assert split_list("обязан: − а; − б;") == ("обязан:", ("а;", "б;"))


def test_text_without_numbering_is_one_untitled_section():
    layout = parse("Жаңы оферта <b>тексти</b>\n\nЭкинчи абзац")
    assert layout.preamble == ()
    assert len(layout.sections) == 1
    only = layout.sections[0]
    assert only.number is None and only.title == "" and only.anchor == "s0"
    assert only.clauses == (Clause(None, "Жаңы оферта <b>тексти</b>"), Clause(None, "Экинчи абзац"))
    assert parse("").sections == () and parse("   \n ").preamble == ()


def test_numbers_out_of_order_stay_text():
    # "3." straight after section 1 is a numbered paragraph, not a new section; "2.1." under section 1 is text too.
    layout = parse("1. Первый\n1.1. Пункт.\n3. Не раздел\n2.1. Не пункт")
    assert layout.numbers() == [("1", ["1.1"])]
    assert layout.sections[0].clauses[0].lead == "Пункт. 3. Не раздел 2.1. Не пункт"


def test_windows_line_ends_and_a_heading_first():
    layout = parse("1. Раздел\r\n1.1. Пункт\r\n")
    assert layout.preamble == () and layout.numbers() == [("1", ["1.1"])]
