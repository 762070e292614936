"""A synthetic world's records as a user's files give them: written, then read by the intake.

It lives in the intake, not in :mod:`uncounted.synth`, because the generator is a pure layer
that may not import the intake (tests/test_architecture.py); the intake may use the generator.

Users' records reach linkage through :func:`uncounted.intake.read_records_file` (dates parsed,
sex and event types as codes, places as gazetteer codes, names as typed); the generator's
frame does not. A benchmark or test that links the generator's frame measures a path no user
takes: in the sixth pass of issue 12 the intake stored places as codes, the linker folded the
codes as names, and no benchmark saw it. :func:`read_as_uploaded` is the one way to get what
a user would get; ``direct=True`` gives the generator's frame as text, the old way, to
compare.

Each source holding a record is written as its own CSV file (UTF-8, with a ``source``
column, as ``uncounted link`` and the import take) into a private temporary folder that is
deleted before returning, as its compilers would type it (:func:`as_typed`: a Cyrillic list
writes dates as ``05.03.1990`` or ``03.1990`` and sex as м/ж). The people are synthetic.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from uncounted.intake._records_file import read_records_file
from uncounted.synth import SourceSpec
from uncounted.synth._world import World

_RUSSIAN_SEX = {"M": "м", "F": "ж"}


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


def _russian_date(value: object) -> object:
    """An ISO day or month as Russian lists write it (``1990-03-05`` -> ``05.03.1990``)."""
    if not isinstance(value, str):
        return value
    if day := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return f"{day[3]}.{day[2]}.{day[1]}"
    if month := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{month[2]}.{month[1]}"
    return value


def as_typed(spec: SourceSpec, records: pd.DataFrame) -> pd.DataFrame:
    """*spec*'s records as its compilers would type them into the file they send.

    The generator writes every list's dates as ISO days and sex as M/F; a Cyrillic list
    writes dates as Russian lists do (``DD.MM.YYYY``, ``MM.YYYY``) and sex as м/ж, so the
    intake's reading of them is part of every figure measured on what it reads. The others
    are left as generated (the intake does not read ``05/03/1990``: a list that writes it
    is refused, naming the rows).
    """
    if spec.script != "cyrillic":
        return records
    typed = records.copy()
    for column in ("birth_date", "event_date"):
        typed[column] = typed[column].map(_russian_date)
    typed["sex"] = typed["sex"].map(lambda value: _RUSSIAN_SEX.get(value, value))
    return typed


def read_as_uploaded(world: World, *, direct: bool = False) -> ReadRecords:
    """*world*'s records as the intake reads its sources' files (``direct``: as generated)."""
    if direct:
        return ReadRecords(as_text(world.records), 0.0)
    frames: list[pd.DataFrame] = []
    warnings: dict[str, None] = {}
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="uncounted-synth-") as folder:
        for number, (spec, source) in enumerate(
            zip(world.config.sources, world.sources, strict=True)
        ):
            if not len(source.records):  # a list nobody would send: the intake refuses it
                continue
            path = Path(folder) / f"list{number}.csv"
            as_typed(spec, source.records).to_csv(path, index=False, encoding="utf-8")
            started = time.perf_counter()
            table = read_records_file(path)
            seconds += time.perf_counter() - started
            frames.append(pd.DataFrame(table.values, columns=list(table.columns)))
            warnings.update(dict.fromkeys(table.warnings))
    if not frames:
        return ReadRecords(as_text(world.records), seconds)
    return ReadRecords(pd.concat(frames, ignore_index=True), seconds, tuple(warnings))
