"""``uncounted link`` reads records with the importer's reader and rules: a bad file is refused
with one line naming file, row and field, and nothing is written; a file that can be linked but
hardly (one record, no names) is linked with a warning."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import CliRunner

HEADER = "source,record_id,name,birth_date,sex,event_date\n"
GOOD = (
    HEADER
    + "hotline,1,Исаев Магомед Ахмедович,1983-01-02,m,2017-03-01\n"
    + "press,a,Magomed Isayev,1983,m,2017-03-02\n"
    + "passport,x,ISAEV MAGOMED,1983-01-02,m,\n"
    + "press,b,Aishat Dudayeva,1990,f,2017-04-01\n"
)


@pytest.fixture
def run(cli: CliRunner) -> CliRunner:
    """``uncounted link ARGS`` through the real entry point, in this process."""
    return partial(cli, "link")


def _refused(run: CliRunner, tmp_path: Path, content: bytes, *expected: str) -> None:
    records = tmp_path / "records.csv"
    records.write_bytes(content)
    out = tmp_path / "clusters.csv"
    done = run(records, "-o", out)
    assert done.code == 1, done.err
    message = done.err.strip().splitlines()[-1]
    assert message.startswith("error: records.csv")
    for word in expected:
        assert word in message
    assert not out.exists()
    assert "Исаев" not in done.err and "Isayev" not in done.err


def test_missing_source_column(run: CliRunner, tmp_path: Path) -> None:
    _refused(run, tmp_path, b"record_id,name\n1,Magomed Isayev\n", "no column holds source")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\n\t\n", "the file is empty"),
        (HEADER.encode(), "the file holds no records"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\n\x03\x00>\x00", "not a text file"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip or Excel"),
    ],
)
def test_files_without_records_are_refused(
    run: CliRunner, tmp_path: Path, content: bytes, expected: str
) -> None:
    _refused(run, tmp_path, content, expected)


def test_a_row_with_more_cells_than_the_header(run: CliRunner, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,1983,m,2017-03-01,spare\n"
    _refused(run, tmp_path, content.encode(), "row 2", "more cells than the header")


def test_a_row_with_fewer_cells_than_the_header(run: CliRunner, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,1983\n"
    _refused(run, tmp_path, content.encode(), "row 2", "fewer cells than the header")


def test_a_column_no_field_holds_is_refused_unless_compared(run: CliRunner, tmp_path: Path) -> None:
    content = "source,record_id,name,tribe\npress,1,Magomed Isayev,AB1\nngo,2,Musa,AB2\n"
    _refused(run, tmp_path, content.encode(), "row 1", "column 4")
    records = tmp_path / "records.csv"
    out = tmp_path / "clusters.csv"
    done = run(records, "-o", out, "--compare", "tribe")
    assert done.code == 0, done.err
    assert list(pd.read_csv(out, dtype=str)["tribe"]) == ["AB1", "AB2"]


_FIRST = [
    "Adam",
    "Bislan",
    "Chingiz",
    "Daud",
    "Elbrus",
    "Fatima",
    "Galina",
    "Hava",
    "Islam",
    "Jamal",
    "Kazbek",
    "Lema",
    "Movsar",
    "Nur",
    "Oleg",
    "Petr",
    "Ramzan",
    "Said",
    "Timur",
    "Umar",
    "Vakha",
    "Yakub",
    "Zelimkhan",
    "Ayub",
    "Beslan",
]
_LAST = (
    "Alievsyn Borzoev Chagaev Dzhabrailov Eldarov Fakhriev Gairbekov Khasiev Israilov Kadiev"
    " Lorsanov Magomadov Nasukhanov Osmaev Pashaev Ramzaev Saidulaev Tagaev Umarov Vakhaev"
    " Yusupov Zakriev Abdulaev Batalov Cherkesov"
)


def _two_lists(with_id: bool) -> str:
    """Two lists of the same 25 synthetic people; in list b, person 0's name is spelled
    far apart ("Odam Alyevsin") and the birth year is missing, so the names alone do not
    join them."""
    lines = ["source,record_id,name,birth_date" + (",soc_sec_id" if with_id else "")]
    for i, last in enumerate(_LAST.split()):
        name, year, number = f"{_FIRST[i]} {last}", str(1950 + 2 * i), f"{7300417 + 131 * i}"
        tail = f",{number}" if with_id else ""
        lines.append(f"a,a{i},{name},{year}{tail}")
        lines.append(f"b,b{i},{'Odam Alyevsin' if i == 0 else name},{'' if i == 0 else year}{tail}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("with_id", [True, False])
def test_a_shared_id_column_links_names_spelled_apart(
    run: CliRunner, tmp_path: Path, with_id: bool
) -> None:
    """A soc_sec_id column is compared without being named (and without it the two records
    of person 0 stay apart: the id is what joins them)."""
    records = tmp_path / "records.csv"
    records.write_text(_two_lists(with_id), encoding="utf-8")
    out = tmp_path / "clusters.csv"
    done = run(records, "-o", out)
    assert done.code == 0, done.err
    clusters = pd.read_csv(out, dtype=str).set_index("record_id")["cluster_id"]
    assert (clusters["a0"] == clusters["b0"]) is with_id
    assert clusters["a1"] == clusters["b1"]
    assert clusters["a0"] != clusters["a1"]


def test_a_compared_column_the_file_lacks_is_named(run: CliRunner, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,1983,m,\n"
    records = tmp_path / "records.csv"
    records.write_text(content, encoding="utf-8")
    done = run(records, "-o", tmp_path / "c.csv", "--block-on", "passport")
    assert done.code == 1
    assert done.err.strip() == "error: records.csv: row 1: no column holds passport"


def test_the_importers_rules_apply(run: CliRunner, tmp_path: Path) -> None:
    """What `uncounted import` refuses, `uncounted link` refuses, with the same words."""
    for row, field, words in [
        ("press,1,Magomed Isayev,1849,m,", "birth_date", "1850–2100"),
        ("press,1,Magomed Isayev,1890,m,2017-03-01", "birth_date", "more than 120 years"),
        ("press,1,Magomed Isayev,2018,m,2017-03-01", "birth_date", "after the event date"),
        ("press,1,Magomed Isayev,1983,x,", "sex", "not a known sex"),
    ]:
        _refused(run, tmp_path, (HEADER + row + "\n").encode(), "row 2", field, *words.split())


def test_an_age_above_the_limit_is_refused(run: CliRunner, tmp_path: Path) -> None:
    content = "source,record_id,name,age,event_date\npress,1,Magomed Isayev,121,2017\n"
    _refused(run, tmp_path, content.encode(), "row 2", "column “age”", "0 to 120")


def test_empty_record_id(run: CliRunner, tmp_path: Path) -> None:
    _refused(
        run, tmp_path, (HEADER + "press,,Magomed Isayev,1983,m,\n").encode(), "row 2", "record_id"
    )


def test_duplicate_ids_within_a_source(run: CliRunner, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,1983,m,\npress,1,Musa Isayev,1980,m,\n"
    _refused(run, tmp_path, content.encode(), "row 3", "record_id")


def test_unparseable_date(run: CliRunner, tmp_path: Path) -> None:
    content = HEADER + "press,1,Magomed Isayev,02/01/1983,m,\n"
    _refused(run, tmp_path, content.encode(), "row 2", "birth_date")


def test_unknown_encoding(run: CliRunner, tmp_path: Path) -> None:
    _refused(run, tmp_path, b"source,record_id,name\nngo,1,\xff\xfe\x81\x9d\x98\n", "encoding")


def test_dates_are_read_as_the_importer_reads_them(run: CliRunner, tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD.replace("1983-01-02,m,2017", "02.01.1983,m,2017"), encoding="utf-8")
    out = tmp_path / "c.csv"
    done = run(records, "-o", out)
    assert done.code == 0, done.err
    clusters = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(clusters["birth_date"]) == ["1983-01-02", "1983", "1983-01-02", "1990"]
    assert list(clusters["sex"]) == ["male", "male", "male", "female"]
    assert clusters["cluster_id"].iloc[:3].nunique() == 1


def test_links_across_scripts_and_prints_one_json(run: CliRunner, tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD, encoding="utf-8")
    out, review, histories = tmp_path / "c.csv", tmp_path / "r.csv", tmp_path / "h.csv"
    done = run(records, "-o", out, "--json", "--review-out", review, "--histories-out", histories)
    assert done.code == 0, done.err
    summary = json.loads(done.out)
    assert summary["records"] == 4
    assert {"clusters", "pairs_compared", "seconds", "model"} <= summary.keys()
    assert summary["read_seconds"] >= 0  # reading the file, apart from linking it
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


def test_one_record_is_linked_with_a_warning(run: CliRunner, tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(HEADER + "press,1,Magomed Isayev,1983,m,\n", encoding="utf-8")
    done = run(records, "-o", tmp_path / "c.csv", "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["clusters"] == 1
    assert "warning: the file holds one record" in done.err


def test_records_without_names_are_linked_with_a_warning(run: CliRunner, tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(HEADER + "press,1,,1983,m,\nngo,2, ,1983,m,\n", encoding="utf-8")
    done = run(records, "-o", tmp_path / "c.csv", "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["records"] == 2
    assert done.err.count("warning:") == 1
    assert "warning: no record has a name" in done.err


def test_single_source_input(run: CliRunner, tmp_path: Path) -> None:
    single = tmp_path / "single.csv"
    single.write_text(HEADER + "press,1,Magomed Isayev,1983,m,\npress,2,Magomed Isayev,1983,m,\n")
    done = run(single, "-o", tmp_path / "s.csv", "--json")
    assert done.code == 0, done.err
    # One list naming the same person twice (same name, birth year and sex): a duplicate.
    assert json.loads(done.out)["clusters"] == 1


def test_the_review_file_has_a_bom_and_never_offers_a_decided_pair_again(
    run: CliRunner, tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    # Another given name, no birth date: uncertain pairs with Magomed Isaev.
    records.write_text(GOOD + "register,7,Исаев Мурад,,m,\n", encoding="utf-8")
    out, review = tmp_path / "c.csv", tmp_path / "r.csv"
    done = run(records, "-o", out, "--review-out", review)
    assert done.code == 0, done.err
    assert review.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then shows Cyrillic
    offered = pd.read_csv(review, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(offered) > 0
    first = offered.iloc[[0]].assign(decision="non-match")
    decided = tmp_path / "d.csv"
    first.to_csv(decided, index=False)
    again = tmp_path / "r2.csv"
    done = run(records, "-o", out, "--review-out", again, "--decisions", decided)
    assert done.code == 0, done.err
    left = pd.read_csv(again, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    key = ["source_l", "record_id_l", "source_r", "record_id_r"]
    offered_again = left[key].merge(first[key])
    assert offered_again.empty
