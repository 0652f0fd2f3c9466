"""Login, tokens and lock-out (Offer 3.3, 3.4, 5.2, 5.7, 7.5).

- One answer, 401 ``INVALID_CREDENTIALS``, whether the login is unknown or the password wrong,
  and the same cost (argon2 runs against a decoy hash for unknown logins).
- Five consecutive failures for a login lock it for 15 minutes (423 ``ACCOUNT_LOCKED``), known
  login or not, so the lock itself tells an attacker nothing (Offer 7.5: password mining).
- Tokens are random, stored only as their SHA-256, expire, and are revoked by logout or by a
  password reset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import AuthSession, LoginThrottle, Officer, OfferVersion, Taxpayer, TaxpayerCredential
from salyk.kernel.errors import Locked, Unauthorized
from salyk.kernel import audit
from salyk.registry import offers
from salyk.kernel.principal import Principal, StaffPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    token: str
    principal: Principal
    expires_at: dt.datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _invalid() -> Unauthorized:
    return Unauthorized("INVALID_CREDENTIALS", "Wrong login or password.")


def login(rt: Runtime, login_name: str, password: str) -> LoginResult:
    login_name = login_name.strip()
    now = rt.now()
    with rt.db.transaction() as session:
        throttle = session.get(LoginThrottle, login_name)
        if throttle and throttle.locked_until and throttle.locked_until > now:
            raise Locked("ACCOUNT_LOCKED", "Too many failed attempts: the account is locked until {until}.", {"locked_until": throttle.locked_until.isoformat()}, until=throttle.locked_until.astimezone(now.tzinfo).strftime("%H:%M"))
        principal, stored_hash = _find_account(session, login_name)
    if not rt.passwords.verify(stored_hash, password) or principal is None:
        _count_failure(rt, login_name, now)
        raise _invalid()
    token = secrets.token_urlsafe(32)
    expires = now + rt.settings.token_ttl
    with rt.db.transaction() as session:
        session.execute(update(LoginThrottle).where(LoginThrottle.login == login_name).values(failures=0, locked_until=None))
        session.add(AuthSession(token_sha256=_digest(token), role=principal.role, taxpayer_id=principal.taxpayer_id, officer_id=principal.officer_id, created_at=now, expires_at=expires))
        audit.record(session, principal, "auth.login", taxpayer_id=principal.taxpayer_id, at=now)
    return LoginResult(token, principal, expires)


def _find_account(session: Session, login_name: str) -> tuple[Principal | None, str | None]:
    row = session.execute(
        select(Taxpayer.id, Taxpayer.status, TaxpayerCredential.password_hash)
        .join(TaxpayerCredential, TaxpayerCredential.taxpayer_id == Taxpayer.id)
        .where(Taxpayer.tin == login_name)
    ).first()
    if row is not None:
        if row.status != "active":  # removed from the register (TC art. 99): no cabinet
            return None, None
        return TaxpayerPrincipal(login_name, taxpayer_id=row.id), row.password_hash
    officer = session.scalar(select(Officer).where(Officer.login == login_name))
    if officer is not None:
        return StaffPrincipal(officer.role, officer.login, officer_id=officer.id), officer.password_hash
    return None, None


def _count_failure(rt: Runtime, login_name: str, now: dt.datetime) -> None:
    # Its own transaction: the failed login itself is refused, but the count must stay.
    try:
        _add_failure(rt, login_name, now)
    except IntegrityError:  # two first failures raced to create the row: count again on it
        _add_failure(rt, login_name, now)


def _add_failure(rt: Runtime, login_name: str, now: dt.datetime) -> None:
    with rt.db.transaction() as session:
        throttle = session.get(LoginThrottle, login_name, with_for_update=True)
        if throttle is None:
            throttle = LoginThrottle(login=login_name, failures=0)
            session.add(throttle)
        if throttle.locked_until and throttle.locked_until <= now:
            throttle.failures, throttle.locked_until = 0, None
        throttle.failures += 1
        throttle.last_failure_at = now
        if throttle.failures >= MAX_FAILURES:
            throttle.locked_until = now + LOCK_FOR


def authenticate(rt: Runtime, token: str) -> Principal:
    """The principal behind a bearer token, or 401 ``UNAUTHORIZED``."""
    _check_token_shape(token)
    with rt.db.read() as session:
        return _principal(session, token, rt.now())


def authenticate_for_cabinet(rt: Runtime, token: str) -> tuple[Principal, OfferVersion | None, bool]:
    """The principal and, for a taxpayer, the offer in force and whether they accepted it.

    One transaction for both: every cabinet request pays for this, and the filing endpoint
    carries the deadline-day load.
    """
    _check_token_shape(token)
    with rt.db.read() as session:
        principal = _principal(session, token, rt.now())
        if principal.taxpayer_id is None:
            return principal, None, False
        offer, accepted = offers.has_accepted_current(session, principal.taxpayer_id, rt.today())
        return principal, offer, accepted


def _check_token_shape(token: str) -> None:
    if not token or len(token) > 200:
        raise Unauthorized("UNAUTHORIZED", "Log in first.")


def _principal(session: Session, token: str, now: dt.datetime) -> Principal:
    # One read of the session joined to its taxpayer or officer: every request pays for this.
    row = session.execute(
        select(AuthSession.expires_at, AuthSession.revoked_at, Taxpayer.id, Taxpayer.tin, Taxpayer.status, Officer.id, Officer.login, Officer.role)
        .outerjoin(Taxpayer, Taxpayer.id == AuthSession.taxpayer_id)
        .outerjoin(Officer, Officer.id == AuthSession.officer_id)
        .where(AuthSession.token_sha256 == _digest(token))
    ).first()
    if row is None:
        raise Unauthorized("UNAUTHORIZED", "Log in first.")
    expires_at, revoked_at, taxpayer_id, tin, status, officer_id, officer_login, officer_role = row
    if revoked_at is not None or expires_at <= now:
        raise Unauthorized("UNAUTHORIZED", "Log in first.")
    if taxpayer_id is not None:
        if status != "active":
            raise Unauthorized("UNAUTHORIZED", "Log in first.")
        return TaxpayerPrincipal(tin, taxpayer_id=taxpayer_id)
    # The officer's current role, not the one at login: a demotion takes effect at once.
    return StaffPrincipal(officer_role, officer_login, officer_id=officer_id)


def logout(rt: Runtime, token: str) -> None:
    with rt.db.transaction() as session:
        session.execute(update(AuthSession).where(AuthSession.token_sha256 == _digest(token), AuthSession.revoked_at.is_(None)).values(revoked_at=rt.now()))


def revoke_all(session: Session, *, taxpayer_id: int | None = None, officer_id: int | None = None, at: dt.datetime) -> None:
    """After a password reset no old token may keep working."""
    stmt = update(AuthSession).where(AuthSession.revoked_at.is_(None)).values(revoked_at=at)
    if taxpayer_id is not None:
        stmt = stmt.where(AuthSession.taxpayer_id == taxpayer_id)
    else:
        stmt = stmt.where(AuthSession.officer_id == officer_id)
    session.execute(stmt)


def clear_lock(session: Session, login_name: str) -> None:
    session.execute(update(LoginThrottle).where(LoginThrottle.login == login_name).values(failures=0, locked_until=None))
