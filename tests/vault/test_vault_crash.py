"""`kill -9` in the middle of a 100,000-row import leaves exactly the records that were there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault, synthetic_rows, write_csv


@pytest.mark.slow
def test_kill_9_mid_import_leaves_the_vault_as_it_was(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    small = write_csv(tmp_path / "small.csv", list(synthetic_rows(3)))
    assert cli("import", vault.path, small, "--source", "first", env=ADMIN_ENV).code == 0
    before = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert before.code == 0 and '"count": 3' in before.out

    big = write_csv(tmp_path / "big.csv", list(synthetic_rows(100_000, start=10)))
    env = {**os.environ, **ADMIN_ENV}
    command = [
        sys.executable,
        "-m",
        "uncounted",
        "import",
        str(vault.path),
        str(big),
        "--source",
        "big",
    ]
    killed_at = None
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("progress: "):
                done = int(line.split()[1].split("/")[0])
                if 30_000 <= done < 90_000:
                    process.send_signal(signal.SIGKILL)
                    killed_at = done
                    break
        process.wait(timeout=120)
    assert killed_at is not None, "the import finished before it could be killed midway"
    assert process.returncode == -signal.SIGKILL
    # The import commits once, at the end: killed at 30-90 % it was inside that transaction,
    # whose pages sit in SQLite's cache or, once it spills, as uncommitted frames in the WAL.

    after = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert after.code == 0, after.err
    assert after.out == before.out
    wal = vault.path / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # closing checkpointed and emptied it
