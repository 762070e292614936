"""Watching what the process writes to disk while an upload is handled (synthetic data only).

A Python audit hook (installed once per process, inert unless a watch is open) notes every
file opened for writing and every temporary file created, so a test can show that an upload
reached the disk only inside the vault folder, and there only encrypted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_WATCHES: list[list[str]] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHES:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int):
            return
        writing = (
            any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
        )
        if writing:
            _WATCHES[-1].append(os.fsdecode(path))
    elif event == "tempfile.mkstemp":
        _WATCHES[-1].append(os.fsdecode(args[0]))


sys.addaudithook(_hook)


@contextmanager
def files_written() -> Iterator[list[str]]:
    """Collect the paths written (or made as temporary files) inside the block."""
    seen: list[str] = []
    _WATCHES.append(seen)
    try:
        yield seen
    finally:
        _WATCHES.remove(seen)


def outside(paths: list[str], folder: Path) -> list[str]:
    """The paths not inside *folder*."""
    root = folder.resolve()
    return [p for p in paths if not Path(p).resolve().is_relative_to(root)]


def files_containing(folder: Path, needle: bytes) -> list[Path]:
    """Files under *folder* whose bytes contain *needle*."""
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]
