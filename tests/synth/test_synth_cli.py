"""`uncounted synth` writes the three files and reports what it made."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import CliRunner

Run = Callable[..., tuple[int, str]]


@pytest.fixture
def run(cli: CliRunner) -> Run:
    """``uncounted synth ARGS`` in this process: its exit code and stdout."""

    def synth(*args: str) -> tuple[int, str]:
        done = cli("synth", *args)
        return done.code, done.out

    return synth


def test_json_summary_matches_the_files_written(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "world"
    code, stdout = run(str(out), "--people", "700", "--seed", "4", "--json")
    assert code == 0
    summary = json.loads(stdout)
    records = pd.read_csv(out / "records.csv")
    histories = pd.read_csv(out / "histories.csv")
    assert summary["people"] == 700
    assert summary["records"] == len(records)
    assert summary["observed"] == histories["count"].sum() == summary["observed"]
    assert summary["records_per_source"] == records["source"].value_counts().to_dict()
    assert len(pd.read_csv(out / "truth.csv")) == len(records)


def test_sources_option_takes_the_first_k_sources(run: Run, tmp_path: Path) -> None:
    code, stdout = run(str(tmp_path), "--people", "300", "--sources", "2", "--json")
    assert code == 0
    assert list(json.loads(stdout)["records_per_source"]) == ["hotline", "press_en"]
    assert list(pd.read_csv(tmp_path / "histories.csv").columns) == [
        "hotline",
        "press_en",
        "count",
    ]


def test_plain_output_names_true_n_and_every_source(run: Run, tmp_path: Path) -> None:
    code, stdout = run(str(tmp_path), "--people", "300")
    assert code == 0
    assert "true N" in stdout and "300" in stdout
    for name in ("hotline", "press_en", "passport_list", "ngo_fr", "list_de", "scholar_iso9"):
        assert name in stdout


def test_same_seed_writes_identical_files(run: Run, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run(str(tmp_path / name), "--people", "400", "--seed", "9", "--json")[0] == 0
    for table in ("records.csv", "truth.csv", "histories.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()


def test_bad_options_are_usage_errors(run: Run, tmp_path: Path) -> None:
    assert run(str(tmp_path), "--sources", "9")[0] == 2
    assert run(str(tmp_path), "--people", "0")[0] == 2


def test_unwritable_directory_is_a_user_error(cli: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    done = cli("synth", blocker / "world", "--people", "50")
    assert done.code == 1
    assert done.err.startswith("error: cannot write the synthetic world")


def test_noise_zero_writes_lists_without_errors(run: Run, tmp_path: Path) -> None:
    code, stdout = run(str(tmp_path), "--people", "400", "--noise", "0", "--json")
    assert code == 0 and json.loads(stdout)["noise"] == 0.0
    records = pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False)
    hotline = records[records["source"] == "hotline"]
    assert (hotline["name"].str.count(" ") == 2).all()
    assert hotline["birth_date"].str.len().eq(10).all()
