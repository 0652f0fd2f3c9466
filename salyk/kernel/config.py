"""Settings from the environment (contract section 1) and the service clock.

``SALYK_TODAY`` fixes the date the service treats as today (training and acceptance
environments); unset, today is the real date in Asia/Bishkek, where the tax service works.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

BISHKEK = ZoneInfo("Asia/Bishkek")
DEFAULT_DATABASE_URL = "sqlite:///./var/salyk.db"


@dataclass(frozen=True)
class Clock:
    """The service's notion of now. ``fixed_today`` pins the date, the time of day stays real."""

    fixed_today: dt.date | None = None

    def now(self) -> dt.datetime:
        real = dt.datetime.now(BISHKEK)
        if self.fixed_today is None:
            return real
        return dt.datetime.combine(self.fixed_today, real.timetz())

    def today(self) -> dt.date:
        return self.fixed_today or dt.datetime.now(BISHKEK).date()


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = ""
    clock: Clock = field(default_factory=Clock)
    token_ttl: dt.timedelta = dt.timedelta(hours=8)
    # argon2id cost; tests lower the memory so that hundreds of logins stay quick.
    argon2_memory_kib: int = 65536
    argon2_time_cost: int = 3
    max_body_bytes: int = 1_000_000
    # Session cookies are Secure by default (issue 9): browsers treat http://127.0.0.1 and
    # http://localhost as secure, so `make run` still works; SALYK_SECURE_COOKIES=0 turns it off.
    secure_cookies: bool = True
    # Strict-Transport-Security max-age sent on answers served over TLS (0: none).
    hsts_seconds: int = 0
    # Memory-hard work admitted at once per process (issue 9): Argon2id PIN derivations and
    # password hashes each take argon2_memory_kib. Past the bound a caller waits at most
    # *_wait_seconds, then gets 429 TOO_MANY_REQUESTS with Retry-After.
    kdf_concurrency: int = 4
    kdf_wait_seconds: float = 30.0
    password_hash_concurrency: int = 2
    password_hash_wait_seconds: float = 2.0
    # Requests per minute (0: no limit); past them 429 with Retry-After (issue 9). Per process.
    login_attempts_per_address_per_minute: int = 20
    login_attempts_per_login_per_minute: int = 20
    expensive_requests_per_address_per_minute: int = 120
    # Failed logins of one login from all addresses in 15 minutes after which it is slowed down
    # for everyone: one password check per login_global_backoff_seconds (429 meanwhile).
    login_global_failures: int = 20
    login_global_backoff_seconds: int = 30
    # Mail server for the notices module's alerts: smtp://host:port (empty: no e-mail is sent).
    smtp_url: str = ""
    mail_from: str = "noreply@salyk.kg"
    # A streaming replica of the PostgreSQL primary (issue 16): read transactions go there, except a
    # reader's own recent writes not yet replayed (salyk.kernel.uow). Empty: every read on the primary.
    read_replica_url: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        today = env.get("SALYK_TODAY")
        return cls(
            database_url=env.get("SALYK_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=env.get("SALYK_SECRET_KEY") or _development_secret(),
            clock=Clock(dt.date.fromisoformat(today) if today else None),
            secure_cookies=env.get("SALYK_SECURE_COOKIES", "1") != "0",
            hsts_seconds=int(env.get("SALYK_HSTS_SECONDS", "0") or 0),
            smtp_url=env.get("SALYK_SMTP_URL", ""),
            mail_from=env.get("SALYK_MAIL_FROM", "noreply@salyk.kg"),
            read_replica_url=env.get("SALYK_READ_REPLICA_URL", ""),
        )


def _development_secret(var: Path = Path("var")) -> str:
    """A random key kept in ./var so development sessions survive a restart."""
    var.mkdir(parents=True, exist_ok=True)
    path = var / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()
