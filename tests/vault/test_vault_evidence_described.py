"""Evidence kinds, sealed descriptions and sealed thumbnails (migration evidence2_0001): a
vault made by the previous main is carried forward with its evidence, and what it gains is
sealed under the item's key like the file."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from vault_helpers import Vault, add_record, carry_forward, previous_main, table_columns

from uncounted.services import evidence


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (640, 480), (20, 120, 60))
    exif = Image.Exif()
    exif[0x013B] = "Synthetic Photographer"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_vault_of_the_previous_main_is_carried_forward_with_its_evidence(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.unlock() as admin:
        record = add_record(admin, "case-e", "Evidencia Migratova")
        old = evidence.add_evidence(admin, _photo(tmp_path / "a.jpg"), record)
        key = admin.vault_key
    with previous_main(vault.path, key, "events_0001") as conn:
        columns = table_columns(conn, "evidence_items")
        assert {"kind", "sealed_description", "thumbnail_size"}.isdisjoint(columns)
        carry_forward(conn)
    with vault.unlock() as admin:
        (carried,) = evidence.described_evidence(admin, records=[record])
        assert carried.item.id == old.id and carried.item.sha256 == old.sha256
        assert (carried.item.kind, carried.description, carried.item.thumbnail_size) == (
            None,
            "",
            None,
        )
        assert evidence.evidence_thumbnail(admin, old.id) is None  # the previous main made none
        assert b"".join(evidence.open_evidence(admin, old.id)) == (tmp_path / "a.jpg").read_bytes()
        described = evidence.add_evidence(
            admin,
            _photo(tmp_path / "b.jpg"),
            record,
            description=evidence.describe("photo", "Синяки, снято на второй день"),
        )
        shown = evidence.described_evidence(admin, case="case-e")
    assert [(s.item.id, s.item.kind, s.description) for s in shown] == [
        (old.id, None, ""),
        (described.id, "photo", "Синяки, снято на второй день"),
    ]
    assert shown[1].item.thumbnail_size is not None
