"""The platform's own module: login, the offer, the taxpayer card, the officer's register
(Offer 3.1(1), 3.3). It cannot be switched off: without it nobody could read why a service is."""

from pathlib import Path

from salyk.kernel.module import Link, Module

MODULE = Module(
    key="registry",
    title="Login to the taxpayer's cabinet",
    citation="Offer 3.1(1)",
    switchable=False,
    api=("salyk.api.routers.auth:router", "salyk.api.routers.me:router", "salyk.api.routers.officer:router",
         "salyk.api.routers.platform:router"),
    pages=("salyk.web.pages.auth:router", "salyk.web.pages.home:router", "salyk.web.pages.offer:router",
           "salyk.web.pages.officer:router", "salyk.web.pages.admin:router", "salyk.web.pages.account:router"),
    cli=(("law", "salyk.commands.law:app"),),
    models=("salyk.db.models.registry", "salyk.kernel.models"),
    migrations=Path(__file__).parent.parent / "db" / "migrations" / "versions",
    locale="platform",
    # The cabinet's own pages, first in the menu (salyk.web.menu).
    menu=(
        Link("My services", "/"),
        Link("My card", "/card"),
        Link("My account", "/account"),
        Link("The offer", "/offer"),
    ),
    officer_links=(
        Link("Register a taxpayer", "/officer/taxpayers/new"),
        Link("Issue a password", "/officer/credentials"),
        Link("Publish an offer version", "/officer/offers"),
    ),
)
