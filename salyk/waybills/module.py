"""The waybills module: electronic goods-transport waybills (ЭТТК) signed by shipper, carrier and
consignee, checked on the road by QR (Offer 3.1(7))."""

from pathlib import Path

from salyk.kernel.module import Link, Module, Tile

HERE = Path(__file__).parent

MODULE = Module(
    key="waybills",
    title="Electronic waybills (ETTK)",
    citation="Offer 3.1(7)",
    api=("salyk.waybills.api:router",),
    pages=("salyk.waybills.pages:router",),
    models=("salyk.waybills.models",),
    migrations=HERE / "migrations",
    templates=HERE / "templates",
    locale="waybills",
    tiles=(Tile("Electronic waybills (ETTK)", "/waybills", "Offer 3.1(7)"),),
    menu=(Link("New waybill", "/waybills/new"),),
    officer_links=(Link("Waybills (ETTK)", "/officer/waybills"),),
    number_series=("waybills.waybill",),
    scheduled=("salyk.waybills.timers:run",),
)
