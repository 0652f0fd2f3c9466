"""My account: change the password and see (and end) the sessions open on it (issue 11 item 7;
Offer 5.7, 7.5). The taxpayer's page is ``/account`` (behind the offer gate, like ``/me/password``),
the tax-office user's ``/officer/account``; both are thin faces over ``registry.account_security``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.api.middleware import client_address
from salyk.kernel.config import BISHKEK
from salyk.kernel.errors import SalykError
from salyk.kernel.principal import StaffPrincipal, SystemPrincipal, TaxpayerPrincipal
from salyk.registry import account_security
from salyk.web.forms import form_page
from salyk.web.render import N_, message_of, redirect, render
from salyk.web.session import Redirect, Visit, require_cabinet, require_staff, visit

router = APIRouter(include_in_schema=False)

MAX_PASSWORD = 200
DONE = {
    "changed": N_("Your password is changed. Every other session has been ended."),
    "revoked": N_("The session has been ended."),
}


def _account(v: Visit, base: str) -> tuple[StaffPrincipal | SystemPrincipal | TaxpayerPrincipal, str]:
    """The account of this page and the session's token (the account's own sessions are told by it)."""
    principal = require_staff(v) if base == "/officer/account" else require_cabinet(v)
    if v.token is None:  # a principal comes only with its token (session.visit)
        raise Redirect("/login")
    return principal, v.token


def _page(v: Visit, base: str, *, error: str | None = None, error_field: str | None = None, done: str | None = None, status: int = 200) -> Response:
    principal, token = _account(v, base)
    found = account_security.my_sessions(v.rt, principal, token=token)
    sessions = [(s, s.created_at.astimezone(BISHKEK), s.expires_at.astimezone(BISHKEK)) for s in found.sessions]
    return render(v, "account.html", status=status, base=base, sessions=sessions, total=found.total,
                  error=error, error_field=error_field, done=DONE.get(done or ""))


@router.get("/account")
def account_page(request: Request, done: str = "") -> Response:
    return _page(visit(request), "/account", done=done)


@router.get("/officer/account")
def officer_account_page(request: Request, done: str = "") -> Response:
    return _page(visit(request), "/officer/account", done=done)


def _change(base: str) -> Callable[[Visit, dict[str, str]], Response]:
    def submit(v: Visit, form: dict[str, str]) -> Response:
        principal, token = _account(v, base)
        current, new, again = (form.get(k, "")[:MAX_PASSWORD] for k in ("current_password", "new_password", "new_password_again"))
        if not current:
            return _page(v, base, status=422, error=v.gettext(N_("Enter your current password.")), error_field="current_password")
        if new != again:
            return _page(v, base, status=422, error=v.gettext(N_("The two new passwords are not the same.")), error_field="new_password_again")
        try:
            account_security.change_password(v.rt, principal, current, new, token=token, address=client_address(v.request))
        except SalykError as exc:
            field = "current_password" if exc.code == "WRONG_PASSWORD" else "new_password" if exc.code in ("WEAK_PASSWORD", "SAME_PASSWORD") else None
            return _page(v, base, status=exc.status, error=message_of(exc, v.lang), error_field=field)
        return redirect(v, f"{base}?done=changed")

    submit.__name__ = f"change_password_{base.strip('/').replace('/', '_')}"
    return submit


def _revoke(base: str) -> Callable[[Visit, dict[str, str]], Response]:
    def submit(v: Visit, form: dict[str, str]) -> Response:
        principal, token = _account(v, base)
        try:
            own = account_security.revoke_session(v.rt, principal, form.get("session", "")[:64], token=token)
        except SalykError as exc:
            return _page(v, base, status=exc.status, error=message_of(exc, v.lang))
        if own:  # the user ended the session of this very browser: logged out
            v.drop_session = True
            return redirect(v, "/login")
        return redirect(v, f"{base}?done=revoked")

    submit.__name__ = f"revoke_session_{base.strip('/').replace('/', '_')}"
    return submit


for _base in ("/account", "/officer/account"):
    router.post(f"{_base}/password")(form_page(_change(_base)))
    router.post(f"{_base}/sessions")(form_page(_revoke(_base)))
