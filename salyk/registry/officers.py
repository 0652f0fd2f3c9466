"""Tax-office users (officers and admins), created from the command line or by an admin."""

from __future__ import annotations

from sqlalchemy import select

from salyk.db.models.registry import Officer
from salyk.kernel.errors import invalid_field
from salyk.kernel.passwords import check_strength
from salyk.kernel import audit
from salyk.registry import accounts
from salyk.kernel.principal import ADMIN, OFFICER, Principal
from salyk.kernel.runtime import Runtime


def ensure_officer(rt: Runtime, login: str, password: str, role: str = OFFICER, actor: Principal | None = None) -> tuple[Officer, bool]:
    """Create the user, or (idempotent on login) update its password and role. Returns (officer, created)."""
    login = login.strip()
    if role not in (OFFICER, ADMIN):
        raise invalid_field("role", "unknown_role")
    if not login or len(login) > 100 or not login.isprintable() or login.isdigit():
        # All-digit logins are ИСН space: an officer must never shadow a taxpayer.
        raise invalid_field("login", "bad_login")
    # Staff passwords follow the taxpayers' strength rule (issue 9): an officer's account reaches
    # every taxpayer's data, so it may not be weaker than theirs. (The login is not checked inside
    # the password: staff logins are names such as "officer", and published set-ups use them.)
    check_strength(password)
    hashed = rt.passwords.hash(password)
    with rt.db.transaction() as session:
        officer = session.scalar(select(Officer).where(Officer.login == login))
        created = officer is None
        if officer is None:
            officer = Officer(login=login, password_hash=hashed, role=role, created_at=rt.now())
            session.add(officer)
            session.flush()
        else:
            officer.password_hash, officer.role = hashed, role
            accounts.revoke_all(session, officer_id=officer.id, at=rt.now())
            accounts.clear_lock(session, login)
        audit.record(session, actor, "officer.create" if created else "officer.update", at=rt.now(), login=login, role=role)
    return officer, created
