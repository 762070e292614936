"""Importing arbitrary bytes or malformed rows never shows a traceback and never half-imports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_helpers import CliRunner, refusal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import ADMIN_ENV, Vault

from uncounted.services import records

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
GOOD_ROW = ["r0", "Fuzzname Testov", "1980-02-03", "2017-03-04", "detention"]
HEADER = ["record_id", "name", "birth_date", "event_date", "event_type"]
BAD_CELLS = {
    "birth_date": st.sampled_from(["13/13/13", "1980-13-01", "next year", "19800", "-5"]),
    "event_date": st.sampled_from(["2017-02-30", "yesterday", "2017-00", "３月"]),
    "event_type": st.sampled_from(["not-a-type", "???", "detention;torture"]),
    "record_id": st.just(""),
}


def _count(vault: Vault) -> int:
    with vault.unlock() as session:
        return records.count_records(session)


def _assert_clean_refusal(result_err: str, file_name: str) -> list[str]:
    lines = refusal(result_err, read=False)
    assert lines, "no message"
    assert "Traceback" not in result_err
    assert all(line.startswith("error: ") for line in lines), lines
    assert all(file_name in line for line in lines), lines
    return lines


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".txt"])
@FUZZ
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_are_refused_or_imported_never_a_traceback(
    vault: Vault, cli: CliRunner, tmp_path: Path, suffix: str, content: bytes
) -> None:
    listing = tmp_path / f"list{suffix}"
    listing.write_bytes(content)
    before = _count(vault)
    result = cli("import", vault.path, listing, "--source", "fuzz", env=ADMIN_ENV)
    assert result.code in (0, 1), result.err
    if result.code == 1:
        _assert_clean_refusal(result.err, listing.name)
        assert _count(vault) == before


@FUZZ
@given(
    good_rows=st.integers(min_value=0, max_value=5),
    bad_field=st.sampled_from(sorted(BAD_CELLS)),
    data=st.data(),
)
def test_a_malformed_row_is_named_and_nothing_is_imported(
    vault: Vault,
    cli: CliRunner,
    tmp_path: Path,
    good_rows: int,
    bad_field: str,
    data: st.DataObject,
) -> None:
    rows = [[f"g{i}", *GOOD_ROW[1:]] for i in range(good_rows)]
    bad = list(GOOD_ROW)
    bad[HEADER.index(bad_field)] = data.draw(BAD_CELLS[bad_field])
    rows.insert(data.draw(st.integers(0, good_rows)), bad)
    bad_row_number = rows.index(bad) + 2  # the header is row 1, as a spreadsheet shows it
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    listing = tmp_path / "rows.csv"
    listing.write_text(buffer.getvalue(), encoding="utf-8")
    result = cli("import", vault.path, listing, "--source", "fuzz", env=ADMIN_ENV)
    assert result.code == 1
    lines = _assert_clean_refusal(result.err, listing.name)
    assert any(f"row {bad_row_number}" in line and bad_field in line for line in lines), lines
    assert _count(vault) == 0


def test_a_file_wrong_on_every_row_prints_a_hundred_lines_and_a_count(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    listing = tmp_path / "wide.csv"
    rows = [
        [f"r{i}", "Fuzzname Testov", "1980-02-03", "2017-03-04", "no-such-type"]
        for i in range(1500)
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    listing.write_text(buffer.getvalue(), encoding="utf-8")
    result = cli("import", vault.path, listing, "--source", "fuzz", env=ADMIN_ENV)
    assert result.code == 1
    lines = _assert_clean_refusal(result.err, listing.name)
    assert len(lines) == 102  # a hundred problems, the count of the rest, the summary
    assert lines[100] == "error: wide.csv: and 1400 more problems"
    assert lines[101] == "error: wide.csv: 1500 problems, each said above; nothing was imported"
    assert _count(vault) == 0


@pytest.mark.timeout(60)  # before the fix the import read /dev/zero for ever
def test_a_symlink_to_a_device_is_refused(vault: Vault, cli: CliRunner, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.symlink_to("/dev/zero")
    result = cli("import", vault.path, listing, "--source", "fuzz", env=ADMIN_ENV)
    assert result.code == 1
    assert _assert_clean_refusal(result.err, listing.name) == [
        "error: list.csv: is not a regular file (a folder, device or pipe); refused",
    ]  # said once (it was said twice, as a problem and as the refusal)
