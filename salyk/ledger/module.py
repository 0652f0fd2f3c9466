"""The ledger module: debt, interest and overpayment with the reason for every som, the statement,
payments, refunds and offsets, deferrals, write-offs (Offer 3.1(5), 3.1(6))."""

from pathlib import Path

from salyk.kernel.module import Link, Module, Tile

MODULE = Module(
    key="ledger",
    title="Debt and overpayment",
    citation="Offer 3.1(5)",
    api=("salyk.api.routers.ledger:router",),
    pages=("salyk.web.pages.ledger:router",),
    cli=(("payments", "salyk.commands.payments:app"),),
    models=("salyk.db.models.ledger",),
    migrations=Path(__file__).parent / "migrations",
    locale="ledger",
    tiles=(
        Tile("Debt and overpayment", "/balance", "Offer 3.1(5)"),
        Tile("Payments", "/payments", "Offer 3.1(6)"),
    ),
    menu=(
        Link("Statement", "/statement"),
        Link("Refund or offset", "/refunds"),
        Link("Deferral", "/deferrals"),
    ),
    officer_links=(
        Link("Load a bank payment file", "/officer/ledger/upload"),
        Link("Refund applications", "/officer/ledger/refunds"),
        Link("Deferral applications", "/officer/ledger/deferrals"),
    ),
    number_series=("ledger.refund", "ledger.deferral", "ledger.write_off"),
)
