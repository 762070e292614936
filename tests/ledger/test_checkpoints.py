"""Checkpoints and signed notes follow C2SP; the verifier never says VERIFIED about a forgery."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from package_helpers import SEED, build_package

from uncounted.ledger import (
    CHECK_NAMES,
    COSIGNATURE_V1,
    ED25519,
    Checkpoint,
    LogSigningKey,
    MalformedNoteError,
    NoteSigner,
    SignedCheckpoint,
    SignedNote,
    TlogProof,
    TrustPolicy,
    VerificationReport,
    VerifierKey,
    verify_consistency,
    verify_inclusion,
    verify_package,
)

# The signed-note test vector of golang.org/x/mod/sumdb/note (note_test.go): a key, a text and
# the signature Go's implementation makes of it (Ed25519 is deterministic).
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIGNATURE = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKv"
    "qfqdngotpRZb6KE6RyyBwJnAM=\n"
)
HONEST = LogSigningKey(SEED)
CliRunner = Callable[..., Any]


def _failure(report: VerificationReport) -> tuple[str, str]:
    failure = report.first_failure
    assert failure is not None, report.checks
    return failure.name, failure.message


def test_note_signatures_match_gos_test_vector() -> None:
    seed = base64.b64decode(PETER_SKEY.split("+", 4)[4])[1:]
    signer = NoteSigner("PeterNeumann", seed)
    assert signer.verifier(ED25519).vkey == PETER_VKEY
    assert signer.sign(PETER_TEXT).line() == PETER_SIGNATURE
    note = SignedNote.parse(PETER_TEXT + "\n" + PETER_SIGNATURE)
    assert VerifierKey.parse(PETER_VKEY).check(note.text, note.signatures[0]) == 0


def test_the_key_id_is_the_first_four_bytes_of_the_spec_hash() -> None:
    key = HONEST.public_key
    expected = hashlib.sha256(key.origin.encode() + b"\n\x01" + key.raw).digest()[:4]
    vkey = VerifierKey.parse(key.vkey)
    assert vkey.key_id == expected and vkey.public == key.raw and vkey.name == key.origin


def test_a_checkpoint_is_three_lines_signed_twice() -> None:
    root = bytes(range(32))
    signed = HONEST.checkpoint(12, root, 1_700_000_000)
    text = signed.encode()
    origin, size, encoded, blank, *signatures = text.split("\n")
    assert (size, base64.b64decode(encoded), blank) == ("12", root, "")
    assert origin == HONEST.public_key.origin and origin.startswith("uncounted.invalid/log-")
    assert len([line for line in signatures if line]) == 2
    parsed = SignedCheckpoint.parse(text)
    assert parsed.checkpoint == Checkpoint(origin, 12, root)
    assert parsed.log_signature_valid(HONEST.public_key.raw)
    assert parsed.log_time(HONEST.public_key.raw) == 1_700_000_000
    other = LogSigningKey.generate().public_key.raw
    assert not parsed.log_signature_valid(other)


@pytest.mark.parametrize(
    "text",
    [
        "origin\n1\nAAAA\n\n\u2014 k AAAAAAA=\n",  # root of 3 bytes
        "origin\n01\n" + base64.b64encode(bytes(32)).decode() + "\n\n\u2014 k AAAAAAA=\n",
        "origin\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n- k AAAAAAA=\n",
        "origin\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\u2014 k AAAAAAA=\n",
        "origin\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n\u2014 k AAAAAAA=\x1b\n",
    ],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(MalformedNoteError):
        SignedCheckpoint.parse(text)


@given(st.binary(max_size=200))
def test_no_byte_string_crashes_the_note_parser(data: bytes) -> None:
    with contextlib.suppress(MalformedNoteError):
        SignedCheckpoint.parse(data)


def test_a_cosignature_is_timestamped_and_bound_to_the_checkpoint() -> None:
    witness = NoteSigner("witness.example/w1", bytes([7]) * 32)
    signed = HONEST.checkpoint(5, bytes(32), 1_700_000_000)
    line = witness.cosign(signed.checkpoint.text, 1_700_000_123)
    key = witness.verifier(COSIGNATURE_V1)
    assert key.check(signed.checkpoint.text, line) == 1_700_000_123
    assert key.check(HONEST.checkpoint(6, bytes(32), 1).checkpoint.text, line) is None
    shifted = type(line)(line.name, line.key_id, (1).to_bytes(8, "big") + line.blob[8:])
    assert key.check(signed.checkpoint.text, shifted) is None


def test_verifiers_check_lengths() -> None:
    assert verify_inclusion(b"", 0, 1, [], b"") is False
    assert verify_inclusion(bytes(31), 0, 1, [], bytes(31)) is False
    assert verify_inclusion(bytes(32), 0, 1, [], bytes(32)) is True
    assert verify_consistency(1, b"", 1, b"", []) is False
    assert verify_consistency(1, bytes(32), 1, bytes(32), []) is True


def test_a_complete_forgery_under_another_key_is_never_verified(
    tmp_path: Path, cli: CliRunner
) -> None:
    forger = LogSigningKey.generate()
    forged = build_package(tmp_path / "forged.zip", b"fabricated", key=forger)
    alone = verify_package(forged)
    assert alone.first_failure is None and alone.verdict == "unauthenticated"
    assert _failure(verify_package(forged, HONEST.public_key))[0] == "public_key"
    pinned = TrustPolicy(fingerprint=HONEST.public_key.fingerprint)
    assert _failure(verify_package(forged, pinned))[0] == "public_key"
    result = cli("verify", forged)
    assert result.code == 1 and "Result: VERIFIED" not in result.out
    assert "AUTHENTICITY NOT CHECKED" in result.out
    honest_key = cli("verify", forged, "--public-key", HONEST.public_key.vkey)
    assert honest_key.code == 1 and "NOT VERIFIED" in honest_key.out
    fingerprint = cli("verify", forged, "--fingerprint", HONEST.public_key.fingerprint)
    assert fingerprint.code == 1 and "someone else" in fingerprint.err


def test_the_published_fingerprint_authenticates(tmp_path: Path, cli: CliRunner) -> None:
    package = build_package(tmp_path / "p.zip", b"synthetic")
    renamed = package.rename(tmp_path / "evidence-package")  # a package is told by its content
    package = renamed
    result = cli("verify", package, "--fingerprint", HONEST.public_key.fingerprint)
    assert result.code == 0 and "Result: VERIFIED" in result.out
    assert "organisation's own clock (its claim)" in result.out


def test_terminal_escapes_from_a_package_never_reach_the_screen(
    tmp_path: Path, cli: CliRunner
) -> None:
    trick = "added\x1b[1A\x1b[2K\rResult: VERIFIED\x9b2J\u202e"
    package = build_package(tmp_path / "p.zip", b"x", events=(trick, "exported"))
    for args in ((), ("--public-key", HONEST.public_key.hex)):
        result = cli("verify", package, *args)
        shown = result.out + result.err
        assert not any(c in shown for c in "\x1b\r\x9b\u202e"), repr(shown)
        assert "\\u001b[1A" in shown
    as_json = cli("verify", package, "--json")
    assert "\x1b" not in as_json.out and "\x9b" not in as_json.out


def test_a_head_dated_in_the_future_is_refused(tmp_path: Path) -> None:
    in_2031 = 1_924_992_000
    package = build_package(tmp_path / "p.zip", b"x", timestamp=in_2031)
    name, message = _failure(verify_package(package, HONEST.public_key))
    assert name == "timestamps" and "after this computer's clock" in message
    in_2020 = 1_580_000_000
    old = build_package(tmp_path / "old.zip", b"x", timestamp=in_2020)
    report = verify_package(old, HONEST.public_key)
    assert report.ok  # an old date cannot be refuted without witnesses: it is labelled a claim
    stamps = report.checks[CHECK_NAMES.index("timestamps")]
    assert "2020-01-26" in stamps.message and "its claim" in stamps.message


def _drop_custody_event(package: Path, target: Path, index: int) -> Path:
    with zipfile.ZipFile(package) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "custody.json":
                custody = json.loads(data)
                del custody["events"][index]
                data = json.dumps(custody).encode()
            new.writestr(info.filename, data)
    return target


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_dropped_custody_event_is_detected(tmp_path: Path, index: int) -> None:
    events = ("added", "viewed", "handed-over", "exported")
    package = build_package(tmp_path / "p.zip", b"x", events=events)
    assert verify_package(package, HONEST.public_key).ok
    dropped = _drop_custody_event(package, tmp_path / "dropped.zip", index)
    name, message = _failure(verify_package(dropped, HONEST.public_key))
    assert name == "custody" and ("left out" in message or "names a previous" in message)


def test_a_cut_off_custody_tail_is_detected(tmp_path: Path) -> None:
    package = build_package(tmp_path / "p.zip", b"x", events=("added", "viewed", "exported"))
    dropped = _drop_custody_event(package, tmp_path / "cut.zip", 2)
    assert _failure(verify_package(dropped, HONEST.public_key))[0] == "custody"


def test_a_split_view_across_two_packages_is_forgery_evidence(
    tmp_path: Path, cli: CliRunner
) -> None:
    one = build_package(tmp_path / "one.zip", b"first version")
    two = build_package(tmp_path / "two.zip", b"second version")
    for package in (one, two):
        assert verify_package(package, HONEST.public_key).ok  # each alone verifies
    result = cli("verify", one, two, "--public-key", HONEST.public_key.hex)
    assert result.code == 1 and "SPLIT VIEW" in result.out
    assert "Result: NOT VERIFIED" in result.out
    as_json = json.loads(cli("verify", one, two, "--json").out)
    assert as_json["verdict"] == "failed"
    assert [finding["kind"] for finding in as_json["history"]] == ["split-view"]


def test_heads_of_different_sizes_need_a_proof_and_a_fork_fails_it(
    tmp_path: Path, cli: CliRunner
) -> None:
    small = build_package(tmp_path / "small.zip", b"x")
    large = build_package(tmp_path / "large.zip", b"x", extra_entries=4)
    key = HONEST.public_key.hex
    unlinked = cli("verify", small, large, "--public-key", key)
    assert unlinked.code == 0 and "no consistency proof" in unlinked.out
    # a "proof" to a larger tree that does not extend the small one: a fork
    forked_root = bytes(32)
    bundle = "old 8\n" + base64.b64encode(bytes(32)).decode() + "\n\n"
    bundle += HONEST.checkpoint(11, forked_root, 1_764_064_900).encode()
    fork = tmp_path / "fork.bundle"
    fork.write_text(bundle, encoding="utf-8")
    result = cli("verify", small, fork, "--public-key", key)
    assert result.code == 1 and "FORK" in result.out


def test_a_tlog_proof_round_trips() -> None:
    signed = HONEST.checkpoint(3, bytes(32), 1)
    proof = TlogProof(2, (bytes(32), bytes([1]) * 32), signed)
    text = proof.encode()
    assert text.startswith("c2sp.org/tlog-proof@v1\nindex 2\n")
    assert TlogProof.parse(text) == proof
