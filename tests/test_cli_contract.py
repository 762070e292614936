"""DESIGN.md's exit codes: 0 success, 1 user error, 2 usage error; never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from uncounted.cli import app


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


def _commands() -> list[list[str]]:
    names: list[list[str]] = []
    for command in app.registered_commands:
        names.append([command.name or command.callback.__name__.replace("_", "-")])
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for command in group.typer_instance.registered_commands:
            sub = command.name or command.callback.__name__.replace("_", "-")
            names.append([str(group.name), sub])
    return names


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_has_help_that_teaches(command: list[str]) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    body = result.output.split("Usage:", 1)[1]
    assert len(body.split()) > 12, f"{command}: the help says too little"


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
