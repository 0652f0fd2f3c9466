"""The forms catalogue (issue 5 item 1) and the computation preview; hand arithmetic in each case."""

from conftest import API

CODES = {"income_tax_agent", "unified_declaration_individual", "unified_declaration_organization", "profit_tax", "vat", "sales_tax"}


def test_catalogue_needs_no_login_and_has_the_contract_codes(client):
    r = client.get(f"{API}/forms")
    assert r.status_code == 200
    forms = {f["code"]: f for f in r.json()["forms"]}
    assert CODES <= set(forms)
    for f in forms.values():
        assert f["title"]["ky"] and f["title"]["ru"]
        assert f["citation"] and f["zero_allowed"] is True
        assert f["period_kind"] in {"year", "quarter", "month"}
        for fld in f["fields"]:
            assert fld["type"] in {"money", "integer", "boolean", "rows", "code", "tin"} and fld["title"]["ru"]
    assert forms["vat"]["period_kind"] == "month" and forms["income_tax_agent"]["period_kind"] == "month"
    assert forms["profit_tax"]["period_kind"] == "year" and forms["unified_declaration_individual"]["period_kind"] == "year"
    # TC art. 92: the single declaration; the seed text computes income and profit tax, not VAT or sales tax.
    assert forms["profit_tax"]["computes_tax"] and forms["unified_declaration_individual"]["computes_tax"]
    assert not forms["vat"]["computes_tax"] and any(f["name"] == "tax_due" for f in forms["vat"]["fields"])


def test_individual_income_tax_is_computed_with_its_trace(client):
    # TC art. 163(1), 170(1), 174, 175(1): income 600 000; personal deduction 12 x 6.5 x 100 = 7 800;
    # base 592 200; tax 10% = 59 220; less 50 000 withheld by agents = 9 220 payable.
    r = client.post(f"{API}/forms/unified_declaration_individual/computation", json={"period": "2024", "values": {"employment_income": "600000.00", "withheld_by_agents": "50000.00"}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["tax_due"] == "9220.00"
    assert body["figures"]["tax_base"] == "592200.00" and body["figures"]["tax"] == "59220.00"
    assert any(s.get("citation") == "TC art. 174" for s in body["trace"]["steps"])


def test_profit_tax_is_computed(client):
    # TC art. 186(2): 1 000 000 income - 400 000 expenses = 600 000 profit; x 10% (sample rate) = 60 000.
    r = client.post(f"{API}/forms/profit_tax/computation", json={"period": "2024", "values": {"sales_income": "1000000", "expenses": "400000.00"}})
    assert r.status_code == 200, r.text
    assert r.json()["tax_due"] == "60000.00" and r.json()["figures"]["profit"] == "600000.00"


def test_tax_agent_report_computes_each_employee(client):
    # TC art. 176: 50 000 paid in March, personal deduction 650 (6.5 indices x 100): base 49 350 x 10% = 4 935;
    # second employee 20 000, one dependant (100): base 20 000 - 650 - 100 = 19 250 -> 1 925. Total 6 860.
    values = {"employees": [{"income_paid": "50000.00"}, {"income_paid": "20000.00", "dependants": 1}]}
    r = client.post(f"{API}/forms/income_tax_agent/computation", json={"period": "2024-03", "values": values})
    assert r.status_code == 200, r.text
    assert r.json()["tax_due"] == "6860.00"


def test_entered_tax_and_bad_values(client):
    r = client.post(f"{API}/forms/vat/computation", json={"period": "2024-05", "values": {"tax_due": "1200.50"}})
    assert r.json()["tax_due"] == "1200.50" and r.json()["entered"] is True
    for values, field, reason in [
        ({"tax_due": "-1.00"}, "tax_due", "not_an_amount"),
        ({"tax_due": 12}, "tax_due", "not_an_amount"),
        ({"tax_due": "1.005"}, "tax_due", "not_an_amount"),
        ({"surprise": "1.00"}, "surprise", "unknown_field"),
        ({}, "tax_due", "missing"),
    ]:
        r = client.post(f"{API}/forms/vat/computation", json={"period": "2024-05", "values": values})
        assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_VALUES", (values, r.text)
        assert r.json()["error"]["details"] == {"field": field, "reason": reason}
    r = client.post(f"{API}/forms/vat/computation", json={"period": "2024", "values": {"tax_due": "1.00"}})
    assert r.json()["error"]["code"] == "INVALID_VALUES"
    r = client.post(f"{API}/forms/nope/computation", json={"period": "2024", "values": {}})
    assert r.status_code == 404 and r.json()["error"]["code"] == "UNKNOWN_FORM"


def test_zero_means_no_non_zero_value(client):
    ok = client.post(f"{API}/forms/vat/computation", json={"period": "2024-05", "zero": True, "values": {"tax_due": "0.00"}})
    assert ok.status_code == 200 and ok.json()["tax_due"] == "0.00"
    bad = client.post(f"{API}/forms/vat/computation", json={"period": "2024-05", "zero": True, "values": {"taxable_supplies": "5.00"}})
    assert bad.status_code == 422 and bad.json()["error"]["details"] == {"field": "taxable_supplies", "reason": "not_zero"}


def test_messages_in_kyrgyz_and_russian(client):
    body = {"period": "2024-05", "values": {"tax_due": "-1"}}
    ru = client.post(f"{API}/forms/vat/computation", json=body, headers={"Accept-Language": "ru"}).json()["error"]["message"]
    ky = client.post(f"{API}/forms/vat/computation", json=body).json()["error"]["message"]
    assert ru.startswith("Значения не соответствуют форме: tax_due (не сумма")
    assert ky.startswith("Маанилер формага туура келбейт: tax_due (сумма эмес")
