"""A real SQLCipher vault with two users and synthetic records, and the real web app on it.

The app is reached through a test client, or served on a loopback port for Chromium (``site``
and ``browser``, the fixtures of the browser tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import chromium, serving
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, OTHER_NAME, WebVault

from uncounted.services import grants, records, users, vaults
from uncounted.web import WebSettings, app_for_vault


@pytest.fixture
def web_vault(tmp_path: Path) -> WebVault:
    path = tmp_path / "vault"
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, ANALYST, "caseworker", ANALYST_PASS)
        granted = records.create_record(
            admin,
            records.RecordDraft(
                case="case-a",
                source="hotline",
                event_type="detention",
                event_month="2017-03",
                identity={"name": GRANTED_NAME},
            ),
        )
        other = records.create_record(
            admin,
            records.RecordDraft(
                case="case-b",
                source="hotline",
                event_type="killing",
                event_month="2017-04",
                identity={"name": OTHER_NAME},
            ),
        )
        grants.grant(admin, "case-a", ANALYST)
    return WebVault(path, granted, other)


@pytest.fixture
def client(web_vault: WebVault) -> Iterator[TestClient]:
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def site(web_vault: WebVault) -> Iterator[str]:
    """The web app on the test vault, served on a loopback port; its base URL."""
    with serving(app_for_vault(WebSettings(vault=web_vault.path))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, shared by the tests of one module (it takes seconds to start)."""
    with chromium() as launched:
        yield launched
