"""Login, tokens and lock-out (Offer 3.3, 3.4, 5.2, 5.7, 7.5).

- One answer, 401 ``INVALID_CREDENTIALS``, whether the login is unknown or the password wrong,
  and the same cost (argon2 runs against a decoy hash for unknown logins).
- Five consecutive failures for a login from one client address lock that login for that address
  for 15 minutes (423 ``ACCOUNT_LOCKED``), known login or not, so the lock itself tells an
  attacker nothing (Offer 7.5: password mining). Each attempt is claimed (counted under the row
  lock) before the password is checked, so no concurrency gets a sixth password checked.
- Per login, failures from all addresses together past ``settings.login_global_failures`` in 15
  minutes slow the login down for everyone: one password check per
  ``login_global_backoff_seconds`` (429 ``TOO_MANY_REQUESTS`` with Retry-After meanwhile), so
  nobody can lock an officer out with five requests, nor guess fast from many addresses.
- Per-process rate limits per client address and per login come first (429).
- Tokens are random, stored only as their SHA-256, expire, and are revoked by logout or by a
  password reset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Date, Row, Select, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salyk.db.models.registry import AuthSession, LoginAddressThrottle, LoginThrottle, Officer, OfferVersion, Taxpayer, TaxpayerCredential
from salyk.kernel.errors import Locked, TooManyRequests, Unauthorized
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


def token_digest(token: str) -> str:
    """What the session table keeps of a token (its SHA-256)."""
    return _digest(token)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _invalid() -> Unauthorized:
    return Unauthorized("INVALID_CREDENTIALS", "Wrong login or password.")


def login(rt: Runtime, login_name: str, password: str, *, address: str = "local") -> LoginResult:
    """Log in with a login (ИСН or staff login) and password from the client ``address``."""
    login_name = login_name.strip()
    address = (address or "unknown")[:64]
    now = rt.now()
    principal = check_password(rt, login_name, password, address=address, now=now)
    if principal is None:
        raise _invalid()
    token = secrets.token_urlsafe(32)
    expires = now + rt.settings.token_ttl
    with rt.db.transaction() as session:
        _succeeded(rt, session, login_name, address)
        session.add(AuthSession(token_sha256=_digest(token), role=principal.role, taxpayer_id=principal.taxpayer_id, officer_id=principal.officer_id, created_at=now, expires_at=expires))
        audit.record(session, principal, "auth.login", taxpayer_id=principal.taxpayer_id, at=now)
    return LoginResult(token, principal, expires)


def check_password(rt: Runtime, login_name: str, password: str, *, address: str, now: dt.datetime) -> Principal | None:
    """One counted password attempt for ``login_name`` from ``address``: the account when the
    password is right, None when wrong (or the login unknown).

    The one gate every password check passes (login, the password change, the signing-PIN reset):
    rate limits first, then the attempt is claimed as a failure under the lock-out rows before
    argon2 runs (423 ``ACCOUNT_LOCKED`` once five are spent). A right password must be followed by
    ``attempt_succeeded`` in the caller's transaction, which takes the claim back; a wrong one
    leaves it counted.
    """
    address = (address or "unknown")[:64]
    rt.limits.login_by_address.hit(address)
    rt.limits.login_by_name.hit(login_name)
    principal, stored_hash = _claim_attempt(rt, login_name, address, now)
    try:
        right = rt.passwords.verify(stored_hash, password) and principal is not None
    except BaseException:  # not checked (no hashing slot free): the attempt is given back
        _give_back(rt, login_name, address)
        raise
    return principal if right else None


def attempt_succeeded(rt: Runtime, session: Session, login_name: str, address: str) -> None:
    """The password ``check_password`` found right: its claim is taken back (see ``_succeeded``)."""
    _succeeded(rt, session, login_name, (address or "unknown")[:64])


def _claim_attempt(rt: Runtime, login_name: str, address: str, now: dt.datetime) -> tuple[Principal | None, str | None]:
    """Count the attempt as a failure before the password is checked, under the rows' locks.

    A right password takes the count back (``clear_lock``); a wrong one leaves it. The claim that
    makes the fifth failure sets the lock at once, so every later attempt is refused unchecked
    whatever the concurrency, and a crash mid-check leaves the lock in place, never a gap.
    """
    with rt.db.transaction() as session:
        _ensure_rows(session, login_name, address)
        # Always the address row first, then the login's: one order, no deadlock.
        pair = session.get_one(LoginAddressThrottle, (login_name, address), with_for_update=True)
        overall = session.get_one(LoginThrottle, login_name, with_for_update=True)
        if pair.locked_until is not None and pair.locked_until > now:
            until = pair.locked_until
            raise Locked("ACCOUNT_LOCKED", "Too many failed attempts: the account is locked until {until}.", {"locked_until": until.isoformat()}, until=until.astimezone(now.tzinfo).strftime("%H:%M"))
        if pair.locked_until is not None:  # the lock ran out: a fresh count
            pair.failures, pair.locked_until = 0, None
        if overall.last_failure_at is not None and overall.last_failure_at <= now - LOCK_FOR:
            overall.failures, overall.locked_until = 0, None
        if overall.locked_until is not None and overall.locked_until > now:
            raise TooManyRequests(retry_after=math.ceil((overall.locked_until - now).total_seconds()))
        pair.failures += 1
        pair.last_failure_at = now
        if pair.failures >= MAX_FAILURES:
            pair.locked_until = now + LOCK_FOR
        overall.failures += 1
        overall.last_failure_at = now
        if overall.failures >= rt.settings.login_global_failures:
            overall.locked_until = now + dt.timedelta(seconds=rt.settings.login_global_backoff_seconds)
        return _find_account(session, login_name)


def _ensure_rows(session: Session, login_name: str, address: str) -> None:
    """Create the counters if missing; a concurrent first attempt may create them too."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginThrottle).values(login=login_name, failures=0).on_conflict_do_nothing())
    session.execute(insert(LoginAddressThrottle).values(login=login_name, address=address, failures=0).on_conflict_do_nothing())


def _succeeded(rt: Runtime, session: Session, login_name: str, address: str) -> None:
    """The right password from ``address``: that address's count starts again; other addresses'
    locks hold (an attacker's lock is not lifted by the owner's login), and the login's overall
    count only loses this attempt's own claim."""
    pair = session.get(LoginAddressThrottle, (login_name, address), with_for_update=True)
    overall = session.get(LoginThrottle, login_name, with_for_update=True)
    if pair is not None:
        pair.failures, pair.locked_until = 0, None
    _unclaim_overall(rt, overall)


def _give_back(rt: Runtime, login_name: str, address: str) -> None:
    with rt.db.transaction() as session:
        pair = session.get(LoginAddressThrottle, (login_name, address), with_for_update=True)
        overall = session.get(LoginThrottle, login_name, with_for_update=True)
        if pair is not None and pair.failures > 0:
            pair.failures -= 1
            if pair.failures < MAX_FAILURES:
                pair.locked_until = None
        _unclaim_overall(rt, overall)


def _unclaim_overall(rt: Runtime, overall: LoginThrottle | None) -> None:
    if overall is not None and overall.failures > 0:
        overall.failures -= 1
        if overall.failures < rt.settings.login_global_failures:
            overall.locked_until = None


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


def authenticate(rt: Runtime, token: str) -> Principal:
    """The principal behind a bearer token, or 401 ``UNAUTHORIZED``."""
    _check_token_shape(token)
    with rt.db.plain_read() as conn:
        return _principal_of(_found(conn.execute(_SESSION, {"token_sha256": _digest(token)}).first()), rt.now())


def authenticate_for_cabinet(rt: Runtime, token: str) -> tuple[Principal, offers.OfferInForce | None, bool]:
    """The principal and, for a taxpayer, the offer in force and whether they accepted it.

    One transaction for both: every cabinet request pays for this, and the filing endpoint
    carries the deadline-day load.
    """
    _check_token_shape(token)
    with rt.db.plain_read() as conn:
        return cabinet_check(conn, token, rt.now(), rt.today())


def cabinet_check(session: Session | Connection, token: str, now: dt.datetime, today: dt.date) -> tuple[Principal, offers.OfferInForce | None, bool]:
    """``authenticate_for_cabinet`` in the caller's transaction: one statement for the session,
    its taxpayer or officer, the offer in force and the taxpayer's acceptance of it."""
    # Core, not the ORM: plain columns, and the ORM's statement handling costs more CPU than the read
    conn = session.connection() if isinstance(session, Session) else session
    row = _found(conn.execute(_CABINET, {"token_sha256": _digest(token), "today": today}).first())
    principal = _principal_of(row, now)
    if principal.taxpayer_id is None:
        return principal, None, False
    return principal, offers.offer_of(row[8], row[9], row[10]), bool(row[11])


def _check_token_shape(token: str) -> None:
    if not token or len(token) > 200:
        raise Unauthorized("UNAUTHORIZED", "Log in first.")


# One read of the session joined to its taxpayer or officer: every request pays for this. No
# write per request either (no "last used" stamp): a token check is one indexed read. Built once
# with bound parameters: building a statement costs more CPU than running it (issue 16), and
# SQLAlchemy keeps the compiled form of a statement object it has seen.
# Columns of two outer joins, NULL for the side that is not there: not the mapped types.
_SESSION: Select[*tuple[Any, ...]] = (
    select(AuthSession.expires_at, AuthSession.revoked_at, Taxpayer.id, Taxpayer.tin, Taxpayer.status, Officer.id, Officer.login, Officer.role)
    .outerjoin(Taxpayer, Taxpayer.id == AuthSession.taxpayer_id)
    .outerjoin(Officer, Officer.id == AuthSession.officer_id)
    .where(AuthSession.token_sha256 == bindparam("token_sha256"))
)
# ... and the offer in force on :today with the taxpayer's acceptance of it (the cabinet gate)
_TODAY = bindparam("today", type_=Date())
_CABINET = (_SESSION.add_columns(*offers.acceptance_columns(Taxpayer.id, _TODAY))
            .outerjoin(OfferVersion, OfferVersion.id == offers.in_force_id(_TODAY)))


def _found(row: Row[*tuple[Any, ...]] | None) -> Row[*tuple[Any, ...]]:
    """The session's row; no such token is 401, as an expired or revoked one."""
    if row is None:
        raise Unauthorized("UNAUTHORIZED", "Log in first.")
    return row


def _principal_of(row: Row[*tuple[Any, ...]], now: dt.datetime) -> Principal:
    expires_at, revoked_at, taxpayer_id, tin, status, officer_id, officer_login, officer_role = row[:8]
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


def revoke_all(session: Session, *, taxpayer_id: int | None = None, officer_id: int | None = None, at: dt.datetime, keep_token: str | None = None) -> None:
    """After a password reset no old token may keep working (a change by the user keeps the
    token it was made with: ``keep_token``)."""
    stmt = update(AuthSession).where(AuthSession.revoked_at.is_(None)).values(revoked_at=at)
    if keep_token is not None:
        stmt = stmt.where(AuthSession.token_sha256 != _digest(keep_token))
    if taxpayer_id is not None:
        stmt = stmt.where(AuthSession.taxpayer_id == taxpayer_id)
    else:
        stmt = stmt.where(AuthSession.officer_id == officer_id)
    session.execute(stmt)


def clear_lock(session: Session, login_name: str) -> None:
    """A right password or a password reset: the login's counts start again, from every address."""
    session.execute(update(LoginThrottle).where(LoginThrottle.login == login_name).values(failures=0, locked_until=None))
    session.execute(update(LoginAddressThrottle).where(LoginAddressThrottle.login == login_name).values(failures=0, locked_until=None))
