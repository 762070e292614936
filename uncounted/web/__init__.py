"""The web application caseworkers use: FastAPI with server-rendered pages.

``create_app`` builds it for one vault; ``app_for_vault`` wires sign-in to the vault service.
"""

from __future__ import annotations

import time
from pathlib import Path

from fastapi import FastAPI

from uncounted.services import vaults
from uncounted.web.app import create_app
from uncounted.web.sessions import Clock, UnlockedKeys
from uncounted.web.settings import WebSettings

__all__ = ["WebSettings", "app_for_vault", "create_app"]


def app_for_vault(settings: WebSettings, clock: Clock = time.monotonic) -> FastAPI:
    """The application for the vault in ``settings.vault``, signing users in with its keys.

    *clock* times idle sessions (``time.monotonic``; tests pass one they can move).
    """
    vault_path = Path(settings.vault)

    def authenticate(user: str, passphrase: str, code: str | None) -> UnlockedKeys:
        return vaults.sign_in(vault_path, user, passphrase, code)

    return create_app(settings, authenticate, clock)
