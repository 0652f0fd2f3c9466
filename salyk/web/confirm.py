"""The confirm step of an officer's decision, without JavaScript: the list's Approve or Reject
button posts the form; the first post answers with a page that says what will happen and to whom
(name, ИСН, kind; the amount) and posts the same fields again with ``confirmed=yes``. Only that
second post acts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from starlette.responses import Response

from salyk.web.csrf import FIELD as CSRF_FIELD
from salyk.web.render import render
from salyk.web.session import Visit

FIELD = "confirmed"


def confirmed(form: Mapping[str, str]) -> bool:
    return form.get(FIELD) == "yes"


def confirm_page(v: Visit, *, action: str, form: Mapping[str, str], question: str, button: str, tone: str, back: str,
                 who: Mapping[str, str] | None = None, facts: Sequence[tuple[str, str]] = (),
                 extra: Sequence[tuple[str, str]] = ()) -> Response:
    """``question`` and ``button`` are msgids; ``facts`` are (label msgid, value already written for the reader);
    ``extra`` are repeated fields (several ``items``);
    ``tone`` is "approve" or "danger" (the button's colour)."""
    fields = [(k, val) for k, val in form.items() if k not in (CSRF_FIELD, FIELD)] + list(extra)
    return render(v, "confirm.html", action=action, fields=fields, question=question, button=button, tone=tone, back=back,
                  who=who, facts=list(facts))
