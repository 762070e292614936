"""Builders for evidence packages made without a vault: a log, a key, a file, its custody."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from package_helpers import build_package
from vault_copies import VaultCopies

from uncounted.services import vaults

PackageMaker = Callable[..., Path]


@pytest.fixture
def make_package(tmp_path: Path) -> PackageMaker:
    """Return a function building a package in tmp_path: make_package(content=..., ...)."""

    def make(content: bytes = b"synthetic photo bytes " * 50, **options: object) -> Path:
        return build_package(tmp_path / "package.zip", content, **options)  # type: ignore[arg-type]

    return make


# --- a real vault and the real CLI, for the vault-side tests ----------------------------------

PASSPHRASE = "synthetic test passphrase"


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNCOUNTED_PASSPHRASE", PASSPHRASE)


def _build_vault(path: Path) -> None:
    vaults.init_vault(path, "ana", PASSPHRASE)


@pytest.fixture
def vault(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    """A fresh vault whose only user is the administrator ``ana`` (this test's copy:
    ``vault_copies.py``)."""
    path = tmp_path / "vault"
    vault_copies.copy(_build_vault, path)
    return path
