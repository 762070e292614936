"""Suite-wide settings and fixtures: in CI, hypothesis explores the same examples every run.

A property test that fails in CI must fail again when re-run, so CI uses a derandomised
profile; developers' runs keep exploring new examples (and hypothesis keeps the failures it
finds in its local database).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from uncounted.services import vaults

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
