"""What a service needs to run: settings, the database, the clock and the password hasher.

Built once per process (or per test) and handed to services; no globals, so tests can run two
services with different clocks and databases side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salyk.kernel.config import Settings
from salyk.kernel.uow import Database
from salyk.kernel.passwords import Passwords


@dataclass
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords = field(init=False)

    def __post_init__(self) -> None:
        self.passwords = Passwords(self.settings.argon2_memory_kib, self.settings.argon2_time_cost)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Runtime":
        return cls(settings, Database(settings.database_url))

    def now(self) -> dt.datetime:
        return self.settings.clock.now()

    def today(self) -> dt.date:
        return self.settings.clock.today()
