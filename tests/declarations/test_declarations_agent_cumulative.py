"""The tax agent's monthly report is cumulative, one row per employee (TC art. 176(3), 163(6),
163(4), 176(5)), filed through the HTTP API by an organisation. Parameters: rate 10 % (174),
personal deduction 6.5 x 100 = 650 a month (170(1)), minimum calculated income (MEI) 6,000 a
month (163(2), a sample)."""

from __future__ import annotations

from conftest import API, new_tin
from declarations_fixtures import org_signer  # noqa: F401 (fixture)


def _file(signer, period, employees, kind="initial"):
    r = signer.file(signer.document(form="income_tax_agent", period=period, zero=False, kind=kind, values={"employees": employees}))
    assert r.status_code == 201, r.text
    return signer.client.get(f"{API}/me/declarations/{r.json()['id']}", headers=signer.account.headers).json()


def test_the_month_is_the_tax_from_the_start_of_the_year_less_what_was_withheld(client, org_signer):  # noqa: F811
    a, c = new_tin(), new_tin()
    # January 2024, employee A: 5,000 - 650 = 4,350 < MEI 6,000 -> 6,000 x 10 % = 600 (163(2))
    assert _file(org_signer, "2024-01", [{"tin": a, "income_paid": "5000.00"}])["tax_due"] == "600.00"
    # February 2024, A: 20,000 - 650 = 19,350; from the start of the year 4,350 + 19,350 = 23,700 >
    # MEI 2 x 6,000 = 12,000 -> tax 2,370 less 600 withheld in January = 1,770 (176(3)).
    # (Before, the month alone: 19,350 x 10 % = 1,935.)
    # C is one of the categories of 163(4) (no MEI): 3,000 - 650 = 2,350 -> 235 (before: MEI 6,000 -> 600).
    feb = _file(org_signer, "2024-02", [{"tin": a, "income_paid": "20000.00"},
                                        {"tin": c, "income_paid": "3000.00", "minimum_income_excluded": True}])
    assert feb["tax_due"] == "2005.00"  # 1,770 + 235


def test_a_mid_month_hire_gets_a_pro_rated_minimum_income(client, org_signer):  # noqa: F811
    # Hired on 20 March 2024: labour relations 12 of 31 days. 176(5): fewer than 15 days, so no standard
    # deduction: base 2,000. 163(6): MEI 6,000 x 12/31 = 2,322.58 (to the tyiyn); 2,322.58 > 2,000 ->
    # tax 232.258 -> 232.26. (Before: the whole month's MEI, 6,000 -> 600.00.)
    b = new_tin()
    assert _file(org_signer, "2024-03", [{"tin": b, "income_paid": "2000.00", "employment_days": 12}])["tax_due"] == "232.26"


def test_one_row_per_employee(client, org_signer):  # noqa: F811
    t = new_tin()
    r = org_signer.file(org_signer.document(form="income_tax_agent", period="2024-04", zero=False,
                                            values={"employees": [{"tin": t, "income_paid": "1.00"}, {"tin": t, "income_paid": "2.00"}]}))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "employees[1].tin", "reason": "duplicate"}
    r = org_signer.file(org_signer.document(form="income_tax_agent", period="2024-04", zero=False,
                                            values={"employees": [{"tin": "123", "income_paid": "1.00"}]}))
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "employees[0].tin", "reason": "not_a_tin"}


def test_the_minimum_income_of_the_agents_district(client, org_signer):  # noqa: F811
    # 163(3): the MEI by district or city (sample values of the dated table): Osh city 5,500 a month.
    # 3,000 paid in May 2024 - 650 = 2,350 < 5,500 -> 550.00 (with the general sample 6,000: 600.00).
    e = new_tin()
    r = org_signer.file(org_signer.document(form="income_tax_agent", period="2024-05", zero=False,
                                            values={"locality": "osh_city", "employees": [{"tin": e, "income_paid": "3000.00"}]}))
    assert r.status_code == 201, r.text
    entry = client.get(f"{API}/me/declarations/{r.json()['id']}", headers=org_signer.account.headers).json()
    assert entry["tax_due"] == "550.00"
    r = client.post(f"{API}/forms/income_tax_agent/computation", json={"period": "2024-05", "values": {
        "locality": "atlantis", "employees": [{"income_paid": "1.00"}]}})
    assert r.status_code == 422 and r.json()["error"]["details"] == {"field": "locality", "reason": "not_allowed"}
    options = next(f for f in next(x for x in client.get(f"{API}/forms").json()["forms"] if x["code"] == "income_tax_agent")["fields"]
                   if f["name"] == "locality")["options"]
    assert "osh_city" in options and "bishkek" in options
