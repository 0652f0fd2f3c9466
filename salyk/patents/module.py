"""The e-patent module (Offer 3.1(3)): the catalogue and the quote, orders paid through a bank,
patents issued by the payment with a gapless number, a public check by QR, renewal, reminders."""

from pathlib import Path

from salyk.kernel.module import Link, Module, Tile

HERE = Path(__file__).parent

MODULE = Module(
    key="patents",
    title="Electronic patent",
    citation="Offer 3.1(3)",
    api=("salyk.patents.api:router",),
    pages=("salyk.patents.pages:router",),
    models=("salyk.patents.models",),
    migrations=HERE / "migrations",
    templates=HERE / "templates",
    locale="patents",
    tiles=(Tile("Electronic patent", "/patents", "Offer 3.1(3)"),),
    menu=(Link("Patent activities", "/patents/catalogue"),),
    officer_links=(Link("Patents", "/officer/patents"),),
    number_series=("patents.patent",),
    scheduled=("salyk.patents.reminders:run",),
    subscribers=(("ledger.payment_received", "salyk.patents.issue:on_payment"),),  # kernel.events.PAYMENT_RECEIVED
)
