"""E-mail alerts (Offer 6.2): a taxpayer gives an address and confirms it with the code mailed to
it; from then on each new inbox notice sends "you have a new message in the cabinet". A mail
never carries amounts, names or links (HMRC's rule: a mail can be read by anyone who sees it,
and a link in a tax mail is what phishing imitates).

Sending is an outbox handler (``notices.email``): a mail server that is down is retried with
back-off, and a crash after sending may send twice (at-least-once; a duplicate alert is harmless).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from salyk.kernel import audit, authorize, outbox
from salyk.kernel.errors import Locked, NotFound, ValidationFailed, invalid_field
from salyk.kernel.i18n import gettext
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.notices.models import NoticeEmail

KIND = "notices.email"
MAX_CODE_FAILURES = 5
_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+")

NEW_MESSAGE_SUBJECT = "Salyk: you have a new message in the cabinet"
NEW_MESSAGE_BODY = "You have a new message in your Salyk taxpayer cabinet. Log in to the cabinet to read it."
CONFIRM_SUBJECT = "Salyk: confirm your e-mail address"
CONFIRM_BODY = "Your confirmation code for the Salyk cabinet: {code}. Enter it in the cabinet to receive alerts at this address."


@dataclass(frozen=True)
class EmailView:
    address: str
    confirmed: bool
    confirmed_at: dt.datetime | None


def _hash(rt: Runtime, code: str) -> str:
    return hmac.new(rt.settings.secret_key.encode(), f"email-code:{code}".encode(), hashlib.sha256).hexdigest()


def _check_address(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_field("address", "empty")
    address = value.strip()
    if len(address) > 254:
        raise invalid_field("address", "too_long")
    if not _ADDRESS.fullmatch(address):
        raise ValidationFailed("INVALID_EMAIL", "This is not an e-mail address.", {"field": "address"})
    return address


def _view(row: NoticeEmail) -> EmailView:
    return EmailView(row.address, row.confirmed_at is not None, row.confirmed_at)


def my_email(rt: Runtime, principal: Principal) -> EmailView | None:
    me = authorize.taxpayer(principal)
    with rt.db.read() as session:
        row = session.get(NoticeEmail, me.taxpayer_id)
        return None if row is None else _view(row)


def give(rt: Runtime, principal: Principal, address: Any) -> EmailView:
    """Set (or change) the address; it is used only after the code mailed to it is entered."""
    me = authorize.taxpayer(principal)
    address = _check_address(address)
    code = f"{secrets.randbelow(10**6):06d}"
    now = rt.now()
    with rt.db.transaction() as session:
        row = session.get(NoticeEmail, me.taxpayer_id, with_for_update=True)
        if row is None:
            row = NoticeEmail(taxpayer_id=me.taxpayer_id, address=address, requested_at=now, failed_attempts=0)
            session.add(row)
        row.address, row.code_hash, row.requested_at, row.confirmed_at, row.failed_attempts = address, _hash(rt, code), now, None, 0
        outbox.enqueue(session, KIND, {"to": address, "confirm_code": code}, now=now)
        audit.record(session, me, "notices.email.give", taxpayer_id=me.taxpayer_id, at=now)
        return _view(row)


def confirm(rt: Runtime, principal: Principal, code: Any) -> EmailView:
    me = authorize.taxpayer(principal)
    now = rt.now()
    with rt.db.transaction() as session:
        row = session.get(NoticeEmail, me.taxpayer_id, with_for_update=True)
        if row is None:
            raise NotFound("EMAIL_NOT_GIVEN", "Give an e-mail address first.")
        if row.confirmed_at is not None:
            return _view(row)
        if row.code_hash is None or row.failed_attempts >= MAX_CODE_FAILURES:
            raise Locked("EMAIL_CODE_LOCKED", "Too many wrong codes; give the address again to get a new code.")
        failed: ValidationFailed | None = None
        if not isinstance(code, str) or not hmac.compare_digest(_hash(rt, code.strip()), row.code_hash):
            row.failed_attempts += 1
            failed = ValidationFailed("EMAIL_CODE_WRONG", "The confirmation code is not right.")
        else:
            row.confirmed_at, row.code_hash = now, None
            audit.record(session, me, "notices.email.confirm", taxpayer_id=me.taxpayer_id, at=now)
        confirmed = _view(row)
    if failed is not None:
        raise failed  # after the commit, so the failed attempt is counted
    return confirmed


def remove(rt: Runtime, principal: Principal) -> None:
    me = authorize.taxpayer(principal)
    with rt.db.transaction() as session:
        row = session.get(NoticeEmail, me.taxpayer_id)
        if row is None:
            raise NotFound("EMAIL_NOT_GIVEN", "Give an e-mail address first.")
        session.delete(row)


def compose(payload: dict[str, Any], sender: str) -> EmailMessage:
    """The mail, in Kyrgyz and Russian (Offer 12.5); the alert has no amounts and no links."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = payload["to"]
    if payload.get("confirm_code"):
        message["Subject"] = gettext(CONFIRM_SUBJECT, "ky") + " / " + gettext(CONFIRM_SUBJECT, "ru")
        body = "\n\n".join(gettext(CONFIRM_BODY, lang, code=payload["confirm_code"]) for lang in ("ky", "ru"))
    else:
        message["Subject"] = gettext(NEW_MESSAGE_SUBJECT, "ky") + " / " + gettext(NEW_MESSAGE_SUBJECT, "ru")
        body = "\n\n".join(gettext(NEW_MESSAGE_BODY, lang) for lang in ("ky", "ru"))
    message.set_content(body)
    return message


def send(rt: Runtime, session: Session, payload: dict[str, Any]) -> None:
    """Outbox handler of ``notices.email``: one mail through the SMTP server of the settings."""
    url = rt.settings.smtp_url
    if not url:
        return  # no mail server configured: the inbox alone carries the message
    parts = urlsplit(url)
    with smtplib.SMTP(parts.hostname or "127.0.0.1", parts.port or 25, timeout=30) as smtp:
        smtp.send_message(compose(payload, rt.settings.mail_from))
