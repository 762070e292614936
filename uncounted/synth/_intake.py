"""A world's records as a user's files give them: written as files, read back by the intake.

Users' records reach linkage through :func:`uncounted.intake.read_records_file` (dates parsed,
sex and event types as codes, places as gazetteer codes, names as typed); the generator's
frame does not. A benchmark or test that links the generator's frame measures a path no user
takes: in the sixth pass of issue 12 the intake stored places as codes, the linker folded the
codes as names, and no benchmark saw it. :func:`read_as_uploaded` is the one way to get what
a user would get; ``direct=True`` gives the generator's frame as text, the old way, to
compare.

Each source holding a record is written as its own CSV file (UTF-8, with a ``source``
column, as ``uncounted link`` and the import take) into a private temporary folder that is
deleted before returning. The people are synthetic.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from uncounted.synth._world import World


@dataclass(frozen=True)
class ReadRecords:
    """The records linkage gets, and what reading them cost."""

    #: one row a record, every value text ("" where absent), sources in the world's order
    records: pd.DataFrame
    #: wall seconds spent reading the files (writing them is not counted); 0 when direct
    seconds: float
    #: the intake's warnings, each once (e.g. places the gazetteer does not know)
    warnings: tuple[str, ...] = ()


def as_text(records: pd.DataFrame) -> pd.DataFrame:
    """The generator's frame as text, "" where absent (what linking it directly hands over)."""
    return records.astype(object).where(records.notna(), "").astype(str)


def read_as_uploaded(world: World, *, direct: bool = False) -> ReadRecords:
    """*world*'s records as the intake reads its sources' files (``direct``: as generated)."""
    if direct:
        return ReadRecords(as_text(world.records), 0.0)
    from uncounted.intake import read_records_file

    frames: list[pd.DataFrame] = []
    warnings: dict[str, None] = {}
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="uncounted-synth-") as folder:
        for number, source in enumerate(world.sources):
            if not len(source.records):  # a list nobody would send: the intake refuses it
                continue
            path = Path(folder) / f"list{number}.csv"
            source.records.to_csv(path, index=False, encoding="utf-8")
            started = time.perf_counter()
            table = read_records_file(path)
            seconds += time.perf_counter() - started
            frames.append(pd.DataFrame(table.values, columns=list(table.columns)))
            warnings.update(dict.fromkeys(table.warnings))
    if not frames:
        return ReadRecords(as_text(world.records), seconds)
    return ReadRecords(pd.concat(frames, ignore_index=True), seconds, tuple(warnings))
