"""Drive Debian's Chromium through Playwright (only the ``*_browser.py`` tests import this).

The app is served by ``server_helpers.serving``; the ``site`` and ``browser`` fixtures built on
them live in ``tests/web/conftest.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect, sync_playwright

#: Sign-in runs Argon2id and the suite shares two cores with other workers: allow time.
expect.set_options(timeout=30_000)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium under Playwright (no browser download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def fill_sign_in(page: Page, user: str, passphrase: str) -> None:
    """Sign in through the form the page shows; waits for the dashboard."""
    page.get_by_label("User name").fill(user)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def sign_in(page: Page, site: str, user: str, passphrase: str) -> None:
    """Open the sign-in page of *site* and sign in there; waits for the dashboard."""
    page.goto(f"{site}/signin")
    fill_sign_in(page, user, passphrase)
