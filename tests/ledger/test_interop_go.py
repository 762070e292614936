"""An independent implementation checks what uncounted signs and proves: Go's x/mod sumdb.

``tests/interop/go/checkledger`` uses only Go's standard library and golang.org/x/mod 0.7 as
Debian packages it (``golang-golang-x-mod-dev``, source under /usr/share/gocode, GOPATH mode:
nothing is downloaded): ``note.Open`` checks the checkpoint's signature with the log's vkey,
``tlog.CheckRecord`` the inclusion proof and ``tlog.CheckTree`` the consistency proof. x/mod 0.7
has no timestamped cosignatures, so those (the organisation's date and the witnesses') are
checked there with ``crypto/ed25519`` over the message c2sp.org/tlog-cosignature defines.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from witness_helpers import FileWitness

CliRunner = Callable[..., Any]
SOURCE = Path(__file__).resolve().parents[1] / "interop" / "go" / "checkledger"
GOPATH = Path("/usr/share/gocode")

pytestmark = pytest.mark.skipif(
    shutil.which("go") is None or not (GOPATH / "src/golang.org/x/mod/sumdb/note").is_dir(),
    reason="no Go toolchain with Debian's x/mod: apt-get install golang-go"
    " golang-golang-x-mod-dev (scripts/setup --test does, as root)",
)


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("go")
    binary = folder / "checkledger"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(folder / "cache"),
        "GOFLAGS": "",
        "GOPROXY": "off",
    }
    subprocess.run(
        ["go", "build", "-o", str(binary), "."], cwd=SOURCE, env=env, check=True, timeout=600
    )
    return binary


def _run(checker: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(checker), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def test_go_verifies_checkpoint_inclusion_and_cosignatures(
    checker: Path, vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    head = json.loads(cli("ledger", "head", vault, "--json").out)
    witness = FileWitness("witness.example/go", bytes([5]) * 32)
    witness.follow(head["origin"], bytes.fromhex(head["public_key"]))
    assert cli("ledger", "witness", "add", vault, witness.vkey).code == 0
    file = tmp_path / "synthetic.bin"
    file.write_bytes(b"synthetic bytes for Go\n" * 40)
    item = cli("evidence", "add", vault, file).out.strip()
    request = tmp_path / "w.request"
    assert cli("ledger", "witness", "request", vault, witness.name, "-o", request).code == 0
    answer = tmp_path / "w.answer"
    answer.write_text(witness.process(request.read_text("utf-8")), "utf-8")
    assert cli("ledger", "witness", "accept", vault, answer).code == 0
    package = tmp_path / "p.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "item.tlog-proof").write_bytes(archive.read("item.tlog-proof"))
        carried = next(n for n in archive.namelist() if n.endswith(".checkpoint"))
        (tmp_path / "witnessed.checkpoint").write_bytes(archive.read(carried))
        consistency = archive.read(carried.replace(".checkpoint", ".consistency")).decode()
        commitment = json.loads(archive.read("commitment.json"))["commitment"]
    vkey = head["vkey"]
    done = _run(checker, "proof", vkey, tmp_path / "item.tlog-proof", commitment)
    assert done.returncode == 0, done.stderr
    assert "log signature valid (note.Open)" in done.stdout
    assert "inclusion proof valid (tlog.CheckRecord)" in done.stdout
    assert "organisation timestamp" in done.stdout
    # the witness cosigned an earlier checkpoint; Go checks that cosignature too, and that the
    # package's checkpoint extends it
    proof_text = (tmp_path / "item.tlog-proof").read_text("utf-8")
    header = proof_text.split("\n\n", 1)[0]
    index = int(header.split("\n")[1].split()[1])
    size = int((tmp_path / "witnessed.checkpoint").read_text("utf-8").split("\n")[1])
    assert index < size
    bundle = tmp_path / "package.bundle"
    bundle.write_text(f"old {size}\n{consistency}\n" + proof_text.split("\n\n", 1)[1], "utf-8")
    linked = _run(checker, "consistency", vkey, tmp_path / "witnessed.checkpoint", bundle)
    assert linked.returncode == 0, linked.stderr
    assert "consistency proof valid (tlog.CheckTree)" in linked.stdout
    cosigned = _run(checker, "cosigned", vkey, tmp_path / "witnessed.checkpoint", witness.vkey)
    assert cosigned.returncode == 0, cosigned.stderr
    assert f"witness {witness.name} cosigned at" in cosigned.stdout
    stranger = FileWitness("witness.example/go", bytes([6]) * 32).vkey  # same name, other key
    refused = _run(checker, "cosigned", vkey, tmp_path / "witnessed.checkpoint", stranger)
    assert refused.returncode == 1 and "no valid cosignature" in refused.stderr


def test_go_refuses_a_tampered_proof_and_a_foreign_key(
    checker: Path, vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "synthetic.bin"
    file.write_bytes(b"x" * 100)
    item = cli("evidence", "add", vault, file).out.strip()
    package = tmp_path / "p.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    vkey = json.loads(cli("ledger", "head", vault, "--json").out)["vkey"]
    with zipfile.ZipFile(package) as archive:
        text = archive.read("item.tlog-proof").decode()
        commitment = json.loads(archive.read("commitment.json"))["commitment"]
    proof = tmp_path / "item.tlog-proof"
    proof.write_text(text, "utf-8")
    assert _run(checker, "proof", vkey, proof, commitment).returncode == 0
    wrong = commitment[:-2] + ("00" if commitment[-2:] != "00" else "01")
    assert "tlog.CheckRecord" in _run(checker, "proof", vkey, proof, wrong).stderr
    other = "witness.example/x+00000000+AQ" + "A" * 42 + "="
    refused = _run(checker, "proof", other, proof, commitment)
    assert refused.returncode == 1


def test_go_checks_a_published_consistency_bundle(
    checker: Path, vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    old = tmp_path / "old.checkpoint"
    assert cli("ledger", "head", vault, "-o", old).code == 0
    size = old.read_text("utf-8").split("\n")[1]
    for number in range(3):
        file = tmp_path / f"f{number}.bin"
        file.write_bytes(bytes([number]) * 10)
        assert cli("evidence", "add", vault, file).code == 0
    bundle = tmp_path / "new.bundle"
    bundle.write_text(cli("ledger", "prove", vault, "--from-size", size).out, "utf-8")
    vkey = json.loads(cli("ledger", "head", vault, "--json").out)["vkey"]
    done = _run(checker, "consistency", vkey, old, bundle)
    assert done.returncode == 0, done.stderr
    assert "consistency proof valid (tlog.CheckTree)" in done.stdout
