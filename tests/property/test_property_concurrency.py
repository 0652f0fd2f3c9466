"""Concurrent deliveries and assessments cannot double-post (issue 13; brief: "concurrent requests
cannot double-post"). Threads on one database, both backends."""

from __future__ import annotations

import threading

from conftest import register_taxpayer
from property_helpers import vehicle
from salyk.kernel.principal import SystemPrincipal
from salyk.property import assessment, feed


def _together(n, work):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        barrier.wait()
        try:
            results.append(work())
        except Exception as exc:  # collected, so the test can show it
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_the_same_record_twice_at_once_is_accepted_once(client, officer, runtime):
    owner = register_taxpayer(client, officer)
    record = vehicle(owner.login)
    actor = SystemPrincipal("registry-test")
    results = _together(2, lambda: feed.receive(runtime, actor, "vehicle", [record]))
    assert sorted((r.accepted, r.duplicates) for r in results) == [(0, 1), (1, 0)]


def test_two_assessments_at_once_post_once(client, officer, runtime):
    owner = register_taxpayer(client, officer)
    actor = SystemPrincipal("assessor-test")
    feed.receive(runtime, actor, "vehicle", [vehicle(owner.login)])
    results = _together(2, lambda: assessment.assess(runtime, actor, year=2025, tin=owner.login))
    # 2000 cm³ × 0.75 (age 7 in 2025, TC art. 324 sample) = 1500.00, posted by exactly one run
    assert sorted(str(r.total) for r in results) == ["0.00", "1500.00"]
    assert sum(r.charges for r in results) == 1
