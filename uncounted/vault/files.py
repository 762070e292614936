"""Durable, atomic replacement of small files and best-effort destruction of old ones.

Every file the vault writes is its owner's only (0600) and every folder it makes 0700, whatever
the umask (:func:`create_private`). A file being written is held under an exclusive ``flock``
until it is closed, so that :func:`remove_leftovers`, which destroys what a killed process
left half-written (``.partial`` files, ``.restoring-*`` folders), never touches a file another
process is still writing.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, content: bytes) -> None:
    """Replace *path* with *content* so that a crash leaves either the old or the new file."""
    temporary = path.with_name(f".{path.name}.writing")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    sync_directory(path.parent)


def overwrite_and_remove(path: Path) -> None:
    """Overwrite *path* with random bytes, flush, then unlink it.

    On journaling file systems and flash storage the old blocks may survive elsewhere; this is
    why what we destroy is only ever wrapped (encrypted) key material, never plaintext.
    """
    if not path.exists():
        return
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.write(os.urandom(size))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """``fsync`` *directory*, so that a file made or removed in it lasts a crash."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def create_private(path: Path) -> BinaryIO:
    """*path* opened for writing from its start, owner-only (0600), under an exclusive lock
    that lasts until the file is closed."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # a file left by an earlier version may be 0644
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return os.fdopen(descriptor, "wb")
    except BaseException:
        os.close(descriptor)
        raise


def hold(directory: Path) -> int:
    """An exclusive lock on *directory* (a folder being filled); release with ``os.close``."""
    descriptor = os.open(directory, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def _unheld(path: Path) -> bool:
    """Whether nobody holds a lock on *path* (and so it is a leftover, not work in progress)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)


def remove_leftovers(paths: list[Path]) -> int:
    """Destroy each of *paths* that nobody is writing: files overwritten with random bytes
    and removed, folders likewise file by file, then removed. Returns how many went."""
    removed = 0
    for path in paths:
        if path.is_symlink() or not _unheld(path):
            continue
        if path.is_dir():
            for inner in sorted(path.rglob("*"), reverse=True):
                if inner.is_file() and not inner.is_symlink():
                    overwrite_and_remove(inner)
            shutil.rmtree(path, ignore_errors=True)
        else:
            overwrite_and_remove(path)
        removed += 1
    return removed
