"""A filing with tax due becomes a ledger charge; a clarified one posts the difference (issue 5 item 5)."""

from __future__ import annotations

from sqlalchemy import select

from conftest import API
from declarations_fixtures import signer  # noqa: F401  (pytest fixture)
from salyk.db.models.ledger import Posting


def _postings(runtime, reference):
    with runtime.db.transaction() as session:
        return list(session.scalars(select(Posting).where(Posting.source == "declaration", Posting.reference == reference)))


def _income_tax(client, account, as_of):
    taxes = client.get(f"{API}/me/balance", params={"as_of": as_of}, headers=account.headers).json()["taxes"]
    return next((t for t in taxes if t["tax"] == "income_tax"), None)


def test_charge_difference_and_balance(client, runtime, signer):
    # Income 120 000 in 2024: tax (120 000 - 7 800) x 10% = 11 220, payable by 1 April 2025 (TC art. 175(1), 92(6)(2)).
    first = signer.file(signer.document(zero=False, values={"employment_income": "120000.00"})).json()
    [charge] = _postings(runtime, first["id"])
    assert charge.kind == "charge" and charge.tax == "income_tax" and charge.amount == 1_122_000
    assert charge.period == "2024" and charge.due_date.isoformat() == "2025-04-01"
    # Not yet due on 14 March; arrears the day after the due date.
    assert _income_tax(client, signer.account, "2025-04-02")["arrears"] == "11220.00"
    # Clarified: 150 000 -> 14 220; only the 3 000 difference is posted (TC art. 90(2)).
    second = signer.file(signer.document(kind="clarified", zero=False, values={"employment_income": "150000.00"})).json()
    [diff] = _postings(runtime, second["id"])
    assert diff.amount == 300_000 and diff.citation == "TC art. 90(2)"
    assert _income_tax(client, signer.account, "2025-04-02")["arrears"] == "14220.00"


def test_zero_filing_posts_nothing(client, runtime, signer):
    receipt = signer.file(signer.document()).json()
    assert _postings(runtime, receipt["id"]) == []
