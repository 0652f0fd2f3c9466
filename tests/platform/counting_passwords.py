"""A runtime whose password hasher counts the passwords it really checked: the lock-out tests show
that parallel guesses are refused before argon2 runs, not merely answered with the right code."""

from __future__ import annotations

from dataclasses import replace

from salyk.kernel.runtime import Runtime


class CountingPasswords:
    """The runtime's hasher, counting how many passwords were really checked."""

    def __init__(self, inner):
        self.inner, self.checked = inner, 0

    def hash(self, password):
        return self.inner.hash(password)

    def verify(self, stored_hash, password):
        self.checked += 1  # the GIL makes += on an int attribute safe enough for a count under test
        return self.inner.verify(stored_hash, password)


def counting_runtime(runtime: Runtime, **settings) -> Runtime:
    """``runtime``'s database with its settings changed by ``settings`` and a counting hasher (``rt.passwords.checked``)."""
    rt = Runtime(replace(runtime.settings, **settings), runtime.db)
    rt.passwords = CountingPasswords(rt.passwords)
    return rt
