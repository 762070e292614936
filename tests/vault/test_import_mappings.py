"""The column mapping kept per source (migration evidence2_0002): headers only as keyed
digests, carried forward from a vault the previous main made."""

from __future__ import annotations

from vault_helpers import Vault, add_record, carry_forward, previous_main, table_names

from uncounted.intake import header_key
from uncounted.services import imports
from uncounted.vault import save_import_mapping


def test_a_vault_of_the_previous_main_is_carried_forward_and_then_keeps_mappings(
    vault: Vault,
) -> None:
    with vault.unlock() as admin:
        add_record(admin, "case-m", "Mappina Testova")
        key = admin.vault_key
    with previous_main(vault.path, key, "admin2_0001") as conn:
        assert "import_mappings" not in table_names(conn)
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with vault.unlock() as admin:
        assert imports.guess_mapping(admin, "ngo", ["Дата рождения", "Заметки"]) == [
            "birth_date",
            None,
        ]
        normal = {header_key("Заметки"): "testimony", header_key("Дата рождения"): "ignore"}
        save_import_mapping(admin, "ngo", normal)
        assert imports.guess_mapping(admin, "ngo", ["Дата  рождения", "ЗАМЕТКИ"]) == [
            "ignore",
            "testimony",
        ]
        assert imports.guess_mapping(admin, "other", ["Заметки"]) == [None]
        stored = b"".join(
            bytes(r[0]) for r in admin.conn.execute("SELECT header_digest FROM import_mappings")
        )
    assert "заметки".encode() not in stored and header_key("Заметки").encode() not in stored
