"""The small disjoint list world (walkday6): three lists of a synthetic world that overlap,
and a small partner list whose people appear on no other list, so that every estimate over
all four refuses ("shares no one with any other list"). Synthetic people only.
"""

from __future__ import annotations

from pathlib import Path

from vault_copies import VaultCopies

from uncounted.services import grants, imports, users, vaults
from uncounted.synth import WorldConfig, default_sources, generate_world

ADMIN, ADMIN_PASS = "ana", "admin passphrase for tests"
ANALYST, ANALYST_PASS = "dina", "analyst passphrase for tests"
WORKER, WORKER_PASS = "boris", "caseworker passphrase for tests"
PARTNER = "partner-ngo"
#: The partner list's people: records of another synthetic world (its hotline's first ten).
PARTNER_ROWS = 10


def _write_lists(folder: Path) -> tuple[list[Path], Path]:
    """The three overlapping lists and the partner list as CSV files under *folder*."""
    world = generate_world(WorldConfig(people=80, seed=4, sources=default_sources()[:3]))
    files = []
    for source in sorted(world.records["source"].unique()):
        listing = folder / f"{source}.csv"
        world.records[world.records["source"] == source].to_csv(listing, index=False)
        files.append(listing)
    other = generate_world(WorldConfig(people=40, seed=91, sources=default_sources()[:1]))
    rows = other.records.drop_duplicates("name").head(PARTNER_ROWS).copy()
    rows["source"] = PARTNER
    rows["record_id"] = [f"partner-{n:03d}" for n in range(1, len(rows) + 1)]
    partner = folder / f"{PARTNER}.csv"
    rows.to_csv(partner, index=False)
    return files, partner


def build_left_out_world(path: Path, *, partner_by_worker: bool = False) -> Path:
    """A vault at *path* with the admin, the analyst and the caseworker; the three lists
    imported by the admin (their cases granted to the analyst) and the partner list imported
    by the admin, or with *partner_by_worker* by the caseworker, into a case only the
    caseworker holds. Returns the partner list's file."""
    folder = path.parent / f"{path.name}-lists"
    folder.mkdir(parents=True)
    files, partner = _write_lists(folder)
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, ANALYST, "analyst", ANALYST_PASS, admin_set=False)
        users.add_user(admin, WORKER, "caseworker", WORKER_PASS, admin_set=False)
        for listing in files:
            imports.import_file(admin, listing, source=listing.stem)
            grants.grant(admin, listing.stem, ANALYST)
        if not partner_by_worker:
            imports.import_file(admin, partner, source=PARTNER)
            grants.grant(admin, PARTNER, ANALYST)
    if partner_by_worker:
        with vaults.unlock(path, WORKER, WORKER_PASS) as worker:
            imports.import_file(worker, partner, source=PARTNER)
    return partner


def _by_admin(path: Path) -> Path:
    return build_left_out_world(path)


def _by_worker(path: Path) -> Path:
    return build_left_out_world(path, partner_by_worker=True)


def left_out_copy(vault_copies: VaultCopies, folder: Path, *, by_worker: bool = False) -> Path:
    """A copy at *folder*/vault of the world (built once per test process, shared by every
    test file that asks): the partner list imported by the admin, or with *by_worker* by the
    caseworker into a case only the caseworker holds."""
    path = folder / "vault"
    vault_copies.copy(_by_worker if by_worker else _by_admin, path)
    return path
