"""``uncounted records edit | history | withdraw`` through the real command line and vault.

Bad input is one line naming the field, exit 1, nothing changed; the withdrawal asks first.
Synthetic people only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault, write_csv

ROW = {
    "record_id": "c1",
    "name": "Clitestname Firstov",
    "name_original": "",
    "birth_date": "1985",
    "sex": "male",
    "place": "",
    "event_date": "2017-03-04",
    "event_type": "detention",
}


def _pseudonym(cli: CliRunner, vault: Vault) -> str:
    listed = cli("records", vault.path, "--json", env=ADMIN_ENV)
    assert listed.code == 0, listed.err
    (record,) = json.loads(listed.out)["records"]
    return str(record["pseudonym"])


def _imported(cli: CliRunner, vault: Vault, tmp_path: Path) -> str:
    """Import the one-row list; the pseudonym of its record."""
    imported = cli(
        "import", vault.path, write_csv(tmp_path / "l.csv", [ROW]), "--source", "ngo", env=ADMIN_ENV
    )
    assert imported.code == 0, imported.err
    return _pseudonym(cli, vault)


def _numbers(cli: CliRunner, vault: Vault, code: str) -> list[int]:
    revisions = _history(cli, vault, code)["revisions"]
    assert isinstance(revisions, list)
    return [int(r["revision"]) for r in revisions]


def _history(cli: CliRunner, vault: Vault, code: str) -> dict[str, object]:
    shown = cli("records", "history", vault.path, code, "--json", env=ADMIN_ENV)
    assert shown.code == 0, shown.err
    return dict(json.loads(shown.out))


def test_edit_then_history(vault: Vault, cli: CliRunner, tmp_path: Path) -> None:
    imported = cli(
        "import", vault.path, write_csv(tmp_path / "l.csv", [ROW]), "--source", "ngo", env=ADMIN_ENV
    )
    assert imported.code == 0, imported.err
    code = _pseudonym(cli, vault)
    edited = cli(
        "records",
        "edit",
        vault.path,
        code,
        "--set",
        "name=Clitestname Secondova",
        "--set",
        "age=31",
        "--reason",
        "typo",
        env=ADMIN_ENV,
    )
    assert (edited.code, edited.out.strip()) == (0, "2"), edited.err
    history = _history(cli, vault, code)
    revisions = history["revisions"]
    assert isinstance(revisions, list) and [r["revision"] for r in revisions] == [1, 2]
    assert revisions[1]["changed"] == {
        "age": {"before": "", "after": "31"},
        "name": {"before": "Clitestname Firstov", "after": "Clitestname Secondova"},
    }
    assert revisions[1]["reason"] == "typo" and history["withdrawn_at"] is None


def test_history_says_its_times_as_a_person_reads_them(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    """walkday5: ``records history`` printed '2026-12-06T17:26:36+00:00'; it says
    '2026-12-06 17:26 UTC' as the vault's other messages do (``messages.readable``), the
    withdrawal's time too; ``--json`` keeps the stored time."""
    code = _imported(cli, vault, tmp_path)
    assert cli("records", "withdraw", vault.path, code, "--yes", env=ADMIN_ENV).code == 0
    shown = cli("records", "history", vault.path, code, env={**ADMIN_ENV, "COLUMNS": "200"})
    assert shown.code == 0, shown.err
    assert not re.search(r"\d\dT\d\d:|\+00:00", shown.out), shown.out
    moment = r"20\d\d-\d\d-\d\d \d\d:\d\d UTC"
    assert re.search(rf"│ 1 +│ {moment} +│", shown.out), shown.out
    assert re.search(rf"Consent withdrawn on {moment}: every identity", shown.out), shown.out
    assert "+00:00" in str(_history(cli, vault, code)["withdrawn_at"])


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        (
            "en_GB.UTF-8",
            [("Date of birth", "1985", "1990-02-03"), ("Event type", "Detention", "Killing")],
        ),
        (
            "ru_RU.UTF-8",
            [("Дата рождения", "1985", "1990-02-03"), ("Тип события", "Задержание", "Убийство")],
        ),
    ],
)
def test_history_names_each_field_as_the_history_page_does(
    vault: Vault, cli: CliRunner, tmp_path: Path, language: str, rows: list[tuple[str, ...]]
) -> None:
    """``records history`` named a changed field by its code ("birth_date") and its value by
    its code ("detention"), where the record's history page says "Date of birth" and
    "Detention": the page's captions and labels (``web.labels.Labels``), in her language;
    ``--json`` keeps the codes."""
    code = _imported(cli, vault, tmp_path)
    changes = ("--set", "birth_date=1990-02-03", "--set", "event_type=killing")
    edited = cli("records", "edit", vault.path, code, *changes, env=ADMIN_ENV)
    assert edited.code == 0, edited.err
    env = {**ADMIN_ENV, "LANG": language, "COLUMNS": "200"}
    shown = cli("records", "history", vault.path, code, env=env)
    assert shown.code == 0, shown.err
    cells = [
        tuple(cell.strip() for cell in line.split("│")[4:7])
        for line in shown.out.splitlines()
        if line.count("│") == 8
    ]
    assert [cell for cell in cells if cell[1:] != ("", "")] == rows, shown.out
    assert not re.search(r"birth_date|event_type|detention|killing", shown.out), shown.out
    revisions = _history(cli, vault, code)["revisions"]
    assert isinstance(revisions, list)
    assert set(revisions[1]["changed"]) == {"birth_date", "event_type"}


@pytest.mark.parametrize(
    ("setting", "named"),
    [("birth_date=2020", "birth_date"), ("nonsense=1", "nonsense"), ("no-equals", "--set")],
)
def test_bad_input_is_one_line_and_changes_nothing(
    vault: Vault, cli: CliRunner, tmp_path: Path, setting: str, named: str
) -> None:
    code = _imported(cli, vault, tmp_path)
    refused = cli("records", "edit", vault.path, code, "--set", setting, env=ADMIN_ENV)
    assert refused.code == 1
    assert len(refused.err.strip().splitlines()) == 1 and named in refused.err
    assert "Clitestname" not in refused.err
    assert _numbers(cli, vault, code) == [1]


def test_withdraw_asks_first_then_leaves_a_tombstone(
    vault: Vault, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _imported(cli, vault, tmp_path)
    with open("/dev/null") as nothing_typed:
        monkeypatch.setattr("sys.stdin", nothing_typed)
        asked = cli("records", "withdraw", vault.path, code, env=ADMIN_ENV)
    assert asked.code == 1 and "nothing was changed" in asked.err
    assert "Clitestname Firstov" in cli("records", vault.path, "--json", env=ADMIN_ENV).out
    done = cli("records", "withdraw", vault.path, code, "--yes", env=ADMIN_ENV)
    assert done.code == 0, done.err
    listed = json.loads(cli("records", vault.path, "--json", env=ADMIN_ENV).out)["records"]
    assert [(r["identity"], r["source"]) for r in listed] == [(None, "ngo")]
    assert listed[0]["withdrawn_at"] is not None
    assert _history(cli, vault, code)["withdrawn_at"] == listed[0]["withdrawn_at"]


def test_edit_gives_a_record_several_perpetrators(
    vault: Vault, cli: CliRunner, tmp_path: Path
) -> None:
    code = _imported(cli, vault, tmp_path)
    edited = cli(
        "records",
        "edit",
        vault.path,
        code,
        "--set",
        "perpetrator_type=police_unit|military",
        "--set",
        "perpetrator_unit=PPS regiment\nBattalion North",
        env=ADMIN_ENV,
    )
    assert (edited.code, edited.out.strip()) == (0, "2"), edited.err
    changed = _history(cli, vault, code)["revisions"]
    assert isinstance(changed, list)
    assert changed[1]["changed"]["perpetrator_type"]["after"] == "police_unit|military"
    assert changed[1]["changed"]["perpetrator_unit"]["after"] == "PPS regiment\nBattalion North"
    refused = cli(
        "records", "edit", vault.path, code, "--set", "perpetrator_type=aliens", env=ADMIN_ENV
    )
    assert refused.code == 1 and "perpetrator_type" in refused.err
    assert _numbers(cli, vault, code) == [1, 2]


@pytest.mark.parametrize(
    ("language", "first"),
    [("en_GB.UTF-8", "first stored"), ("ru_RU.UTF-8", "первое сохранение")],
)
def test_history_at_80_columns_says_the_first_revision_as_the_page_does(
    vault: Vault, cli: CliRunner, tmp_path: Path, language: str, first: str
) -> None:
    """At 80 columns the first revision's "(первое сохранение)" broke inside its brackets
    ("(первое" above "сохранение)"); it says the history page's words, without brackets, so
    a line may break between them (never inside a word: «первоначальная» was too long)."""
    code = _imported(cli, vault, tmp_path)
    reason = ("--reason", "опечатка в дате рождения, исправлено по паспорту")
    edited = cli(
        "records", "edit", vault.path, code, "--set", "birth_date=1990", *reason, env=ADMIN_ENV
    )
    assert edited.code == 0, edited.err
    env = {**ADMIN_ENV, "LANG": language, "COLUMNS": "80"}
    shown = cli("records", "history", vault.path, code, env=env)
    assert shown.code == 0, shown.err
    lines = [line.split("│") for line in shown.out.splitlines() if line.count("│") == 8]
    assert all(len(line) <= 80 for line in shown.out.splitlines()), shown.out
    second = next(i for i, cells in enumerate(lines) if cells[1].strip() == "2")
    field = " ".join(cells[4].strip() for cells in lines[:second]).strip()
    assert field == first, shown.out
