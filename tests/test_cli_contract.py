"""DESIGN.md's exit codes: 0 success, 1 user error, 2 usage error; never a traceback."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from cli_helpers import CliRunner, command_paths


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "uncounted", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_value_is_a_usage_error_without_traceback() -> None:
    result = run("synth", "out-dir-never-written", "--people", "many")
    assert result.returncode == 2
    assert "--people" in result.stderr
    assert "Traceback" not in result.stderr


def test_user_error_is_one_line_and_exit_1() -> None:
    result = run("estimate", "no-such-file.csv", "--method", "dga")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("error: ")


@pytest.mark.parametrize("command", command_paths(), ids=" ".join)
def test_every_command_has_help_that_teaches(cli: CliRunner, command: list[str]) -> None:
    result = cli(*command, "--help", env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    assert "Usage:" in result.out
    body = result.out.split("Usage:", 1)[1]
    # the usage line names the arguments as the help does (VAULT), for every group: Typer
    # 0.29 wrote them {vault}, and only the estimate group had been mended
    usage = body.split("\n", 1)[0]
    assert "{" not in usage, f"{command}: usage {usage!r}"
    assert len(body.split()) > 12, f"{command}: the help says too little"
    # prose wraps at the terminal's width, not where the source wrapped it: in a paragraph,
    # every line but the last fills most of the 80 columns (a short one was a ragged break)
    description = body.split("\n", 1)[1].split("\u256d", 1)[0].splitlines()
    for line, following in itertools.pairwise(description):
        prose = line.startswith(" ") and not line.startswith("  ")
        if prose and following.strip() and not following.startswith("  "):
            assert len(line.rstrip()) > 55, f"{command}: ragged help line {line!r}"


def test_the_command_line_starts_without_loading_the_heavy_libraries() -> None:
    """`uncounted --help` and every quick command must not wait for Splink, pandas, numba,
    or the image and PDF readers that only evidence files need."""
    probe = (
        "import sys, uncounted.cli; "
        "print(' '.join(m for m in ('splink', 'duckdb', 'pandas', 'numba', 'scipy', 'pyspark', "
        "'sqlalchemy', 'alembic', 'PIL', 'pypdf') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    assert loaded == []
