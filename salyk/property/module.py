"""The property module: vehicles and real estate the registries report, with the tax they bring,
the taxpayer's reports on wrong data, and the annual assessment (Offer 3.1(4), TC art. 125)."""

from pathlib import Path

from salyk.kernel.module import Link, Module, Tile

MODULE = Module(
    key="property",
    title="Vehicles and real estate",
    citation="Offer 3.1(4)",
    api=("salyk.property.api:router",),
    pages=("salyk.property.pages:router",),
    cli=(("registry", "salyk.property.cli:app"),),
    models=("salyk.property.models",),
    migrations=Path(__file__).parent / "migrations",
    templates=Path(__file__).parent / "templates",
    locale="property",
    tiles=(Tile("Vehicles and real estate", "/property", "Offer 3.1(4)"),),
    menu=(Link("Property tax", "/property/tax"), Link("My reports", "/property/reports")),
    officer_links=(
        Link("Registry feed: vehicles and real estate", "/officer/property/feed"),
        Link("Reports on property data", "/officer/property/reports"),
    ),
    number_series=("property.report",),
)
