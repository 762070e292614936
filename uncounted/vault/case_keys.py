"""The case keys a session holds, as the database holds them now.

Apart from ``cases.py`` (which creates, grants and rotates case keys) because the evidence
store needs the same lookup and ``cases.py`` needs the evidence store (a rotation re-wraps the
case's evidence keys).
"""

from __future__ import annotations

from uncounted.errors import AccessDenied
from uncounted.vault import keys
from uncounted.vault.session import CaseKey, VaultSession


class NotGranted(AccessDenied):
    """Raised when the user holds no key for the case they act on."""


def held_key(session: VaultSession, case_id: int) -> CaseKey | None:
    """The case key this session's user holds for *case_id*, or None without a grant."""
    return held_keys(session, {case_id})[case_id]


def held_keys(session: VaultSession, case_ids: set[int]) -> dict[int, CaseKey | None]:
    """:func:`held_key` of every case in *case_ids*, as the database holds them now.

    Every call asks the database which of these cases the user holds, and at which key
    version, in one query: a key cached by this session is used only while the database still
    wraps the case's current key to the user. A revoke, a deactivation or a rotation made by
    any other session, thread or process therefore takes effect at this session's next read
    or write; a stale cached key is dropped from the session, never used. (Unwrapping is what
    costs; the query, one per page of fifty rows, is a lookup in ``case_keys``' primary key.)
    """
    found: dict[int, CaseKey | None] = dict.fromkeys(case_ids)
    if not case_ids:
        return found
    cache = session.case_key_cache
    ids = sorted(case_ids)
    marks = ", ".join("?" * len(ids))
    rows = session.conn.execute(
        "SELECT k.case_id, c.name, k.key_version, k.wrapped_key FROM case_keys k"  # noqa: S608
        " JOIN cases c ON c.id = k.case_id AND c.key_version = k.key_version"
        f" WHERE k.user_id = ? AND k.case_id IN ({marks})",
        (session.user.id, *ids),
    ).fetchall()
    current = {int(row[0]): row for row in rows}
    for case_id in ids:
        row = current.get(case_id)
        cached = cache.get(case_id)
        if row is None:
            cache.pop(case_id, None)
            continue
        if cached is not None and cached.version == int(row[2]):
            found[case_id] = cached
            continue
        try:
            key = keys.sealed_unwrap(session.private_key, bytes(row[3]))
        except keys.UnwrapFailed:
            cache.pop(case_id, None)
            continue
        held = CaseKey(case_id, str(row[1]), int(row[2]), key)
        cache[case_id] = found[case_id] = held
    return found
