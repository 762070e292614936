"""Two typos in one record's name, one in each part: the real ``uncounted link``.

Two records of one man (issue 12, tenth pass): one list writes Bataev Ismail, born 1975, with
the place and the event; the other only Batlaev Ismaol, born 1975. The slip in the surname's
middle changes its first four letters, its last four and its consonant code; the one in the
given name its whole, so no key built from a whole part or from one end of each met until
the letters of both parts were keys of their own (min-hash of the letter triples,
linkrecall4). Nor did a parse that took a given name with a typo for the surname (Ilin
Maomed read as surname Maomed, beside Ilin Magomed) meet its match, until either part, in
whichever place, was a key.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from cli_helpers import CliRunner
from two_lists import EVENT, clusters_of_link, made_up_people, other_people

from uncounted.linkage import build_features
from uncounted.linkage._blocking import proposed

_SYLLABLES = ["ba", "da", "ka", "la", "ma", "na", "ra", "ta", "sa", "ha", "mu", "zu"]
_GIVEN = ["Magomed", "Islam", "Ruslan", "Adam", "Isa", "Said", "Aslan", "Umar"]
_CASES = [
    ("a", "x1", "Bataev Ismail", "1975", "m", "Shali", EVENT),
    ("b", "x1", "Batlaev Ismaol", "1975", "", "", ""),
]


def test_two_records_with_a_typo_in_each_name_part_are_linked(
    cli: CliRunner, tmp_path: Path
) -> None:
    # 200 other men named by both lists, the second list giving only the name and year.
    others = made_up_people(_SYLLABLES, _GIVEN, "ev")
    rows = _CASES + other_people(200, others, second_knows_all=False)
    clusters = clusters_of_link(cli, tmp_path, rows)
    assert clusters[("a", "x1")] == clusters[("b", "x1")]
    assert clusters[("a", "x1")] != clusters[("a", "o0")]


def test_a_part_with_a_typo_read_as_the_other_part_still_meets_its_match() -> None:
    # Both lists write the surname first; "Maomed" is no known given name, so the parse
    # reads the second record's given name as its surname.
    frame = pd.DataFrame(
        [("a", "1", "Ilin Magomed"), ("b", "1", "Ilin Maomed")],
        columns=["source", "record_id", "name"],
    )
    features = build_features(frame)
    assert features["sn"].tolist() == ["ilin", "maomed"]
    assert proposed(features, np.array([0]), np.array([1]))[0]
