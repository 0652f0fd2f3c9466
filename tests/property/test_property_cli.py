"""``salyk registry import vehicles|real-estate FILE.csv``: the feed's rules from a monthly file
(TC art. 125), chunked; an unreadable file imports nothing. Both databases."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import new_tin, register_taxpayer
from property_helpers import my_property, rid
from salyk.property.cli import app

HEADER = "registry_id,version,tin,plate,vin,make,model,year,engine_cc,kind,book_value,owned_from,owned_to\n"


def _env(monkeypatch, runtime):
    monkeypatch.setenv("SALYK_DATABASE_URL", runtime.db.url)
    monkeypatch.setenv("SALYK_TODAY", "2025-03-14")


def test_import_vehicles_twice(tmp_path, monkeypatch, runtime, client, officer):
    _env(monkeypatch, runtime)
    owner = register_taxpayer(client, officer)
    tin = owner.login
    a, b, c = rid("V"), rid("V"), rid("V")
    path = tmp_path / "vehicles.csv"
    path.write_text("\ufeff" + HEADER
                    + f"{a},1,{tin},01KG001AAA,JTDBR32E720123456,Toyota,Camry,2019,2000,passenger,,2020-01-10,\n"
                    + f"{b},1,{tin},01KG002BBB,5YJ3E1EA7KF000001,Tesla,Model 3,2023,0,electric,2400000.00,2023-05-02,\n"
                    + f"{c},1,{new_tin()},01KG003CCC,JTDBR32E720123457,Lada,Niva,2010,1700,passenger,,2011-01-01,\n"
                    + f"{rid('V')},1,{tin},01KG004DDD,JTDBR32E720123458,Lada,Niva,2010,-1700,passenger,,2011-01-01,\n",
                    encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["import", "vehicles", str(path), "--chunk-size", "2"])
    assert first.exit_code == 1, first.output  # two rows refused
    assert "TAXPAYER_NOT_FOUND" in first.output and "negative" in first.output
    assert sorted(v["plate"] for v in my_property(client, owner)["vehicles"]) == ["01KG001AAA", "01KG002BBB"]
    second = runner.invoke(app, ["import", "vehicles", str(path)])
    assert second.exit_code == 1
    assert len(my_property(client, owner)["vehicles"]) == 2


def test_real_estate_file_and_a_file_that_cannot_be_read(tmp_path, monkeypatch, runtime, client, officer):
    _env(monkeypatch, runtime)
    owner = register_taxpayer(client, officer)
    path = tmp_path / "estate.csv"
    path.write_text("registry_id,version,tin,eni,address,purpose,area_m2,share,locality,owned_from,owned_to\n"
                    f'{rid("R")},1,{owner.login},1-02-03-0004-0005,"Бишкек ш., Чүй пр., 1",dwelling_house,200,1,bishkek,2015-01-01,\n',
                    encoding="utf-8")
    ok = CliRunner().invoke(app, ["import", "real-estate", str(path)])
    assert ok.exit_code == 0, ok.output
    assert my_property(client, owner)["real_estate"][0]["address"] == "Бишкек ш., Чүй пр., 1"
    bad = tmp_path / "bad.csv"
    bad.write_text("plate,colour\nX,red\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["import", "vehicles", str(bad)])
    assert refused.exit_code == 2 and "header" in refused.output
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert CliRunner().invoke(app, ["import", "real-estate", str(binary)]).exit_code == 2
    assert CliRunner().invoke(app, ["import", "boats", str(path)]).exit_code == 2
