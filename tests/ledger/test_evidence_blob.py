"""Encrypted evidence blobs round-trip in chunks and refuse truncation, extension and swaps."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.vault.evidence_blob import CHUNK, BlobDamaged, read_blob, write_blob

KEY = bytes(range(32))


def _pieces(data: bytes, cut: int) -> list[bytes]:
    return [data[i : i + cut] for i in range(0, len(data), cut)] or [b""]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 3 * CHUNK + 5), st.integers(1, CHUNK + 7))
def test_any_content_cut_any_way_round_trips(size: int, cut: int) -> None:
    data = (bytes(range(256)) * (size // 256 + 1))[:size]
    with tempfile.TemporaryDirectory() as directory:  # hypothesis examples cannot share tmp_path
        target = Path(directory) / "roundtrip.blob"
        write_blob(target, KEY, b"label", _pieces(data, cut))
        assert data not in target.read_bytes() or size < 64
        assert b"".join(read_blob(target, KEY, b"label")) == data


@pytest.fixture
def blob(tmp_path: Path) -> Path:
    target = tmp_path / "item.original"
    write_blob(target, KEY, b"item-1", [os.urandom(CHUNK), os.urandom(CHUNK // 2)])
    return target


def test_a_truncated_blob_is_refused(blob: Path) -> None:
    data = blob.read_bytes()
    blob.write_bytes(data[: len(data) - (CHUNK // 2 + 17 + 4)])  # drop the final chunk
    with pytest.raises(BlobDamaged, match="truncated"):
        b"".join(read_blob(blob, KEY, b"item-1"))


def test_an_extended_blob_is_refused(blob: Path) -> None:
    blob.write_bytes(blob.read_bytes() + b"\x00")
    with pytest.raises(BlobDamaged, match="extended"):
        b"".join(read_blob(blob, KEY, b"item-1"))


def test_a_blob_under_another_items_label_or_key_is_refused(blob: Path) -> None:
    with pytest.raises(BlobDamaged, match="altered"):
        b"".join(read_blob(blob, KEY, b"item-2"))
    with pytest.raises(BlobDamaged):
        b"".join(read_blob(blob, bytes(32), b"item-1"))


def test_a_flipped_byte_anywhere_is_refused(blob: Path) -> None:
    data = blob.read_bytes()
    for position in (0, 9, 40, CHUNK // 2, len(data) - 1):
        altered = bytearray(data)
        altered[position] ^= 0x01
        blob.write_bytes(bytes(altered))
        with pytest.raises(BlobDamaged):
            b"".join(read_blob(blob, KEY, b"item-1"))
