"""The vault's ledger: audit and evidence reach it, and `ledger check` names any tampering."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from migration_helpers import carry_forward, table_names

from uncounted.ledger import (
    Commitment,
    LogPublicKey,
    MerkleFrontier,
    NoteSignature,
    SignedCheckpoint,
    SignedNote,
    leaf_hash,
    verify_consistency,
)
from uncounted.services import vaults
from uncounted.vault import migrate

CliRunner = Callable[..., Any]
PASSPHRASE = "synthetic test passphrase"


def _add(cli: CliRunner, vault: Path, file: Path, *extra: str) -> str:
    result = cli("evidence", "add", vault, file, *extra)
    assert result.code == 0, result.err
    return str(result.out.strip())


def _sql(vault: Path, statement: str, parameters: tuple[object, ...] = ()) -> None:
    """Change the vault database behind the application's back, with the vault's own key."""
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        session.conn.execute(statement, parameters)


@pytest.fixture
def busy_vault(vault: Path, tmp_path: Path, cli: CliRunner) -> Path:
    """A vault with two evidence items, a handover and a published head."""
    for number in (1, 2):
        file = tmp_path / f"synthetic-{number}.bin"
        file.write_bytes(bytes([number]) * 5000)
        item = _add(cli, vault, file)
    assert cli("evidence", "handover", vault, item, "--to", "Synthetic court").code == 0
    assert cli("ledger", "head", vault).code == 0
    return vault


def test_vault_creation_is_already_in_the_ledger(vault: Path, cli: CliRunner) -> None:
    result = cli("ledger", "head", vault, "--json")
    assert result.code == 0, result.err
    head = json.loads(result.out)
    assert head["tree_size"] >= 1
    assert LogPublicKey.parse(head["public_key"]).fingerprint == head["key_fingerprint"]
    check = cli("ledger", "check", vault)
    assert check.code == 0 and "intact" in check.out


def test_a_consistency_proof_links_an_old_head_to_the_new_one(
    busy_vault: Path, cli: CliRunner, tmp_path: Path
) -> None:
    old = json.loads(cli("ledger", "head", busy_vault, "--json").out)
    more = tmp_path / "more.bin"
    more.write_bytes(b"more synthetic evidence")
    _add(cli, busy_vault, more)
    result = cli("ledger", "prove", busy_vault, "--from-size", str(old["tree_size"]), "--json")
    assert result.code == 0, result.err
    proof = json.loads(result.out)
    assert proof["old_root_hash"] == old["root_hash"]
    new = proof["head"]
    assert new["tree_size"] > old["tree_size"]
    assert verify_consistency(
        old["tree_size"],
        bytes.fromhex(old["root_hash"]),
        new["tree_size"],
        bytes.fromhex(new["root_hash"]),
        [bytes.fromhex(node) for node in proof["proof"]],
    )
    too_far = cli("ledger", "prove", busy_vault, "--from-size", "100000")
    assert too_far.code == 1 and "--from-size must be between 1 and" in too_far.err


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            "UPDATE ledger_entries SET salt = zeroblob(32) WHERE seq = 3",
            "ledger entry 3 was altered",
        ),
        ("UPDATE ledger_entries SET kind = 'evidence.original' WHERE seq = 2", "ledger entry 2"),
        ("UPDATE ledger_entries SET payload = X'00' WHERE seq = 2", "ledger entry 2 was altered"),
        ("DELETE FROM ledger_entries WHERE seq = 4", "ledger entry 4 is missing"),
        (
            "DELETE FROM ledger_entries WHERE seq = (SELECT max(seq) FROM ledger_entries)",
            "is missing",
        ),
        (
            "UPDATE ledger_entries SET commitment = zeroblob(32) WHERE seq = 1",
            "ledger entry 1 was altered",
        ),
    ],
)
def test_ledger_check_names_the_altered_or_deleted_entry(
    busy_vault: Path, cli: CliRunner, statement: str, named: str
) -> None:
    assert cli("ledger", "check", busy_vault).code == 0
    _sql(busy_vault, statement)
    result = cli("ledger", "check", busy_vault)
    assert result.code == 1
    assert named in result.err
    assert "Traceback" not in result.err


def test_a_consistent_rewrite_of_history_is_caught_by_the_signed_head(
    busy_vault: Path, cli: CliRunner
) -> None:
    """Rewrite entry 1 and every stored root after it: only the signed head still knows."""
    with vaults.unlock(busy_vault, "ana", PASSPHRASE) as session:
        conn = session.conn
        forged = Commitment.of_bytes("record.version", b"a rewritten past")
        conn.execute(
            "UPDATE ledger_entries SET kind = ?, salt = ?, content_hash = ?, commitment = ?,"
            " payload = ? WHERE seq = 1",
            (forged.kind, forged.salt, forged.content_hash, forged.value, b"a rewritten past"),
        )
        frontier = MerkleFrontier()
        for seq, value in conn.execute("SELECT seq, commitment FROM ledger_entries ORDER BY seq"):
            frontier.append_leaf_hash(leaf_hash(bytes(value)))
            conn.execute(
                "UPDATE ledger_entries SET root_after = ? WHERE seq = ?", (frontier.root(), seq)
            )
        conn.execute("UPDATE ledger_state SET frontier = ?", (frontier.encode(),))
    result = cli("ledger", "check", busy_vault, "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False
    assert "no longer matches the log" in report["problem"]


def test_a_forged_checkpoint_signature_is_caught(busy_vault: Path, cli: CliRunner) -> None:
    with vaults.unlock(busy_vault, "ana", PASSPHRASE) as session:
        size, note = session.conn.execute(
            "SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size LIMIT 1"
        ).fetchone()
    signed = SignedCheckpoint.parse(note)
    first = signed.note.signatures[0]
    forged_signature = NoteSignature(first.name, first.key_id, bytes(64))
    forged = SignedNote(signed.note.text, (forged_signature, *signed.note.signatures[1:]))
    _sql(
        busy_vault,
        "UPDATE ledger_checkpoints SET note = ? WHERE tree_size = ?",
        (forged.encode(), size),
    )
    result = cli("ledger", "check", busy_vault)
    assert result.code == 1 and "invalid signature" in result.err


def test_the_ledger_migration_downgrades_and_upgrades_with_data(busy_vault: Path) -> None:
    with vaults.unlock(busy_vault, "ana", PASSPHRASE) as session:
        conn = session.conn
        assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] > 5
        migrate.downgrade(conn, migrate.VAULT_HEAD)
        tables = table_names(conn)
        assert not {"ledger_entries", "ledger_heads", "evidence_items"} & tables
        assert "records" in tables
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] == 0
