"""Fixtures for the vault tests: a real SQLCipher vault, the real CLI run in-process.

Every test uses the explicitly insecure fast Argon2id setting (one test checks the default).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from vault_copies import VaultCopies
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault

from uncounted.services import vaults


@pytest.fixture(autouse=True)
def _no_passphrases_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in (
        "UNCOUNTED_PASSPHRASE",
        "UNCOUNTED_NEW_PASSPHRASE",
        "UNCOUNTED_RECOVERY_SECRET",
        "UNCOUNTED_DURESS_PASSPHRASE",
    ):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory that this test's code uses as TMPDIR (for the leak scan)."""
    directory = tmp_path / "tmpdir"
    directory.mkdir()
    monkeypatch.setenv("TMPDIR", str(directory))
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def _build_vault(path: Path) -> str:
    """A vault whose only user is the admin; its recovery secret."""
    return vaults.init_vault(path, ADMIN, ADMIN_PASSPHRASE)


@pytest.fixture
def vault(tmp_path: Path, vault_copies: VaultCopies) -> Vault:
    """A fresh vault whose only user is the admin (this test's copy: ``vault_copies.py``)."""
    path = tmp_path / "vault"
    return Vault(path, vault_copies.copy(_build_vault, path))
