"""``salyk law explain income-tax | profit-tax | depreciation`` (Typer CliRunner): Rich tables and
--json traces of the worked examples. Samples: calculation index 100, MEI 6,000, profit tax 10%."""

import json

from typer.testing import CliRunner

from salyk.commands.law import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["explain", *args])


def test_income_tax_agent_worked_example_1_json():
    # Spec Ex. 1, TC art. 176: 30,000 - 650 - 200 - 3,000 = 26,150; tax 2,615
    r = run("income-tax", "--month", "2024-04", "--income", "30000", "--social-insurance", "3000", "--dependants", "2", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"] == "2615.00"
    assert "TC art. 176(2)" in [s.get("citation") for s in data["steps"]]
    samples = {p["name"] for p in data["parameters"] if p["sample"]}
    assert {"calculation_index", "income_tax_minimum_calculated_income"} <= samples


def test_income_tax_agent_cumulative_months():
    # Spec Ex. 2, TC art. 176(3): 5,000 a month since January, March: cumulative MEI 18,000 x 10% - 1,200 = 600
    r = run("income-tax", "--month", "2024-03", "--since", "2024-01", "--income", "5000", "--social-insurance", "500", "--json")
    assert json.loads(r.output)["result"] == "600.00"


def test_income_tax_annual_rich_table():
    # TC arts. 170, 174, 175(1): 460,000 - (7,800 + 1,200 + 36,000) - 230,000 - 18,500 = 166,500; tax 16,650;
    # final 16,650 - 31,500 = -14,850 (spec Ex. 7)
    r = run(
        "income-tax", "--year", "2024", "--income", "460000", "--social-insurance", "36000", "--dependants", "1",
        "--education", "50000", "--mortgage", "250000", "--withheld", "31500",
    )
    assert r.exit_code == 0, r.output
    assert "-14850.00" in r.output and "TC art. 175(1)" in r.output and "Parameters used" in r.output


def test_income_tax_needs_month_or_year():
    assert run("income-tax", "--income", "1000").exit_code == 2
    assert run("income-tax", "--income", "1000", "--month", "2024-04", "--year", "2024").exit_code == 2
    assert run("income-tax", "--income", "ten", "--month", "2024-04").exit_code == 2
    assert run("income-tax", "--income", "10", "--month", "2024-13").exit_code == 2


def test_profit_tax_worked_example_10_json():
    # Spec Ex. 10: income 12,100,000 taxable + 300,000 exempt dividends; expenses 9,530,000 + depreciation 262,500
    # profit 2,307,500; tax 230,750 at the sample rate
    r = run(
        "profit-tax", "--year", "2024", "--income", "12100000", "--expenses", "9530000",
        "--exempt-dividends", "300000", "--depreciation", "262500", "--json",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"] == "230750.00"
    assert "TC art. 189(1)(4)" in [s.get("citation") for s in data["steps"]]
    assert [p["sample"] for p in data["parameters"] if p["name"] == "profit_tax_rate"] == [True]


def test_depreciation_worked_example_8():
    # Spec Ex. 8, TC art. 200(6): 750,000 + 480,000 x 7.5/12 = 1,050,000; 25% = 262,500
    r = run("depreciation", "--year", "2024", "--group", "2", "--value", "1000000", "--last-depreciation", "250000", "--add", "480000@2024-05-10", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["result"] == "262500.00"


def test_depreciation_building_and_errors():
    # Spec Ex. 9, TC art. 200(3): 6,000,000 x 9.5/12 = 4,750,000; 10% = 475,000
    r = run("depreciation", "--year", "2024", "--group", "5", "--structure", "warehouse", "--add", "6000000@2024-03-15")
    assert r.exit_code == 0, r.output
    assert "475000.00" in r.output and "TC art. 200(6)" in r.output
    # a building without its name, a bad --add
    assert run("depreciation", "--year", "2024", "--group", "5", "--add", "6000000@2024-03-15").exit_code == 2
    assert run("depreciation", "--year", "2024", "--group", "2", "--add", "480000").exit_code == 2
