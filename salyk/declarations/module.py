"""The declarations module: forms, signing certificates, signed filing with receipts, the
declarations journal and obligations (Offer 3.1(2))."""

from pathlib import Path

from salyk.kernel.module import Link, Module, Tile

MODULE = Module(
    key="declarations",
    title="Zero and full declarations, declarations journal",
    citation="Offer 3.1(2)",
    api=("salyk.api.routers.declarations:router",),
    pages=("salyk.web.pages.declarations:router",),
    models=("salyk.db.models.declarations",),
    migrations=Path(__file__).parent / "migrations",
    locale="declarations",
    tiles=(Tile("Zero and full declarations, declarations journal", "/declarations", "Offer 3.1(2)"),),
    menu=(
        Link("Declarations journal", "/declarations/journal"),
        Link("Full forms", "/declarations/forms"),
        Link("Signing PIN", "/declarations/signature"),
    ),
    number_series=("declarations.receipt",),
)
