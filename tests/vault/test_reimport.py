"""Re-import detection (issue 11): the same bytes are refused naming the earlier import; rows
already stored are refused, skipped or stored as a new revision, never duplicated.
Real vault; synthetic people only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import (
    ADMIN_ENV,
    Vault,
    previous_main,
    synthetic_rows,
    table_names,
    write_csv,
)

from uncounted.services import audit, imports, records


def test_the_same_file_is_refused_naming_the_first_import(vault: Vault, tmp_path: Path) -> None:
    listing = write_csv(tmp_path / "list.csv", list(synthetic_rows(8)))
    with vault.unlock() as session:
        imports.import_file(session, listing, source="ngo")
        for _ in range(2):
            with pytest.raises(imports.AlreadyImported) as refused:
                imports.import_file(session, listing, source="ngo")
            assert "as source 'ngo' by ana (8 rows)" in str(refused.value)
            # when, as a person reads it: '2026-12-06 17:26 UTC', not '2026-12-06T17:26:36+00:00'
            # (plain: only a page keeps it on one line, uncounted.web.unbroken)
            moment = r"20\d\d-\d\d-\d\d \d\d:\d\d UTC"
            assert re.search(f"imported before, on {moment} as", str(refused.value))
        copy = tmp_path / "renamed.csv"  # the same bytes under another name
        copy.write_bytes(listing.read_bytes())
        with pytest.raises(imports.AlreadyImported):
            imports.import_file(session, copy, source="other")
        assert records.count_records(session) == 8


def test_rows_already_stored_are_refused_skipped_or_revised(vault: Vault, tmp_path: Path) -> None:
    write_csv(tmp_path / "first.csv", list(synthetic_rows(8)))
    rows = list(synthetic_rows(10))  # the same 8 (ids h0..h7) and two new ones
    rows[0] = {**rows[0], "name": "Correctedname Syntheticov"}
    second = write_csv(tmp_path / "second.csv", rows)
    with vault.unlock() as session:
        imports.import_file(session, tmp_path / "first.csv", source="ngo")
        with pytest.raises(imports.RowsAlreadyStored) as refused:
            imports.import_file(session, second, source="ngo")
        assert str(refused.value).startswith(  # the rows as the spreadsheet numbers them
            "second.csv: rows already in the vault from source 'ngo': 2, 3, 4, 5, 6, 7, 8, 9"
            " (8 in all): import again"
        )
        assert records.count_records(session) == 8
        skipped = imports.import_file(session, second, source="ngo", existing="skip")
        assert (skipped.imported, skipped.skipped, skipped.updated) == (2, 8, 0)
        assert records.count_records(session) == 10
        third = write_csv(tmp_path / "third.csv", rows[:8])
        updated = imports.import_file(session, third, source="ngo", existing="update")
        assert (updated.imported, updated.updated) == (0, 8)
        assert records.count_records(session) == 10
        first = next(v for v in records.list_records(session) if v.source_record_id == "h0")
        assert first.identity is not None
        assert first.identity["name"] == "Correctedname Syntheticov"
        assert "records.revise" in [e.action for e in audit.audit_trail(session)]


def test_the_cli_refuses_and_offers_skip(cli: CliRunner, vault: Vault, tmp_path: Path) -> None:
    env = ADMIN_ENV
    listing = write_csv(tmp_path / "list.csv", list(synthetic_rows(5)))
    assert cli("import", vault.path, listing, "--source", "ngo", env=env).code == 0
    again = cli("import", vault.path, listing, "--source", "ngo", env=env)
    assert again.code == 1 and "imported before" in again.err and again.err.count("\n") == 1
    # the date as the vault's clock reads it, in plain characters: one copied from the error
    # parses again, and a search for it finds it (stop 23 wrote U+2011 and U+00A0 into it)
    on = re.search(r"on (\S+) (\d\d:\d\d) UTC as", again.err)
    assert on is not None and re.fullmatch(r"20\d\d-\d\d-\d\d", on.group(1))
    assert isinstance(date.fromisoformat(on.group(1)), date)  # parses as it is
    assert "\u2011" not in again.err and "\u00a0" not in again.err
    more = write_csv(tmp_path / "more.csv", list(synthetic_rows(7)))
    refused = cli("import", vault.path, more, "--source", "ngo", env=env)
    assert refused.code == 1 and "skip them or to update them" in refused.err
    done = cli(
        "import", vault.path, more, "--source", "ngo", "--existing", "skip", "--json", env=env
    )
    assert done.code == 0, done.err
    assert '"imported": 2' in done.out and '"skipped": 5' in done.out


def test_a_vault_of_the_previous_schema_is_carried_forward(vault: Vault, tmp_path: Path) -> None:
    listing = write_csv(tmp_path / "list.csv", list(synthetic_rows(3)))
    with vault.unlock() as session:
        key = session.vault_key
    with previous_main(vault.path, key, "hold_keys_0003") as conn:  # before import detection
        assert "imports" not in table_names(conn)
    with vault.unlock() as session:
        imports.import_file(session, listing, source="ngo")
        with pytest.raises(imports.AlreadyImported):
            imports.import_file(session, listing, source="ngo")


def test_the_cli_names_twenty_rows_and_counts_the_rest_in_words(
    cli: CliRunner, vault: Vault, tmp_path: Path
) -> None:
    """The command line names the rows already in the vault as the import page does: the
    first 20, then "and N more rows", in Russian in the form the count takes (1 строка,
    3 строки, 5 строк)."""
    first = write_csv(tmp_path / "first.csv", list(synthetic_rows(25)))
    assert cli("import", vault.path, first, "--source", "ngo", env=ADMIN_ENV).code == 0
    rows = ", ".join(str(row) for row in range(2, 22))
    for stored, english, russian in (
        (21, "1 more row", "1 строка"),
        (23, "3 more rows", "3 строки"),
        (25, "5 more rows", "5 строк"),
    ):
        listing = tmp_path / f"again{stored}.csv"  # the stored rows first, then a new one
        write_csv(listing, [*synthetic_rows(stored), *synthetic_rows(1, 30)])
        said = {}
        for language in ("en_GB.UTF-8", "ru_RU.UTF-8"):
            env = {**ADMIN_ENV, "LANG": language, "LC_ALL": "", "LC_MESSAGES": ""}
            refused = cli("import", vault.path, listing, "--source", "ngo", env=env)
            assert refused.code == 1
            said[language[:2]] = refused.err
        assert f": {rows} and {english} ({stored} in all): import again" in said["en"]
        assert f": {rows} и ещё {russian} (всего {stored}): импортируйте" in said["ru"]


def test_one_record_imported_and_one_row_refused_are_said_in_the_singular(
    cli: CliRunner, vault: Vault, tmp_path: Path
) -> None:
    """walkday5: ``uncounted import`` said "Imported 1 records" and the refusal of the same
    file "(1 rows)"; each count now takes its plural form, in Russian too (1 запись,
    1 строка)."""
    said = {}
    for language, number in (("en_GB.UTF-8", 1), ("ru_RU.UTF-8", 2)):
        listing = write_csv(tmp_path / f"one{number}.csv", list(synthetic_rows(1, 40 + number)))
        env = {**ADMIN_ENV, "LANG": language, "LC_ALL": "", "LC_MESSAGES": ""}
        done = cli("import", vault.path, listing, "--source", "ngo", env=env)
        refused = cli("import", vault.path, listing, "--source", "ngo", env=env)
        assert done.code == 0 and refused.code == 1, (done.err, refused.err)
        said[language[:2]] = " ".join((done.err + refused.err).split())
    assert "Imported 1 record into case " in said["en"], said["en"]
    assert "by ana (1 row); nothing was imported again" in said["en"], said["en"]
    assert "импортировано: 1 запись;" in said["ru"], said["ru"]
    assert "пользователь ana (1 строка); повторно" in said["ru"], said["ru"]
