"""Witnessing by files carried by hand: request, cosign, take back, carry in packages, check k-of-n.

The witness is ``witness_helpers.FileWitness``, written from c2sp.org/tlog-witness and
c2sp.org/tlog-cosignature with PyNaCl and hashlib (not uncounted's note code).
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from witness_helpers import FileWitness, WitnessRefused

from uncounted.ledger import ConsistencyBundle, LogPublicKey

CliRunner = Callable[..., Any]


def _ok(result: Any) -> Any:
    assert result.code == 0, result.out + result.err
    return result


def _key(cli: CliRunner, vault: Path) -> LogPublicKey:
    return LogPublicKey.parse(
        json.loads(_ok(cli("ledger", "head", vault, "--json")).out)["public_key"]
    )


def _round(cli: CliRunner, vault: Path, witness: FileWitness, folder: Path, tag: str) -> str:
    """One hand-carried round: request file out, the witness's answer file back in."""
    request = folder / f"{tag}-{witness.name.replace('/', '_')}.request"
    _ok(cli("ledger", "witness", "request", vault, witness.name, "-o", request))
    answer = folder / f"{tag}.answer"
    answer.write_text(witness.process(request.read_text("utf-8")), encoding="utf-8")
    _ok(cli("ledger", "witness", "accept", vault, answer))
    return request.read_text("utf-8")


def _add(cli: CliRunner, vault: Path, folder: Path, name: str) -> str:
    file = folder / name
    file.write_bytes(name.encode() * 100)
    return str(_ok(cli("evidence", "add", vault, file)).out.strip())


@pytest.fixture
def witnesses(vault: Path, cli: CliRunner) -> list[FileWitness]:
    key = _key(cli, vault)
    named = [FileWitness(f"witness.example/w{n}", bytes([n]) * 32) for n in (1, 2, 3)]
    for witness in named:
        witness.follow(key.origin, key.raw)
        _ok(cli("ledger", "witness", "add", vault, witness.vkey))
    return named


def test_a_witness_round_trip_gives_packages_an_independent_time_bound(
    vault: Path, cli: CliRunner, tmp_path: Path, witnesses: list[FileWitness]
) -> None:
    item = _add(cli, vault, tmp_path, "synthetic-photo.bin")
    first = [_round(cli, vault, w, tmp_path, "first") for w in witnesses[:2]]
    assert all(text.startswith("old 0\n\n") for text in first)  # nothing cosigned before
    _add(cli, vault, tmp_path, "later.bin")
    second = _round(cli, vault, witnesses[0], tmp_path, "second")  # w2 stays at the first
    bundle = ConsistencyBundle.parse(second)
    assert bundle.old_size > 0 and bundle.proof  # the proof from what it cosigned before
    listed = json.loads(_ok(cli("ledger", "witness", "list", vault, "--json")).out)
    assert {w["name"]: w["cosigned_size"] > 0 for w in listed} == {
        "witness.example/w1": True,
        "witness.example/w2": True,
        "witness.example/w3": False,
    }
    package = tmp_path / "package.zip"
    _ok(cli("evidence", "export", vault, item, "-o", package))
    with zipfile.ZipFile(package) as archive:
        carried = sorted(n for n in archive.namelist() if n.startswith("witnessed-"))
    assert len(carried) == 4  # w1's latest checkpoint and w2's earlier one, each with its proof
    key = _key(cli, vault).vkey
    w1, w2, w3 = (w.vkey for w in witnesses)
    two = _ok(cli("verify", package, "--public-key", key, "--witness", w1, "--witness", w2))
    assert "Result: VERIFIED" in two.out and "existed no later than" in two.out
    three = cli("verify", package, "--public-key", key, "--witness", w1, "--witness", w3)
    assert three.code == 1 and "only 1 of the 2" in three.out
    one_of = cli(
        "verify", package, "--public-key", key, "--witness", w1, "--witness", w3,
        "--witness-threshold", "1",
    )  # fmt: skip
    assert one_of.code == 0, one_of.out


def test_a_request_file_into_a_missing_folder_is_refused_in_one_line(
    vault: Path, cli: CliRunner, tmp_path: Path, witnesses: list[FileWitness]
) -> None:
    """The one rule for every file written (export, package, report): a new file in a folder
    that exists; the witness request said nothing of a missing folder and failed there."""
    request = tmp_path / "no such folder" / "w1.request"
    result = cli("ledger", "witness", "request", vault, witnesses[0].name, "-o", request)
    assert result.code == 1, result.out + result.err
    assert result.err.strip().splitlines() == [
        f"error: {request} already exists or its folder does not; choose another path"
    ]
    assert not request.parent.exists()


def test_a_witness_refuses_a_forked_log_and_a_forged_answer_is_refused(
    vault: Path, cli: CliRunner, tmp_path: Path, witnesses: list[FileWitness]
) -> None:
    witness = witnesses[0]
    _round(cli, vault, witness, tmp_path, "first")
    _add(cli, vault, tmp_path, "more.bin")
    request = tmp_path / "fork.request"
    _ok(cli("ledger", "witness", "request", vault, witness.name, "-o", request))
    text = request.read_text("utf-8")
    head, _, note = text.partition("\n\n")
    tampered_proof = head.split("\n")[0] + "\n" + "A" * 43 + "=\n" * 1
    with pytest.raises(WitnessRefused) as refused:
        witness.process(tampered_proof + "\n" + note)
    assert refused.value.status == 422
    stranger = FileWitness("witness.example/w1", bytes([9]) * 32)  # same name, other key
    stranger.follow(*next(iter(witness.logs.items())))
    forged = tmp_path / "forged.answer"
    forged.write_text(stranger.process("old 0\n\n" + note), encoding="utf-8")
    result = cli("ledger", "witness", "accept", vault, forged)
    assert result.code == 1 and "no cosignature by a witness you named" in result.err


def test_two_published_checkpoints_are_checked_offline(
    vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    old = tmp_path / "old.checkpoint"
    _ok(cli("ledger", "head", vault, "-o", old))
    size = int(old.read_text("utf-8").split("\n")[1])
    _add(cli, vault, tmp_path, "next.bin")
    new = tmp_path / "new.bundle"
    new.write_text(_ok(cli("ledger", "prove", vault, "--from-size", str(size))).out, "utf-8")
    key = _key(cli, vault).hex
    result = _ok(cli("ledger", "consistency", old, new, "--public-key", key))
    assert "the larger log extends the smaller one (proven)" in result.out
    assert "Result: VERIFIED" in result.out
    unauthenticated = cli("ledger", "consistency", old, new)
    assert unauthenticated.code == 1 and "no log key" in unauthenticated.out
    lines = new.read_text("utf-8").split("\n")
    lines[1] = base64.b64encode(bytes([7]) * 32).decode()  # the first proof hash altered
    broken = tmp_path / "broken.bundle"
    broken.write_text("\n".join(lines), "utf-8")
    forked = cli("ledger", "consistency", old, broken, "--public-key", key)
    assert forked.code == 1 and "FORK" in forked.out


class _WitnessServer(http.server.BaseHTTPRequestHandler):
    witness: FileWitness

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if self.path != "/w/add-checkpoint":
            status, answer = 404, ""
        else:
            try:
                status, answer = 200, self.witness.process(body)
            except WitnessRefused as refused:
                status, answer = refused.status, str(refused).split(" ", 1)[1] + "\n"
        data = answer.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_witness_over_http_at_the_url_given(
    vault: Path, cli: CliRunner, tmp_path: Path, witnesses: list[FileWitness]
) -> None:
    witness = witnesses[0]
    handler = type("Handler", (_WitnessServer,), {"witness": witness})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        prefix = f"http://127.0.0.1:{server.server_port}/w"
        first = _ok(cli("ledger", "witness", "send", vault, witness.name, "--url", prefix))
        assert f"{witness.name} cosigned the checkpoint" in first.out
        _add(cli, vault, tmp_path, "after.bin")
        # the witness last cosigned size 1 (say, from another copy of the log): it answers 409
        # with that size, and the client asks again with the proof from 1
        proof = json.loads(_ok(cli("ledger", "prove", vault, "--from-size", "1", "--json")).out)
        witness.state[next(iter(witness.logs))] = (1, bytes.fromhex(proof["old_root_hash"]))
        again = _ok(cli("ledger", "witness", "send", vault, witness.name, "--url", prefix))
        assert f"{witness.name} cosigned the checkpoint" in again.out
        witness.state[next(iter(witness.logs))] = (1, bytes(32))  # a different history: a fork
        forked = cli("ledger", "witness", "send", vault, witness.name, "--url", prefix)
        assert forked.code == 1 and "HTTP 4" in forked.err
        missing = cli("ledger", "witness", "send", vault, witness.name, "--url", prefix + "x")
        assert missing.code == 1 and "HTTP 404" in missing.err
    finally:
        server.shutdown()
        server.server_close()
