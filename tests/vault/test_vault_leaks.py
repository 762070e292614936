"""Leak scan: planted identities appear nowhere on disk or in the logs, in any encoding."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV

PLANTED = [
    "Zaurbekovichlo Quintessan",  # Latin name
    "Заурбековичло Квинтэссан",  # Cyrillic name
    "+7 928 555 01 77 Xylophonia",  # contact
    "Улица Невидимая 17, кв 3",  # address
    "He was taken from Fictitia Street by men in uniform Qwertyuiop",  # testimony
    "Выдуманный рассказ о задержании Ёжиковскийзз",  # testimony, Cyrillic
]
PASS = {**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": "second user"}


def _encodings(secret: str) -> list[bytes]:
    forms = {secret, secret.lower(), secret.upper()}
    return [form.encode(codec) for form in forms for codec in ("utf-8", "utf-16-le")]


def _planted_csv(path: Path) -> Path:
    columns = [
        "record_id",
        "name",
        "name_original",
        "birth_date",
        "event_date",
        "event_type",
        "contact",
        "address",
        "testimony",
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerow(
            [
                "p1",
                PLANTED[0],
                PLANTED[1],
                "1987-06-05",
                "2017-03-01",
                "detention",
                PLANTED[2],
                PLANTED[3],
                PLANTED[4],
            ]
        )
        writer.writerow(
            ["p2", "Another Testperson", "", "1990", "2017-04", "torture", "", "", PLANTED[5]]
        )
    return path


def _bad_csv(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "name", "birth_date", "event_type", "testimony"])
        writer.writerow(["b1", PLANTED[0], PLANTED[1], PLANTED[3], PLANTED[4]])
    return path


def test_no_planted_identity_anywhere(
    tmp_path: Path, private_tmp: Path, cli: CliRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    inputs = tmp_path / "inputs"  # the caseworker's own plaintext list: not scanned
    inputs.mkdir()
    vault = tmp_path / "vault"
    backup = tmp_path / "vault.backup"
    logs: list[str] = []

    def run(*args: str | Path, reveals: bool = False) -> None:
        result = cli(*args, env=PASS)
        assert result.code in (0, 1), result.err
        logs.append(result.err)
        if not reveals:
            logs.append(result.out)

    run("init", vault, "--user", "ana")
    run("import", vault, _planted_csv(inputs / "list.csv"), "--source", "hotline")
    run("import", vault, _bad_csv(inputs / "bad.csv"), "--source", "hotline")
    run("user", "add", vault, "bob", "--role", "caseworker", "--user", "ana")
    run("grant", vault, "hotline", "bob", "--user", "ana")
    run("records", vault, "--json", "--user", "ana", reveals=True)
    run("revoke", vault, "hotline", "bob", "--user", "ana")
    run("audit", vault, "--json", "--user", "ana")
    run("backup", vault, "-o", backup, "--user", "ana")
    run("restore", backup, tmp_path / "restored", "--user", "ana")

    shown = cli("records", vault, "--json", "--user", "ana", env=PASS)
    assert all(secret in shown.out for secret in PLANTED)  # the secrets really are inside
    plaintext = (inputs / "list.csv").read_bytes()  # and the scan does find them in plaintext
    assert all(any(n in plaintext for n in _encodings(secret)) for secret in PLANTED)

    files = [p for p in vault.rglob("*") if p.is_file()]
    files += [p for p in (tmp_path / "restored").rglob("*") if p.is_file()]
    files += [backup, *(p for p in private_tmp.rglob("*") if p.is_file())]
    assert any(p.name == "vault.db" for p in files)
    haystacks = {str(p): p.read_bytes() for p in files}
    haystacks["logs"] = "\n".join(logs + [r.getMessage() for r in caplog.records]).encode("utf-8")
    hits = [
        (where, secret)
        for where, content in haystacks.items()
        for secret in PLANTED
        for needle in _encodings(secret)
        if needle in content or needle in content.lower()
    ]
    assert hits == []
