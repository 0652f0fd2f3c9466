"""Jinja2 templates with autoescape, translated through ``salyk.kernel.i18n.gettext`` (jinja2.ext.i18n).

Every page goes out with headers that keep it from being framed or cached and forbid inline
script (nothing here needs it), so a name that slipped past escaping still could not run.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.parse import quote
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from salyk.kernel import explanations, i18n, labels
from salyk.kernel.errors import SalykError
from salyk.kernel.module import Link
from salyk.law.citation import Citation
from salyk.modules import MODULES, ServiceView, offer_services
from salyk.web.csrf import FIELD as CSRF_FIELD
from salyk.web.menu import current_path, menu_for
from salyk.web.session import Visit

TEMPLATES = Path(__file__).parent / "templates"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def N_(msgid: str) -> str:
    """Marks a msgid for the catalog check without translating it here."""
    return msgid


KIND_LABELS = {
    "individual": N_("Individual"),
    "individual_entrepreneur": N_("Individual entrepreneur"),
    "organization": N_("Organisation"),
}

# What an officer's action did, shown once on the page it leads to (``?done=<key>``, after a
# redirect: reloading the page repeats nothing). Only these keys show anything.
DONE = {
    "refund.approve": N_("The application is approved."),
    "refund.reject": N_("The application is rejected."),
    "refund.paid": N_("The refund is marked as paid."),
    "deferral.grant": N_("The deferral is granted."),
    "deferral.refuse": N_("The deferral is refused."),
    "deferral.terminate": N_("The deferral is terminated early."),
    "write_off": N_("The debt is written off: decision %(number)s."),
    "report.resolved": N_("The answer is sent; the report is resolved."),
    "report.rejected": N_("The answer is sent; the report is rejected."),
    "appeal.done": N_("The decision on the appeal is recorded."),
    "decision.issued": N_("The decision is issued."),
    "decision.delivered": N_("The delivery is recorded."),
    "patent.revoked": N_("The patent is revoked."),
    "waybill.done": N_("The waybill is updated."),
}




@pass_context
def _gettext(context: Context, msgid: str) -> str:
    return i18n.gettext(msgid, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.gettext(singular if n == 1 else plural, context.get("lang", i18n.DEFAULT_LANGUAGE))


# The shell's templates, then each module's own folder (``Module.templates``).
environment = Environment(
    loader=FileSystemLoader([str(TEMPLATES), *(str(m.templates) for m in MODULES if m.templates is not None)]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n at runtime; Environment's stubs do not declare it
environment.globals["csrf_field"] = CSRF_FIELD
environment.globals["taxpayer_kinds"] = KIND_LABELS
# Dates as people in Kyrgyzstan write them (DD.MM.YYYY, also from ISO text); forms still take ISO
# from <input type=date>. Money with the language's separators and "сом" (Babel).
environment.filters["day"] = explanations.day
environment.filters["stamp"] = explanations.timestamp


@pass_context
def _money(context: Context, value: Decimal | int | str | None) -> str:
    return "" if value is None or value == "" else explanations.money(value, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _cite(context: Context, value: Citation | str | None) -> str:
    return explanations.citation_text(value, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _field_label(context: Context, field: str) -> str:
    return labels.label(field, context.get("lang", i18n.DEFAULT_LANGUAGE))


environment.filters["money"] = _money
environment.filters["label"] = _field_label
environment.filters["cite"] = _cite


def message_of(error: SalykError, lang: str) -> str:
    """The domain error's message in the page's language: the field by its label, the reason as
    what is wanted (``salyk.kernel.labels``); no code or raw field name reaches the page."""
    return labels.message(error, lang)


def field_of(error: SalykError) -> str | None:
    field = error.details.get("field") if isinstance(error.details, dict) else None
    if field is None and error.code in ("INVALID_TIN", "TAXPAYER_EXISTS"):
        return "tin"
    if field is None and error.code == "WEAK_PASSWORD":
        return "password"
    return field


def bell(v: Visit) -> int | None:
    """The unread notices of a taxpayer for the bell on every page (a module's ``extra["bell"]``,
    the notices module); None when no module provides one or it is switched off."""
    if not v.is_taxpayer:
        return None
    from salyk.kernel.module import load
    from salyk.kernel.switches import State

    for module in MODULES:
        target = module.extra.get("bell")
        if target and v.rt.switch_state(module.key).state is not State.OFF:
            unread: int | None = load(target)(v.rt, v.principal)  # the module's bell(rt, principal)
            return unread
    return None


def render(v: Visit, template: str, status: int = 200, **context: Any) -> Response:
    request = v.request
    context.setdefault("bell", bell(v))
    context.setdefault("menu", menu_for(v.principal, v.rt))
    context.setdefault("menu_current", current_path(context["menu"], request.url.path))
    context.setdefault("flash", _flash(request.query_params, v.lang))
    page = environment.get_template(template).render(
        lang=v.lang,
        other_lang="ru" if v.lang == "ky" else "ky",
        path=request.url.path,
        here=here(request),
        principal=v.principal,
        is_taxpayer=v.is_taxpayer,
        is_staff=v.is_staff,
        csrf_token=v.csrf_token,
        **({"fmt": lambda value: explanations.money(value, v.lang)} | context),
    )
    response = HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
    return v.apply_cookies(response)


def here(request: Request) -> str:
    """The page as the language switch should come back to it: path and query of a GET. After a
    POST (a form refused and shown again), the page the form was sent from when the browser says
    so (a same-site Referer: ``/waybills/12`` for a form posting to ``/waybills/act``), else the
    path (the switch's server side then finds the nearest page that answers GET)."""
    path = request.url.path
    if request.method in ("GET", "HEAD"):
        return f"{path}?{request.url.query}" if request.url.query else path
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.scheme in ("http", "https") and referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return path


def redirect(v: Visit, url: str) -> Response:
    return v.apply_cookies(RedirectResponse(url, status_code=303))


_NUMBER = re.compile(r"[0-9A-Za-zА-Яа-я/.\-]{1,40}")


def _flash(query: QueryParams, lang: str) -> str | None:
    """The success message a redirect asked for: a known key, and a document number of the safe shape."""
    msgid = DONE.get(query.get("done", ""))
    if msgid is None:
        return None
    number = query.get("number", "")
    if "%(number)s" in msgid:
        return i18n.gettext(msgid, lang) % {"number": number} if _NUMBER.fullmatch(number) else None
    return i18n.gettext(msgid, lang)


def redirect_done(v: Visit, url: str, done: str, number: str | None = None) -> Response:
    """After an officer's action: back to ``url`` with the success message ``DONE[done]`` (post, redirect, get)."""
    assert done in DONE, done
    extra = f"&number={quote(number)}" if number else ""
    return redirect(v, f"{url}{'&' if '?' in url else '?'}done={done}{extra}")


def error_page(v: Visit, status: int, message: str) -> Response:
    return render(v, "error.html", status=status, message=message)


def service_list(v: Visit) -> list[ServiceView]:
    """The services of Offer 3.1 for the home screen, with their switch state today."""
    return offer_services(v.rt)


def officer_links() -> list[Link]:
    """Every module's links for the officer's home screen, in module order."""
    return [link for m in MODULES for link in m.officer_links]
