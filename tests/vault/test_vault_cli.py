"""The vault commands as a caseworker meets them: init, users, import, grants, audit."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, synthetic_rows, write_csv


def test_a_day_with_the_vault(cli: CliRunner, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    created = cli("init", vault, "--user", "ana", env=ADMIN_ENV)
    assert created.code == 0, created.err
    secret = created.out.strip()
    assert len(secret.split("-")) == 13 and "recovery secret" in created.err
    assert cli("init", vault, "--user", "ana", env=ADMIN_ENV).code == 1  # never over a vault

    listing = write_csv(tmp_path / "list.csv", list(synthetic_rows(4)))
    imported = cli(
        "import", vault, listing, "--source", "ngo-a", "--case", "wave-1", "--json", env=ADMIN_ENV
    )
    assert imported.code == 0, imported.err
    assert json.loads(imported.out) == {
        "imported": 4,
        "case": "wave-1",
        "source": "ngo-a",
        "skipped": 0,
        "updated": 0,
    }

    added = cli(
        "user",
        "add",
        vault,
        "bob",
        "--role",
        "analyst",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": "bob pass"},
    )
    assert added.code == 0, added.err
    bad_role = cli(
        "user",
        "add",
        vault,
        "eve",
        "--role",
        "boss",
        "--user",
        "ana",
        env={**ADMIN_ENV, "UNCOUNTED_NEW_PASSPHRASE": "x"},
    )
    assert bad_role.code == 1 and "unknown role" in bad_role.err

    no_default = cli("records", vault, env=ADMIN_ENV)
    assert no_default.code == 1 and "--user" in no_default.err
    bob_first = {"UNCOUNTED_PASSPHRASE": "bob pass"}
    refused = cli("records", vault, "--json", "--user", "bob", env=bob_first)
    assert refused.code == 1 and "uncounted user passphrase" in refused.err  # ana chose it
    own = {"UNCOUNTED_PASSPHRASE": "bob pass", "UNCOUNTED_NEW_PASSPHRASE": "bob's own passphrase"}
    assert cli("user", "passphrase", vault, "--user", "bob", env=own).code == 0
    as_bob = cli(
        "records",
        vault,
        "--json",
        "--user",
        "bob",
        env={"UNCOUNTED_PASSPHRASE": "bob's own passphrase"},
    )
    document = json.loads(as_bob.out)
    assert document["count"] == 4
    assert all(r["identity"] is None and r["pseudonym"] for r in document["records"])

    assert cli("grant", vault, "wave-1", "bob", "--user", "ana", env=ADMIN_ENV).code == 0
    cases = json.loads(cli("cases", vault, "--json", "--user", "ana", env=ADMIN_ENV).out)
    assert cases["cases"][0]["granted"] == ["ana", "bob"]
    assert cli("revoke", vault, "wave-1", "bob", "--user", "ana", env=ADMIN_ENV).code == 0
    again = cli("revoke", vault, "wave-1", "bob", "--user", "ana", env=ADMIN_ENV)
    assert again.code == 1 and "holds no grant" in again.err

    trail = json.loads(cli("audit", vault, "--json", "--user", "ana", env=ADMIN_ENV).out)
    actions = [entry["action"] for entry in trail["entries"]]
    assert {"vault.init", "records.import", "user.add", "case.grant", "case.revoke"} <= set(actions)
    denied = cli(
        "audit",
        vault,
        "--json",
        "--user",
        "bob",
        env={"UNCOUNTED_PASSPHRASE": "bob's own passphrase"},
    )
    assert denied.code == 1 and denied.out == ""


def test_missing_passphrase_file_is_a_one_line_error(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "v", "--user", "ana", "--passphrase-file", tmp_path / "nope")
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: cannot read the passphrase file {tmp_path / 'nope'}"
    ]
    assert not (tmp_path / "v").exists()


def test_a_short_passphrase_is_refused_before_anything_is_created(
    cli: CliRunner, tmp_path: Path
) -> None:
    result = cli("init", tmp_path / "v", "--user", "ana", env={"UNCOUNTED_PASSPHRASE": "short"})
    assert result.code == 1 and "at least 8 characters" in result.err
    assert not (tmp_path / "v").exists()
