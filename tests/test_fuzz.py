"""The fuzz targets in CI: every input kept in the corpora, then a few seconds of new ones.

The long runs are ``bash scripts/fuzz`` (outside CI; figures in docs/security.md). Here each
target replays its whole corpus in this process (inputs that once reached new code, and the
seeds), so a change that makes any of them crash or hang fails at once, and then runs under
atheris for a few seconds from that corpus in a child process, which exits non-zero on a crash.

The short run starts from a random seed, so it can find a defect no earlier run met (stop 21's
CI did). Its failure then prints every input libFuzzer wrote (``crash-*``, ``timeout-*``, ...)
in base64 with the command that keeps it in ``fuzz/corpus/TARGET/``: the run's folder is gone
with the CI machine, and libFuzzer itself prints an input only when it is under 256 bytes.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))

from targets import TARGETS  # noqa: E402  # the fuzz folder is not a package

SECONDS = 3

#: What libFuzzer names the inputs it writes when a run fails.
ARTIFACTS = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")


def found_inputs(folder: Path, name: str) -> str:
    """Each input libFuzzer wrote into *folder*, in base64 with the command that keeps it in
    target *name*'s corpus; nothing when it wrote none."""
    return "".join(
        f"\n{path.name} ({path.stat().st_size} bytes); keep it with\n"
        f"  echo '{base64.b64encode(path.read_bytes()).decode()}' | base64 -d"
        f" > fuzz/corpus/{name}/{path.name}\n"
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name.startswith(ARTIFACTS)
    )


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
    assert run.returncode == 0, run.stderr[-3000:] + found_inputs(tmp_path, name)
    assert "Done" in run.stderr
