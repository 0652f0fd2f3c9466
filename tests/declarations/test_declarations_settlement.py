"""The individual's declaration settles both ways (TC art. 175(1), 171, 172, 182, 81), through the
HTTP API. Today is Fri 14 Mar 2025; the calculation index is the sample 100 som, so the personal
deduction is 6.5 x 100 = 650 som a month (TC art. 170(1)), 7,800 for the year."""

from __future__ import annotations

from conftest import API
from declarations_fixtures import signer  # noqa: F401 (fixture)

VALUES = {
    "employment_income": "600000.00",
    "foreign_income": "100000.00", "foreign_tax_paid": "15000.00", "foreign_treaty": True,
    "education_paid": "30000.00", "mortgage_interest": "20000.00",
    "withheld_by_agents": "60000.00",
}


def _balance(client, account):
    rows = client.get(f"{API}/me/balance", headers=account.headers).json()["taxes"]
    return next((r for r in rows if r["tax"] == "income_tax"), None)


def test_withheld_above_the_tax_is_an_overpayment_that_can_be_refunded(client, signer):  # noqa: F811
    # Income 2024: wages 600,000 + income abroad 100,000 = 700,000 (TC art. 165, 162(1)(a)).
    # Deductions: personal 7,800 (170(1)); mortgage interest 20,000 (172, under the 230,000 cap);
    # base before education 700,000 - 7,800 - 20,000 = 672,200; education 30,000 <= 10 % of it
    # = 67,220 (171(2)); base 642,200; tax 10 % = 64,220 (174).
    # Credit for tax paid abroad: min(15,000, 10 % x 100,000) = 10,000 (182(2)).
    # Final: 64,220 - 10,000 - 60,000 withheld = -5,780: overpaid 5,780 (175(1), 81(1)).
    # Before: tax_due 0 booked nothing and a refund was refused (OVERPAYMENT_INSUFFICIENT).
    r = signer.file(signer.document(zero=False, values=VALUES))
    assert r.status_code == 201, r.text
    entry = client.get(f"{API}/me/declarations/{r.json()['id']}", headers=signer.account.headers).json()
    assert (entry["tax_due"], entry["charge_amount"]) == ("0.00", "-5780.00")
    row = _balance(client, signer.account)
    assert (row["overpayment"], row["total_due"]) == ("5780.00", "0.00")
    st = client.get(f"{API}/me/statement", headers=signer.account.headers | {"Accept-Language": "ru"}, params={"tax": "income_tax"}).json()
    got = [(ln["kind"], ln["amount"], ln["citation"]) for ln in st["lines"] if ln["kind"] == "declared_credit"]
    assert got == [("declared_credit", "5780.00", "TC art. 175(1)")]
    assert any("удержано налоговыми агентами сверх налога" in ln["text"] for ln in st["lines"])
    a = client.post(f"{API}/me/refunds", headers=signer.account.headers, json={"kind": "refund", "tax": "income_tax", "amount": "5780.00"})
    assert a.status_code == 201, a.text


def test_a_clarified_declaration_moves_the_settlement_by_the_difference(client, signer):  # noqa: F811
    # The same year filed again with 50,000 withheld: 64,220 - 10,000 - 50,000 = 4,220 payable.
    # The ledger moves by 4,220 - (-5,780) = 10,000 charged (TC art. 90(2)); the 5,780 overpayment of
    # the tax pays it (59(5)), leaving 4,220 not yet due (payment by 1 Apr 2025, 92(6)(2), 175(1)).
    assert signer.file(signer.document(zero=False, values=VALUES)).status_code == 201
    r = signer.file(signer.document(zero=False, kind="clarified", values=VALUES | {"withheld_by_agents": "50000.00"}))
    assert r.status_code == 201, r.text
    entry = client.get(f"{API}/me/declarations/{r.json()['id']}", headers=signer.account.headers).json()
    assert (entry["tax_due"], entry["charge_amount"]) == ("4220.00", "10000.00")
    row = _balance(client, signer.account)
    assert (row["overpayment"], row["not_yet_due"], row["total_due"]) == ("0.00", "4220.00", "0.00")
    # and back again: withheld 70,000: 64,220 - 10,000 - 70,000 = -15,780; the move is -15,780 - 4,220 =
    # -20,000: the 10,000 charged is reduced and 10,000 more is credited; overpaid 15,780 in all
    r = signer.file(signer.document(zero=False, kind="clarified", values=VALUES | {"withheld_by_agents": "70000.00"}))
    assert r.status_code == 201, r.text
    row = _balance(client, signer.account)
    assert (row["overpayment"], row["not_yet_due"]) == ("15780.00", "0.00")
