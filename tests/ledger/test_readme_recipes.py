"""The package README's "by hand" commands, run literally on a fresh package, check it.

Every command line of the README (6 spaces in, starting with a tool's name) is run, in order,
by POSIX ``sh`` in an empty folder holding only the package, as a reader following the README
would; the test then reads what the tools printed, not what uncounted says.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CliRunner = Callable[..., Any]
TOOLS = ("python3", "sha256sum", "head", "{", "openssl", "awk", "grep", "cat", "tail")


def _commands(readme: str) -> list[str]:
    section = readme.split("Checking it by hand", 1)[1].split("Later heads", 1)[0]
    return [
        line[6:]
        for line in section.splitlines()
        if line.startswith("      ") and not line.startswith("       ")
        and line[6:].split(" ", 1)[0] in TOOLS
    ]  # fmt: skip


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("sh", "openssl", "python3", "sha256sum", "base64")),
    reason="the README's recipes need sh, openssl, python3, sha256sum and base64",
)
def test_the_readme_recipes_run_literally_and_pass(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    evidence = tmp_path / "synthetic-photo.bin"
    evidence.write_bytes(b"synthetic evidence bytes\n" * 300)
    item = cli("evidence", "add", vault, evidence).out.strip()
    assert cli("evidence", "handover", vault, item, "--to", "Synthetic court").code == 0
    reader = tmp_path / "reader"
    reader.mkdir()
    package = reader / "PACKAGE.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    head = json.loads(cli("ledger", "head", vault, "--json").out)
    with zipfile.ZipFile(package) as archive:
        readme = archive.read("README.txt").decode("utf-8")
        commitment = json.loads(archive.read("commitment.json"))
        events = len(json.loads(archive.read("custody.json"))["events"])
    commands = _commands(readme)
    assert len(commands) >= 15, commands
    script = "set -e\n" + "\n".join(commands) + "\n"
    done = subprocess.run(
        ["sh", "-c", script], cwd=reader, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[0] == commitment["sha256"]  # step 1: the file's SHA-256
    assert lines[1].split()[0] == commitment["commitment"]  # step 2: the commitment
    assert lines[2] == "PASS"  # step 3: the inclusion proof
    assert lines[3].split()[0] == "".join(head["key_fingerprint"].split())  # step 4
    assert lines[4] == "Signature Verified Successfully"  # step 5: the checkpoint
    assert int(lines[5]) == head["signed_at"]  # step 6: the organisation's date...
    assert lines[6] == "Signature Verified Successfully"  # ...signed by the log key
    assert lines[7 : 7 + events] == ["PASS"] * events  # step 7: custody, chained
    assert lines[7 + events :] == ["PASS"]  # step 8: the seal


def test_a_tampered_package_fails_the_same_recipes(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    if not shutil.which("openssl"):
        pytest.skip("the README's recipes need openssl")
    evidence = tmp_path / "synthetic.bin"
    evidence.write_bytes(b"synthetic\n" * 50)
    item = cli("evidence", "add", vault, evidence).out.strip()
    reader = tmp_path / "reader"
    reader.mkdir()
    package = reader / "PACKAGE.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    with zipfile.ZipFile(package) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    commands = _commands(readme)
    subprocess.run(["sh", "-c", commands[0]], cwd=reader, check=True, timeout=60)
    unpacked = reader / "pkg"
    proof = unpacked / "item.tlog-proof"
    text = proof.read_text("utf-8").split("\n")
    root_line = text.index("") + 3  # origin, size, root after the first empty line
    text[root_line] = "A" * 43 + "="
    proof.write_text("\n".join(text), "utf-8")
    signature = subprocess.run(
        ["sh", "-c", "\n".join(c for c in commands[1:] if "checkpoint" in c or "key" in c)],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Signature Verified Successfully" not in signature.stdout
