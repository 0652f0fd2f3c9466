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


def test_pdf_copy(client, signer):
    receipt = signer.file(signer.document(zero=False, values={"employment_income": "90000.00"})).json()
    r = client.get(f"{API}/me/declarations/{receipt['id']}.pdf", headers=signer.account.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 2000


def test_pdf_falls_back_without_a_cyrillic_font(client, signer, monkeypatch):
    from salyk.declarations import pdf

    monkeypatch.setattr(pdf, "FONT_CANDIDATES", ("/nonexistent.ttf",))
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
