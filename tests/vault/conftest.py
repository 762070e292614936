"""Fixtures for the vault tests: a real SQLCipher vault, the real CLI run in-process.

Every test uses the explicitly insecure fast Argon2id setting (one test checks the default).
Identities here are synthetic, invented for the tests.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from uncounted.cli import main
from uncounted.services import records, vaults

ADMIN = "ana"
ADMIN_PASSPHRASE = "correct horse battery staple"
CSV_COLUMNS = [
    "record_id",
    "name",
    "name_original",
    "birth_date",
    "sex",
    "place",
    "event_date",
    "event_type",
]


@dataclass(frozen=True)
class CliResult:
    """Exit code and the two output streams of one command."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _fast_insecure_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNCOUNTED_INSECURE_FAST_KDF", "1")
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


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``uncounted ARGS`` in this process; *env* sets environment variables for the call."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> CliResult:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            patch.setattr(sys, "argv", ["uncounted", *map(str, args)])
            try:
                main()
                code = 0
            except SystemExit as done:
                code = int(done.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@dataclass(frozen=True)
class Vault:
    """A vault on disk with its admin and the recovery secret printed by init."""

    path: Path
    recovery_secret: str

    def unlock(self, user: str = ADMIN, passphrase: str = ADMIN_PASSPHRASE) -> vaults.UnlockedVault:
        return vaults.unlock(self.path, user, passphrase)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    """A fresh vault whose only user is the admin."""
    path = tmp_path / "vault"
    return Vault(path, vaults.init_vault(path, ADMIN, ADMIN_PASSPHRASE))


def add_record(session: vaults.UnlockedVault, case: str, name: str, **analytic: str) -> str:
    """Store one synthetic record with *name* as its identity; return its id."""
    draft = records.RecordDraft(
        case=case,
        source="hotline",
        event_type=analytic.pop("event_type", "detention"),
        event_month="2017-03",
        district="Grozny",
        analytic=analytic,
        identity={"name": name, "birth_date": "1991-04-05"},
    )
    return records.create_record(session, draft)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A records CSV (DESIGN.md's columns) at *path*."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def synthetic_rows(count: int, start: int = 0) -> Iterator[dict[str, str]]:
    """*count* synthetic record rows with distinct invented names."""
    for index in range(start, start + count):
        yield {
            "record_id": f"h{index}",
            "name": f"Testname{index} Syntheticov",
            "name_original": f"Тестимя{index} Синтетиков",
            "birth_date": f"19{60 + index % 40}-0{1 + index % 9}-1{index % 10}",
            "sex": "male" if index % 2 else "female",
            "place": "Grozny",
            "event_date": f"2017-0{1 + index % 9}-0{1 + index % 9}",
            "event_type": "detention",
        }
