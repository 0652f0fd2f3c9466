"""Nothing English reaches a ky or ru page (issue 11 item 1, 3): the taxpayer's pages with real
figures on them (balance, statement with туум, payments, applications, declarations, a computed
form) read in the page's language, with no raw field name, code or English explanation."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient

from conftest import new_tin
from salyk.api.app import create_app
from salyk.ledger.charges import post_charge
from salyk.kernel.principal import SystemPrincipal
from salyk.ledger.payments import PaymentIn, import_payments
from web_support import PASSWORD, make_taxpayer, post_form, web_login

# Latin that belongs on the page: the service's own name, file and security acronyms, the
# period examples the forms ask for (2024-Q1), and Roman numerals of the Code's sections.
ALLOWED = {"Salyk", "kg", "PDF", "PIN", "QR", "SHA", "ID", "Q1", "Q2", "Q3", "Q4"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
PAGES = ("/", "/balance", "/statement", "/payments", "/refunds", "/deferrals", "/declarations", "/declarations/journal",
         "/declarations/forms", "/declarations/forms/unified_declaration_individual")


def visible_text(page: str) -> str:
    """What a person reads: the body without tags, scripts, styles and attribute values."""
    body = re.sub(r"(?s).*<body[^>]*>|</body>.*", "", page)
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def english_words(text: str) -> list[str]:
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED and not re.fullmatch(r"[IVXLC]+", w)})


@pytest.fixture
def web(runtime):
    with TestClient(create_app(runtime), base_url="http://testserver") as c:
        yield c


def _history(rt, tin: str) -> None:
    """VAT 10 000 due 1 Mar 2024, paid 4 000 on 11 Mar (туум on the rest, TC art. 71), an
    overpaid land tax offset to it (81(2)), so that every kind of line is on the statement."""
    from salyk.registry.taxpayers import find

    with rt.db.transaction() as s:
        tp = find(s, tin).id
        post_charge(s, taxpayer_id=tp, tax="vat", amount=10000, due_date=dt.date(2024, 3, 1), period="2024-01", source="test",
                    reference=f"words-{tin}-1", recorded_at=rt.now(), citation="TC art. 82")
    import_payments(rt, SystemPrincipal("test:words"), [PaymentIn(f"77{tin}1", tin, "vat", "4000.00", "2024-03-11"),
                               PaymentIn(f"77{tin}2", tin, "land_tax", "700.00", "2024-03-12")])


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_taxpayer_pages_have_no_english_words(web, runtime, lang):
    tin = make_taxpayer(runtime, new_tin(), name="Асанова Айгүл", accept=True)
    _history(runtime, tin)
    web.cookies.set("lang", lang)
    web_login(web, tin, PASSWORD)
    found = {}
    for path in PAGES:
        r = web.get(path)
        assert r.status_code == 200, (path, r.status_code)
        words = english_words(visible_text(r.text))
        if words:
            found[path] = words
    # a computed form and a refused one: the explanation and the error in the page's language
    r = post_form(web, "/declarations/forms/unified_declaration_individual",
                  {"period": "2024", "v.employment_income": "460000", "v.social_insurance": "36000", "action": "compute"})
    assert r.status_code == 200
    assert ("Киреше салыгы" if lang == "ky" else "Подоходный налог") in r.text and "41\u00a0620,00 сом" in r.text
    found.update({"computed form": w for w in [english_words(visible_text(r.text))] if w})
    r = post_form(web, "/declarations/forms/unified_declaration_individual", {"period": "2024", "v.employment_income": "12.345", "action": "compute"})
    assert r.status_code == 422
    words = english_words(visible_text(r.text))
    if words:
        found["refused form"] = words
    assert "employment_income" not in visible_text(r.text)
    assert not found, found
