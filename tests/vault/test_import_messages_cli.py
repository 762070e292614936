"""How ``uncounted import`` names what is wrong, through the real command line into a real
vault (found walking an administrator's import of a Russian list): a problem is named by the
file's own column header, as the web's import names it; nothing is said twice; a short form of
a label ("угрозы") is read when it means one term only, and refused naming the terms when it
could mean several. Synthetic people.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_helpers import CliRunner, refusal
from vault_helpers import ADMIN, ADMIN_ENV, ADMIN_PASSPHRASE, Vault

from uncounted.model import load
from uncounted.services import records, vaults

RU = ["Номер", "ФИО", "Вид нарушения", "Дата события"]


def _write(path: Path, rows: list[list[str]], header: list[str] = RU) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _event_types(vault: Vault) -> dict[str, str | None]:
    with vaults.unlock(vault.path, ADMIN, ADMIN_PASSPHRASE) as admin:
        views = records.list_records(admin, records.RecordFilter(), 1000, 0)
        return {str(view.source_record_id): view.event_type for view in views}


def test_a_problem_is_named_by_the_files_header_and_said_once(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    listed = _write(tmp_path / "list.csv", [["r1", "Аслан Тестов", "задержание", "2019-13"]])
    refused = cli("import", vault.path, listed, "--source", "ngo", env=ADMIN_ENV)
    assert refused.code == 1
    assert refusal(refused.err) == [
        "error: list.csv: row 2, column “Дата события”: not a date in YYYY, YYYY-MM,"
        " YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form (month must lie in 1–12)"
    ]
    assert "2019-13" not in refused.err and "event_date" not in refused.err
    assert _event_types(vault) == {}


def test_several_problems_are_each_said_once_then_counted(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    rows = [["r1", "Аслан Тестов", "нечто", "2019-01"], ["r2", "Ислам Тестов", "задержание", "x"]]
    refused = cli(
        "import", vault.path, _write(tmp_path / "two.csv", rows), "--source", "ngo", env=ADMIN_ENV
    )
    assert refused.code == 1
    lines = refusal(refused.err)
    assert lines[0].startswith("error: two.csv, row 2, column “Вид нарушения”: not a known event")
    assert lines[1].startswith("error: two.csv, row 3, column “Дата события”: not a date")
    assert lines[2:] == ["error: two.csv: 2 problems, each said above; nothing was imported"]


def test_a_file_refused_as_a_whole_is_said_once(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    empty = _write(tmp_path / "empty.csv", [])
    refused = cli("import", vault.path, empty, "--source", "ngo", env=ADMIN_ENV)
    assert refused.code == 1
    assert refusal(refused.err) == ["error: empty.csv: the file holds no records"]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("угрозы", "threat"),  # found walking: refused before
        ("УГРОЗЫ", "threat"),
        ("Угрозы или запугивание", "threat"),
        ("изъятие", "document_seizure"),  # the start of 'Изъятие документов' only
        ("Насильственное", "disappearance"),
    ],
)
def test_an_unambiguous_short_form_or_case_variant_is_read(
    vault: Vault, cli: CliRunner, tmp_path: Path, written: str, code: str
) -> None:
    listed = _write(tmp_path / "short.csv", [["r1", "Аслан Тестов", written, "2019-01"]])
    done = cli("import", vault.path, listed, "--source", "ngo", env=ADMIN_ENV)
    assert done.code == 0, done.err
    assert _event_types(vault) == {"r1": code}


def test_a_short_form_of_several_labels_is_refused_naming_them(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    starting = {
        code
        for code in load("event_types")
        if load("event_types").label(code, "ru").startswith("Принудительн")
    }
    assert len(starting) > 1
    listed = _write(tmp_path / "many.csv", [["r1", "Аслан Тестов", "принудительное", "2019-01"]])
    refused = cli("import", vault.path, listed, "--source", "ngo", env=ADMIN_ENV)
    assert refused.code == 1
    said = refused.err.split("could mean any of ", 1)[1].split(":", 1)[0]
    assert set(said.split(", ")) >= {"forced_return", "forced_public_apology"}
    assert "write one of these codes or a label" in refused.err
    assert _event_types(vault) == {}
