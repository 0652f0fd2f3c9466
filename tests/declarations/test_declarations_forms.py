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
        ({"tax_due": "-1.00"}, "tax_due", "negative"),
        ({"tax_due": 12}, "tax_due", "not_an_amount"),
        ({"tax_due": "1.005"}, "tax_due", "more_than_two_decimals"),
        ({"tax_due": "1,5"}, "tax_due", "not_an_amount"),
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
    # the field by the form's own title and what is wanted; no raw field name, no code
    assert ru == "«Сумма налога к уплате»: не может быть отрицательным."
    assert ky.startswith("«") and "tax_due" not in ky
    three = client.post(f"{API}/forms/vat/computation", json={"period": "2024-05", "values": {"tax_due": "1.005"}}, headers={"Accept-Language": "ru"})
    assert three.json()["error"]["message"] == "«Сумма налога к уплате»: сумма не более чем с 2 знаками после запятой, например 1234.50."
    rows = {"period": "2024-03", "values": {"employees": [{"income_paid": "100.00", "exempt_income": "200.00"}]}}
    ru = client.post(f"{API}/forms/income_tax_agent/computation", json=rows, headers={"Accept-Language": "ru"}).json()["error"]
    assert ru["details"] == {"field": "employees[0].exempt_income", "reason": "above_income"}
    assert "строка 1" in ru["message"] and "освобождённая часть не может быть больше дохода" in ru["message"] and "exempt_income" not in ru["message"]


LATIN_WORD = r"\b(?![IVXLC]+\b)[A-Za-z]{2,}"  # Roman numerals (Section VIII) are the law's own


def test_the_explanation_reads_in_the_users_language(client):
    # The same computation as above (TC art. 174: 592 200 x 10% = 59 220) explained in ky and ru:
    # every step's words from the catalogs, money with separators and сом, citations in the language,
    # the data (msgid, parameters, canonical citation) kept for clients that render it themselves.
    import re

    body = {"period": "2024", "values": {"employment_income": "600000.00", "withheld_by_agents": "50000.00"}}
    views = {lang: client.post(f"{API}/forms/unified_declaration_individual/computation", json=body, headers={"Accept-Language": lang}).json()["trace"]
             for lang in ("ky", "ru", "en")}
    ru = {s["msgid"]: s for s in views["ru"]["steps"]}
    ky = {s["msgid"]: s for s in views["ky"]["steps"]}
    tax = "Income tax: {base} × {rate}"
    assert ru[tax]["text"] == "Подоходный налог: 592\u00a0200,00 сом × 10\u00a0%" and ru[tax]["value_text"] == "59\u00a0220,00 сом"
    assert ky[tax]["text"] == "Киреше салыгы: 592\u00a0200,00 сом × 10\u00a0%" and ky[tax]["citation_text"] == "СК 174-бер."
    assert ru[tax]["citation"] == "TC art. 174" and ru[tax]["citation_text"] == "НК ст. 174"
    assert ru[tax]["parameters"] == {"base": "592200.00", "rate": "0.10"}
    assert ru["Personal deduction: {months} month(s) × {per_month}"]["text"] == "Личный вычет: 12 мес. × 650,00 сом"
    assert views["ru"]["title"] == "Подоходный налог за 2024 год" and views["ky"]["title"] == "2024-жылдагы киреше салыгы"
    assert views["en"]["title"] == "Income tax for 2024"
    for lang in ("ky", "ru"):
        for step in views[lang]["steps"]:
            assert not re.search(LATIN_WORD, step["text"] + step.get("citation_text", "") + step.get("value_text", "")), (lang, step)


def test_every_form_explains_itself_without_english(client):
    # Each computing form, in ky and ru: no Latin word in any step (the profit tax's sample rate
    # included, which must say so in the reader's language).
    import re

    cases = {
        "unified_declaration_individual": ("2024", {"employment_income": "460000.00", "other_income": "1000.00", "social_insurance": "36000.00",
                                                      "pension_contributions": "5000.00", "dependants": 1}),
        "profit_tax": ("2024", {"sales_income": "1000000", "other_income": "5000.00", "expenses": "400000.00", "depreciation": "1000.00"}),
        "income_tax_agent": ("2024-03", {"employees": [{"income_paid": "50000.00"}, {"income_paid": "20000.00", "not_labour_contract": True}]}),
    }
    for code, (period, values) in cases.items():
        for lang in ("ky", "ru"):
            r = client.post(f"{API}/forms/{code}/computation", json={"period": period, "values": values}, headers={"Accept-Language": lang})
            assert r.status_code == 200, r.text
            trace = r.json()["trace"]
            texts = [trace["title"]] + [s["text"] + s.get("citation_text", "") + s.get("value_text", "") for s in trace["steps"]]
            bad = [t for t in texts if re.search(LATIN_WORD, t)]
            assert not bad, (code, lang, bad)
    sample = client.post(f"{API}/forms/profit_tax/computation", json={"period": "2024", "values": {"sales_income": "1000"}},
                         headers={"Accept-Language": "ru"}).json()["trace"]["steps"][-1]["text"]
    assert "ставка приведена как образец" in sample
