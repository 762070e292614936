"""An initial in place of the given name beside a slip in a short surname: `uncounted link`.

One man (issue 12, eleventh pass): one list writes Мутаев Алихан, born 14 March 1980, with
the place and the event; the other only Муаев А., born 1980. The slip in the
surname's middle changes its first four letters and its last four (a six-letter name: the
two overlap) and its consonant code, and the second record has no given name, so no key
met until a short surname's first two and last two letters with the initial were one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from cli_helpers import CliRunner
from two_lists import EVENT, clusters_of_link, made_up_people, other_people

from uncounted.linkage import build_features
from uncounted.linkage._blocking import proposed

# 200 other men named alike by both lists, the second list giving only the name and year.
_OTHERS = other_people(
    200,
    made_up_people(
        ["ба", "да", "ка", "ла", "ма", "на", "ра", "та", "са", "ха", "му", "зу"],
        ["Магомед", "Ислам", "Руслан", "Адам", "Иса", "Саид", "Аслан", "Умар"],
        "ев",
        ("Шали", "Аргун"),
    ),
    second_knows_all=False,
)


def test_an_initial_beside_a_slip_in_a_short_surname_is_linked(
    cli: CliRunner, tmp_path: Path
) -> None:
    man = [
        ("a", "x1", "Мутаев Алихан", "1980-03-14", "m", "Шали", EVENT),
        ("b", "x1", "Муаев А.", "1980", "", "", ""),
    ]
    clusters = clusters_of_link(cli, tmp_path, man + _OTHERS)
    assert clusters[("a", "x1")] == clusters[("b", "x1")]
    assert clusters[("a", "x1")] != clusters[("a", "o0")]


def test_short_surnames_a_slip_apart_meet_beside_an_initial_only() -> None:
    for left, right in (
        ("Umaev A.", "Umsaev Ansor"),  # a letter more
        ("Mitnuev V.", "Mintuev Vakhid"),  # two letters swapped
        ("Lehoev M.", "Lekoev Magomed"),  # a letter otherwise
    ):
        frame = pd.DataFrame(
            [("a", "1", left), ("b", "1", right)], columns=["source", "record_id", "name"]
        )
        assert proposed(build_features(frame), np.array([0]), np.array([1]))[0], (left, right)
    # Not a different initial: Umaev A. is not Umsaev Ruslan.
    frame = pd.DataFrame(
        [("a", "1", "Umaev A."), ("b", "1", "Umsaev Ruslan")],
        columns=["source", "record_id", "name"],
    )
    assert not proposed(build_features(frame), np.array([0]), np.array([1]))[0]
