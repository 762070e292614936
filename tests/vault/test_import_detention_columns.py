"""A list may tell what was done to each person (issue 14 item 3's import columns): the acts
(several in a cell, ``|`` or ``;``), the status now, the detention's start and its end (the
release date). Read by the real importer into a real SQLCipher vault through the command line;
a bad value is one line naming file, row and field, exit 1, nothing written. Synthetic people.
"""

from __future__ import annotations

import csv
from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN, ADMIN_ENV, ADMIN_PASSPHRASE, Vault

from uncounted.intake import ColumnMapping, read_records_file
from uncounted.services import records, vaults

RELEASED = ["released", "2019-01-05", "2019-01-20"]
EN = ["record_id", "name", "event_type", "acts", "status", "detention start", "release date"]
RU = ["Номер", "ФИО", "Вид нарушения", "Действия", "Статус", "Начало задержания"]
RU += ["Дата освобождения"]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _stored(vault: Vault) -> dict[str, records.RecordView]:
    with vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE) as admin:
        views = records.list_records(admin, records.RecordFilter(), 1000, 0)
        return {str(view.source_record_id): view for view in views}


def test_acts_status_and_detention_dates_are_imported(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    rows = [
        ["d1", "Aslan Listov", "detention", "arrest; beating|electric_shock", *RELEASED],
        ["d2", "Ruslan Spiskov", "detention", "Задержание", "Погиб(ла)", "2019-02", ""],
        ["d3", "Timur Bezdelov", "detention", "", "", "", ""],
    ]
    listed = _write(tmp_path / "detained.csv", EN, rows)
    done = cli("import", vault.path, listed, "--source", "ngo", env=ADMIN_ENV)
    assert done.code == 0, done.err
    stored = _stored(vault)
    first = stored["d1"]
    assert first.analytic["act_types"] == "arrest|beating|electric_shock"
    assert first.analytic["status"] == "released"
    assert first.identity is not None
    assert (first.identity["detained_from"], first.identity["detained_until"]) == (
        "2019-01-05",
        "2019-01-20",
    )
    what = records.what_happened(first)
    assert what.days == (15, 15) and what.statuses == ((None, "released"),)
    assert stored["d2"].analytic["status"] == "dead"  # the Russian label read as its code
    assert stored["d2"].analytic["act_types"] == "arrest"
    assert "act_types" not in stored["d3"].analytic and "status" not in stored["d3"].analytic


def test_russian_headers_are_guessed() -> None:
    fields, reasons = ColumnMapping().assign(RU)
    assert reasons == []
    assert fields == [
        "record_id",
        "name",
        "event_type",
        "act_types",
        "status",
        "detained_from",
        "detained_until",
    ]


def test_a_bad_value_is_one_line_naming_file_row_and_field_and_nothing_is_written(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    for column, bad in ((3, "arrest; flying"), (4, "on holiday"), (6, "2019-13-01")):
        row = ["d1", "Aslan Listov", "detention", "arrest", "released", "2019-01-05", ""]
        row[column] = bad
        listed = _write(
            tmp_path / "bad.csv", EN, [["d0", "Zaur Pervov", "detention", "", "", "", ""], row]
        )
        refused = cli("import", vault.path, listed, "--source", "ngo", env=ADMIN_ENV)
        assert refused.code == 1
        assert f"bad.csv: row 3, column “{EN[column]}”:" in refused.err, refused.err
        assert bad not in refused.err
        assert _stored(vault) == {}


def test_a_release_before_the_detention_is_refused(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    row = ["d1", "Aslan Listov", "detention", "arrest", "released", "2019-01-05", "2018-12-31"]
    refused = cli(
        "import", vault.path, _write(tmp_path / "l.csv", EN, [row]), "--source", "n", env=ADMIN_ENV
    )
    assert refused.code == 1
    assert "l.csv: row 2, column “release date”: lies before the start date" in refused.err
    assert _stored(vault) == {}


def test_a_records_file_for_linkage_reads_the_acts_as_codes(tmp_path: Path) -> None:
    header = ["source", *EN]
    rows = [
        ["ngo", "d1", "Aslan Listov", "detention", "Arrest; beating", *RELEASED],
        ["ngo", "d2", "Ruslan Spiskov", "detention", "", "", "", ""],
    ]
    table = read_records_file(_write(tmp_path / "records.csv", header, rows))
    assert table.values["act_types"] == ["arrest|beating", ""]
    assert table.values["detained_until"] == ["2019-01-20", ""]
