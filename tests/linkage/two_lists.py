"""Two lists plus other people both name, linked by the real linker (linkage tests).

A test of what a user sees puts its few cases beside enough other people for the model to
train on (300 records or more) and to read how many people hold each name; this builds
those people and links the whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from cli_helpers import CliRunner

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


def made_up_people(
    syllables: list[str],
    given: list[str],
    ending: str,
    places: tuple[str, str] = ("Shali", "Argun"),
) -> Callable[[int], Person]:
    """Other people whose surnames are two of *syllables* and *ending* (Batalev, Бамуев),
    given names in turn from *given*, each named alike by both lists, born 1950-1989 in
    one of *places* in turn."""

    def person(i: int) -> Person:
        draw = np.random.default_rng(i)
        name = f"{''.join(draw.choice(syllables, 2)).capitalize()}{ending} {given[i % len(given)]}"
        return name, name, str(1950 + i % 40), places[i % 2]

    return person


def clusters_of_link(cli: CliRunner, folder: Path, rows: list[tuple[str, ...]]) -> pd.Series:
    """Each record's cluster, by (source, record_id), from ``uncounted link`` run on *rows*
    (of COLUMNS) written as one file in *folder*, as a user would run it."""
    records = folder / "records.csv"
    pd.DataFrame(rows, columns=COLUMNS).to_csv(records, index=False)
    out = folder / "clusters.csv"
    done = cli("link", records, "-o", out)
    assert done.code == 0, done.err
    return pd.read_csv(out, dtype=str).set_index(["source", "record_id"])["cluster_id"]
