"""The column mapping of each source's last import, for the next list from the same source.

A mapping says which record field each column of a list held ("Дата рождения" is
``birth_date``, "Примечание" is left out). The web's import page offers it again when another
list from the same source is uploaded. Headers are kept only as keyed BLAKE2b digests of their
normal form (:func:`uncounted.intake.header_key`) under a subkey of the vault key: a header
is normally a column title, but a list saved without its header row has its first person in
that row, and a digest is all a later list needs to find its columns again. Field codes are
plain (they name uncounted's own fields), and so is the date order the source's dates were
read in (``day-first`` or ``month-first``, table ``import_date_orders``): it names no one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import nacl.hash
from nacl.encoding import RawEncoder

from uncounted.model import DATE_ORDERS, DateOrder
from uncounted.vault import keys
from uncounted.vault.clock import now
from uncounted.vault.database import transaction
from uncounted.vault.session import VaultSession

_PURPOSE = b"import-headers"


def _digest(session: VaultSession, normal: str) -> bytes:
    key = keys.subkey(session.vault_key, _PURPOSE)
    return bytes(
        nacl.hash.blake2b(normal.encode("utf-8"), digest_size=32, key=key, encoder=RawEncoder)
    )


def save_mapping(
    session: VaultSession,
    source: str,
    columns: Mapping[str, str],
    date_order: DateOrder | None = None,
) -> None:
    """Keep *columns* (a header's normal form -> its field or ``ignore``) and *date_order* (how
    dates like 05/03/1990 were read; None: not said) as *source*'s mapping, replacing the one
    kept before."""
    at = now()
    rows = [(source, _digest(session, normal), field, at) for normal, field in columns.items()]
    with transaction(session.conn):
        session.conn.execute("DELETE FROM import_mappings WHERE source = ?", (source,))
        session.conn.executemany(
            "INSERT OR REPLACE INTO import_mappings (source, header_digest, field, saved_at)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
        session.conn.execute("DELETE FROM import_date_orders WHERE source = ?", (source,))
        if date_order is not None:
            session.conn.execute(
                "INSERT INTO import_date_orders (source, date_order, saved_at) VALUES (?, ?, ?)",
                (source, date_order, at),
            )


def saved_date_order(session: VaultSession, source: str) -> DateOrder | None:
    """How *source*'s last import read dates like 05/03/1990 (None when it did not say)."""
    row = session.conn.execute(
        "SELECT date_order FROM import_date_orders WHERE source = ?", (source,)
    ).fetchone()
    return next((order for order in DATE_ORDERS if row is not None and order == row[0]), None)


def saved_mapping(session: VaultSession, source: str, normals: Sequence[str]) -> dict[str, str]:
    """The field kept for each of *normals* (headers' normal forms) by *source*'s last import;
    headers it did not have are left out."""
    kept = {
        bytes(digest): str(field)
        for digest, field in session.conn.execute(
            "SELECT header_digest, field FROM import_mappings WHERE source = ?", (source,)
        )
    }
    found = {}
    for normal in normals:
        field = kept.get(_digest(session, normal))
        if field is not None:
            found[normal] = field
    return found
