"""Bounds on expensive work inside one process: how many memory-hard derivations run at once.

Argon2id with 64 MiB per call is what keeps a stolen database from being guessed; it is also what
lets a flood of logins or signatures exhaust the server's memory. ``Slots`` admits at most
``size`` of them at once; a caller who cannot get a slot within ``wait`` seconds is answered
429 ``TOO_MANY_REQUESTS`` with ``Retry-After`` instead of queueing without end.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from salyk.kernel.errors import TooManyRequests


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
