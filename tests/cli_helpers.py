"""The one way tests run the command line: ``uncounted.cli:main`` in this process.

In-process rather than a subprocess (starting a process imports every command group, which
costs seconds the suite cannot spare), and through ``main`` rather than Typer's test runner,
so that exit codes and the one-line ``error:`` messages are what a user gets. The ``cli``
fixture (``tests/conftest.py``) is built on :func:`run_main`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from uncounted.cli import app, main


@dataclass(frozen=True)
class CliResult:
    """Exit code and the two output streams of one command."""

    code: int
    out: str
    err: str


#: ``cli(*args, env=None)``: run ``uncounted ARGS``; *env* sets variables for that call only.
CliRunner = Callable[..., CliResult]


def run_main(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str | Path, ...],
    env: Mapping[str, str] | None = None,
) -> CliResult:
    """Run ``uncounted ARGS`` through the console entry point and capture what it did."""
    capsys.readouterr()
    with monkeypatch.context() as patch:
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "argv", ["uncounted", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def refusal(err: str, *, read: bool = True) -> list[str]:
    """The lines of a refused import but the one that says what was read of the file ("Read
    list.csv (CSV, UTF-8): 3 rows with data; ...; nothing was written."), which is there
    (*read*; else at most once: a file that cannot be opened was not read)."""
    lines = err.strip().splitlines()
    said = [line for line in lines if line.startswith("Read ")]
    assert len(said) == 1 if read else len(said) <= 1, lines
    assert all(line.endswith("nothing was written.") for line in said), said
    return [line for line in lines if line not in said]


def command_paths() -> list[list[str]]:
    """Every command of the command line, as the words that name it (``["user", "add"]``)."""
    names: list[list[str]] = []
    for command in app.registered_commands:
        assert command.callback is not None
        names.append([command.name or command.callback.__name__.replace("_", "-")])
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for command in group.typer_instance.registered_commands:
            assert command.callback is not None
            sub = command.name or command.callback.__name__.replace("_", "-")
            names.append([str(group.name), sub])
    return names
