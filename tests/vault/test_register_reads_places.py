"""The register links a place the gazetteer does not know, as ``uncounted link`` does (issue 12).

The import keeps such a place as written, sealed (``place_text``); the register read only the
gazetteer code and linked those records as if no place had been given, so the same lists
linked in the vault and with ``uncounted link`` gave different people (random setting 1012:
F1 0.9725 in the register, 0.9799 with the command). Synthetic people only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from vault_helpers import Vault

from uncounted.intake import read_records_file
from uncounted.services import imports
from uncounted.services.analysis import readable_frame

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
LISTS = {
    "memorial": [
        ("memorial", "m1", "Nataev Adam", "1975", "m", "Grozny", "2019-03-01"),
        ("memorial", "m2", "Zaurbekov Ali", "1980", "m", "Khatuni-Chiri", "2019-05-02"),
    ],
    "fidh": [
        ("fidh", "f1", "Nataev Adam", "1975", "m", "Groznyï", "2019-03-01"),
        ("fidh", "f2", "Zaurbekov Ali", "1980", "m", "Khatuni-Chiri", ""),
    ],
}


def test_the_register_reads_each_place_as_uncounted_link_does(vault: Vault, tmp_path: Path) -> None:
    read = []
    with vault.unlock() as session:
        for source, rows in LISTS.items():
            listing = tmp_path / f"{source}.csv"
            pd.DataFrame(rows, columns=COLUMNS).to_csv(listing, index=False)
            imports.import_file(session, listing, source=source)
            read += read_records_file(listing).values["place"]
        frame, left_out = readable_frame(session)
    assert left_out == 0
    places = dict(zip(frame["record_id"], frame["place"], strict=True))
    assert [places[r] for r in ("m1", "m2", "f1", "f2")] == read
    # the code where the gazetteer knows the place, else as written (not dropped)
    assert read == ["ru-ce-grozny", "Khatuni-Chiri", "Groznyï", "Khatuni-Chiri"]
