"""Page modules, one per area; each has a ``router`` (an ``APIRouter(include_in_schema=False)``).

A service adds its own module here and to ``PAGES``. The pattern (see ``home.py``, ``officer.py``)::

    @router.get("/balance")
    def balance(request: Request):
        v = visit(request)                  # language, principal, CSRF token, cookies
        principal = require_cabinet(v)      # login + offer gate (or require_staff for officers)
        return render(v, "balance.html", ...)

    def pay_submit(v: Visit, form: dict[str, str]):   # CSRF already checked
        ...                                 # call the service; catch SalykError -> message_of(exc, v.lang)
    router.post("/balance")(form_page(pay_submit))

Texts in templates are ``{{ _("English msgid") }}`` with ky and ru in the service's own catalog
(``salyk/locale/<lang>/LC_MESSAGES/<service>.po``); tests/web/test_web_i18n.py checks them.
"""

from salyk.web.pages import auth, declarations, home, ledger, offer, officer

PAGES = (auth, home, offer, officer, declarations, ledger)
