"""Typer's and click's own words around the command line's Russian (cli._frame): the help's
frame, usage errors and a yes-or-no question say "Использование", "Параметры", "Ошибка: не
указан аргумент «VAULT»" and "[д/Н]" in a Russian terminal, and exactly what Typer and click
write in an English one. The real entry point, in this process (``cli_helpers``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from left_out_world import ADMIN, ADMIN_PASS, left_out_copy
from vault_copies import VaultCopies

RU = {"LANG": "ru_RU.UTF-8", "COLUMNS": "80"}
EN = {"LANG": "en_GB.UTF-8", "COLUMNS": "80"}
TYPERS_WORDS = ("Usage:", "Options", "Commands", "Arguments", "Show this message", "[required]")


def test_the_help_is_framed_in_russian_and_english_stays_as_typer_writes_it(
    cli: CliRunner,
) -> None:
    program = cli("--help", env=RU)
    assert program.code == 0, program.err
    assert program.out.lstrip().startswith("Использование: uncounted [OPTIONS] COMMAND")
    assert "─ Параметры ─" in program.out and "─ Команды ─" in program.out
    assert "Показать эту справку и выйти." in program.out
    command = cli("records", "history", "--help", env=RU)
    assert "─ Аргументы ─" in command.out and "[обязательно]" in command.out
    assert "Использование: uncounted records history [OPTIONS] VAULT RECORD" in command.out
    for shown in (program.out, command.out):
        assert [word for word in TYPERS_WORDS if word in shown] == [], shown
    # the same process in English afterwards: Typer's words, as Typer writes them
    english = cli("--help", env=EN).out + cli("records", "history", "--help", env=EN).out
    assert [word for word in TYPERS_WORDS if word not in english] == [], english
    assert not any(word in english for word in ("Использование", "Параметры", "Аргументы"))


@pytest.mark.parametrize(
    ("args", "russian", "english"),
    [
        (
            ("records", "history"),
            "Ошибка: не указан аргумент «VAULT».",
            "Error: Missing argument 'vault'.",
        ),
        (
            ("estimate", "x.csv", "--bogus"),
            "Ошибка: нет такого параметра: --bogus",
            "Error: No such option: --bogus",
        ),
        (
            ("estimate", "x.csv", "--method", "foo"),
            "Ошибка: недопустимое значение «--method»: «foo» — не одно из допустимых значений:",
            "Error: Invalid value for '--method': Value error, 'foo' is not one of",
        ),
        (
            ("estimate", "x.csv", "--seed", "many"),
            "Ошибка: недопустимое значение «--seed»: ожидается целое число.",
            "Error: Invalid value for '--seed': Input should be a valid integer",
        ),
        (
            ("estimate", "x.csv", "--leave-out", "a"),
            "Ошибка: недопустимое значение «--leave-out»: --leave-out называет список хранилища",
            "Error: Invalid value for --leave-out: --leave-out names a list of a vault",
        ),
        (
            ("records", "history", "a", "b", "c"),
            "Ошибка: лишние аргументы (c).",
            "Error: Got unexpected extra argument(s) (c)",
        ),
        (("nosuch",), "Ошибка: нет такой команды: «nosuch».", "Error: No such command 'nosuch'."),
    ],
)
def test_a_usage_error_is_said_in_russian_and_as_click_says_it_in_english(
    cli: CliRunner, args: tuple[str, ...], russian: str, english: str
) -> None:
    said = cli(*args, env=RU)
    assert said.code == 2, said.err
    lines = said.err.strip().splitlines()
    command = "uncounted" if args == ("nosuch",) else "uncounted " + " ".join(args[:2])
    command = command.replace("x.csv", "histories")  # `estimate FILE` runs `histories`
    assert lines[0].startswith(f"Использование: {command} [OPTIONS]"), said.err
    assert lines[1] == f"Подробнее: «{command} --help».", said.err
    assert lines[-1].startswith(russian), said.err
    unchanged = cli(*args, env=EN)
    assert unchanged.code == 2
    lines = unchanged.err.strip().splitlines()
    assert lines[0].startswith(f"Usage: {command} [OPTIONS]"), unchanged.err
    assert lines[1] == f"Try '{command} --help' for help.", unchanged.err
    assert lines[-1].startswith(english), unchanged.err


def test_an_option_missing_its_value_is_one_russian_line(cli: CliRunner) -> None:
    said = cli("estimate", "x.csv", "--seed", env=RU)
    assert said.code == 2
    assert said.err.strip() == "Ошибка: параметру «--seed» нужно значение.", said.err
    english = cli("estimate", "x.csv", "--seed", env=EN)
    assert english.err.strip() == "Error: Option '--seed' requires an argument."


def test_a_yes_or_no_question_is_asked_in_russian_and_takes_a_russian_yes(
    cli: CliRunner, tmp_path: Path, vault_copies: VaultCopies, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = left_out_copy(vault_copies, tmp_path)
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    listed = cli("records", world, "-u", ADMIN, "--json", env=env)
    record = json.loads(listed.out)["records"][0]["pseudonym"]
    asked = ("records", "withdraw", world, record, "-u", ADMIN)
    monkeypatch.setattr("sys.stdin", io.StringIO("может быть\nн\n"))
    kept = cli(*asked, env={**env, **RU})
    assert kept.code == 1, kept.err
    assert "Это нельзя отменить. [д/Н]:" in kept.err and "[y/N]" not in kept.err, kept.err
    assert "Ответьте «д» (да) или «н» (нет)." in kept.err, kept.err  # "может быть" is no answer
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    english = cli(*asked, env={**env, **EN})
    assert english.code == 1 and "This cannot be undone. [y/N]:" in english.err, english.err
    monkeypatch.setattr("sys.stdin", io.StringIO("да\n"))
    done = cli(*asked, env={**env, **RU})
    assert done.code == 0, done.err
    after = json.loads(cli("records", world, "-u", ADMIN, "--json", env=env).out)["records"]
    assert [r["withdrawn_at"] is not None for r in after if r["pseudonym"] == record] == [True]
