"""``uncounted import`` of a list without a record-number column, through the real command line
into a real vault: refused in one line that names the way out (``--number-rows``); with it,
each row's record id is its row number in the file (a blank row keeps its number); the same
bytes again are refused as any file imported before, and an edited copy is recognised by row
position only, as the help says: the rows at numbers the vault holds are "already in the
vault", the appended one is new. A mapping file says the same with ``[rows] numbered = true``
(a list imported again and again needs no flag beside its mapping). A list that has a number
column is not numbered. Synthetic people only."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CliRunner, refusal
from vault_helpers import ADMIN_ENV, Vault

HEADER = "ФИО;Дата рождения;Вид нарушения;Дата события\n"
ROWS = [
    "Аслан Безномеров;1990;задержание;2019-01\n",
    "Ислам Безномеров;1991;задержание;2019-02\n",
    ";;;\n",  # a blank row: skipped, its number (4) kept by nobody
    "Адам Безномеров;1992;убийство;2019-03\n",
]


def _list(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _stored(cli: CliRunner, vault: Vault) -> dict[str, str]:
    listed = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert listed.code == 0, listed.err
    return {
        str(r["source_record_id"]): r["identity"]["name"]
        for r in json.loads(listed.out)["records"]
        if r["source"] == "partner"
    }


def _import(cli: CliRunner, vault: Vault, path: Path, *more: str) -> tuple[int, str]:
    done = cli("import", vault.path, path, "--source", "partner", *more, env=ADMIN_ENV)
    return done.code, done.err


def test_a_list_without_numbers_is_imported_with_its_rows_numbered(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    first = _list(tmp_path, "list.csv", ROWS)
    code, err = _import(cli, vault, first)
    assert code == 1
    (line,) = refusal(err)
    assert line.startswith("error: list.csv: row 1: no column holds record_id: ")
    assert "number the rows (--number-rows, or numbered = true under [rows] in the" in line
    assert _stored(cli, vault) == {}

    code, err = _import(cli, vault, first, "--number-rows")
    assert code == 0, err
    assert _stored(cli, vault) == {
        "2": "Аслан Безномеров",
        "3": "Ислам Безномеров",
        "5": "Адам Безномеров",
    }

    code, err = _import(cli, vault, first, "--number-rows")  # the same bytes
    assert code == 1 and "this file was imported before" in err

    longer = _list(tmp_path, "list-2.csv", [*ROWS, "Зелим Безномеров;1993;задержание;2019-04\n"])
    code, err = _import(cli, vault, longer, "--number-rows")
    assert code == 1
    assert "rows already in the vault from source 'partner': 2, 3, 5 (3 in all)" in err
    code, err = _import(cli, vault, longer, "--number-rows", "--existing", "skip")
    assert code == 0, err
    assert _stored(cli, vault)["6"] == "Зелим Безномеров"
    assert len(_stored(cli, vault)) == 4


def test_a_list_with_a_number_column_is_not_numbered(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "numbered.csv"
    path.write_text("Номер;" + HEADER + "n-1;" + ROWS[0], encoding="utf-8")
    code, err = _import(cli, vault, path, "--number-rows")
    assert code == 1
    assert refusal(err) == [
        "error: numbered.csv: row 1: column 1 holds record_id, and the rows are to be"
        " numbered: choose one"
    ]
    assert _stored(cli, vault) == {}
    code, err = _import(cli, vault, path)
    assert code == 0, err
    assert _stored(cli, vault) == {"n-1": "Аслан Безномеров"}


def test_a_mapping_file_numbers_the_rows_as_the_flag_does(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    mapping = tmp_path / "partner.toml"
    mapping.write_text('[columns]\n"Вид нарушения" = "event_type"\n[rows]\nnumbered = false\n')
    code, err = _import(cli, vault, _list(tmp_path, "list.csv", ROWS), "--mapping", mapping)
    assert code == 1 and "no column holds record_id" in err
    mapping.write_text('[columns]\n"Вид нарушения" = "event_type"\n[rows]\nnumbered = true\n')
    code, err = _import(cli, vault, _list(tmp_path, "list.csv", ROWS), "--mapping", mapping)
    assert code == 0, err
    assert _stored(cli, vault) == {
        "2": "Аслан Безномеров",
        "3": "Ислам Безномеров",
        "5": "Адам Безномеров",
    }
    mapping.write_text("[rows]\nnumbered = 'yes'\n")
    code, err = _import(cli, vault, _list(tmp_path, "other.csv", ROWS[:1]), "--mapping", mapping)
    assert code == 1
    assert err.strip() == "error: partner.toml: [rows] holds one setting, numbered = true or false"


def test_the_help_of_mapping_names_its_rows_table(cli: CliRunner) -> None:
    """Walking the import (walkday3): --mapping's help named [dates] only, so the way to number
    a list's rows from its mapping file was in docs/import.md and nowhere on the screen."""
    shown = cli("import", "--help", env={"COLUMNS": "200"})
    assert shown.code == 0, shown.err
    option = shown.out.split("--mapping", 1)[1].split("--encoding", 1)[0]
    mapping = " ".join(option.replace("\u2502", " ").split())  # the box's sides left out
    assert "[rows] numbered = true" in mapping, mapping
