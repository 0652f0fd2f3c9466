"""The contract's CLI: db upgrade, officer create (idempotent), demo (idempotent)."""

from typer.testing import CliRunner

from salyk.cli import app


def test_cli_on_a_new_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SALYK_DATABASE_URL", url)
    monkeypatch.setenv("SALYK_SECRET_KEY", "k")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(app, ["officer", "create", "--login", "inspector", "--password", "inspector-pass-1"])
    again = runner.invoke(app, ["officer", "create", "--login", "inspector", "--password", "inspector-pass-1", "--role", "admin"])
    assert first.exit_code == 0 and "created" in first.output
    assert again.exit_code == 0 and "updated admin" in again.output
    out1 = runner.invoke(app, ["demo"])
    out2 = runner.invoke(app, ["demo"])
    assert out1.exit_code == 0 and out2.exit_code == 0
    assert "officer-demo-2024" in out1.output and "21505199000123" in out1.output

    from salyk.kernel.config import Settings
    from salyk.registry import accounts
    from salyk.kernel.runtime import Runtime

    rt = Runtime.from_settings(Settings.from_env())
    assert accounts.login(rt, "officer", "officer-demo-2024").principal.role == "officer"
    assert accounts.login(rt, "01002201010017", "Demo-uyum-2024").principal.role == "taxpayer"
    rt.db.dispose()


def test_officer_create_refuses_a_bad_role(tmp_path, monkeypatch):
    monkeypatch.setenv("SALYK_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    r = runner.invoke(app, ["officer", "create", "--login", "x", "--password", "long-pass-1", "--role", "king"])
    assert r.exit_code == 2
