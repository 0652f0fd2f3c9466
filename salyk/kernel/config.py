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
    secure_cookies: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        today = env.get("SALYK_TODAY")
        return cls(
            database_url=env.get("SALYK_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=env.get("SALYK_SECRET_KEY") or _development_secret(),
            clock=Clock(dt.date.fromisoformat(today) if today else None),
            secure_cookies=env.get("SALYK_SECURE_COOKIES", "") == "1",
        )


def _development_secret(var: Path = Path("var")) -> str:
    """A random key kept in ./var so development sessions survive a restart."""
    var.mkdir(parents=True, exist_ok=True)
    path = var / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()
