"""Page modules, one per area; each has a ``router`` (an ``APIRouter(include_in_schema=False)``)
that its module's manifest names in ``Module.pages`` (``salyk.modules`` mounts them). The pattern (see ``home.py``, ``officer.py``)::

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
