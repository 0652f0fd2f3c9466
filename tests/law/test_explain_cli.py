"""``salyk law explain ...`` (Typer CliRunner): Rich output and --json traces."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from salyk.commands.law import app

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, list(args))
    return result


def test_interest_json_is_e1():
    """E1: 10,000 due 20 Mar 2024 paid 4 May 2024 -> 45 days x 9 = 405.00 (TC art. 71)."""
    r = run("explain", "interest", "--arrears", "10000", "--due", "2024-03-20", "--paid", "2024-05-04", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"] == "405.00"
    assert any(s.get("citation") == "TC art. 71(6)" for s in data["steps"])
    assert data["parameters"][0]["name"] == "late_payment_interest_rate"
    assert data["parameters"][0]["effective_from"] == "2009-01-01"


def test_interest_rich_table():
    r = run("explain", "interest", "--arrears", "10000", "--due", "2024-03-20", "--paid", "2024-05-04")
    assert r.exit_code == 0, r.output
    assert "405.00" in r.output and "TC art. 71(3)" in r.output and "Parameters used" in r.output


def test_bad_input_is_a_usage_error():
    r = run("explain", "interest", "--arrears", "ten", "--due", "2024-03-20", "--paid", "2024-05-04")
    assert r.exit_code == 2
    r = run("explain", "interest", "--arrears", "10", "--due", "2024-02-30", "--paid", "2024-05-04")
    assert r.exit_code == 2


def test_deadline_month():
    """TC art. 87(4)(3): March 2024 -> Sun 21 Apr -> Mon 22 Apr (16(6))."""
    r = run("explain", "deadline", "--period", "2024-03", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"] == "2024-04-22"
    assert [s["citation"] for s in data["steps"]] == ["TC art. 87(4)(3)", "TC art. 16(6)"]


def test_deadline_kinds():
    r = run("explain", "deadline", "--period", "2023", "--kind", "declaration", "--filer", "individual", "--json")
    assert json.loads(r.output)["result"] == "2024-04-01"
    r = run("explain", "deadline", "--period", "2016", "--kind", "limitation", "--json")
    assert json.loads(r.output)["result"] == "2023-01-09"
    r = run("explain", "deadline", "--period", "2024", "--kind", "payment", "--tax", "vat")
    assert r.exit_code == 2 and "38(1)" in r.output
    r = run("explain", "deadline", "--period", "2024-13")
    assert r.exit_code == 2


def test_deferral_interest_e6():
    """E6: 600,000 x 2 x 5 % (sample NBKR rate) x 90/365 = 14,794.52 (TC art. 79(4))."""
    r = run("explain", "deferral-interest", "--amount", "600000", "--start", "2017-03-01", "--end", "2017-05-30", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"] == "14794.52"
    assert any(p["name"] == "nbkr_discount_rate" and p["sample"] for p in data["parameters"])


def test_deferral_interest_with_an_instalment_and_rich_output():
    """600,000 from 1 Mar 2017, 100,000 paid 1 Apr, end 30 May, 10 %:
    (600,000 x 31 + 500,000 x 59) x 0.10 / 365 = 4,810,000 / 365 = 13,178.08."""
    r = run("explain", "deferral-interest", "--amount", "600000", "--start", "2017-03-01", "--end", "2017-05-30",
            "--instalment", "2017-04-01=100000")
    assert r.exit_code == 0, r.output
    assert "13178.08" in r.output and "SAMPLE" in r.output


def test_runnable_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "salyk.commands.law", "explain", "interest", "--arrears", "10000",
         "--due", "2024-03-20", "--paid", "2024-05-04", "--json"],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["result"] == "405.00"
