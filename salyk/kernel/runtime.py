"""What a service needs to run: settings, the database, the clock, the password hasher, the law
book, the service switches and the group committer.

Built once per process (or per test) and handed to services; no globals, so tests can run two
services with different clocks and databases side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salyk.kernel.config import Settings
from salyk.kernel.group_commit import GroupCommit
from salyk.kernel.lawbook import LawBooks
from salyk.kernel.limits import RateLimits, Slots
from salyk.kernel.passwords import Passwords
from salyk.kernel.switches import Setting, SwitchBoard
from salyk.kernel.uow import Database
from salyk.law.book import LawBook


@dataclass
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords = field(init=False)
    kdf_slots: Slots = field(init=False)
    limits: RateLimits = field(init=False)
    switches: SwitchBoard = field(init=False)
    law_books: LawBooks = field(init=False)
    commits: GroupCommit = field(init=False)  # filings of a deadline day share commits (issue 16)

    def __post_init__(self) -> None:
        s = self.settings
        self.passwords = Passwords(s.argon2_memory_kib, s.argon2_time_cost, Slots(s.password_hash_concurrency, s.password_hash_wait_seconds))
        self.kdf_slots = Slots(s.kdf_concurrency, s.kdf_wait_seconds)
        self.limits = RateLimits(s)
        self.switches = SwitchBoard()
        self.law_books = LawBooks()
        self.commits = GroupCommit(self.db)

    def law_book(self) -> LawBook:
        """The law book in force: the YAML defaults plus what an admin entered."""
        return self.law_books.get(self.db.read)

    def switch_state(self, key: str) -> Setting:
        """The switch setting of module ``key`` in force today."""
        return self.switches.get(self.db.read, key, self.today())

    @classmethod
    def from_settings(cls, settings: Settings) -> "Runtime":
        return cls(settings, Database(settings.database_url, replica_url=settings.read_replica_url or None))

    def now(self) -> dt.datetime:
        return self.settings.clock.now()

    def today(self) -> dt.date:
        return self.settings.clock.today()
