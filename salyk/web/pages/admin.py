"""The administrator's pages: service switches (Offer 3.1(8), 6.6) and the law book's dated
values. The kernel's services check the admin role and write the audit rows."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salyk.kernel import authorize, lawbook, switches
from salyk.kernel.errors import SalykError, invalid_field
from salyk.modules import switch_states, switchable_keys
from salyk.web.forms import form_page, parse_date
from salyk.web.render import field_of, message_of, render
from salyk.web.session import Visit, require_staff, visit

router = APIRouter(prefix="/admin", include_in_schema=False)


def _switches_page(v: Visit, **extra: Any) -> Response:
    return render(v, "admin/services.html", services=switch_states(v.rt), today=v.rt.today(), **extra)


@router.get("/services")
def services_page(request: Request) -> Response:
    v = visit(request)
    authorize.admin(require_staff(v))
    return _switches_page(v)


def services_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    try:
        effective = parse_date(form.get("effective_from", ""), "effective_from") if form.get("effective_from") else v.rt.today()
        key = form.get("key", "")
        switches.switch(v.rt, principal, switchable_keys(), key, form.get("state", ""),
                        {"ky": form.get("message_ky", ""), "ru": form.get("message_ru", "")}, effective)
    except SalykError as exc:
        return _switches_page(v, error=message_of(exc, v.lang), error_field=field_of(exc), form=form, status=exc.status)
    return _switches_page(v, saved=key)


router.post("/services")(form_page(services_submit))


def _law_page(v: Visit, **extra: Any) -> Response:
    return render(v, "admin/law.html", values=lawbook.entered_values(v.rt), **extra)


@router.get("/law")
def law_page(request: Request) -> Response:
    v = visit(request)
    authorize.admin(require_staff(v))
    return _law_page(v)


def law_submit(v: Visit, form: dict[str, str]) -> Response:
    principal = require_staff(v)
    try:
        effective = parse_date(form.get("effective_from", ""), "effective_from")
        try:
            value = json.loads(form.get("value", ""))
        except ValueError:
            raise invalid_field("value", "not_allowed") from None
        entry = lawbook.enter_value(v.rt, principal, form.get("name", "").strip(), effective, value, form.get("citation", ""), form.get("note", ""))
    except SalykError as exc:
        return _law_page(v, error=message_of(exc, v.lang), error_field=field_of(exc), form=form, status=exc.status)
    return _law_page(v, saved=entry)


router.post("/law")(form_page(law_submit))
