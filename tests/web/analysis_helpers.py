"""A vault holding a small synthetic world of three lists, for the analysis page tests."""

from __future__ import annotations

from pathlib import Path

from uncounted.services import imports, users, vaults
from uncounted.synth import WorldConfig, default_sources, generate_world

ADMIN, ADMIN_PASS = "ana", "admin passphrase for tests"
ANALYST, ANALYST_PASS = "dina", "analyst passphrase for tests"
WORKER, WORKER_PASS = "boris", "caseworker passphrase for tests"


def build_world_vault(path: Path, lists_folder: Path, people: int = 100, seed: int = 3) -> int:
    """A vault with three synthetic lists imported (admin, analyst, caseworker); records."""
    world = generate_world(WorldConfig(people=people, seed=seed, sources=default_sources()[:3]))
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, ANALYST, "analyst", ANALYST_PASS, admin_set=False)
        users.add_user(admin, WORKER, "caseworker", WORKER_PASS, admin_set=False)
        for source in sorted(world.records["source"].unique()):
            listing = lists_folder / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(admin, listing, source=source)
    return len(world.records)
