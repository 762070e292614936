"""A huge image is preserved like any other file; only what needs its pixels is skipped.

Issue 18: a 400-megapixel PNG crashed ``evidence add`` (Pillow's decompression-bomb error),
so the file could not be preserved at all. The PNG here declares 20,000 x 20,000 pixels in a
few hundred bytes: Pillow reads only its header to refuse it.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path
from typing import Any

from PIL import Image

from uncounted.services import evidence, vaults

CliRunner = Callable[..., Any]
PASSPHRASE = "synthetic test passphrase"


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _huge_png(path: Path, side: int = 20_000) -> Path:
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = zlib.compress(b"\x00" + b"\x80" * 3 * 16)  # far fewer rows than declared
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )
    return path


def test_a_400_megapixel_png_is_preserved_and_its_pixels_left_alone(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    png = _huge_png(tmp_path / "aerial.png")
    result = cli("evidence", "add", vault, png)
    assert result.code == 0, result.err
    assert Image.MAX_IMAGE_PIXELS == 100_000_000  # set by uncounted, not left to Pillow
    assert "Traceback" not in result.err
    assert "note: the image has more than 100 megapixels" in result.err
    item_id = result.out.strip()
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        item = evidence.evidence_item(session, item_id)
        assert item.sha256 == sha256(png.read_bytes()).digest()
        assert item.media_type == "image/png"
        metadata = evidence.evidence_metadata(session, item_id)
    assert metadata["metadata.skipped"].startswith("the image has more than 100 megapixels")
    # preserved and logged: the package of the original verifies offline
    package = tmp_path / "package.zip"
    assert cli("evidence", "export", vault, item_id, "-o", package).code == 0
    report = json.loads(cli("verify", package, "--json").out)
    assert all(check["status"] != "failed" for check in report["checks"])
    # a working copy would need the pixels: refused in words, nothing crashes
    refused = cli("evidence", "export", vault, item_id, "-o", tmp_path / "w.zip", "--working-copy")
    assert refused.code == 1
    assert "more than 100 megapixels" in refused.err
    assert "Traceback" not in refused.err
