"""``salyk payments import FILE.csv``: the same rules as POST /officer/payments, from a file."""

import datetime as dt

from typer.testing import CliRunner

from conftest import new_tin
from salyk.commands.payments import app
from salyk.kernel.config import Settings
from salyk.db.migrate import upgrade
from salyk.ledger.payments import list_payments
from salyk.kernel.principal import StaffPrincipal
from salyk.registry.taxpayers import NewTaxpayer, find, register
from salyk.kernel.runtime import Runtime


def test_import_file_twice(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SALYK_DATABASE_URL", url)
    monkeypatch.setenv("SALYK_TODAY", "2025-03-14")
    upgrade(url)
    rt = Runtime.from_settings(Settings.from_env())
    tin = new_tin()
    register(rt, StaffPrincipal("officer", "t"), NewTaxpayer(tin, "individual", "A", "B", dt.date(2020, 1, 1)))
    csv_file = tmp_path / "statement.csv"
    csv_file.write_text(
        "\ufeffbank_reference,tin,tax,amount,paid_on\n"
        f"B-1,{tin},vat,100.00,2025-03-01\n"
        f"B-2,{tin},land_tax,20.50,2025-03-02\n"
        f"B-3,{new_tin()},vat,1.00,2025-03-02\n"
        f"B-4,{tin},road_tax,1.00,2025-03-02\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["import", str(csv_file), "--chunk-size", "2"])
    assert first.exit_code == 1, first.output  # two lines refused
    assert "TAXPAYER_NOT_FOUND" in first.output and "UNKNOWN_TAX" in first.output
    second = runner.invoke(app, ["import", str(csv_file)])
    assert second.exit_code == 1
    with rt.db.transaction() as s:
        listed = list_payments(s, find(s, tin).id)
    assert [(p.bank_reference, str(p.amount)) for p in listed] == [("B-2", "20.50"), ("B-1", "100.00")]  # once each
    ok = tmp_path / "ok.csv"
    ok.write_text(f"tin,bank_reference,tax,amount,paid_on\n{tin},B-1,vat,100.00,2025-03-01\n", encoding="utf-8")
    again = runner.invoke(app, ["import", str(ok)])
    assert again.exit_code == 0 and "1" in again.output  # a duplicate
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,tin\nx,y\n", encoding="utf-8")
    assert runner.invoke(app, ["import", str(bad)]).exit_code == 2
    assert runner.invoke(app, ["import", str(tmp_path / "missing.csv")]).exit_code == 2
    rt.db.dispose()
