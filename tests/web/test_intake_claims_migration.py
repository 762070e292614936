"""The claims migration goes up and down with data in the table and keeps the rest intact."""

from __future__ import annotations

from pathlib import Path

from uncounted.services import claims, vaults
from uncounted.vault import migrate
from uncounted.vault.database import open_database

USER, PASSPHRASE = "ana", "admin passphrase for tests"


def test_claims_survive_a_round_trip_below_and_back_to_head(
    tmp_path: Path,
) -> None:
    path = tmp_path / "vault"
    vaults.init_vault(path, USER, PASSPHRASE)
    with vaults.unlock(path, USER, PASSPHRASE) as vault:
        claims.record_claim(
            vault,
            claims.ClaimForm("denial", "A. Spokesman", "", "2017-04", "Nothing happened.", ""),
        )
        key = vault.vault_key
    conn = open_database(path / "vault.db", key)
    try:
        head = migrate.head_revision()
        migrate.downgrade(conn, "web_claims_0001")
        assert conn.execute("SELECT statement FROM claims").fetchall() == [("Nothing happened.",)]
        migrate.downgrade(conn, "ledger_0001")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "claims" not in tables
        assert "records" in tables
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == head
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    finally:
        conn.close()
    with vaults.unlock(path, USER, PASSPHRASE) as vault:
        claims.record_claim(
            vault, claims.ClaimForm("acknowledgement", "B. Official", "", "2019", "Some.", "")
        )
        assert [row.claim.speaker for row in claims.list_claims(vault)] == ["B. Official"]
