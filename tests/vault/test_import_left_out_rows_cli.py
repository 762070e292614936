"""``uncounted import`` through the real command line into a real vault: a row that holds
something only in a column the import does not read (mapped to ``ignore``) is left out, and
the import says so, with how many and the first (stop 22: such a row was skipped as blank,
unsaid, and the list's count no longer matched the file's). The check the web's import page
shows reads the same counts: rows in the file, to import, left out. Synthetic people only."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault

from uncounted.intake import check_list, load_mapping

LIST = (
    "record_id,name,birth_date,Примечание\n"
    "l-1,Аслан Пропускоев,1990,\n"
    ",,,звонила сестра: перезвонить\n"  # a note only: row 3, left out
    ",,,\n"  # wholly blank: no row of the list
    "l-2,Ислам Пропускоев,1991,\n"
)
MAPPING = '[columns]\n"Примечание" = "ignore"\n[defaults]\nevent_type = "detention"\n'


def test_a_row_filled_only_in_an_ignored_column_is_left_out_and_said(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(LIST, encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")

    done = cli(
        "import", vault.path, listing, "--source", "partner", "--mapping", mapping, env=ADMIN_ENV
    )
    assert done.code == 0, done.err
    warned = [line for line in done.err.splitlines() if line.startswith("warning: ")]
    assert warned == [
        "warning: rows left out, filled only in columns that are not read (ignored, or not"
        " chosen): 1, the first of them row 3"
    ]
    assert "Imported 2 records" in done.err

    read = check_list(listing, source="partner", mapping=load_mapping(mapping))
    assert (read.rows_in_file, read.left_out) == (3, (3,))


def test_the_warning_is_said_in_russian_in_a_russian_terminal(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    """The command line's warning lines begin as its error lines do, in the terminal's
    language: a Russian terminal read "warning: " before the Russian sentence (review29).
    Fails on main (the line began "warning: ")."""
    listing = tmp_path / "list.csv"
    listing.write_text(LIST, encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    russian = {**ADMIN_ENV, "LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

    done = cli(
        "import", vault.path, listing, "--source", "partner", "--mapping", mapping, env=russian
    )
    assert done.code == 0, done.err
    warned = [line for line in done.err.splitlines() if "строк" in line and ": 1" in line]
    assert len(warned) == 1, done.err
    assert warned[0].startswith("предупреждение: "), warned
    assert "warning" not in done.err
