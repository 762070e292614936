"""Helpers shared by the vault tests (a uniquely named module: every test folder has a conftest).

Identities here are synthetic, invented for the tests.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Re-exported for tests written before the runner moved to tests/cli_helpers.py (import it
# from there in new tests).
from cli_helpers import CliResult as CliResult
from cli_helpers import CliRunner as CliRunner

# Re-exported: the vault tests import them from here; the web and ledger tests from
# tests/migration_helpers.py, where they live.
from migration_helpers import carry_forward as carry_forward
from migration_helpers import previous_main as previous_main
from migration_helpers import raw_database as raw_database
from migration_helpers import table_names as table_names

from uncounted.services import grants, records, users, vaults
from uncounted.vault.database import Connection

ADMIN = "ana"
ADMIN_PASSPHRASE = "correct horse battery staple"
#: The environment a command-line test gives the admin's passphrase in
ADMIN_ENV = {"UNCOUNTED_PASSPHRASE": ADMIN_PASSPHRASE}
CAI, CAI_PASS = "cai", "caseworker passphrase"  # the caseworker the user-lifecycle tests add
CSV_COLUMNS = [
    "record_id",
    "name",
    "name_original",
    "birth_date",
    "sex",
    "place",
    "event_date",
    "event_type",
]


@dataclass(frozen=True)
class Vault:
    """A vault on disk with its admin and the recovery secret printed by init."""

    path: Path
    recovery_secret: str

    def unlock(self, user: str = ADMIN, passphrase: str = ADMIN_PASSPHRASE) -> vaults.UnlockedVault:
        return vaults.unlock(self.path, user, passphrase)


@dataclass(frozen=True)
class OldKeyArea:
    """The device's key area (``keyring.area``) as a backup taken now holds it, to be put back
    later: how the tests show that a user cut off, removed or given new keys since cannot come
    back with an old copy of the device."""

    path: Path
    copy: bytes

    @classmethod
    def take(cls, vault_path: Path) -> OldKeyArea:
        area = vault_path / "keyring.area"
        return cls(area, area.read_bytes())

    def put_back(self) -> None:
        """Write the old copy over the key area, for good."""
        self.path.write_bytes(self.copy)

    @contextmanager
    def put_back_for_a_while(self) -> Iterator[None]:
        """The old copy in place for the block; the key area as it was before, after it."""
        current = self.path.read_bytes()
        self.put_back()
        try:
            yield
        finally:
            self.path.write_bytes(current)


def table_columns(conn: Connection, table: str) -> set[str]:
    """The names of *table*'s columns as the database has them."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def identity_names(session: vaults.UnlockedVault) -> list[str | None]:
    """Each record's name as *session* reads it (None where it cannot open the identity)."""
    return [
        None if v.identity is None else v.identity["name"] for v in records.list_records(session)
    ]


def add_record(session: vaults.UnlockedVault, case: str, name: str, **analytic: str) -> str:
    """Store one synthetic record with *name* as its identity; return its id."""
    draft = records.RecordDraft(
        case=case,
        source="hotline",
        event_type=analytic.pop("event_type", "detention"),
        event_month="2017-03",
        district="Grozny",
        analytic=analytic,
        identity={"name": name, "birth_date": "1991-04-05"},
    )
    return records.create_record(session, draft)


def add_cai(session: vaults.UnlockedVault, holding: str | None = None) -> None:
    """Add :data:`CAI`, a caseworker with a passphrase of their own (not admin-set, so they
    may open the vault at once); with *holding*, also one record of that name in case-x,
    granted to them (what the user-lifecycle tests take away)."""
    users.add_user(session, CAI, "caseworker", CAI_PASS, admin_set=False)
    if holding is not None:
        add_record(session, "case-x", holding)
        grants.grant(session, "case-x", CAI)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A records CSV (DESIGN.md's columns) at *path*."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def synthetic_rows(count: int, start: int = 0) -> Iterator[dict[str, str]]:
    """*count* synthetic record rows with distinct invented names."""
    for index in range(start, start + count):
        yield {
            "record_id": f"h{index}",
            "name": f"Testname{index} Syntheticov",
            "name_original": f"Тестимя{index} Синтетиков",
            "birth_date": f"19{60 + index % 40}-0{1 + index % 9}-1{index % 10}",
            "sex": "male" if index % 2 else "female",
            "place": "Grozny",
            "event_date": f"2017-0{1 + index % 9}-0{1 + index % 9}",
            "event_type": "detention",
        }
