"""Two lists plus other people both name, linked by the real linker (linkage tests).

A test of what a user sees puts its few cases beside enough other people for the model to
train on (300 records or more) and to read how many people hold each name; this builds
those people and links the whole.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from uncounted.linkage import LinkConfig, LinkResult, link_records

COLUMNS = ["source", "record_id", "name", "birth_date", "sex", "place", "event_date"]
EVENT = "2000-05-01"

# One other person: (name on the first list, name on the second, year of birth, place).
Person = tuple[str, str, str, str]


def other_people(
    count: int,
    person: Callable[[int], Person],
    lists: tuple[str, str] = ("a", "b"),
    second_knows_all: bool = True,
) -> list[tuple[str, ...]]:
    """Rows of *count* other people (record ids o0, o1, ...), each named by both *lists*.

    The first list knows the year of birth, the sex (m), the place and the event
    (2000-05-01); the second the same, or with *second_knows_all* false only the name and
    the year."""
    first, second = lists
    rows = []
    for i in range(count):
        name_first, name_second, born, place = person(i)
        rows.append((first, f"o{i}", name_first, born, "m", place, EVENT))
        if second_knows_all:
            rows.append((second, f"o{i}", name_second, born, "m", place, EVENT))
        else:
            rows.append((second, f"o{i}", name_second, born, "", "", ""))
    return rows


def linked(rows: list[tuple[str, ...]], config: LinkConfig | None = None) -> LinkResult:
    """*rows* (of COLUMNS) linked by :func:`link_records`."""
    return link_records(pd.DataFrame(rows, columns=COLUMNS), config or LinkConfig())


def labels(result: LinkResult) -> pd.Series:
    """Each record's cluster, by (source, record_id)."""
    return result.records.set_index(["source", "record_id"])["cluster_id"]


def trained_labels(rows: list[tuple[str, ...]]) -> pd.Series:
    """Each record's cluster after linking *rows* with a trained model (the test's world
    must be large enough to train on, or it would test the defaults instead)."""
    result = linked(rows)
    assert result.summary["model"]["trained"]
    return labels(result)
