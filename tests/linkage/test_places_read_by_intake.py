"""A place the intake resolved to its gazetteer code agrees with the place written out (issue 12).

The intake stores a place it finds in the gazetteer as its code (Grozny -> ru-ce-grozny) and
keeps one it does not find as written (a village the gazetteer lacks; a French list's Groznyï
too, until linknamesake gave the intake linkage's reading of places). The linker folded the code
like a name (rutsegrosni), a place nobody knows: through ``uncounted link`` every such place
disagreed with the same place in another list. On the 99,995-record common-name world this
cost 0.018 of F1 against the same records linked in process.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from uncounted.intake import read_records_file
from uncounted.linkage import build_features
from uncounted.linkage._places import place_key


def test_a_gazetteer_code_is_the_place_it_codes() -> None:
    assert place_key("ru-ce-grozny") == place_key("Грозный") == place_key("Groznyï", "french")
    assert place_key("ru-ce-grozny").parent == place_key("Grozny").parent is not None


def test_places_read_from_a_file_agree_as_they_do_in_memory(tmp_path: Path) -> None:
    rows = [
        ("a", "1", "Nataev Adam", "1975", "m", "Grozny", ""),
        ("b", "1", "Натаев Адам", "1975", "m", "Грозный", ""),
        ("c", "1", "Nataev Adam", "1975", "m", "Groznyj", ""),
    ]
    columns = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
    written = tmp_path / "records.csv"
    pd.DataFrame(rows, columns=columns).to_csv(written, index=False)
    table = read_records_file(written)
    read = pd.DataFrame(table.values, columns=list(table.columns))
    assert read["place"].tolist() == ["ru-ce-grozny"] * 3  # what the intake stores
    in_memory = build_features(pd.DataFrame(rows, columns=columns))["place_code"].tolist()
    assert build_features(read)["place_code"].tolist() == in_memory
