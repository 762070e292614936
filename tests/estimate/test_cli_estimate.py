"""``uncounted estimate`` through its real entry point (``uncounted.cli:main``): files, exit codes.

In-process rather than a subprocess: starting a process imports every command group, which
costs seconds that the suite cannot spare.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from reference_data import REFERENCE

import uncounted.estimate

REQUIRED = {
    "method",
    "lists",
    "observed",
    "point",
    "median",
    "mean",
    "q025",
    "q975",
    "models",
    "diagnostics",
    "warnings",
}


RU = {"LANG": "ru_RU.UTF-8"}


@pytest.fixture
def run(cli: CliRunner) -> CliRunner:
    """``uncounted estimate ARGS`` through the real entry point, in this process."""
    return partial(cli, "estimate")


def test_public_names_of_the_estimate_package() -> None:
    assert sorted(uncounted.estimate.__all__) == sorted(
        [
            "METHODS",
            "METHOD_OPTIONS",
            "CaptureHistories",
            "CaptureHistoryError",
            "Estimate",
            "EstimateOptionError",
            "ModelSummary",
            "STRATIFIED_BOOTSTRAP",
            "Severity",
            "Check",
            "data_checks",
            "StratifiedEstimate",
            "estimate",
            "estimate_stratified",
            "fit_chapman",
            "fit_dga",
            "fit_lcmcr",
            "fit_loglinear",
        ]
    )
    for name in uncounted.estimate.__all__:
        assert getattr(uncounted.estimate, name) is not None


def test_json_is_one_document_with_the_contract_fields(run: CliRunner, tmp_path: Path) -> None:
    done = run(
        REFERENCE / "kosovo.csv", "--method", "dga", "--json", "--plot", tmp_path / "kosovo.svg"
    )
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert set(document) >= REQUIRED
    assert document["method"] == "dga"
    assert document["lists"] == ["EXH", "ABA", "OSCE", "HRW"]
    assert document["observed"] == 4400
    assert document["point"] is None
    assert document["median"] == pytest.approx(12_595, rel=0.005)
    assert document["models"][0]["weight"] > 0.9
    assert document["mean"] is None  # not finite under dga's prior: a diagnostic
    assert document["diagnostics"]["mean_is_finite"] is False
    # kosovo's lists are positively dependent: the caution comes first and the quotable
    # sentence carries no figure
    assert [c["code"] for c in document["checks"]] == ["lists_positively_dependent"]
    assert document["warnings"] == [
        f"{document['checks'][0]['message']} {document['checks'][0]['remedy']}"
    ]
    assert document["in_words"].startswith(
        "4,400 people are documented; the lists cannot tell reliably how many people they all "
        "missed: People on one list are on the other lists more often"
    )
    svg = (tmp_path / "kosovo.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script" not in svg and "href" not in svg and "@import" not in svg
    assert "median 12,595" in svg


def test_human_output_explains_the_result(run: CliRunner, tmp_path: Path) -> None:
    done = run(REFERENCE / "spina_bifida_3.csv", "--delta", "0.125", "--prior", "inverse")
    assert done.code == 0, done.err
    out = " ".join(done.out.split())
    assert "CAUTION" not in out
    for expected in (
        "documented (on at least one list): 621",
        "median of N",
        "95% interval",
        "In words: 621 people are documented; the total is estimated at about",
        "models",
        "diagnostics",
        "notes and warnings",
        "With three lists",
    ):
        assert expected in out


def _without_unique(tmp_path: Path) -> Path:
    """kosovo without the people only HRW documented (the issue's no-unique list)."""
    lines = (REFERENCE / "kosovo.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("0,0,0,1,")]
    path = tmp_path / "kosovo_no_hrw_only.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_a_caution_comes_before_the_figures_and_the_words_carry_no_figure(
    run: CliRunner, tmp_path: Path
) -> None:
    done = run(_without_unique(tmp_path), "--method", "dga")
    assert done.code == 0, done.err
    out = " ".join(done.out.split())
    assert out.index("CAUTION") < out.index("median of N")
    assert "Nobody is only on list HRW" in out
    words = out[out.index("In words:") :]
    assert words.startswith(
        "In words: 4,094 people are documented; the lists cannot tell reliably how many"
    )
    assert "estimated at" not in out
    russian = " ".join(run(_without_unique(tmp_path), "--method", "dga", env=RU).out.split())
    # the sentence in words begins in lower case after the colon (cliwords3)
    assert "Простыми словами: задокументировано людей: 4,094; по спискам" in russian, russian


def test_a_refusal_gives_no_figure_and_names_the_list(run: CliRunner, tmp_path: Path) -> None:
    done = run(REFERENCE / "artificial_3.csv", "--method", "lcmcr", "--json")
    assert done.code == 1, done.err  # a refusal is a user error, its document still printed
    document = json.loads(done.out)
    assert [document[k] for k in ("point", "median", "mean", "q025", "q975")] == [None] * 5
    assert document["checks"][0]["code"] == "list_overlaps_none"
    assert document["checks"][0]["severity"] == "refuse"
    assert document["checks"][0]["lists"] == ["C"]
    assert document["warnings"][0].startswith("List C shares no one with any other list")
    human = " ".join(run(REFERENCE / "artificial_3.csv").out.split())
    assert "NO ESTIMATE" in human and "median of N" not in human and "In words" not in human


REFUSED = "List C shares no one with any other list"
REFUSED_RU = "Список C не пересекается ни с одним другим списком"


def _last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({}, f"error: no estimate from artificial_3.csv: {REFUSED}"),
        (RU, f"ошибка: по файлу artificial_3.csv оценки нет: {REFUSED_RU}"),
    ],
)
def test_a_refused_file_exits_1_with_why_in_one_line_and_writes_no_plot(
    run: CliRunner, tmp_path: Path, env: dict[str, str], said: str
) -> None:
    """`estimate FILE` that refused printed "NO ESTIMATE" and exited 0, as if it had a figure
    (cliwords3): like `--from-register`, it ends with why, in the terminal's language, and
    exits 1; its refusal is still shown and nothing is written."""
    plot = tmp_path / "never.svg"
    for method in ("dga", "loglinear"):
        done = run(REFERENCE / "artificial_3.csv", "--method", method, "--plot", plot, env=env)
        assert done.code == 1, done.err
        assert _last_line(done.err).startswith(said), done.err
        assert len(done.err.strip().splitlines()) == 1, done.err
        assert ("NO ESTIMATE" if not env else "ОЦЕНКИ НЕТ") in done.out
        assert not plot.exists()


def test_every_method_refusing_or_a_refused_stratum_exits_1(run: CliRunner, tmp_path: Path) -> None:
    every = run(REFERENCE / "artificial_3.csv", "--method", "all", env=RU)
    assert every.code == 1, every.err
    said = "ошибка: ни один метод не дал оценки по файлу artificial_3.csv: "
    assert _last_line(every.err).startswith(said + REFUSED_RU), every.err
    assert every.out.count("ОТКАЗ") == 3, every.out  # the table shows each method refusing
    english = run(REFERENCE / "artificial_3.csv", "--method", "all", "--json")
    assert english.code == 1 and json.loads(english.out)["method"] == "all"
    assert _last_line(english.err).startswith("error: no method gave an estimate from")
    # one region's lists share no one, the other's overlap: the total has no figure
    strata = tmp_path / "by_region.csv"
    rows = ["1,0,0,north,10", "0,1,0,north,12", "0,0,1,north,5", "1,1,0,north,3"]
    rows += ["1,0,0,south,10", "0,1,0,south,12", "1,0,1,south,5", "1,1,0,south,3", "0,1,1,south,4"]
    strata.write_text("A,B,C,region,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    stratified = run(strata, "--stratify", "region", "--json")
    assert stratified.code == 1, stratified.err
    assert json.loads(stratified.out)["stratified_by"] == "region"
    said = "error: no estimate from by_region.csv: Stratum north: List C shares no one"
    assert _last_line(stratified.err).startswith(said), stratified.err


def test_method_all_shows_every_method_and_what_their_disagreement_means(
    run: CliRunner,
) -> None:
    done = run(
        REFERENCE / "korea_palembang_3.csv",
        "--method",
        "all",
        "--json",
        "--seed",
        "1",
        "--samples",
        "200",
        "--burnin",
        "1000",
        "--thinning",
        "10",
        "--chains",
        "2",
    )
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert [r["method"] for r in document["results"]] == ["loglinear", "dga", "lcmcr"]
    assert document["agreement"].startswith(("The methods agree", "The methods disagree"))
    six = run(
        REFERENCE / "netherlands_6.csv",
        "--method",
        "all",
        "--json",
        "--seed",
        "1",
        "--samples",
        "20",
        "--burnin",
        "50",
        "--thinning",
        "2",
        "--chains",
        "2",
    )
    assert [r["method"] for r in json.loads(six.out)["results"]] == ["loglinear", "lcmcr"]


def test_bad_file_exits_1_with_one_line_and_writes_no_plot(run: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,C,count\n1,0,2,3\n0,0,0,4\n1,1,1,-1\n", encoding="utf-8")
    plot = tmp_path / "never.svg"
    done = run(bad, "--plot", plot, "--json")
    assert done.code == 1
    assert done.out == ""
    lines = done.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: bad.csv: 3 problems: row 2, column C")
    assert not plot.exists()


def test_two_lists_give_chapman_with_its_warning(run: CliRunner, tmp_path: Path) -> None:
    two = tmp_path / "two.csv"
    two.write_text("police,ngo,count\n1,0,30\n0,1,40\n1,1,10\n", encoding="utf-8")
    done = run(two, "--json")
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert document["method"] == "chapman"
    assert document["point"] == pytest.approx(189.09, abs=0.01)
    assert any("two lists cannot show" in w for w in document["warnings"])


def test_stratified_json_has_the_total_and_each_stratum(run: CliRunner, tmp_path: Path) -> None:
    done = run(
        REFERENCE / "scot_pwid_4_by_covariates.csv",
        "--stratify",
        "Region",
        "--covariate",
        "Gender",
        "--covariate",
        "Age",
        "--json",
    )
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert set(document) >= REQUIRED
    assert document["stratified_by"] == "Region"
    assert set(document["strata"]) == {"GGC", "Rest"}
    assert document["observed"] == 5670
    assert document["q025"] < document["median"] < document["q975"]


def test_an_option_of_another_method_is_a_usage_error(run: CliRunner, tmp_path: Path) -> None:
    done = run(REFERENCE / "kosovo.csv", "--method", "dga", "--seed", "3")
    assert done.code == 2
    assert "--seed does not apply to --method dga" in done.err


def test_help_teaches_the_methods_with_an_example(run: CliRunner) -> None:
    done = run("--help")
    assert done.code == 0
    text = " ".join(done.out.split())
    for expected in (
        "dga",
        "lcmcr",
        "loglinear",
        "Chapman",
        "closed population",
        "uncounted estimate kosovo.csv",
    ):
        assert expected in text


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["histories"], "estimate histories [OPTIONS] FILE"),
        (["runs"], "estimate runs [OPTIONS] VAULT"),
        (["publish"], "estimate publish [OPTIONS] VAULT RUN"),
    ],
)
def test_help_usage_names_the_arguments_as_the_help_does(
    run: CliRunner, command: list[str], usage: str
) -> None:
    """The usage line says FILE, as the help text under it does (Typer 0.29 wrote {file})."""
    done = run(*command, "--help", env={"COLUMNS": "120"})
    assert done.code == 0
    line = next(line for line in done.out.splitlines() if "Usage:" in line)
    assert usage in line
    assert "{" not in line
