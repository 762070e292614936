"""A vault the previous main made (one act per person, ``act_type``) is carried forward to
several acts per victim (``act_types``), and counted by its act as before."""

from __future__ import annotations

import json

from vault_helpers import Vault, add_record, carry_forward, previous_main

from uncounted.vault import migrate, people_counts

PREVIOUS_HEAD = "caseworker_0001"


def test_a_vault_of_the_previous_main_is_carried_forward(vault: Vault) -> None:
    with vault.unlock() as admin:
        beaten = add_record(admin, "case-x", "Migrated Beatenov", role="victim")
        plain = add_record(admin, "case-x", "Migrated Plainov", role="victim")
        key = admin.vault_key
    with previous_main(vault.path, key, PREVIOUS_HEAD) as conn:
        # what the previous main's testimony form wrote: one act, as act_type
        conn.execute(
            "UPDATE records SET analytic = json_set(analytic, '$.act_type', 'beating')"
            " WHERE id = ?",
            (beaten,),
        )
        assert "torture" not in people_counts(conn).by_event_type
        carry_forward(conn)
        analytic = {
            record_id: json.loads(text)
            for record_id, text in conn.execute("SELECT id, analytic FROM records")
        }
        assert analytic[beaten]["act_types"] == "beating" and "act_type" not in analytic[beaten]
        assert "act_types" not in analytic[plain]
        assert people_counts(conn).by_event_type["torture"] == 1  # counted by its act

        # several acts go back as the first one, which the previous main can show
        conn.execute(
            "UPDATE records SET analytic = json_set(analytic, '$.act_types', 'arrest|beating')"
            " WHERE id = ?",
            (beaten,),
        )
        migrate.downgrade(conn, PREVIOUS_HEAD)
        (text,) = conn.execute("SELECT analytic FROM records WHERE id = ?", (beaten,)).fetchone()
        assert json.loads(text)["act_type"] == "arrest" and "act_types" not in json.loads(text)
        migrate.upgrade(conn)
