"""The independent generator of ``benchmarks/linkage_independent.py`` (issue 12).

Its figures mean something only if a seed always gives the same world and every world is a
file the intake reads without a problem, as a user's would be; its romanisations are checked
against examples of the published standards, not against the linkage's own tables.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from uncounted.intake import read_records_file

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "linkage_independent.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("linkage_independent", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_a_seed_gives_the_same_file_byte_for_byte(generator: ModuleType, tmp_path: Path) -> None:
    first, again, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    generator.write_csv(generator.generate("duplicates", 1), first)
    generator.write_csv(generator.generate("duplicates", 1), again)
    generator.write_csv(generator.generate("duplicates", 2), other)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


@pytest.mark.parametrize("kind", ["five", "halfru", "common"])
def test_the_intake_reads_every_row(generator: ModuleType, tmp_path: Path, kind: str) -> None:
    world = generator.generate(kind, 1)
    path = tmp_path / f"{kind}.csv"
    generator.write_csv(world, path)
    table = read_records_file(path)
    assert len(table.values["record_id"]) == len(world.rows) == len(world.truth)
    keys = {(t["source"], t["record_id"]) for t in world.truth}
    assert len(keys) == len(world.truth)


@pytest.mark.parametrize(
    ("cyrillic", "system", "latin"),
    [
        ("Щукин", "iso9", "Ŝukin"),
        ("Цуев", "gost_b", "Czuev"),
        ("Цирк", "gost_b", "Cirk"),
        ("Фёдоров", "bgn", "Fëdorov"),
        ("Евлоев", "bgn", "Yevloyev"),
        ("Дмитрий", "icao", "Dmitrii"),
        ("Шамиль", "icao", "Shamil"),
        ("Ибрагим", "french", "Ibraguim"),
        ("Хасанов", "german", "Chassanow"),
        ("Юсуп", "press", "Yusup"),
    ],
)
def test_romanisations_follow_the_standards(
    generator: ModuleType, cyrillic: str, system: str, latin: str
) -> None:
    assert generator.romanise(cyrillic, system) == latin
