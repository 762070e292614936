"""``uncounted records``, ``records history``, ``people list`` and ``people show`` in an
80-column terminal print every value whole, folded onto the next line where it does not fit,
never cut with "…". Walking the demo vault (walkday5, session 24), ``records`` printed
"Хусейно…", "detenti…" and "ru-ce-ur…", and ``records history`` a change made "2026-12-…": a
name, a place and a date that could not be read or copied into the next command. Real vault,
real command line; synthetic people only."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault, write_csv

NAME = "Хасбулатов Ибрагимхан Хусейнович"  # synthetic: long enough to need folding
ROW = {
    "record_id": "w1",
    "name": NAME,
    "birth_date": "1985-02-03",
    "place": "Urus-Martan",
    "event_date": "2017-03-04",
    "event_type": "detention",
}
NARROW = {**ADMIN_ENV, "COLUMNS": "80"}


def _cells(printed: str) -> str:
    """What a table printed, column after column, each column's lines joined without their
    spaces: a value folded over several lines of its column reads whole."""
    columns: dict[int, list[str]] = {}
    for line in printed.splitlines():
        if "│" in line:
            for index, part in enumerate(line.split("│")[1:-1]):
                columns.setdefault(index, []).append(part.replace(" ", ""))
    return "|".join("".join(parts) for _, parts in sorted(columns.items()))


def test_values_are_folded_whole_at_80_columns(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    listing = write_csv(tmp_path / "l.csv", [ROW])
    assert cli("import", vault.path, listing, "--source", "ngo", env=ADMIN_ENV).code == 0
    listed = cli("records", vault.path, env=NARROW)
    assert listed.code == 0, listed.err
    assert "…" not in listed.out
    cells = _cells(listed.out)
    # codes as their labels, as the web shows them (cliwords2): the codes are --json's data
    for value in (NAME.replace(" ", ""), "Detention", "Urus-MartanDistrict", "2017-03-04"):
        assert value in cells, value
    (record,) = json.loads(cli("records", vault.path, "--json", env=ADMIN_ENV).out)["records"]
    edited = cli(
        "records",
        "edit",
        vault.path,
        record["pseudonym"],
        "--set",
        "event_date=2017-03-05",
        "--reason",
        "the caller corrected the day",
        env=ADMIN_ENV,
    )
    assert edited.code == 0, edited.err
    history = cli("records", "history", vault.path, record["pseudonym"], env=NARROW)
    assert history.code == 0, history.err
    assert "…" not in history.out
    cells = _cells(history.out)
    # when the change was made, as messages.readable says it ("2026-12-07 10:11 UTC")
    assert re.search(r"20\d\d-\d\d-\d\d\d\d:\d\dUTC", cells), cells
    assert "2017-03-04" in cells and "2017-03-05" in cells
    people = cli("people", "list", vault.path, env=NARROW)
    assert people.code == 0 and "…" not in people.out, people.err
