"""Headless Chromium for end-to-end tests, via Playwright's Python API.

Uses the system's Chromium (Debian's `chromium` package); Playwright never downloads a
browser here. Tests that use these fixtures skip, saying why, where there is no Chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    for candidate in (configured, *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Not per session: Playwright's sync API keeps an event
    loop running in this thread, which asyncio tests in later modules could not start."""
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: install Debian's `chromium` package (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright keeps an event loop in this thread while it lives; the tests' ORM calls
    # (and the database teardown) are still plain synchronous code. Only for this module:
    # the variable must not leak into other tests or the processes they start.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser context (no cookies) and page; console errors fail the test."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    # live_server speaks WSGI only: the signed-in page's socket to /ws/me/ (live
    # notifications) cannot open there, and the browser says so. Tests of the socket run
    # Daphne (test_board_browser.py, test_notifications_browser.py).
    errors = [e for e in errors if not (e.startswith("WebSocket connection to") and "/ws/me/" in e)]
    assert not errors, f"browser console errors: {errors}"
