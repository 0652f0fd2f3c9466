"""The Russian text of the offer (issue 11 item 2; Offer 12.5): complete, numbered as the Kyrgyz
text, shipped as the ``ru`` text of version 2023.1 on every database, and laid out in sections."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from conftest import API
from salyk.db.engine import make_engine
from salyk.db.migrate import downgrade, upgrade
from salyk.registry import offer_layout

DATA = Path(__file__).resolve().parents[2] / "salyk" / "registry" / "data"
KY = (DATA / "offer_v1_ky.txt").read_text(encoding="utf-8")
RU = (DATA / "offer_v1_ru.txt").read_text(encoding="utf-8")
BEFORE = "0005_taxpayer_citizenship"

# Read off the Kyrgyz seed text by hand: sections 1-12 and how many clauses each holds
# (1.1-1.6, 2.1-2.11, 3.1-3.4, 4.1-4.2, 5.1-5.9, 6.1-6.6, 7.1-7.5, 8.1-8.5, 9.1-9.2, 10.1, 11.1-11.2, 12.1-12.7).
CLAUSES_PER_SECTION = {1: 6, 2: 11, 3: 4, 4: 2, 5: 9, 6: 6, 7: 5, 8: 5, 9: 2, 10: 1, 11: 2, 12: 7}


def _numbers_by_regex(text: str) -> list[str]:
    """Every number that opens a line ("7." or "7.2."), independently of the layout parser."""
    return [m.group(1) for m in re.finditer(r"^(\d+\.(?:\d+\.)?)\s", text, re.M)]


def test_ru_and_ky_have_the_same_numbering_one_to_one():
    expected = []
    for section, count in CLAUSES_PER_SECTION.items():
        expected += [f"{section}."] + [f"{section}.{n}." for n in range(1, count + 1)]
    assert len(expected) == 12 + 60
    assert _numbers_by_regex(KY) == expected
    assert _numbers_by_regex(RU) == expected
    # The parser sees the same structure in both texts.
    ky, ru = offer_layout.parse(KY), offer_layout.parse(RU)
    assert ky.numbers() == ru.numbers()
    assert [(s, len(c)) for s, c in ru.numbers()] == [(str(k), v) for k, v in CLAUSES_PER_SECTION.items()]
    # Every list of the Kyrgyz text (after a colon, items after dashes) has as many items in Russian:
    # 1.4 four ways of use, 3.1 seven services, 6.5 two, 7.1 four, 7.2 nine, 7.3 three, 7.4 two, 7.5 five,
    # 9.1 four, 9.2 two, 10.1 two.
    lists = {"1.4": 4, "3.1": 7, "6.5": 2, "7.1": 4, "7.2": 9, "7.3": 3, "7.4": 2, "7.5": 5, "9.1": 4, "9.2": 2, "10.1": 2}
    for layout in (ky, ru):
        found = {c.number: len(c.items) for s in layout.sections for c in s.clauses if c.items}
        assert found == lists


def test_ru_is_russian_throughout():
    # No letter that only Kyrgyz has (ң, ө, ү) outside a quoted proper name.
    unquoted = re.sub(r"«[^»]*»|\"[^\"]*\"", "", RU)
    assert not re.search(r"[ңөүҢӨҮ]", unquoted)
    # The legal vocabulary of the Russian text, and the sections' Russian titles.
    for words in ("Кыргызской Республики", "Налогового кодекса Кыргызской Республики", "Правообладатель", "Пользователь", "Оферта", "налогоплательщика"):
        assert words in RU, words
    titles = [s.title for s in offer_layout.parse(RU).sections]
    assert titles[0] == "Общие положения использования Мобильного приложения"
    assert titles[-1] == "Прочие положения"
    # Offer 12.5 in both texts, word for word as read: equal legal force of the state and/or official language.
    assert "12.5. Ушул Келишим бирдей юридикалык күчкө ээ болгон мамлекеттик жана/же расмий тилде түзүлгөн." in KY
    assert "12.5. Настоящий Договор составлен на государственном и/или официальном языке, имеющих одинаковую юридическую силу." in RU
    # Not a summary: the Russian text is of the Kyrgyz text's length (both about 23 000 letters).
    assert 0.85 < len(RU) / len(KY) < 1.25


def test_fresh_databases_serve_the_russian_text(client):
    ru = client.get(f"{API}/offer", headers={"Accept-Language": "ru"})
    assert ru.status_code == 200
    body = ru.json()
    assert body["version"] == "2023.1"
    assert body["text"]["ru"] == RU and body["text"]["ky"] == KY


def _texts(url: str) -> tuple[str, str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(sa.text("SELECT text_ky, text_ru FROM offer_versions WHERE version = '2023.1'")).one())
    finally:
        engine.dispose()


def _set_ru(url: str, text: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE offer_versions SET text_ru = :t WHERE version = '2023.1'"), {"t": text})
    finally:
        engine.dispose()


def test_migration_replaces_only_the_stand_in(empty_db_url):
    upgrade(empty_db_url, BEFORE)
    ky, ru = _texts(empty_db_url)
    assert ky == KY and ru.endswith(KY) and ru != RU  # before: the Kyrgyz text behind a Russian preface
    upgrade(empty_db_url)
    assert _texts(empty_db_url) == (KY, RU)
    downgrade(empty_db_url, BEFORE)
    assert _texts(empty_db_url) == (ky, ru)  # down: the stand-in comes back as it was

    _set_ru(empty_db_url, KY)  # the Russian text equal to the Kyrgyz one: replaced too
    upgrade(empty_db_url)
    assert _texts(empty_db_url) == (KY, RU)

    downgrade(empty_db_url, BEFORE)
    _set_ru(empty_db_url, "Текст, исправленный сотрудником.")  # an officer's edit is left alone
    upgrade(empty_db_url)
    assert _texts(empty_db_url) == (KY, "Текст, исправленный сотрудником.")
    downgrade(empty_db_url, BEFORE)
    assert _texts(empty_db_url) == (KY, "Текст, исправленный сотрудником.")
