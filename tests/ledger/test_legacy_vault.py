"""A vault and a package made by the previous main (commit a7b1c36) are carried forward.

``fixtures/vault_a7b1c36.tar.gz`` was made with that commit's own command line (fast test KDF,
the synthetic passphrase of these tests)::

    uncounted init vault --user ana
    uncounted evidence add vault file.bin > id.txt      # 1000 synthetic bytes
    uncounted ledger head vault --json > head1.json
    uncounted evidence export vault $(cat id.txt) -o package.zip
    uncounted ledger head vault --json > head2.json

Its heads are in the legacy binary format; its package is of format v1.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from uncounted.ledger import LogPublicKey
from uncounted.services import vaults
from uncounted.vault import ledger_store

CliRunner = Callable[..., Any]
FIXTURE = Path(__file__).parent / "fixtures" / "vault_a7b1c36.tar.gz"
PASSPHRASE = "synthetic test passphrase"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    with tarfile.open(FIXTURE) as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path


def test_legacy_heads_stay_checkable_and_are_resigned_as_checkpoints(
    old: Path, cli: CliRunner
) -> None:
    vault = old / "vault"
    legacy = [json.loads((old / f"head{n}.json").read_text()) for n in (1, 2)]
    check = cli("ledger", "check", vault)
    assert check.code == 0, check.err
    head = cli("ledger", "head", vault, "--json")
    assert head.code == 0, head.err
    published = json.loads(head.out)
    assert published["public_key"] == legacy[1]["public_key"]  # the same log key
    key = LogPublicKey.parse(published["public_key"])
    with vaults.unlock(vault, "ana", PASSPHRASE) as session:
        signed = {c.checkpoint.tree_size: c for c in ledger_store.checkpoints(session.conn)}
        assert len(ledger_store.heads(session.conn)) == 2  # the legacy heads are kept
    for earlier in legacy:
        resigned = signed[earlier["tree_size"]]
        assert resigned.checkpoint.root_hash.hex() == earlier["root_hash"]
        assert resigned.log_signature_valid(key.raw)
        assert resigned.log_time(key.raw) == earlier["timestamp_ms"] // 1000
    after = cli("ledger", "check", vault, "--json")
    assert after.code == 0 and json.loads(after.out)["heads"] == 4  # 2 legacy, 2 re-signed


def test_a_package_of_the_previous_format_still_verifies(old: Path, cli: CliRunner) -> None:
    key = json.loads((old / "head2.json").read_text())["public_key"]
    result = cli("verify", old / "package.zip", "--public-key", key)
    assert result.code == 0, result.out + result.err
    assert "Result: VERIFIED" in result.out and "older package format" in result.out
    assert cli("verify", old / "package.zip").code == 1  # still no trust without a key


def test_an_item_from_before_the_upgrade_exports_with_a_partly_chained_custody(
    old: Path, cli: CliRunner
) -> None:
    vault = old / "vault"
    item = (old / "id.txt").read_text().strip()
    package = old / "new.zip"
    assert cli("evidence", "export", vault, item, "-o", package).code == 0
    key = json.loads(cli("ledger", "head", vault, "--json").out)["vkey"]
    result = cli("verify", package, "--public-key", key)
    assert result.code == 0, result.out + result.err
    assert "except the first 2, recorded before events were chained" in result.out
