"""The benchmarks link what a user's files give (issue 12, seventh pass).

``uncounted.intake.synthetic.read_as_uploaded`` writes each list of a synthetic world as a CSV
file and reads it back with the intake, as ``uncounted link`` and the register read a user's lists.
Linkage must see the same records whichever way they came: in the sixth pass the intake
stored places as gazetteer codes that the linker folded as names, and no benchmark saw it
because none went through the intake.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest

from uncounted.intake import read_records_file
from uncounted.intake.synthetic import as_typed, read_as_uploaded
from uncounted.linkage import build_features
from uncounted.synth import World, generate_world, random_world_config


@pytest.fixture(scope="module")
def world() -> World:
    # setting 1001: places written in Cyrillic capitals, English and as districts
    return generate_world(random_world_config(1001, 400))


def test_the_files_are_read_as_uncounted_link_reads_them(world: World, tmp_path: Path) -> None:
    # the Cyrillic list is typed as Russian lists are: 05.03.1990, 03.1990, м/ж ...
    spec, source = next(
        (spec, source)
        for spec, source in zip(world.config.sources, world.sources, strict=True)
        if spec.script == "cyrillic"
    )
    typed = as_typed(spec, source.records)
    assert typed["event_date"].str.fullmatch(r"(\d\d\.)?\d\d\.\d{4}|").all()
    assert set(typed["sex"].dropna()) <= {"м", "ж", ""}
    # ... and read back as the same records as the generator's ISO file
    read = read_as_uploaded(world)
    table = read_records_file(world.write(tmp_path).records)  # one file, as the command takes
    assert read.records.equals(pd.DataFrame(table.values, columns=list(table.columns)))
    assert read.seconds > 0
    places = read.records["place"]
    assert places.str.startswith("ru-ce-").any()  # the intake stored gazetteer codes
    assert read.records["sex"].isin(["male", "female", ""]).all()  # and codes for sex


def test_linkage_sees_the_same_records_read_or_generated(world: World) -> None:
    read = read_as_uploaded(world).records
    direct = read_as_uploaded(world, direct=True).records
    assert (read["place"] != direct["place"]).any()  # the values differ...
    pd.testing.assert_frame_equal(
        build_features(read), build_features(direct)
    )  # ...not what is linked


def test_the_files_are_gone_after_reading(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read_as_uploaded(world)
    assert list(tmp_path.iterdir()) == []
