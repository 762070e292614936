"""Reading capture histories: what a user sees for good files and for every kind of bad one."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_data import REFERENCE

from uncounted.estimate import CaptureHistories, CaptureHistoryError


def write(tmp_path: Path, text: str | bytes, name: str = "lists.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def error_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(CaptureHistoryError) as caught:
        CaptureHistories.from_csv(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_reads_the_kosovo_table_with_names_and_counts() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    assert h.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert h.observed == 4400
    cells = h.cell_counts()
    assert cells[0] == 0
    assert cells[0b1111] == 27  # the row 1,1,1,1 of the file
    assert cells[0b0011] == 177  # EXH and ABA only: list 0 is the lowest bit


def test_without_count_each_row_is_one_person_and_repeats_add_up(tmp_path: Path) -> None:
    h = CaptureHistories.from_csv(write(tmp_path, "A,B,C\n1,0,0\n1,1,0\n1,0,0\n0,0,1\n"))
    assert h.observed == 4
    assert len(h.counts) == 3
    assert h.cell_counts()[0b001] == 2


def test_count_column_is_found_whatever_its_case_and_zero_rows_are_dropped(
    tmp_path: Path,
) -> None:
    h = CaptureHistories.from_csv(write(tmp_path, "a,b,Count\n1,0,5\n0,1,3\n1,1,0\n0,0,0\n"))
    assert h.lists == ("a", "b")
    assert h.observed == 8
    assert list(h.counts) == [5, 3]


def test_semicolon_separated_and_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffA;B;count\n1;0;2\n0;1;3\n1;1;1\n")
    assert CaptureHistories.from_csv(path).observed == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A,B,count\n1,2,3\n0,1,1\n", r"row 2, column B: the value is not 0 or 1"),
        ("A,B,count\n1,,3\n0,1,1\n", r"row 2, column B: the value is empty"),
        ("A,B,count\n1,0,3\n0,0,2\n0,1,1\n", r"row 3: every list is 0"),
        ("A,B,count\n1,0,-3\n0,1,1\n", r"row 2, column count: the count is negative"),
        ("A,B,count\n1,0,2.5\n0,1,1\n", r"row 2, column count: the count is not a whole number"),
        ("A,B,count\n1,0,many\n0,1,1\n", r"row 2, column count: the count is not a number"),
        ("A,B,count\n1,0,2\n0,0,0\n", r"column B: no one is on this list"),
        ("A,count\n1,3\n", r"at least 2 list columns are needed \(found 1\)"),
        ("A,B,A\n1,0,1\n", r"row 1, column A: this column name appears twice"),
        ("A,,B\n1,0,1\n", r"row 1, column 2: the column has no name"),
        ("A,B\n1,0,1\n0,1\n", r"row 2: 3 values, but the header has 2"),
        ("A,B\n", r"there are no data rows"),
        ("", r"the file is empty"),
        ("\n\n  \n", r"the file is empty"),
    ],
)
def test_each_kind_of_bad_table_is_named_with_row_and_column(
    tmp_path: Path, text: str, expected: str
) -> None:
    message = error_of(write(tmp_path, text))
    assert message.startswith("lists.csv: ")
    assert re.search(expected, message), message


def test_bad_encoding_names_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B\n1,0\n0,1\n\xff\xfe,1\n")
    assert "row 4: the file is not UTF-8" in error_of(path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "A,B,C,count\n1,0,2,1\n0,0,0,3\n1,1,1,x\n"))
    assert message.startswith("lists.csv: 3 problems: ")
    assert "row 2, column C" in message
    assert "row 3: every list is 0" in message
    assert "row 4, column count" in message


def test_messages_never_repeat_cell_contents(tmp_path: Path) -> None:
    # a records file given by mistake: its names must not reach the error message
    path = write(tmp_path, "name,A,B\nAslan Dudayev,1,0\nZelimkhan Khangoshvili,0,1\n")
    message = error_of(path)
    assert "Aslan" not in message and "Zelimkhan" not in message
    assert "column name: holds text" in message


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    assert "does not exist" in error_of(tmp_path / "nothing.csv")


def test_covariates_are_kept_and_stratify_splits_the_counts() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "spina_bifida_3_by_eth.csv", strata="eth")
    assert h.lists == ("S1", "S2", "S3")
    assert h.observed == 621
    strata = h.stratify("eth")
    assert set(strata) == {"caucasian", "afro-american", "other"}
    assert sum(s.observed for s in strata.values()) == 621
    total = sum(s.cell_counts() for s in strata.values())
    assert np.array_equal(total, h.cell_counts())


def test_several_covariates_can_be_declared_and_any_one_used() -> None:
    h = CaptureHistories.from_csv(
        REFERENCE / "scot_pwid_4_by_covariates.csv", strata=["Region", "Gender", "Age"]
    )
    assert h.observed == 5670
    by_age = h.stratify("Age")
    assert set(by_age) == {"Young", "Old"}
    assert sum(s.observed for s in by_age.values()) == 5670


def test_undeclared_covariate_is_reported_once_per_column() -> None:
    message = error_of(REFERENCE / "spina_bifida_3_by_eth.csv")
    assert message.startswith("spina_bifida_3_by_eth.csv: 1 problem: column eth: holds text")


def test_stratifying_by_an_unknown_column_is_an_error() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    with pytest.raises(CaptureHistoryError, match="no covariate column 'region'"):
        h.stratify("region")
    assert "no column named 'region'" in error_of(REFERENCE / "kosovo.csv", strata="region")


def test_from_dataframe_matches_the_csv_reader() -> None:
    frame = pd.read_csv(REFERENCE / "kosovo.csv")
    from_frame = CaptureHistories.from_dataframe(frame)
    from_file = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    assert from_frame.lists == from_file.lists
    assert np.array_equal(from_frame.cell_counts(), from_file.cell_counts())


def test_from_dataframe_names_the_row_as_a_spreadsheet_would() -> None:
    frame = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 3]})
    with pytest.raises(CaptureHistoryError, match=r"the table: 1 problem: row 4, column B"):
        CaptureHistories.from_dataframe(frame)


def test_from_cells_round_trips() -> None:
    h = CaptureHistories.from_csv(REFERENCE / "western_us_5.csv")
    again = CaptureHistories.from_cells(h.lists, h.cell_counts())
    assert np.array_equal(again.cell_counts(), h.cell_counts())


# --- fuzzing: nothing a user can feed the reader gives a traceback -----------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_a_table_or_a_one_line_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.csv"
    path.write_bytes(data)
    try:
        h = CaptureHistories.from_csv(path)
    except CaptureHistoryError as error:
        message = str(error)
        assert message.startswith("input.csv: ") and "\n" not in message
        assert re.search(r"row \d+|column ", message), message
    else:
        assert h.n_lists >= 2 and h.observed > 0
        assert np.all(h.counts > 0) and np.all(h.patterns.sum(axis=1) > 0)


_BAD_CELLS = st.sampled_from(["2", "-1", "", "x", "0.5", "1e400", "nan", "١", " 1 0", "'1'"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_lists=st.integers(2, 6),
    rows=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    bad=_BAD_CELLS,
    data=st.data(),
)
def test_a_corrupted_cell_is_named_by_row_and_column(
    tmp_path_factory, n_lists: int, rows: int, seed: int, bad: str, data: st.DataObject
) -> None:
    rng = np.random.default_rng(seed)
    patterns = rng.integers(0, 2, size=(rows, n_lists))
    patterns[:, 0] = 1  # no all-zero rows and no empty first list
    patterns[0, :] = 1  # every list has a capture
    counts = rng.integers(1, 50, size=rows)
    names = [f"L{j}" for j in range(n_lists)]
    table = [[str(v) for v in row] + [str(c)] for row, c in zip(patterns, counts, strict=True)]
    row_index = data.draw(st.integers(0, rows - 1))
    column = data.draw(st.integers(0, n_lists))  # the last one is the count column
    if column == n_lists and bad == "2":
        bad = "2.5"  # 2 is a fine count
    table[row_index][column] = bad
    text = ",".join([*names, "count"]) + "\n" + "\n".join(",".join(r) for r in table) + "\n"
    path = tmp_path_factory.mktemp("bad") / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaptureHistoryError) as caught:
        CaptureHistories.from_csv(path)
    column_name = ([*names, "count"])[column]
    assert f"row {row_index + 2}, column {column_name}" in str(caught.value)
