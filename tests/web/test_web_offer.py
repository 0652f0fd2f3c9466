"""The offer's pages (issue 11 items 2 and 6): the text read as sections with a table of contents in
Kyrgyz and Russian, the Russian page's note on Offer 12.5, and publishing a version as an
administrator's two steps (preview in both languages, then an explicit confirmation)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import new_tin
from salyk.api.app import create_app
from salyk.db.models.registry import OfferVersion
from salyk.kernel.models import AuditEntry, OutboxMessage
from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, web_login

# Offer sections as they read in each text (Kyrgyz seed; Russian translation), worked by hand.
KY_TITLES = ["Мобилдик тиркемени пайдалануунун жалпы жоболору", "Терминдер жана аныктамалар", "Келишимдин предмети"]
RU_TITLES = ["Общие положения использования Мобильного приложения", "Термины и определения", "Предмет договора"]


def new_client(rt) -> TestClient:
    return TestClient(create_app(rt))


def _toc(page: str) -> list[tuple[str, str]]:
    nav = re.search(r'(?s)<nav class="offer-toc".*?</nav>', page).group(0)
    return re.findall(r'<a href="#(s\d+)"><span class="num">\d+\.</span>&nbsp;([^<]+)</a>', nav)


def test_the_offer_reads_as_sections_with_a_table_of_contents(client, runtime):
    tin = make_taxpayer(runtime, new_tin())
    web_login(client, tin, PASSWORD)
    ky = client.get("/offer").text
    toc = _toc(ky)
    assert len(toc) == 12 and toc[:3] == list(zip(("s1", "s2", "s3"), KY_TITLES))
    assert toc[-1] == ("s12", "Башка жоболор")
    assert '<section class="offer-section" id="s12">' in ky and 'id="p12-5"' in ky
    assert "<h2>12. Башка жоболор</h2>" in ky
    assert "Ушул Келишим бирдей юридикалык күчкө ээ болгон мамлекеттик жана/же расмий тилде түзүлгөн." in ky
    assert "offer-language" not in ky  # the Kyrgyz page is the text itself
    # The accept button comes after the last clause (12.7).
    assert ky.index('id="p12-7"') < ky.index('<form method="post" action="/offer"')

    client.get("/lang/ru")
    ru = client.get("/offer").text
    toc = _toc(ru)
    assert len(toc) == 12 and toc[:3] == list(zip(("s1", "s2", "s3"), RU_TITLES)) and toc[-1] == ("s12", "Прочие положения")
    assert "<h2>1. Общие положения использования Мобильного приложения</h2>" in ru
    assert "Настоящий Договор составлен на государственном и/или официальном языке, имеющих одинаковую юридическую силу." in ru
    # Offer 12.5 read exactly: equal force of the state and/or official language; this text is the translation.
    note = re.search(r'(?s)<p class="notice offer-language">(.*?)</p>', ru).group(1)
    assert "имеющих одинаковую юридическую силу (п. 12.5 Оферты)" in note
    assert "Этот русский текст — перевод текста Оферты на государственном, кыргызском языке" in note
    assert "руководствуйтесь кыргызским текстом" in note and 'href="/lang/ky?next=/offer"' in note
    # Lists after a colon are lists: 7.2 lists the User's nine duties.
    clause = re.search(r'(?s)<div class="clause" id="p7-2">(.*?)</div>', ru).group(1)
    assert "<b class=\"num\">7.2.</b> Пользователь обязан:" in clause and clause.count("<li>") == 9
    # Accepting still works from the Russian page.
    r = client.post("/offer", data={"version": "2023.1", "csrf": csrf_of(ru)}, follow_redirects=False)
    assert r.status_code == 303
    assert "Вы приняли эту версию оферты." in client.get("/offer").text


def _admin(rt):
    name, password = make_officer(rt, "admin")
    browser = new_client(rt)
    web_login(browser, name, password)
    return browser


def _published(rt) -> list[str]:
    with rt.db.read() as session:
        return list(session.scalars(select(OfferVersion.version).order_by(OfferVersion.id)))


def _fanouts(rt) -> int:
    with rt.db.read() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "notices.offer_fanout"))


def test_an_officer_cannot_publish_and_is_told_in_their_language(fresh_runtime):
    rt = fresh_runtime
    name, password = make_officer(rt)
    with new_client(rt) as browser:
        web_login(browser, name, password)
        page = browser.get("/officer/offers")
        assert page.status_code == 200 and "2023.1" in page.text  # the list of versions stays readable
        assert 'name="text_ky"' not in page.text and "Офертанын версиясын администратор гана жарыялай алат" in page.text
        body = {"version": "2031.1", "effective_from": rt.today().isoformat(), "text_ky": "1. Жоболор\n1.1. Текст.", "text_ru": "1. Положения\n1.1. Текст."}
        for step in ("preview", "confirm"):
            r = browser.post("/officer/offers", data=body | {"step": step, "confirm": "yes", "csrf": csrf_of(page.text)})
            assert r.status_code == 403 and "Бул администраторлор үчүн гана." in r.text
        browser.get("/lang/ru")
        r = browser.post("/officer/offers", data=body | {"csrf": csrf_of(page.text)})
        assert r.status_code == 403 and "Только для администраторов." in r.text
        assert "Опубликовать версию оферты может только администратор" in browser.get("/officer/offers").text
    assert _published(rt) == ["2023.1"] and _fanouts(rt) == 0


def test_admin_previews_both_texts_then_confirms(fresh_runtime):
    rt = fresh_runtime
    tin = make_taxpayer(rt, new_tin(), accept=True)
    body = {"version": "2031.1", "effective_from": rt.today().isoformat(),
            "text_ky": "Киришүү.\r\n1. Жалпы жоболор\r\n1.1. Биринчи пункт.\r\n2. Башка жоболор\r\n2.1. Экинчи пункт: - бир; - эки.",
            "text_ru": "Вступление.\r\n1. Общие положения\r\n1.1. Первый пункт.\r\n2. Прочие положения\r\n2.1. Второй пункт: - один; - два."}
    with _admin(rt) as admin:
        form = admin.get("/officer/offers")
        assert 'name="text_ky"' in form.text
        preview = admin.post("/officer/offers", data=body | {"csrf": csrf_of(form.text)})
        assert preview.status_code == 200
        page = preview.text
        # Both texts, each with its own contents and anchors, as taxpayers will read them.
        assert '<section class="card offer-preview" id="preview-ky" lang="ky">' in page and '<section class="card offer-preview" id="preview-ru" lang="ru">' in page
        assert '<a href="#ky-s2"><span class="num">2.</span>&nbsp;Башка жоболор</a>' in page
        assert '<a href="#ru-s2"><span class="num">2.</span>&nbsp;Прочие положения</a>' in page
        assert "<li>один;</li>" in page and "<li>эки.</li>" in page
        # What publishing will do: today's date, so at once, in place of 2023.1.
        assert "бул версия 2023.1 версиясын ошол замат алмаштырат" in page
        assert _published(rt) == ["2023.1"]  # the preview wrote nothing
        reviewed = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page).group(1)
        # The hidden copies of the texts carry them to the confirmation (line ends as one "\n").
        ky_hidden = re.search(r'name="text_ky" value="([^"]*)"', page).group(1)
        assert ky_hidden == "Киришүү.\n1. Жалпы жоболор\n1.1. Биринчи пункт.\n2. Башка жоболор\n2.1. Экинчи пункт: - бир; - эки."

        # Without the tick: the preview again, 422, and nothing written.
        r = admin.post("/officer/offers", data=body | {"step": "confirm", "reviewed": reviewed, "csrf": csrf_of(page)})
        assert r.status_code == 422 and "Бул версияны жарыялоо үчүн ырастоо белгисин коюңуз" in r.text
        assert _published(rt) == ["2023.1"] and _fanouts(rt) == 0
        # A text changed after the preview is not published.
        r = admin.post("/officer/offers", data=body | {"text_ru": body["text_ru"] + " Ещё.", "step": "confirm", "confirm": "yes", "reviewed": reviewed, "csrf": csrf_of(page)})
        assert r.status_code == 409 and "Долбоор алдын ала көрүлгөндөн айырмаланат" in r.text
        assert _published(rt) == ["2023.1"]
        # Back to the form keeps what was typed.
        r = admin.post("/officer/offers", data=body | {"step": "edit", "csrf": csrf_of(page)})
        assert r.status_code == 200 and 'value="2031.1"' in r.text and "Экинчи пункт: - бир; - эки.</textarea>" in r.text
        # Confirmed: published, the taxpayers told through the outbox, the act audited.
        r = admin.post("/officer/offers", data=body | {"step": "confirm", "confirm": "yes", "reviewed": reviewed, "csrf": csrf_of(page)})
        shown = rt.today().strftime("%d.%m.%Y")
        assert r.status_code == 201 and f"Жарыяланды: 2031.1 версиясы, {shown} тартып күчүндө." in r.text
    assert _published(rt) == ["2023.1", "2031.1"] and _fanouts(rt) == 1
    with rt.db.read() as session:
        row = session.scalar(select(OfferVersion).where(OfferVersion.version == "2031.1"))
        assert row.text_ru == "Вступление.\n1. Общие положения\n1.1. Первый пункт.\n2. Прочие положения\n2.1. Второй пункт: - один; - два."
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "offer.publish")) == 1
    # The taxpayer is sent to the new version, laid out in sections.
    with new_client(rt) as taxpayer:
        web_login(taxpayer, tin, PASSWORD)
        assert taxpayer.get("/", follow_redirects=False).headers["location"] == "/offer"
        page = taxpayer.get("/offer").text
        assert _toc(page) == [("s1", "Жалпы жоболор"), ("s2", "Башка жоболор")]
        assert '<p class="preamble">Киришүү.</p>' in page


def test_a_future_version_says_when_it_takes_over(fresh_runtime):
    rt = fresh_runtime
    with _admin(rt) as admin:
        form = admin.get("/officer/offers")
        r = admin.post("/officer/offers", data={"version": "2031.2", "effective_from": "2031-02-01", "text_ky": "Текст", "text_ru": "Текст", "csrf": csrf_of(form.text)})
        assert r.status_code == 200 and "бул версия 2023.1 версиясын 01.02.2031 алмаштырат" in r.text
        admin.get("/lang/ru")
        r = admin.post("/officer/offers", data={"version": "2031.2", "effective_from": "2031-02-01", "text_ky": "Текст", "text_ru": "Текст", "csrf": csrf_of(form.text)})
        assert "эта версия заменит версию 2023.1 01.02.2031" in r.text
        # A version name already taken is refused at the preview, before any confirmation.
        r = admin.post("/officer/offers", data={"version": "2023.1", "effective_from": "2031-02-01", "text_ky": "Текст", "text_ru": "Текст", "csrf": csrf_of(form.text)})
        assert r.status_code == 409 and "Эта версия оферты уже опубликована." in r.text
    assert _published(rt) == ["2023.1"]
