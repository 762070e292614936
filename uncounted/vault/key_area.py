"""The key area: one file of fixed-size slots, always overwritten in place, never renamed.

Why: ``panic`` must leave nothing that opens the vault with a passphrase used before. A file
replaced by an atomic rename leaves its old version in blocks the file system merely marks
free; a byte search of the raw device found a whole earlier keyring that way (issue 18). Here
every change writes into the same file's existing blocks with ``pwrite`` and ``fsync``: no
temporary file, no rename, no copy. On a file system that overwrites in place (ext4's default
``data=ordered``, XFS) the old bytes are gone when ``fsync`` returns; what flash storage and
copy-on-write file systems still keep is in ``docs/security.md``.

Layout: a 4 KiB header (magic, slot count, slot size, and a random *epoch* rewritten on every
change, which lets the web application see a change by reading 48 bytes), then slots of
:data:`SLOT_BYTES`. A slot is free when it does not start with :data:`SLOT_MAGIC` (free
slots hold random bytes); a used slot holds a name, a sequence number and an opaque payload
(``keyring.py``'s entry), padded with random bytes.

A change writes the new payload into a free slot and ``fsync``s before it overwrites the old
slot with random bytes: a crash between the two leaves both, and the higher sequence number
wins when the area is read (the older one is erased by the next change). All writers hold an
exclusive ``flock`` on the file; readers a shared one.
"""

from __future__ import annotations

import fcntl
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from uncounted.vault.files import sync_directory

AREA_MAGIC = b"UNCOUNTED-KEY-AREA-1\n\0\0\0"
SLOT_MAGIC = b"UNCSLOT1"
HEADER_BYTES = 4096
#: Room for one user's entry: 4,000 anti-forensic stripes of 64 bytes, encrypted, and its
#: public fields (``keyring.py``), with margin.
SLOT_BYTES = 264 * 1024
#: Slots a new area has; an area grows by as many when it runs out (in place, at its end).
INITIAL_SLOTS = 8
_HEADER = struct.Struct(">24sII16s")  # magic, slot count, slot size, epoch
_SLOT = struct.Struct(">8sQH")  # magic, sequence number, name length
_LENGTH = struct.Struct(">I")


class KeyAreaDamaged(ValueError):
    """Raised inside the vault when the key area's header is not one; callers translate it."""


@dataclass(frozen=True)
class _Slot:
    index: int
    name: str
    sequence: int
    payload: bytes


@dataclass(frozen=True)
class _Header:
    slots: int
    slot_bytes: int
    epoch: bytes


def _read_header(descriptor: int) -> _Header:
    raw = os.pread(descriptor, _HEADER.size, 0)
    if len(raw) != _HEADER.size:
        raise KeyAreaDamaged
    magic, slots, slot_bytes, epoch = _HEADER.unpack(raw)
    if magic != AREA_MAGIC or slot_bytes != SLOT_BYTES:
        raise KeyAreaDamaged
    return _Header(slots, slot_bytes, epoch)


def _write_header(descriptor: int, slots: int) -> None:
    header = _HEADER.pack(AREA_MAGIC, slots, SLOT_BYTES, os.urandom(16))
    os.pwrite(descriptor, header.ljust(HEADER_BYTES, b"\0"), 0)


def _offset(index: int) -> int:
    return HEADER_BYTES + index * SLOT_BYTES


def _write_all(descriptor: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(descriptor, view, offset)
        view, offset = view[written:], offset + written


def _parse(index: int, raw: bytes) -> _Slot | None:
    magic, sequence, name_length = _SLOT.unpack_from(raw)
    if magic != SLOT_MAGIC:
        return None
    at = _SLOT.size
    try:
        name = raw[at : at + name_length].decode("utf-8")
    except UnicodeDecodeError:
        return None
    at += name_length
    (length,) = _LENGTH.unpack_from(raw, at)
    at += _LENGTH.size
    if at + length > len(raw):
        return None
    return _Slot(index, name, sequence, raw[at : at + length])


def _slots(descriptor: int, header: _Header) -> Iterator[tuple[int, _Slot | None]]:
    for index in range(header.slots):
        raw = os.pread(descriptor, SLOT_BYTES, _offset(index))
        yield index, (_parse(index, raw) if len(raw) == SLOT_BYTES else None)


def _newest(found: list[_Slot]) -> dict[str, _Slot]:
    newest: dict[str, _Slot] = {}
    for slot in found:
        if slot.name not in newest or slot.sequence > newest[slot.name].sequence:
            newest[slot.name] = slot
    return newest


@contextmanager
def _opened(path: Path, lock: int) -> Iterator[int]:
    descriptor = os.open(path, os.O_RDWR if lock == fcntl.LOCK_EX else os.O_RDONLY)
    try:
        fcntl.flock(descriptor, lock)
        yield descriptor
    finally:
        os.close(descriptor)  # releases the lock


def create(path: Path) -> None:
    """Make an empty area at *path* (owner-only), unless one is there already."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _write_all(descriptor, os.urandom(INITIAL_SLOTS * SLOT_BYTES), HEADER_BYTES)
        _write_header(descriptor, INITIAL_SLOTS)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    sync_directory(path.parent)


def epoch(path: Path) -> bytes | None:
    """The area's change marker (None when there is no area): reads its header only."""
    try:
        with _opened(path, fcntl.LOCK_SH) as descriptor:
            return _read_header(descriptor).epoch
    except FileNotFoundError:
        return None


def read(path: Path) -> dict[str, bytes]:
    """Every name's newest payload."""
    with _opened(path, fcntl.LOCK_SH) as descriptor:
        header = _read_header(descriptor)
        found = [slot for _, slot in _slots(descriptor, header) if slot is not None]
    return {name: slot.payload for name, slot in _newest(found).items()}


def update(path: Path, change: Callable[[dict[str, bytes]], dict[str, bytes]]) -> None:
    """Replace the area's payloads by ``change(current payloads)``, under the writers' lock.

    Only what differs is written: each new or changed payload into a free slot (synced),
    then every slot it replaces, and every slot of a name no longer wanted, overwritten with
    random bytes (synced).
    """
    with _opened(path, fcntl.LOCK_EX) as descriptor:
        header = _read_header(descriptor)
        found = [(index, slot) for index, slot in _slots(descriptor, header)]
        used = [slot for _, slot in found if slot is not None]
        current = _newest(used)
        wanted = change({name: slot.payload for name, slot in current.items()})
        writes = {
            name: payload
            for name, payload in wanted.items()
            if name not in current or current[name].payload != payload
        }
        stale = [
            slot
            for slot in used
            if slot.name not in wanted or slot.name in writes or current[slot.name] != slot
        ]
        free = [index for index, slot in found if slot is None]
        slots = header.slots
        while len(free) < len(writes):
            _write_all(descriptor, os.urandom(INITIAL_SLOTS * SLOT_BYTES), _offset(slots))
            free += range(slots, slots + INITIAL_SLOTS)
            slots += INITIAL_SLOTS
        sequence = max((slot.sequence for slot in used), default=0)
        for (name, payload), index in zip(sorted(writes.items()), free, strict=False):
            sequence += 1
            _write_all(descriptor, _slot_bytes(name, sequence, payload), _offset(index))
        _write_header(descriptor, slots)
        os.fsync(descriptor)
        for slot in stale:
            _write_all(descriptor, os.urandom(SLOT_BYTES), _offset(slot.index))
        _write_header(descriptor, slots)
        os.fsync(descriptor)


def erase_all(path: Path) -> None:
    """Overwrite every slot with random bytes, in place (``panic``); the area stays, empty."""
    with _opened(path, fcntl.LOCK_EX) as descriptor:
        header = _read_header(descriptor)
        for index in range(header.slots):
            _write_all(descriptor, os.urandom(SLOT_BYTES), _offset(index))
        _write_header(descriptor, header.slots)
        os.fsync(descriptor)


def _slot_bytes(name: str, sequence: int, payload: bytes) -> bytes:
    encoded = name.encode("utf-8")
    body = _SLOT.pack(SLOT_MAGIC, sequence, len(encoded)) + encoded
    body += _LENGTH.pack(len(payload)) + payload
    if len(body) > SLOT_BYTES:
        raise ValueError("a key area payload is larger than a slot")
    return body + os.urandom(SLOT_BYTES - len(body))
