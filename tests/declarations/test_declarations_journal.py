"""The declarations journal, the filed copy with its PDF, and the officers' audited view (issue 5 item 4)."""

from __future__ import annotations

from sqlalchemy import select

from conftest import API, register_taxpayer
from declarations_fixtures import enrol, signer  # noqa: F401  (pytest fixture)
from salyk.db.models.registry import Taxpayer
from salyk.kernel.models import AuditEntry

JOURNAL_FIELDS = {"id", "form", "period", "kind", "zero", "filed_at", "filing_date", "deadline", "late", "status", "receipt_number"}


def test_journal_lists_every_filing_with_the_contract_fields(client, signer):
    a = signer.file(signer.document(period="2023")).json()
    b = signer.file(signer.document(period="2024")).json()
    journal = client.get(f"{API}/me/declarations", headers=signer.account.headers).json()["declarations"]
    assert {e["id"] for e in journal} == {a["id"], b["id"]}
    for e in journal:
        assert JOURNAL_FIELDS <= set(e)
        assert e["status"] == "accepted" and e["zero"] is True and e["kind"] == "initial"
    e2024 = next(e for e in journal if e["period"] == "2024")
    # TC art. 92(6)(2): an individual's single declaration for 2024 is due by 1 April 2025; filed 14 March.
    assert e2024["deadline"] == "2025-04-01" and e2024["late"] is False
    e2023 = next(e for e in journal if e["period"] == "2023")
    assert e2023["late"] is True  # due 1 April 2024, filed 14 March 2025


def test_detail_has_document_receipt_and_signature(client, signer):
    doc = signer.document()
    signature = signer.sign(doc)
    receipt = signer.file(doc, signature).json()
    r = client.get(f"{API}/me/declarations/{receipt['id']}", headers=signer.account.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["document"] == doc and body["signature"] == signature and body["receipt"] == receipt


def test_another_taxpayers_filing_is_not_found(client, officer, signer):
    receipt = signer.file(signer.document()).json()
    other = register_taxpayer(client, officer)
    for url in (f"{API}/me/declarations/{receipt['id']}", f"{API}/me/declarations/{receipt['id']}.pdf", f"{API}/me/declarations/nonsense"):
        r = client.get(url, headers=other.headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "DECLARATION_NOT_FOUND", url


def pdf_text(content: bytes) -> str:
    """The PDF's text as a reader gets it (pypdf), with its spaces made plain."""
    import io
    import re

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)  # wrapped lines and non-breaking spaces read as one space


def test_pdf_copy_is_a_bilingual_document_with_labels_and_formatted_values(client, signer):
    # TC art. 174: (460 000 - 7 800 personal (170(1)) - 36 000 social insurance (170(3)) - 1 200
    # for one dependant (170(2), 12 x 100)) x 10% = 41 500; the copy prints it as "41 500,00 сом".
    values = {"employment_income": "460000.00", "social_insurance": "36000.00", "dependants": 1}
    receipt = signer.file(signer.document(zero=False, values=values)).json()
    r = client.get(f"{API}/me/declarations/{receipt['id']}.pdf", headers=signer.account.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = pdf_text(r.content)
    # the tax service, the form's titles, the field labels from the form in ky and ru, never raw names
    assert "Мамлекеттик салык кызматы" in text and "Государственная налоговая служба" in text
    assert "Жеке адамдын бирдиктүү салык декларациясы" in text and "Единая налоговая декларация физического лица" in text
    assert "Эмгек акы түрүндөгү киреше / Доход в виде оплаты труда" in text and "460 000,00 сом" in text
    assert "Взносы на социальное страхование" in text and "36 000,00 сом" in text
    assert "Число иждивенцев" in text
    assert "employment_income" not in text and "social_insurance" not in text and "460000" not in text
    assert "Налог к уплате" in text and "41 500,00 сом" in text
    # the receipt with its dates as people write them, the signature block, the verification link
    assert receipt["receipt_number"] in text and "ИСН / ИНН" in text and signer.tin in text
    filing_date = receipt["filing_date"]
    assert f"{filing_date[8:10]}.{filing_date[5:7]}.{filing_date[:4]}" in text
    assert "Отчёт подписан электронной подписью налогоплательщика" in text and "Квитанция подписана налоговой службой" in text and "SHA-256" in text
    assert f"/api/v1/public/receipts/{receipt['receipt_number']}" in text.replace(" ", "")


def test_public_receipt_check_shows_no_amount_and_no_taxpayer(client, signer):
    receipt = signer.file(signer.document(zero=False, values={"employment_income": "90000.00"})).json()
    r = client.get(f"{API}/public/receipts/{receipt['receipt_number']}")  # no login: anyone with the paper copy
    assert r.status_code == 200
    body = r.json()
    assert body == {"receipt_number": receipt["receipt_number"], "form": "unified_declaration_individual", "period": "2024",
                    "filed_at": receipt["filed_at"], "status": "accepted"}  # TC art. 54: no TIN, no name, no amount
    for number in ("2024-99999999", "nonsense", "2024-0000000%27"):
        r = client.get(f"{API}/public/receipts/{number}", headers={"Accept-Language": "ru"})
        assert r.status_code == 404 and r.json()["error"] == {"code": "RECEIPT_NOT_FOUND", "message": "Квитанции с таким номером нет.", "details": {}}


def test_pdf_falls_back_without_a_cyrillic_font(client, signer, monkeypatch):
    from salyk.kernel import documents

    monkeypatch.setattr(documents, "FONT_CANDIDATES", ("/nonexistent.ttf",))
    receipt = signer.file(signer.document()).json()
    r = client.get(f"{API}/me/declarations/{receipt['id']}.pdf", headers=signer.account.headers)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_officer_sees_every_filing_and_the_read_is_audited(client, runtime, officer, signer):
    receipt = signer.file(signer.document()).json()
    r = client.get(f"{API}/officer/taxpayers/{signer.tin}/declarations", headers=officer.headers)
    assert r.status_code == 200 and [e["id"] for e in r.json()["declarations"]] == [receipt["id"]]
    with runtime.db.transaction() as session:
        tid = session.scalar(select(Taxpayer.id).where(Taxpayer.tin == signer.tin))
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.taxpayer_id == tid)))
    assert "declarations.read" in actions and "declaration.file" in actions
    one = client.get(f"{API}/officer/taxpayers/{signer.tin}/declarations/{receipt['id']}", headers=officer.headers)
    assert one.status_code == 200 and one.json()["receipt"] == receipt and one.json()["document"]["tin"] == signer.tin
    with runtime.db.transaction() as session:
        assert "declaration.read" in set(session.scalars(select(AuditEntry.action).where(AuditEntry.taxpayer_id == tid)))
    other = register_taxpayer(client, officer)
    assert client.get(f"{API}/officer/taxpayers/{other.login}/declarations/{receipt['id']}", headers=officer.headers).status_code == 404
    assert client.get(f"{API}/officer/taxpayers/{signer.tin}/declarations", headers=signer.account.headers).status_code == 403
    assert client.get(f"{API}/officer/taxpayers/12345/declarations", headers=officer.headers).json()["error"]["code"] == "INVALID_TIN"
