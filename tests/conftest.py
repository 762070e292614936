"""Suite-wide settings and fixtures: the insecure fast KDF, and hypothesis's CI profile.

Every vault the suite makes wraps its passphrases with ``kdf.INSECURE_FAST_FOR_TESTS``: this
process's :data:`uncounted.vault.kdf.DEFAULT` is replaced once, for the whole session, here and
nowhere else (the library reads no environment variable for it). Child processes the tests
start only open vaults made here, and unlocking spends the cost stored with each key.

A property test that fails in CI must fail again when re-run, so CI uses a derandomised
profile; developers' runs keep exploring new examples (and hypothesis keeps the failures it
finds in its local database).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import CliResult, CliRunner, run_main
from hypothesis import settings
from vault_copies import VaultCopies

from uncounted.services import vaults
from uncounted.vault import kdf

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def _insecure_fast_kdf() -> Iterator[None]:
    """New passphrases in this process get libsodium's minimum Argon2id cost (tests only)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "DEFAULT", kdf.INSECURE_FAST_FOR_TESTS)
        yield


@pytest.fixture(scope="session")
def vault_copies(tmp_path_factory: pytest.TempPathFactory) -> VaultCopies:
    """Vaults built once in this process and copied for each test (``vault_copies.py``)."""
    return VaultCopies(tmp_path_factory.mktemp("built-once"))


@pytest.fixture
def unlocked_sessions(monkeypatch: pytest.MonkeyPatch) -> list[vaults.UnlockedVault]:
    """Every vault session ``vaults.unlock`` opens during the test (to check they were wiped)."""
    opened: list[vaults.UnlockedVault] = []
    real_unlock = vaults.unlock

    def spying_unlock(*args: object) -> vaults.UnlockedVault:
        session = real_unlock(*args)  # type: ignore[arg-type]  # passed through unchanged
        opened.append(session)
        return session

    monkeypatch.setattr(vaults, "unlock", spying_unlock)
    return opened


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``uncounted ARGS`` in this process; *env* sets environment variables for the call."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> CliResult:
        return run_main(capsys, monkeypatch, args, env)

    return run
