"""The rest of the command line speaks the terminal's language too (cliwords2): the tables of
``records``, ``people`` and ``cases``, an estimate's figures (from a file and from the
register, its run line and its linkage settings), the advice when a run gave no figure (and
that it exits 1 saying why), ``link`` and ``synth``, the evidence and ledger commands and the
summaries of ``uncounted --help``. Walked in Russian on real vaults of synthetic people: no
English word is left in the lines these commands print in words; what stays Latin is data (a
list's, a user's or a file's name, a method's code, a hash, a command to type)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
import typer
from cli_helpers import CliRunner
from left_out_world import ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from report_helpers import estimated_world_vault
from vault_copies import VaultCopies

from uncounted.cli import app
from uncounted.cli._summaries import SUMMARIES, summary
from uncounted.services import register, vaults

ADMIN, ADMIN_PASS = "ana", "russian tables admin passphrase"
RU = {
    "UNCOUNTED_PASSPHRASE": ADMIN_PASS,
    "LANG": "ru_RU.UTF-8",
    "LC_ALL": "",
    "LC_MESSAGES": "",
    "COLUMNS": "250",  # a row on one line: a word folded in two is not a word
}
EN = {**RU, "LANG": "en_GB.UTF-8"}
#: Latin words that are data wherever they stand: the methods' codes, units and formats.
DATA = ("dga", "lcmcr", "loglinear", "UTC", "SHA", "CSV", "vkey", "application", "octet-stream")
#: What stays Latin in a line: a command to type (in backticks), a path, an id, a hash or a
#: key's fingerprint (in groups of four).
COMMAND = re.compile(
    r"`[^`]*`|\S*/\S*|\b[0-9a-f]{12,}\b|(?:\b[0-9a-f]{4} ){3,}[0-9a-f]{4}\b|\bev-[0-9a-f]+\b"
    r"|\bP-\w+|\b\w{4}-\w{4}\b"
)


def _english(lines: Iterable[str], data: Iterable[str] = ()) -> list[str]:
    """Each Latin word of two letters or more left in *lines* once the data is taken out."""
    found = []
    for line in lines:
        line = COMMAND.sub(" ", line)
        for value in sorted({*data, *DATA}, key=len, reverse=True):
            line = line.replace(value, " ")
        found += re.findall(r"[A-Za-z]{2,}", line)
    return found


def _rows(table: str, leave_out: int | None = None) -> list[str]:
    """The lines of a printed table, its borders gone, without column *leave_out* (the
    identity: names are data, in whatever script a list wrote them)."""
    rows = []
    for line in table.splitlines():
        cells = re.split(r"[│┃]", line)[1:-1]
        if not cells:
            rows.append(line)  # a title, a line under the table
            continue
        if leave_out is not None:
            del cells[leave_out]
        rows.append(" ".join(cells))
    return rows


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linked, estimated vault of 80 synthetic victims on three lists: the tests only read
    it or work on a copy."""
    folder = tmp_path_factory.mktemp("everywhere")
    estimated_world_vault(folder / "vault", (ADMIN, ADMIN_PASS), folder)
    return folder / "vault"


def _lists_and_people(vault: Path) -> tuple[str, ...]:
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        return (*register.counts(admin).by_source, ADMIN)


def test_the_tables_of_records_people_and_cases_are_russian(cli: CliRunner, vault: Path) -> None:
    data = _lists_and_people(vault)
    listed = cli("records", vault, env=RU)
    assert listed.code == 0, listed.err
    assert "Псевдоним" in listed.out and "Событие" in listed.out and "Район" in listed.out
    assert _english(_rows(listed.out, leave_out=6), data) == []
    people = cli("people", vault, env=RU)
    assert people.code == 0, people.err
    assert "связан, не проверен" in people.out or "подтверждён проверяющим" in people.out
    # the count's sentence as one line, however narrow the terminal wrapped it (CI's 80 columns)
    counted = " ".join(people.err.split())
    assert re.search(r"\d+ человека? учтены? как пострадавш", counted), counted
    assert _english([*_rows(people.out), counted], data) == []
    person = json.loads(cli("people", vault, "--json", env=RU).out)["people"][0]["id"]
    shown = cli("people", "show", vault, person, env=RU)
    assert shown.code == 0, shown.err
    assert shown.err.startswith("изменение 1: создан связыванием"), shown.err
    assert _english([*_rows(shown.out, leave_out=4), *shown.err.splitlines()], data) == []
    cases = cli("cases", vault, env=RU)
    assert cases.code == 0, cases.err
    assert all("доступ у: " in line for line in cases.out.splitlines()), cases.out
    assert _english(cases.out.splitlines(), data) == []
    english = cli("cases", vault, env=EN)
    assert "granted: " in english.out and "Pseudonym" in cli("records", vault, env=EN).out


def test_an_estimate_from_a_file_is_russian(cli: CliRunner, tmp_path: Path) -> None:
    histories = tmp_path / "histories.csv"
    histories.write_text(
        "aa,bb,cc,count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n1,0,1,15\n0,1,1,12\n1,1,1,6\n"
    )
    done = cli("estimate", histories, "--method", "dga", env=RU)
    assert done.code == 0, done.err
    printed = done.out.split("диагностика:")[0]  # the method's own names and values follow
    assert "медиана N" in printed and "95-процентный интервал" in printed, printed
    assert "задокументировано человек (хотя бы в одном списке): 203" in printed, printed
    assert _english(_rows(printed), ("histories.csv", "aa", "bb", "cc")) == []
    # a model's name is data, printed as it is (main printed "[aa][bb,cc]" as nothing)
    document = json.loads(cli("estimate", histories, "--method", "dga", "--json").out)
    assert all(model["name"] in printed for model in document["models"]), printed
    assert "median of N" in cli("estimate", histories, "--method", "dga", env=EN).out


def test_a_run_from_the_register_says_in_russian_why_it_gave_no_figure_and_exits_1(
    cli: CliRunner, tmp_path: Path, vault_copies: VaultCopies
) -> None:
    """The partner list shares no one: the run is saved, the advice says what to do, and the
    last line why there is no figure (main printed "— (—-—)" and exited 0)."""
    world = left_out_copy(vault_copies, tmp_path)
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        data = (*register.counts(analyst).by_source, ANALYST)
    env = {**RU, "UNCOUNTED_PASSPHRASE": ANALYST_PASS}
    refused = cli("estimate", world, "--from-register", "-u", ANALYST, env=env)
    assert refused.code == 1, refused.err
    *said, last = refused.err.strip().splitlines()
    assert last.startswith("ошибка: расчёт № 1 не дал оценки: Список partner-ngo"), last
    advice = next(line for line in said if line.startswith("Расчёт № 1 не дал числа"))
    assert f"ни один человек из списка {PARTNER} не встречается в других списках" in advice
    assert f"--from-register --leave-out {PARTNER}`" in advice
    assert _english([*said, last], data) == []  # its "error:" prefix too
    english = cli(
        "estimate", world, "--from-register", "-u", ANALYST, env={**env, "LANG": "en_GB.UTF-8"}
    )
    assert english.code == 1
    assert english.err.strip().splitlines()[-1].startswith("error: run 2 gave no estimate: ")

    left = cli("estimate", world, "--from-register", "--leave-out", PARTNER, "-u", ANALYST, env=env)
    assert left.code == 0, left.err
    line = left.out.strip()
    assert line.startswith("расчёт № 3: ") and "оценка по 3 из 4 списков" in line, line
    bands = [band for band in left.err.splitlines() if band.startswith("  ")]
    assert bands and all("задокументирован" in band for band in bands), left.err
    assert _english([line, *left.err.splitlines()], data) == []
    runs = cli("estimate", "runs", world, "-u", ANALYST, env=env)
    assert [run[:11] for run in runs.out.splitlines()] == [
        "расчёт № 3:",
        "расчёт № 2:",
        "расчёт № 1:",
    ]
    assert _english(runs.out.splitlines(), data) == []


def test_synth_and_link_are_russian(cli: CliRunner, tmp_path: Path) -> None:
    made = cli("synth", tmp_path / "w", "--people", "60", "--sources", "3", env=RU)
    assert made.code == 0, made.err
    assert "задокументировано хотя бы в одном списке" in made.out
    sources = ("hotline", "press_en", "passport_list")
    assert _english(_rows(made.out), sources) == []
    records = tmp_path / "w" / "records.csv"
    linked = cli("link", records, "-o", tmp_path / "clusters.csv", env=RU)
    assert linked.code == 0, linked.err
    done = linked.err.strip().splitlines()[-1]
    assert re.search(r"объединен[оы]? в \d+ человека?", done) and "кластеры записаны в" in done, (
        done
    )
    assert _english(linked.err.splitlines(), ("s",)) == []


def test_evidence_and_ledger_commands_are_russian(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "vault"
    shutil.copytree(vault, copy)
    evidence = tmp_path / "photo.txt"
    evidence.write_text("a synthetic file\n")
    added = cli("evidence", "add", copy, evidence, env=RU)
    assert added.code == 0 and added.err.startswith("Сохранено: 17 байт"), added.err
    item = added.out.strip()
    exported = cli("evidence", "export", copy, item, "-o", tmp_path / "e.zip", env=RU)
    assert exported.code == 0 and exported.err.startswith(f"Оригинал {item} выгружен"), exported.err
    handed = cli("evidence", "handover", copy, item, "--to", "суд", env=RU)
    assert handed.code == 0 and handed.err.startswith(f"Передача {item} записана"), handed.err
    listed = cli("evidence", "list", copy, env=RU)
    head = cli("ledger", "head", copy, env=RU)
    assert head.code == 0 and "открытый ключ" in head.err and "отпечаток" in head.err, head.err
    checked = cli("ledger", "check", copy, env=RU)
    assert checked.out.startswith("В журнале ") and "всё цело" in checked.out, checked.out
    printed = [
        *added.err.splitlines(),
        *exported.err.splitlines(),
        *handed.err.splitlines(),
        *listed.out.splitlines(),
        *head.err.splitlines(),
        *checked.out.splitlines(),
    ]
    assert _english(printed, ("e.zip",)) == []


def test_the_summaries_of_uncounted_help_are_russian(cli: CliRunner) -> None:
    """A command whose summary is reworded without its entry in ``cli._summaries`` would
    stay English in Russian: every one is there."""
    program = typer.main.get_command(app)
    from uncounted.cli import _reflow_help

    _reflow_help(program)
    assert {summary(sub.help or "") for sub in program.commands.values()} <= SUMMARIES
    # and each group's commands, as its --help lists them (`estimate --help` said "runs  List
    # the estimate runs ..." in English)
    groups = [group for group in program.commands.values() if getattr(group, "commands", None)]
    assert {summary(sub.help or "") for g in groups for sub in g.commands.values()} <= SUMMARIES
    for group in groups:
        panel = cli(str(group.name), "--help", env=RU).out.split("\u256d\u2500 Команды", 1)[1]
        for line in panel.splitlines():
            words = re.split(r"\s{2,}", line.strip("│ "))
            if len(words) == 2 and words[0] in group.commands:
                assert re.match(r"[А-ЯЁ]", words[1]), (group.name, line)
    shown = cli("--help", env=RU)
    assert shown.code == 0
    assert "Безопасно документировать преследования" in shown.out
    assert "Создать зашифрованное хранилище" in shown.out
    for line in shown.out.splitlines():
        words = re.split(r"\s{2,}", line.strip("│ "))
        if len(words) == 2 and words[0] in program.commands:  # "init   Создать …"
            assert re.match(r"[А-ЯЁ]", words[1]), line
