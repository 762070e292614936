"""The date order kept per source (migration dates_0001): a vault the previous main made is
carried forward, then keeps how each source's dates like 05/03/1990 read, replaced or
forgotten with the source's mapping."""

from __future__ import annotations

from vault_helpers import Vault, add_record, carry_forward, previous_main, table_names

from uncounted.services import imports
from uncounted.vault import save_import_mapping


def test_a_vault_of_the_previous_main_is_carried_forward_and_then_keeps_date_orders(
    vault: Vault,
) -> None:
    with vault.unlock() as admin:
        add_record(admin, "case-d", "Datina Testova")
        key = admin.vault_key
    with previous_main(vault.path, key, "admin3_0001") as conn:
        tables = table_names(conn)
        assert "import_date_orders" not in tables and "import_mappings" in tables
        carry_forward(conn)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with vault.unlock() as admin:
        assert imports.guess_date_order(admin, "ngo") is None
        save_import_mapping(admin, "ngo", {}, "month-first")
        save_import_mapping(admin, "press", {}, "day-first")
        assert imports.guess_date_order(admin, "ngo") == "month-first"
        assert imports.guess_date_order(admin, "press") == "day-first"
        save_import_mapping(admin, "ngo", {})  # the next import did not say: asked again
        assert imports.guess_date_order(admin, "ngo") is None
        assert imports.guess_date_order(admin, "press") == "day-first"
