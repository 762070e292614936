"""A real SQLCipher vault with two users and synthetic records, and the real web app on it.

The app is reached through a test client, or served on a loopback port for Chromium (``site``
and ``browser``, the fixtures of the browser tests). Playwright is imported only by the tests
that drive a browser (``*_browser.py``, and the ``browser`` fixture when one asks for it), so
every other web test runs where Playwright is not installed; there the browser tests are not
collected.

``pytest --slow-static=1500 tests/web/test_x_browser.py`` serves every stylesheet and script
1.5 s late (``server_helpers.SlowStatic``): a browser test must pass so, since it may only read
a page once what it reads has loaded (``browser_helpers``). Off by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import server_helpers
from fastapi import FastAPI
from fastapi.testclient import TestClient
from intake_helpers import add_outsiders
from permission_helpers import RoleVault, build_role_vault
from server_helpers import serving
from vault_copies import VaultCopies
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, OTHER_NAME, WebVault

from uncounted.services import grants, records, users, vaults
from uncounted.web import WebSettings, app_for_vault

if TYPE_CHECKING:
    from playwright.sync_api import Browser

if find_spec("playwright") is None:
    collect_ignore_glob = ["*_browser.py"]  # they drive Chromium through Playwright


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow-static",
        type=int,
        default=0,
        metavar="MS",
        help="serve the web app's stylesheet and script MS milliseconds late (browser tests)",
    )


def pytest_configure(config: pytest.Config) -> None:
    server_helpers.STATIC_DELAY = config.getoption("slow_static", 0) / 1000


def _build_web_vault(path: Path) -> tuple[str, str, str]:
    """The test vault: its admin, a caseworker granted case-a, a record in case-a and one in
    case-b; the two records' ids and the recovery secret."""
    secret = vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, ANALYST, "caseworker", ANALYST_PASS, admin_set=False)
        granted = records.create_record(
            admin,
            records.RecordDraft(
                case="case-a",
                source="hotline",
                event_type="detention",
                event_month="2017-03",
                analytic={"role": "victim"},
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
                analytic={"role": "victim"},
                identity={"name": OTHER_NAME},
            ),
        )
        grants.grant(admin, "case-a", ANALYST)
    return granted, other, secret


@pytest.fixture
def web_vault(tmp_path: Path, vault_copies: VaultCopies) -> WebVault:
    """This test's copy of the test vault (built once per process: ``vault_copies.py``)."""
    path = tmp_path / "vault"
    granted, other, secret = vault_copies.copy(_build_web_vault, path)
    return WebVault(path, granted, other, secret)


@pytest.fixture
def client(web_vault: WebVault) -> Iterator[TestClient]:
    app = app_for_vault(WebSettings(vault=web_vault.path))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def outsider_client(web_vault: WebVault) -> Iterator[TestClient]:
    """A test client on the test vault with two more users: a caseworker granted nothing and
    a viewer (``intake_helpers.OUTSIDER`` and ``VIEWER``)."""
    add_outsiders(web_vault.path)
    with TestClient(
        app_for_vault(WebSettings(vault=web_vault.path)), base_url="http://127.0.0.1"
    ) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def role_vault(tmp_path_factory: pytest.TempPathFactory) -> RoleVault:
    """A vault with one user of every role and cases granted as ``permission_helpers`` says
    (shared by the tests of one module: building it runs Argon2id for every user)."""
    return build_role_vault(tmp_path_factory.mktemp("roles") / "vault")


@pytest.fixture(scope="module")
def role_app(role_vault: RoleVault) -> FastAPI:
    """The web app on :func:`role_vault`."""
    return app_for_vault(WebSettings(vault=role_vault.path))


@pytest.fixture
def site(web_vault: WebVault) -> Iterator[str]:
    """The web app on the test vault, served on a loopback port; its base URL."""
    with serving(app_for_vault(WebSettings(vault=web_vault.path))) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_process() -> Iterator[Browser]:
    """Headless Chromium, one per test process (each start takes seconds): the browser tests
    reach it through :func:`browser`, a module that keeps one signed-in page uses it directly."""
    from browser_helpers import chromium  # Playwright, for browser tests only

    with chromium() as launched:
        yield launched


@pytest.fixture
def browser(chromium_process: Browser) -> Iterator[Browser]:
    """The process's Chromium, as a browser with no page open: what a test opens (pages, each
    in a context of its own, cookies included) is closed after it, so no test sees another's."""
    assert chromium_process.contexts == []
    yield chromium_process
    for context in chromium_process.contexts:
        context.close()
