"""Bounds on expensive work inside one process: how many memory-hard derivations run at once
(``Slots``) and how often one client address or login may ask (``RateLimit``).

Argon2id with 64 MiB per call is what keeps a stolen database from being guessed; it is also what
lets a flood of logins or signatures exhaust the server's memory. ``Slots`` admits at most
``size`` of them at once; a caller who cannot get a slot within ``wait`` seconds is answered
429 ``TOO_MANY_REQUESTS`` with ``Retry-After`` instead of queueing without end.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from salyk.kernel.errors import TooManyRequests

if TYPE_CHECKING:
    from salyk.kernel.config import Settings


class Slots:
    def __init__(self, size: int, wait: float):
        if size < 1:
            raise ValueError("at least one slot")
        self.size = size
        self.wait = wait
        self._free = threading.BoundedSemaphore(size)

    @contextmanager
    def take(self) -> Iterator[None]:
        if not self._free.acquire(timeout=self.wait):
            raise TooManyRequests(retry_after=max(1, math.ceil(self.wait)))
        try:
            yield
        finally:
            self._free.release()


class RateLimit:
    """At most ``per_minute`` requests per key (a client address, a login), as a token bucket:
    a burst of ``per_minute`` passes, then one more each ``60 / per_minute`` seconds. Past it,
    429 ``TOO_MANY_REQUESTS`` with the seconds until the next one is allowed.

    In this process only: it keeps one server from being flooded; the lock-out that guards the
    passwords is in the database and holds across processes.
    """

    MAX_KEYS = 100_000  # a flood of distinct keys cannot grow it without end

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def hit(self, key: str) -> None:
        if self.per_minute <= 0:  # 0: no limit
            return
        rate = self.per_minute / 60.0
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise TooManyRequests(retry_after=math.ceil((1.0 - tokens) / rate))
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_KEYS:
                self._forget_full(now, rate)

    def _forget_full(self, now: float, rate: float) -> None:
        full = [k for k, (t, at) in self._buckets.items() if t + (now - at) * rate >= self.per_minute]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) > self.MAX_KEYS:  # all busy: start afresh rather than grow
            self._buckets.clear()


class RateLimits:
    """The per-process request limits of settings (issue 9): logins per client address and per
    login, and other expensive requests (signatures, filings, imports) per client address."""

    def __init__(self, settings: Settings) -> None:
        self.login_by_address = RateLimit(settings.login_attempts_per_address_per_minute)
        self.login_by_name = RateLimit(settings.login_attempts_per_login_per_minute)
        self.expensive_by_address = RateLimit(settings.expensive_requests_per_address_per_minute)
