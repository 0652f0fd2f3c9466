"""What every browser journey needs: the real app served by uvicorn in a thread on a free port,
and Debian's Chromium (Playwright cannot download browsers here) at a phone's viewport.
Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SALYK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 360, "height": 780}
# Without the background-networking flags Chromium keeps dialling Google, which this network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(rt) -> Iterator[str]:
    """The whole app (API and cabinet) for ``rt``, served until the block ends; yields its base URL."""
    import uvicorn

    from salyk.api.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(rt), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"salyk-browser-test-{port}", daemon=True)
    thread.start()
    for _ in range(200):  # wait until it listens (not a timing assertion: it just cannot serve before)
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def served_app(tmp_dir: Path, today=None, prepare=None) -> Iterator[tuple]:
    """A fresh migrated SQLite database under ``tmp_dir``, its runtime (the service day ``today``,
    or the real one), ``prepare(rt)`` run before serving (demo data...), and the live app:
    yields ``(rt, base_url, prepared)`` where ``prepared`` is what ``prepare`` returned."""
    from salyk.db.migrate import upgrade
    from salyk.kernel.config import Clock, Settings
    from salyk.kernel.runtime import Runtime

    url = f"sqlite:///{tmp_dir}/salyk.db"
    upgrade(url)
    rt = Runtime.from_settings(Settings(database_url=url, secret_key="browser-test-secret", clock=Clock(today),
                                        argon2_memory_kib=1024, argon2_time_cost=1))
    try:
        prepared = prepare(rt) if prepare else None
        with live_server(rt) as base:
            yield rt, base, prepared
    finally:
        rt.db.dispose()


@contextmanager
def chromium():
    """Debian's Chromium under Playwright; skips (with the reason) only when it is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (make test installs Debian's chromium); Playwright cannot download browsers here")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def phone_context(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context


def log_in(page, base: str, login: str, password: str, switch_to: str | None = None) -> None:
    """The login form filled and sent, after a tap on the language link named ``switch_to``
    ("Русский", "Кыргызча") when given; the caller waits for wherever the login leads."""
    page.goto(base + "/login")
    if switch_to:
        page.get_by_role("link", name=switch_to).click()
    page.locator("#login").fill(login)
    page.locator("#password").fill(password)
    page.locator("form.form button[type=submit]").click()


def fits_the_phone(page) -> bool:
    """No sideways scrolling at 360 px: the mobile-first layout holds."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# A full-page image of a very long page (the offer is some 40 phone screens) takes Chromium longer
# than the default timeout at device scale 2: the image stops at this many CSS pixels.
SHOT_MAX_HEIGHT = 5000


def shot(page, name: str) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.clientWidth")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(height, SHOT_MAX_HEIGHT)})
