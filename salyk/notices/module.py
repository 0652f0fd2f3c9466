"""The notices module: the cabinet inbox and e-mail alerts (Offer 6.2, 7.1), decisions of the tax
body with proof of delivery (TC art. 82-83), appeals (TC art. 146-152) and the access log (TC art. 54)."""

from pathlib import Path

from salyk.kernel.module import Link, Module

MODULE = Module(
    key="notices",
    title="Notices, decisions and appeals",
    citation="Offer 6.2",
    api=("salyk.notices.api:router",),
    pages=("salyk.notices.pages:router",),
    models=("salyk.notices.models",),
    migrations=Path(__file__).parent / "migrations",
    templates=Path(__file__).parent / "templates",
    locale="notices",
    # No home-screen tile: the notices are not one of the services of Offer 3.1; the bell on every
    # page leads to the inbox.
    menu=(
        Link("Notices", "/notices"),
        Link("Decisions", "/notices/decisions"),
        Link("E-mail alerts", "/notices/email"),
        Link("Who looked at my data", "/notices/access-log"),
    ),
    officer_links=(Link("Decisions and appeals", "/officer/decisions"),),
    number_series=("notices.decision", "notices.appeal"),
    outbox_handlers=(
        ("notices.deliver", "salyk.notices.inbox:deliver"),
        ("notices.email", "salyk.notices.email:send"),
        ("notices.offer_fanout", "salyk.notices.hooks:offer_fanout"),
    ),
    scheduled=("salyk.notices.reminders:run", "salyk.notices.appeals:deem_satisfied"),
    # The unread count behind the bell on every page (salyk.web.render).
    extra={"bell": "salyk.notices.inbox:unread"},
)
