"""The vault stores a place as linkage reads it: one reading, for the intake and linkage.

The intake found a place by the gazetteer's own spellings only, while linkage read it
through the names' folding in every romanisation, so a French list's "Chali" was Shali to
linkage and a place nobody knows in the vault: kept as written, outside every district, in
the register and the report's coarsening. Synthetic people only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from vault_helpers import Vault

from uncounted.linkage import build_features
from uncounted.model import Record
from uncounted.services import imports, records
from uncounted.services.analysis import readable_frame

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place"]
# A French list (ou for у, tch for ч, ch for ш) and a German one (sch for ш).
FRENCH = [
    ("fidh", "f1", "Oumarov Chamil", "1975", "m", "Chali"),
    ("fidh", "f2", "Tchetchenov Rouslan", "1980", "m", "с. Chali"),
    ("fidh", "f3", "Moussaev Adam", "1982", "m", "Kourtchaloï"),
]
GERMAN = [("hrw", "g1", "Umarow Schamil", "1975", "m", "Schali")]


def _import(session: object, folder: Path, rows: list[tuple[str, ...]]) -> None:
    listing = folder / f"{rows[0][0]}.csv"
    pd.DataFrame(rows, columns=COLUMNS).to_csv(listing, index=False)
    imports.import_file(session, listing, source=rows[0][0])  # type: ignore[arg-type]


def test_a_romanised_place_is_stored_as_the_gazetteer_place_in_its_district(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.unlock() as session:
        _import(session, tmp_path, FRENCH)
        _import(session, tmp_path, GERMAN)
        stored = {view.source_record_id: view for view in records.list_records(session)}
        frame, _ = readable_frame(session)
    # the code, not the text, so the register and the report count it in its district
    assert {r: stored[r].district for r in ("f1", "f2", "f3", "g1")} == {
        "f1": "ru-ce-shalinsky",
        "f2": "ru-ce-shalinsky",
        "f3": "ru-ce-kurchaloyevsky",
        "g1": "ru-ce-shalinsky",
    }
    places = dict(zip(frame["record_id"], frame["place"], strict=True))
    assert places == {"f1": "ru-ce-shali", "f2": "ru-ce-shali", "f3": "ru-ce-kurchaloy"} | {
        "g1": "ru-ce-shali"
    }


def test_a_vault_made_by_main_reads_its_place_as_written_and_linkage_as_the_place(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.unlock() as session:
        # What the previous main's import stored for French "Chali": no code, no district,
        # the text sealed. No stored value changes meaning, so no migration carries it.
        records.create_record(
            session,
            Record(
                source="memorial",
                record_id="m1",
                name="Oumarov Chamil",
                sex="male",
                place_text="Chali",
            ),
        )
        _import(session, tmp_path, FRENCH)
        stored = {view.source_record_id: view for view in records.list_records(session)}
        frame, left_out = readable_frame(session)
    assert left_out == 0
    assert stored["m1"].district is None and stored["f1"].district == "ru-ce-shalinsky"
    frame = frame.sort_values("record_id").reset_index(drop=True)
    assert frame["place"].tolist() == ["ru-ce-shali", "ru-ce-shali", "ru-ce-kurchaloy", "Chali"]
    # the old record's text and the new record's code are one place to linkage
    features = build_features(frame)
    assert features["place_code"].tolist()[0] == features["place_code"].tolist()[-1]
