"""``uncounted people``: the register from the command line (DESIGN.md's contract).

Synthetic people only (``uncounted.synth``).
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault

from uncounted.services import imports
from uncounted.synth import WorldConfig, default_sources, generate_world


def _lists(vault: Vault, folder: Path) -> None:
    world = generate_world(WorldConfig(people=40, seed=8, sources=default_sources()[:3]))
    with vault.unlock() as session:
        for source in sorted(world.records["source"].unique()):
            listing = folder / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(session, listing, source=source)


def test_people_lists_links_merges_and_undoes(cli: CliRunner, vault: Vault, tmp_path: Path) -> None:
    _lists(vault, tmp_path)
    before = json.loads(cli("people", vault.path, "--json", env=ADMIN_ENV).out)
    assert before["people"] == []  # nothing linked yet: each record counts alone
    assert before["counts"]["people"] == before["counts"]["unplaced_records"] > 0

    linked = cli("people", "link", vault.path, "--json", env=ADMIN_ENV)
    assert linked.code == 0, linked.err
    listing = json.loads(cli("people", vault.path, "--json", env=ADMIN_ENV).out)
    assert listing["counts"]["unplaced_records"] == 0
    assert listing["counts"]["people"] < before["counts"]["people"]
    first, second = (p["id"] for p in listing["people"][:2])

    merged = cli("people", "merge", vault.path, first, second, "--reason", "test", env=ADMIN_ENV)
    assert merged.code == 0, merged.err
    new_id = merged.out.strip()
    shown = json.loads(cli("people", "show", vault.path, new_id, "--json", env=ADMIN_ENV).out)
    assert shown["state"] == "confirmed"
    assert shown["history"][-1]["action"] == "merge" and shown["history"][-1]["reason"] == "test"
    change = shown["history"][-1]["change"]

    undone = cli("people", "undo", vault.path, str(change), env=ADMIN_ENV)
    assert undone.code == 0, undone.err
    after = json.loads(cli("people", vault.path, "--json", env=ADMIN_ENV).out)
    ids = {p["id"] for p in after["people"]}
    assert {first, second} <= ids and new_id not in ids
    assert after["counts"]["people"] == listing["counts"]["people"]

    again = cli("people", "undo", vault.path, str(change), env=ADMIN_ENV)
    assert again.code == 1 and again.err.startswith("error: ") and "already undone" in again.err
    missing = cli("people", "show", vault.path, "P-NOSUCH00", env=ADMIN_ENV)
    assert missing.code == 1 and missing.err.count("\n") == 1
