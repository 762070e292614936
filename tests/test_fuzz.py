"""The fuzz targets in CI: every input kept in the corpora, then a few seconds of new ones.

The long runs are ``bash scripts/fuzz`` (outside CI; figures in docs/security.md). Here each
target replays its whole corpus in this process (inputs that once reached new code, and the
seeds), so a change that makes any of them crash or hang fails at once, and then runs under
atheris for a few seconds from that corpus in a child process, which exits non-zero on a crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))

from targets import TARGETS  # noqa: E402  # the fuzz folder is not a package

SECONDS = 3


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_corpus_input_is_accepted_or_refused_cleanly(name: str) -> None:
    inputs = sorted((FUZZ / "corpus" / name).iterdir())
    assert inputs, f"fuzz/corpus/{name} is empty"
    for path in inputs:
        TARGETS[name](path.read_bytes())


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_short_coverage_guided_run_finds_no_crash(name: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"  # new inputs go here, not into the repository
    corpus.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(FUZZ.parent), *sys.path])}
    run = subprocess.run(
        [
            sys.executable,
            str(FUZZ / "run.py"),
            name,
            f"-max_total_time={SECONDS}",
            "-timeout=20",
            str(corpus),
            str(FUZZ / "corpus" / name),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr
