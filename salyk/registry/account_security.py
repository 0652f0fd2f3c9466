"""The user's own account: changing the password, the sessions (tokens) open on it, and the
password asked again before a sensitive act (the signing-PIN reset). Offer 5.7: the user keeps
the password strong and secret, so the user may change it; Offer 7.5: password guessing.

- Every password check here goes through ``accounts.check_password``, the same counted attempt
  login makes: a wrong current password counts toward the lock-out of that login (five, then 423
  ``ACCOUNT_LOCKED``), so none of these endpoints is a way around it. A wrong one answers 422
  ``WRONG_PASSWORD`` (the caller is already logged in: not a 401, which would log a client out).
- The new password follows the strength rule the tax office's issuing follows
  (``kernel.passwords.check_strength``, 422 ``WEAK_PASSWORD``); it is checked first, before any
  attempt is spent.
- A change ends every other session of the account at once; the token it was made with keeps
  working (the user stays where they are). The old password no longer logs in.
- Sessions are shown by an id derived from the stored token digest (never the token, never the
  digest itself), with when they were opened and when they expire.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, update

from salyk.db.models.registry import AuthSession, Officer, TaxpayerCredential
from salyk.kernel import audit
from salyk.kernel.errors import Forbidden, NotFound, ValidationFailed
from salyk.kernel.notify import notify
from salyk.kernel.passwords import check_strength
from salyk.kernel.principal import Principal, StaffPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime
from salyk.registry import accounts

MAX_LISTED = 50  # the newest sessions shown; the rest are counted


@dataclass(frozen=True)
class SessionView:
    id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    current: bool


@dataclass(frozen=True)
class Sessions:
    sessions: list[SessionView]
    total: int  # every active session, listed or not


def _account(principal: Principal) -> TaxpayerPrincipal | StaffPrincipal:
    """A person with a password of their own: a taxpayer or a tax-office user (not the system)."""
    if isinstance(principal, TaxpayerPrincipal) or (isinstance(principal, StaffPrincipal) and principal.officer_id is not None):
        return principal
    raise Forbidden("FORBIDDEN", "You do not have access to this.")


def _wrong() -> ValidationFailed:
    return ValidationFailed("WRONG_PASSWORD", "The current password is wrong.")


def confirm_password(rt: Runtime, principal: Principal, password: str | None, *, address: str) -> None:
    """The logged-in user proves they know the account password (before a sensitive act).

    A counted attempt like a login's: wrong → 422 ``WRONG_PASSWORD`` and the failure stays
    counted; the fifth locks the login (423 ``ACCOUNT_LOCKED``) for login and here alike.
    """
    account = _account(principal)
    now = rt.now()
    found = accounts.check_password(rt, account.login, password if isinstance(password, str) else "", address=address, now=now)
    if not _same_account(found, account):
        with rt.db.transaction() as session:
            audit.record(session, account, "account.password.wrong", taxpayer_id=account.taxpayer_id, at=now)
        raise _wrong()
    with rt.db.transaction() as session:
        accounts.attempt_succeeded(rt, session, account.login, address)


def _same_account(found: Principal | None, account: Principal) -> bool:
    if found is None:
        return False
    if isinstance(account, TaxpayerPrincipal):
        return found.taxpayer_id == account.taxpayer_id
    return found.officer_id == account.officer_id


def change_password(rt: Runtime, principal: Principal, current_password: str, new_password: str, *, token: str, address: str) -> None:
    """``POST /me/password``: the user sets a new password after proving the current one.

    ``token`` is the session the change is made in: it keeps working, every other one of the
    account is revoked in the same transaction.
    """
    account = _account(principal)
    login = account.login
    # Staff logins are names ("officer"): as at issuing, only a taxpayer's ИСН is refused inside it.
    check_strength(new_password, login=login if isinstance(account, TaxpayerPrincipal) else "")
    now = rt.now()
    found = accounts.check_password(rt, login, current_password, address=address, now=now)
    if not _same_account(found, account):
        with rt.db.transaction() as session:
            audit.record(session, account, "account.password.wrong", taxpayer_id=account.taxpayer_id, at=now)
        raise _wrong()
    if new_password == current_password:
        with rt.db.transaction() as session:
            accounts.attempt_succeeded(rt, session, login, address)
        raise ValidationFailed("SAME_PASSWORD", "The new password must differ from the current one.")
    old_hash = _stored_hash(rt, account)
    hashed = rt.passwords.hash(new_password)
    with rt.db.transaction() as session:
        row: TaxpayerCredential | Officer | None
        if isinstance(account, TaxpayerPrincipal):
            row = session.get(TaxpayerCredential, account.taxpayer_id, with_for_update=True)
        else:
            row = session.get(Officer, account.officer_id, with_for_update=True)
        if row is None or row.password_hash != old_hash:
            # Reset by the tax office between the check and now: the password proved is no longer current.
            raise _wrong()
        row.password_hash = hashed
        if isinstance(row, TaxpayerCredential):
            row.issued_at, row.issued_by = now, None  # set by the user, not issued by an officer
        accounts.attempt_succeeded(rt, session, login, address)
        accounts.revoke_all(session, taxpayer_id=account.taxpayer_id, officer_id=account.officer_id, at=now, keep_token=token)
        audit.record(session, account, "account.password.change", taxpayer_id=account.taxpayer_id, at=now)
        if account.taxpayer_id is not None:
            # Told in the cabinet (and by e-mail when confirmed): a change the owner did not make shows.
            notify(session, taxpayer_id=account.taxpayer_id, kind="password_changed", title="Your password was changed",
                   body="The password of your cabinet was changed and every other session was ended. If it was not you, contact the tax office at once.",
                   now=now)


def _stored_hash(rt: Runtime, account: TaxpayerPrincipal | StaffPrincipal) -> str | None:
    with rt.db.read() as session:
        if isinstance(account, TaxpayerPrincipal):
            return session.scalar(select(TaxpayerCredential.password_hash).where(TaxpayerCredential.taxpayer_id == account.taxpayer_id))
        return session.scalar(select(Officer.password_hash).where(Officer.id == account.officer_id))


def session_id(token_sha256: str) -> str:
    """The public name of a session: derived from the stored digest, useless as a credential."""
    return hashlib.sha256(b"salyk-session:" + token_sha256.encode("ascii")).hexdigest()[:24]


def _owned(account: TaxpayerPrincipal | StaffPrincipal) -> ColumnElement[bool]:
    if isinstance(account, TaxpayerPrincipal):
        return AuthSession.taxpayer_id == account.taxpayer_id
    return AuthSession.officer_id == account.officer_id


def my_sessions(rt: Runtime, principal: Principal, *, token: str) -> Sessions:
    """The account's sessions in force (not revoked, not expired), newest first; ``current`` marks
    the one of this request."""
    account = _account(principal)
    now, mine = rt.now(), accounts.token_digest(token)
    alive = (_owned(account), AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
    with rt.db.read() as session:
        total = int(session.scalar(select(func.count()).select_from(AuthSession).where(*alive)) or 0)
        rows = session.execute(
            select(AuthSession.token_sha256, AuthSession.created_at, AuthSession.expires_at)
            .where(*alive).order_by(AuthSession.created_at.desc(), AuthSession.token_sha256).limit(MAX_LISTED)
        ).all()
        current = session.execute(select(AuthSession.token_sha256, AuthSession.created_at, AuthSession.expires_at).where(AuthSession.token_sha256 == mine, *alive)).first()
    if current is not None and all(r.token_sha256 != mine for r in rows):
        rows = [current, *rows[: MAX_LISTED - 1]]  # this session is always on the list
    views = [SessionView(session_id(r.token_sha256), r.created_at, r.expires_at, r.token_sha256 == mine) for r in rows]
    return Sessions(views, total)


def revoke_session(rt: Runtime, principal: Principal, sid: str, *, token: str) -> bool:
    """End one of the account's sessions by its id; returns whether it was this request's own
    (the caller is then logged out). An unknown, foreign or already ended id is 404
    ``SESSION_NOT_FOUND``."""
    account = _account(principal)
    sid = sid.strip().lower() if isinstance(sid, str) else ""
    if len(sid) != 24 or any(c not in "0123456789abcdef" for c in sid):
        raise NotFound("SESSION_NOT_FOUND", "No such session.")
    now = rt.now()
    with rt.db.transaction() as session:
        digests = session.scalars(select(AuthSession.token_sha256).where(_owned(account), AuthSession.revoked_at.is_(None), AuthSession.expires_at > now))
        target = next((d for d in digests if session_id(d) == sid), None)
        if target is None:
            raise NotFound("SESSION_NOT_FOUND", "No such session.")
        session.execute(update(AuthSession).where(AuthSession.token_sha256 == target).values(revoked_at=now))
        audit.record(session, account, "account.session.revoke", taxpayer_id=account.taxpayer_id, at=now, session_id=sid)
    return target == accounts.token_digest(token)
