"""``uncounted import`` of a list that writes dates 05/03/1990, through the real command line
into a real vault: without a date order the file is refused in one line naming the file, the
row and the column (and what the file itself suggests), nothing stored; with the mapping
file's ``[dates] order`` the same file is read day first or month first. Synthetic people.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_helpers import CliRunner, refusal
from vault_helpers import ADMIN_ENV, Vault

ROWS = [
    ["Номер", "ФИО", "Дата рождения", "Вид нарушения", "Дата события"],
    ["d1", "Аслан Датов", "05/03/1990", "задержание", "2019-01"],
    ["d2", "Ислам Датов", "1991", "задержание", "11/02/2019"],
]


def _list(tmp_path: Path) -> Path:
    path = tmp_path / "slashes.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    return path


def _stored(cli: CliRunner, vault: Vault) -> dict[str, tuple[str, str]]:
    listed = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert listed.code == 0, listed.err
    return {
        str(r["source_record_id"]): (r["identity"]["birth_date"], r["identity"]["event_date"])
        for r in json.loads(listed.out)["records"]
    }


def test_without_a_date_order_the_list_is_refused_in_one_line(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    refused = cli("import", vault.path, _list(tmp_path), "--source", "ngo", env=ADMIN_ENV)
    assert refused.code == 1
    (line,) = refusal(refused.err)
    assert line.startswith(
        "error: slashes.csv: row 2, column “Дата рождения”: dates like 05/03/1990 may mean"
        " 5 March (day first) or 3 May (month first), and none is guessed; rows holding them: 2."
    )
    assert 'order = "day-first" or "month-first" under [dates] in a mapping file' in line
    assert "11/02/2019" not in line and "birth_date" not in line
    assert _stored(cli, vault) == {}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("day-first", {"d1": ("1990-03-05", "2019-01"), "d2": ("1991", "2019-02-11")}),
        ("month-first", {"d1": ("1990-05-03", "2019-01"), "d2": ("1991", "2019-11-02")}),
    ],
)
def test_the_mapping_files_date_order_reads_the_same_list(
    vault: Vault, cli: CliRunner, tmp_path: Path, order: str, expected: dict[str, tuple[str, str]]
) -> None:
    mapping = tmp_path / "dates.toml"
    mapping.write_text(f'[dates]\norder = "{order}"\n', encoding="utf-8")
    listed = _list(tmp_path)
    imported = cli(
        "import", vault.path, listed, "--source", "ngo", "--mapping", mapping, env=ADMIN_ENV
    )
    assert imported.code == 0, imported.err
    assert _stored(cli, vault) == expected


def test_a_bad_date_order_in_the_mapping_file_is_one_line(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    mapping = tmp_path / "dates.toml"
    mapping.write_text('[dates]\norder = "european"\n', encoding="utf-8")
    refused = cli(
        "import",
        vault.path,
        _list(tmp_path),
        "--source",
        "ngo",
        "--mapping",
        mapping,
        env=ADMIN_ENV,
    )
    assert refused.code == 1
    assert refused.err.splitlines() == [
        'error: dates.toml: [dates] holds one setting, order = "day-first" or "month-first"'
    ]
