"""Vaults built once per test process and copied, directory and all, for each test.

Building a vault runs every schema migration (about 0.25 CPU s and many fsyncs); a copy of its
directory takes milliseconds and is the same real SQLCipher vault: its three files and nothing
else (``uncounted.vault.layout``). Each test gets its own copy, so none sees another's changes;
the copies share the keys and the recovery secret the builder made, which no test compares
across tests. A test about building a vault builds its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")


class VaultCopies:
    """Copies of the vaults that builder functions make in directories under *root*."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._built: dict[Callable[[Path], object], tuple[Path, object]] = {}

    def copy(self, build: Callable[[Path], T], path: Path) -> T:
        """Put at *path* a copy of the vault *build* makes (called once, on the first copy,
        with a directory of its own) and give back what *build* returned for it: a builder
        returns no path, since each copy has its own."""
        if build not in self._built:
            template = self._root / str(len(self._built)) / "vault"
            self._built[build] = (template, build(template))
        template, made = self._built[build]
        shutil.copytree(template, path)
        return cast(T, made)
