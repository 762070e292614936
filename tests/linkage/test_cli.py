"""``uncounted link`` refuses bad files with one line naming file, row and field, and writes
nothing; empty and single-source input give sensible output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from uncounted.cli import main

HEADER = "source,record_id,name,birth_date,sex,event_date\n"
GOOD = (
    HEADER
    + "hotline,1,Исаев Магомед Ахмедович,1983-01-02,m,2017-03-01\n"
    + "press,a,Magomed Isayev,1983,m,2017-03-02\n"
    + "passport,x,ISAEV MAGOMED,1983-01-02,m,\n"
    + "press,b,Aishat Dudayeva,1990,f,2017-04-01\n"
)


@dataclass(frozen=True)
class Done:
    """What the console script did: exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


Run = Callable[..., Done]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the real console entry point in this process (as `uncounted link ...`)."""

    def _run(*args: str | Path) -> Done:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["uncounted", "link", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return _run


def _refused(run: Run, tmp_path: Path, content: bytes, *expected: str) -> None:
    records = tmp_path / "records.csv"
    records.write_bytes(content)
    out = tmp_path / "clusters.csv"
    done = run(records, "-o", out)
    assert done.returncode == 1, done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("error: records.csv")
    for word in expected:
        assert word in message
    assert not out.exists()
    assert "Исаев" not in done.stderr and "Isayev" not in done.stderr


def test_missing_source_column(run: Run, tmp_path: Path) -> None:
    _refused(run, tmp_path, b"record_id,name\n1,Magomed Isayev\n", "missing column source")


def test_empty_record_id(run: Run, tmp_path: Path) -> None:
    _refused(
        run, tmp_path, (HEADER + "press,,Magomed Isayev,1983,m,\n").encode(), "row 2", "record_id"
    )


def test_duplicate_ids_within_a_source(run: Run, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,1983,m,\npress,1,Musa Isayev,1980,m,\n"
    _refused(run, tmp_path, content.encode(), "row 3", "record_id")


def test_unparseable_date(run: Run, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,02/01/1983,m,\n"
    _refused(run, tmp_path, content.encode(), "row 2", "birth_date")


def test_unknown_encoding(run: Run, tmp_path: Path) -> None:
    _refused(run, tmp_path, b"source,record_id\n\x00\xff\xfe\x81\x00\x9d\x00\xff\n", "encoding")


def test_links_across_scripts_and_prints_one_json(run: Run, tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD, encoding="utf-8")
    out, review, histories = tmp_path / "c.csv", tmp_path / "r.csv", tmp_path / "h.csv"
    done = run(records, "-o", out, "--json", "--review-out", review, "--histories-out", histories)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["records"] == 4
    assert {"clusters", "pairs_compared", "seconds", "model"} <= summary.keys()
    clusters = pd.read_csv(out, dtype=str)
    assert list(clusters.columns[:6]) == [
        "source",
        "record_id",
        "name",
        "birth_date",
        "sex",
        "event_date",
    ]
    assert clusters["cluster_id"].iloc[:3].nunique() == 1
    assert clusters["cluster_id"].iloc[3] != clusters["cluster_id"].iloc[0]
    assert pd.read_csv(histories)["count"].sum() == summary["clusters"]


def test_empty_and_single_source_input(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, encoding="utf-8")
    done = run(empty, "-o", tmp_path / "e.csv", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["clusters"] == 0
    single = tmp_path / "single.csv"
    single.write_text(HEADER + "press,1,Magomed Isayev,1983,m,\npress,2,Magomed Isayev,1983,m,\n")
    done = run(single, "-o", tmp_path / "s.csv", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["clusters"] == 2
