"""The claims migration goes up and down with data in the table and keeps the rest intact."""

from __future__ import annotations

from pathlib import Path

from migration_helpers import carry_forward, previous_main, table_names

from uncounted.services import claims, vaults
from uncounted.vault import migrate

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
    with previous_main(path, key, "web_claims_0001") as conn:
        assert conn.execute("SELECT statement FROM claims").fetchall() == [("Nothing happened.",)]
        migrate.downgrade(conn, "ledger_0001")
        tables = table_names(conn)
        assert "claims" not in tables
        assert "records" in tables
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    with vaults.unlock(path, USER, PASSPHRASE) as vault:
        claims.record_claim(
            vault, claims.ClaimForm("acknowledgement", "B. Official", "", "2019", "Some.", "")
        )
        assert [row.claim.speaker for row in claims.list_claims(vault)] == ["B. Official"]
