"""Cases: the unit of access to identities, and their keys.

Key hierarchy (see ``docs/vault.md``): each case has a random case key; each record's random
data key is wrapped under its case key (XChaCha20-Poly1305, cheap); the case key is sealed
(``SealedBox``) to every granted user's X25519 public key and to the recovery public key.
A grant is therefore a wrapping, not a flag: a user without one has nothing to decrypt with.
Revocation makes a new case key and re-seals every record of the case under new data keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.errors import AccessDenied, InputError, NotFound
from uncounted.messages import N_, Counted, printable
from uncounted.vault import audit, keyring, keys, sealing
from uncounted.vault.case_keys import NotGranted, held_key
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.evidence_store import rewrap_for_case
from uncounted.vault.import_log import reseal_names
from uncounted.vault.lifecycle import WrongRecoverySecret
from uncounted.vault.permissions import Role
from uncounted.vault.row_ids import row_id
from uncounted.vault.session import CaseKey, UserRow, VaultSession
from uncounted.vault.users import find_user, is_deactivated, is_removed, recovery_public_key

MAX_CASE_NAME = 100


class CaseNotFound(NotFound):
    """Raised when a named case does not exist in this vault."""


class StaleCaseKey(AccessDenied):
    """Raised when the vault refuses a record written under a case key that is no longer current.

    Case keys are looked up afresh in every write's transaction (:func:`held_keys`), so this
    is the database's own check (``hold_keys_0001``) catching what nothing else should let by.
    """


#: The word the vault's triggers abort a stale write with (``hold_keys_0001``).
STALE_KEY_ABORT = "stale case key"


class BadCaseName(InputError):
    """Raised when a case name is empty, too long or holds control characters."""


@dataclass(frozen=True)
class CaseInfo:
    """A case as listed to users: its name, key version and who holds its key; *id* is its
    number in the vault, which web addresses carry instead of its name."""

    name: str
    key_version: int
    granted: tuple[str, ...]
    records: int
    id: int


def check_case_name(name: str) -> str:
    """*name* stripped, when usable as a case name."""
    name = name.strip()
    if not name or len(name) > MAX_CASE_NAME or not name.isprintable():
        raise BadCaseName(
            N_("a case name needs 1 to {limit} printable characters"), limit=MAX_CASE_NAME
        )
    return name


def _case_row(conn: Connection, name: str) -> tuple[int, int] | None:
    row = conn.execute("SELECT id, key_version FROM cases WHERE name = ?", (name,)).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def create_case(session: VaultSession, name: str) -> CaseKey:
    """A new case, its key sealed to its creator, every admin and the recovery key.

    It is opened the day it is created (a case named first by a testimony or an imported
    list showed an empty 'Opened'); opening it with a form may write another date after."""
    name = check_case_name(name)
    conn = session.conn
    case_key = keys.random_key()
    recovery = keys.sealed_wrap(recovery_public_key(conn), case_key)
    created = now()
    cursor = conn.execute(
        "INSERT INTO cases (name, key_version, recovery_wrapped_key, created_at, opened)"
        " VALUES (?, 1, ?, ?, ?)",
        (name, recovery, created, created[:10]),
    )
    case_id = int(cursor.lastrowid)
    holders = conn.execute(
        "SELECT id, public_key FROM users WHERE role = ? OR id = ?",
        (Role.ADMIN.value, session.user.id),
    ).fetchall()
    for user_id, public_key in holders:
        _store_wrapping(conn, case_id, int(user_id), 1, bytes(public_key), case_key)
    held = CaseKey(case_id, name, 1, case_key)
    session.case_key_cache[case_id] = held
    audit.record(conn, audit.AuditEntry(session.user.name, "case.create", name))
    return held


def _store_wrapping(
    conn: Connection, case_id: int, user_id: int, version: int, public_key: bytes, key: bytes
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO case_keys (case_id, user_id, key_version, wrapped_key,"
        " granted_at) VALUES (?, ?, ?, ?, ?)",
        (case_id, user_id, version, keys.sealed_wrap(public_key, key), now()),
    )


def key_for_writing(session: VaultSession, name: str) -> CaseKey:
    """The key of case *name* for adding records, creating the case when it is new."""
    found = _case_row(session.conn, check_case_name(name))
    if found is None:
        return create_case(session, name)
    held = held_key(session, found[0])
    if held is None:
        raise NotGranted(
            N_("you are not granted case {case!r}; ask an admin to grant it"), case=name
        )
    return held


def _require_held(session: VaultSession, name: str) -> CaseKey:
    found = _case_row(session.conn, name)
    if found is None:
        raise CaseNotFound(N_("there is no case {case!r} in this vault"), case=name)
    held = held_key(session, found[0])
    if held is None:
        raise NotGranted(
            N_("you hold no key for case {case!r}, so you cannot change its grants"), case=name
        )
    return held


def grant(session: VaultSession, case_name: str, user_name: str) -> None:
    """Seal the key of *case_name* to *user_name*, so they can read its identities."""
    with transaction(session.conn):
        held = _require_held(session, case_name)
        user = find_user(session.conn, user_name)
        if is_deactivated(session.conn, user.id):
            raise CannotDeactivate(N_("user {user!r} is deactivated"), user=user.name)
        _store_wrapping(
            session.conn, held.case_id, user.id, held.version, user.public_key, held.key
        )
        audit.record(
            session.conn,
            audit.AuditEntry(session.user.name, "case.grant", case_name, {"user": user.name}),
        )


class LastHolder(InputError):
    """Raised when taking a case back from its last holder without the recovery secret."""


@dataclass(frozen=True)
class RevokeImpact:
    """What taking *case* back from *user* makes unreadable to them, and who still holds it."""

    case: str
    user: str
    records: int
    evidence: int
    others: tuple[str, ...]

    @property
    def last_holder(self) -> bool:
        """True when no one else holds the case: only the recovery secret would open it."""
        return not self.others


def revoke_impact(conn: Connection, case_name: str, user_name: str) -> RevokeImpact:
    """What :func:`revoke` of *case_name* from *user_name* would take from whom."""
    found = _case_row(conn, case_name)
    if found is None:
        raise CaseNotFound(N_("there is no case {case!r} in this vault"), case=case_name)
    user = find_user(conn, user_name)
    holders = [u.name for u in users_granted(conn, case_name)]
    if user.name not in holders:
        raise NotGranted(
            N_("user {user!r} holds no grant of case {case!r}"), user=user.name, case=case_name
        )
    records, evidence = conn.execute(
        "SELECT (SELECT count(*) FROM records WHERE case_id = ?),"
        " (SELECT count(*) FROM evidence_items e JOIN records r ON r.id = e.record_id"
        "  WHERE r.case_id = ?)",
        (found[0], found[0]),
    ).fetchone()
    others = tuple(sorted(name for name in holders if name != user.name))
    return RevokeImpact(case_name, user.name, int(records), int(evidence), others)


def _recovered_key(conn: Connection, case_name: str, recovery_secret: str) -> CaseKey:
    """The current key of *case_name*, unsealed from its recovery wrapping by the secret."""
    found = _case_row(conn, case_name)
    if found is None:
        raise CaseNotFound(N_("there is no case {case!r} in this vault"), case=case_name)
    private = keys.parse_recovery_secret(recovery_secret)
    if private is None:
        raise WrongRecoverySecret(
            N_("that is not a recovery secret (expected groups of letters and digits)")
        )
    row = conn.execute(
        "SELECT recovery_wrapped_key FROM cases WHERE id = ?", (found[0],)
    ).fetchone()
    try:
        key = keys.sealed_unwrap(private, bytes(row[0]))
    except keys.UnwrapFailed:
        raise WrongRecoverySecret(
            N_("the recovery secret does not open case {case!r}"), case=case_name
        ) from None
    return CaseKey(found[0], case_name, found[1], key)


def grant_with_recovery(
    session: VaultSession, case_name: str, user_name: str, recovery_secret: str
) -> None:
    """Seal the key of *case_name* to *user_name*, unsealing it with the recovery secret.

    This is how a case that no one holds any longer (taken back from its last holder, or
    held only by a deactivated user) becomes readable again; the acting admin need not hold it.
    """
    conn = session.conn
    with transaction(conn):
        key = _recovered_key(conn, case_name, recovery_secret)
        user = find_user(conn, user_name)
        if is_deactivated(conn, user.id):
            raise CannotDeactivate(N_("user {user!r} is deactivated"), user=user.name)
        _store_wrapping(conn, key.case_id, user.id, key.version, user.public_key, key.key)
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name,
                "case.grant",
                case_name,
                {"user": user.name, "with": "recovery"},
            ),
        )


def revoke(
    session: VaultSession, case_name: str, user_name: str, recovery_secret: str | None = None
) -> int:
    """Take *user_name*'s access to *case_name*: new case key, every record re-sealed.

    Taking a case back from its last holder leaves it readable by no one but the holder of
    the recovery secret, so it is refused (:class:`LastHolder`) unless *recovery_secret* is
    given and opens the case: the proof that :func:`grant_with_recovery` can give it back.

    Returns the number of records re-sealed. Afterwards the revoked user's old wrappings open
    nothing in this database, and nothing written later is readable with them.
    """
    conn = session.conn
    with transaction(conn):
        held = _require_held(session, case_name)
        user = find_user(conn, user_name)
        if not conn.execute(
            "SELECT 1 FROM case_keys WHERE case_id = ? AND user_id = ?", (held.case_id, user.id)
        ).fetchone():
            raise NotGranted(
                N_("user {user!r} holds no grant of case {case!r}"), user=user.name, case=case_name
            )
        impact = revoke_impact(conn, case_name, user.name)
        if impact.last_holder:
            if recovery_secret is None:
                raise LastHolder(
                    N_(
                        "{user!r} is the last holder of case {case!r}: taken back, its"
                        " {records} would be readable by no one; confirm with the"
                        " recovery secret"
                    ),
                    user=user.name,
                    case=case_name,
                    # "1 record", never "1 records"; in the plural form of its language
                    records=Counted(N_("%(num)d record"), N_("%(num)d records"), impact.records),
                )
            _recovered_key(conn, case_name, recovery_secret)
        conn.execute(
            "DELETE FROM case_keys WHERE case_id = ? AND user_id = ?", (held.case_id, user.id)
        )
        rotated = _rotate(session, held)
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name,
                "case.revoke",
                case_name,
                _revoke_detail(
                    user.name,
                    rotated,
                    unopenable_records(conn, held.case_id),
                    impact.last_holder,
                ),
            ),
        )
    return rotated


def _revoke_detail(
    user: str, resealed: int, unopenable: int, last_holder: bool
) -> dict[str, audit.DetailValue]:
    detail: dict[str, audit.DetailValue] = {"user": user, "resealed": resealed}
    if unopenable:
        detail["unopenable"] = unopenable
    if last_holder:
        detail["last_holder"] = True
    return detail


def _rotate(session: VaultSession, old: CaseKey) -> int:
    """Give case *old* a new key: the case row first, then every record and every holder.

    The case row moves to the new version before the records do, because the vault refuses
    (a trigger, ``hold_keys_0001``) any record written or re-sealed under a version that is
    not its case's current one. A record at another version than *old*'s (written under a
    stale key by a version of uncounted before that trigger) opens with no key anyone holds:
    it is left as it is and counted in the audit entry, and the rotation goes on.
    """
    conn = session.conn
    new = CaseKey(old.case_id, old.name, old.version + 1, keys.random_key())
    summary = read_summary(conn, old)
    conn.execute(
        "UPDATE cases SET key_version = ?, recovery_wrapped_key = ?, sealed_summary = ?"
        " WHERE id = ?",
        (
            new.version,
            keys.sealed_wrap(recovery_public_key(conn), new.key),
            None if summary is None else seal_summary(new, summary),
            old.case_id,
        ),
    )
    updates = _reseal(conn, "records", "id", old, new)
    conn.executemany(
        "UPDATE records SET key_version = ?, wrapped_data_key = ?, sealed_identity = ?"
        " WHERE id = ?",
        updates,
    )
    conn.executemany(  # earlier revisions of records (revisions.py), under the new key too
        "UPDATE record_revisions SET key_version = ?, wrapped_data_key = ?, sealed_identity = ?"
        " WHERE record_id = ? AND number = ?",
        _reseal(conn, "record_revisions", "record_id, number", old, new),
    )
    holders = conn.execute(
        "SELECT u.id, u.public_key FROM case_keys k JOIN users u ON u.id = k.user_id"
        " WHERE k.case_id = ?",
        (old.case_id,),
    ).fetchall()
    for user_id, public_key in holders:
        _store_wrapping(conn, old.case_id, int(user_id), new.version, bytes(public_key), new.key)
    rewrap_for_case(session, old, new)
    reseal_names(conn, old, new)  # imported files' names (import_log.py)
    session.case_key_cache[old.case_id] = new
    return len(updates)


def _reseal(
    conn: Connection, table: str, key_columns: str, old: CaseKey, new: CaseKey
) -> list[tuple[object, ...]]:
    """(new version, wrapped data key, sealed identity, *key) of every row of *table* (records
    or record_revisions) of case *old* at its version, its identity re-sealed under a fresh
    data key wrapped under *new*. A withdrawn identity (empty: ``revisions.withdraw``) stays
    empty and only moves to the new version."""
    rows = conn.execute(
        f"SELECT {key_columns}, wrapped_data_key, sealed_identity FROM {table}"  # noqa: S608
        " WHERE case_id = ? AND key_version = ?",
        (old.case_id, old.version),
    ).fetchall()
    updates: list[tuple[object, ...]] = []
    for row in rows:
        key, record_id, wrapped, sealed = tuple(row[:-2]), str(row[0]), row[-2], row[-1]
        if not bytes(wrapped):
            updates.append((new.version, b"", b"", *key))
            continue
        try:
            old_data_key = keys.secret_unwrap(
                old.key, bytes(wrapped), sealing.data_key_label(record_id, old.version)
            )
        except keys.UnwrapFailed:
            raise sealing.SealBroken(
                N_("the sealed identity of record {record} does not open"), record=record_id
            ) from None
        fields = sealing.open_fields(old_data_key, record_id, bytes(sealed))
        data_key = keys.random_key()
        updates.append(
            (
                new.version,
                keys.secret_wrap(new.key, data_key, sealing.data_key_label(record_id, new.version)),
                sealing.seal_fields(data_key, record_id, fields),
                *key,
            )
        )
    return updates


def unopenable_records(conn: Connection, case_id: int) -> int:
    """Records of the case at another key version than the case's (see :func:`_rotate`)."""
    row = conn.execute(
        "SELECT count(*) FROM records r JOIN cases c ON c.id = r.case_id"
        " WHERE r.case_id = ? AND r.key_version != c.key_version",
        (case_id,),
    ).fetchone()
    return int(row[0])


def summary_label(case: CaseKey) -> bytes:
    """Associated data binding a case's sealed summary to the case and its key version."""
    return f"{case.case_id}\x1fcase-summary\x1f{case.version}".encode()


def seal_summary(case: CaseKey, summary: str) -> bytes:
    """The case summary sealed under the case key."""
    return keys.secret_wrap(case.key, summary.encode("utf-8"), summary_label(case))


def read_summary(conn: Connection, case: CaseKey) -> str | None:
    """The case's summary opened with its key (None when it has none)."""
    row = conn.execute("SELECT sealed_summary FROM cases WHERE id = ?", (case.case_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    try:
        return keys.secret_unwrap(case.key, bytes(row[0]), summary_label(case)).decode("utf-8")
    except keys.UnwrapFailed:
        raise sealing.SealBroken(
            N_("the sealed summary of case {case!r} does not open"), case=case.name
        ) from None


@dataclass(frozen=True)
class CaseFields:
    """The assistance side of a case: needs, workflow status, dates (ISO days)."""

    needs: tuple[str, ...] = ()
    status: str = "request"
    opened: str | None = None
    follow_up: str | None = None


@dataclass(frozen=True)
class CaseDetails:
    """One case as a user sees it; *summary* is None without its key (or when empty); *id* is
    its number in the vault, which web addresses carry instead of its name."""

    name: str
    fields: CaseFields
    summary: str | None
    key_version: int
    granted: tuple[str, ...]
    records: int
    holds_key: bool
    id: int


def require_case(session: VaultSession, name: str) -> int:
    """The id of case *name*; :class:`CaseNotFound` otherwise."""
    found = _case_row(session.conn, name)
    if found is None:
        raise CaseNotFound(N_("there is no case {case!r} in this vault"), case=name)
    return found[0]


def case_named_by(conn: Connection, number: str) -> str:
    """The name of the case whose id is *number* (as a web address carries it, so that the
    name, perhaps a family's, stays out of browser history and logs); :class:`CaseNotFound`
    otherwise."""
    found = row_id(number)
    if found is None:
        raise CaseNotFound(
            N_("this address holds no case number; open the case from the Cases page")
        )
    row = conn.execute("SELECT name FROM cases WHERE id = ?", (found,)).fetchone()
    if row is None:
        raise CaseNotFound(N_("there is no case number {number} in this vault"), number=found)
    return str(row[0])


class AmbiguousCase(InputError):
    """Raised when what names a case is both one case's name and another's number."""


def case_given(conn: Connection, given: str) -> str:
    """The name of the case *given* names: its name, or its number (the grant advice names
    cases by number, as the web's addresses do, to people who may not hold them and so
    should not read their names; ``uncounted grant`` took only a name, review of stop 26).
    A name that is another case's number is refused rather than guessed: granting the wrong
    case would show its identities to someone who should not read them."""
    named = _case_row(conn, given)
    number = row_id(given)
    numbered = (
        None
        if number is None
        else conn.execute("SELECT name FROM cases WHERE id = ?", (number,)).fetchone()
    )
    if named is not None and numbered is not None and named[0] != number:
        raise AmbiguousCase(
            N_(
                "“{case}” is the name of one case and the number of another; give the name of"
                " the case you mean (`uncounted cases` lists names and numbers)"
            ),
            case=printable(given),  # typed by the user: quoted on one line
        )
    if named is not None:
        return given
    if numbered is not None:
        return str(numbered[0])
    raise CaseNotFound(N_("there is no case {case!r} in this vault"), case=given)


def write_fields(session: VaultSession, name: str, fields: CaseFields) -> None:
    """Store the assistance fields of case *name*, whose key the user must hold.

    Roles decide what one may do, grants what cases one may do it to: a caseworker changes
    the status, needs and follow-up date only of cases granted to them.
    """
    case_id = require_case(session, name)
    if held_key(session, case_id) is None:
        raise NotGranted(
            N_("you are not granted case {case!r}; ask an admin to grant it"), case=name
        )
    session.conn.execute(
        "UPDATE cases SET needs = ?, status = ?, opened = ?, follow_up = ?, updated_at = ?"
        " WHERE id = ?",
        (
            ",".join(sorted(fields.needs)),
            fields.status,
            fields.opened,
            fields.follow_up,
            now(),
            case_id,
        ),
    )


def write_summary(session: VaultSession, name: str, summary: str | None) -> None:
    """Seal *summary* (None clears it) under the key of case *name*, which must be held."""
    held = held_key(session, require_case(session, name))
    if held is None:
        raise NotGranted(
            N_("you are not granted case {case!r}; ask an admin to grant it"), case=name
        )
    sealed = None if summary is None else seal_summary(held, summary)
    session.conn.execute(
        "UPDATE cases SET sealed_summary = ? WHERE id = ? AND key_version = ?",
        (sealed, held.case_id, held.version),
    )


def _opened(opened: str | None, follow_up: str | None, created_at: str) -> str | None:
    """The day a case was opened: as stored, else the day it was created in this vault.

    Cases named first by a testimony or an imported list before create_case stored that day
    (and cases opened with no date) have none stored; read as the creation day, every page,
    the API and the workflow see one date, with no migration. Not when a follow-up already
    lies before that day (the model refuses a follow-up before the opening): left empty.
    """
    if opened:
        return opened
    created = created_at[:10]
    return None if follow_up and follow_up < created else created


def case_details(session: VaultSession, name: str, reveal: bool) -> CaseDetails:
    """Case *name* with its summary opened when *reveal* and the key is held."""
    case_id = require_case(session, name)
    row = session.conn.execute(
        "SELECT needs, status, opened, follow_up, key_version,"
        " (SELECT count(*) FROM records r WHERE r.case_id = cases.id), created_at"
        " FROM cases WHERE id = ?",
        (case_id,),
    ).fetchone()
    held = held_key(session, case_id)
    summary = read_summary(session.conn, held) if (reveal and held is not None) else None
    granted = tuple(user.name for user in users_granted(session.conn, name))
    opened = _opened(row[2], row[3], str(row[6]))
    fields = CaseFields(tuple(n for n in str(row[0]).split(",") if n), str(row[1]), opened, row[3])
    return CaseDetails(
        name,
        fields,
        summary,
        int(row[4]),
        tuple(sorted(granted)),
        int(row[5]),
        held is not None,
        case_id,
    )


def list_cases(conn: Connection) -> list[CaseInfo]:
    """Every case with its key version, the users granted it and its number of records."""
    cases = conn.execute(
        "SELECT c.id, c.name, c.key_version,"
        " (SELECT count(*) FROM records r WHERE r.case_id = c.id) FROM cases c ORDER BY c.name"
    ).fetchall()
    result = []
    for case_id, name, version, count in cases:
        granted = conn.execute(
            "SELECT u.name FROM case_keys k JOIN users u ON u.id = k.user_id"
            " WHERE k.case_id = ? ORDER BY u.name",
            (case_id,),
        ).fetchall()
        holders = tuple(g[0] for g in granted)
        result.append(CaseInfo(str(name), int(version), holders, int(count), int(case_id)))
    return result


def users_granted(conn: Connection, case_name: str) -> list[UserRow]:
    """The users who hold the key of *case_name*."""
    rows = conn.execute(
        "SELECT u.id, u.name, u.role, u.public_key FROM case_keys k"
        " JOIN users u ON u.id = k.user_id JOIN cases c ON c.id = k.case_id WHERE c.name = ?",
        (case_name,),
    ).fetchall()
    return [UserRow(int(r[0]), str(r[1]), Role(r[2]), bytes(r[3])) for r in rows]


class CannotDeactivate(InputError):
    """Raised when deactivating oneself, an unknown or already deactivated user."""


@dataclass(frozen=True)
class Deactivated:
    """What deactivating a user did: cases given a new key, and cases only unwrapped."""

    user: str
    rekeyed: tuple[str, ...]
    not_rekeyed: tuple[str, ...]


def deactivate_user(session: VaultSession, name: str) -> Deactivated:
    """Cut *name* off: every case they hold gets a new key (records re-sealed, evidence keys
    re-wrapped), their wrappings are deleted, the user is marked deactivated (unlock refuses
    them from then on), and their keys are overwritten on this device.

    A case whose key the acting user does not hold cannot be given a new key here: the
    deactivated user's wrapping of it is deleted, and the case is named in the result (an
    admin who holds it, or the recovery secret, should revoke it again).
    """
    conn = session.conn
    user = _other_user(session, name)
    with transaction(conn):
        if is_deactivated(conn, user.id):
            raise CannotDeactivate(N_("user {user!r} is already deactivated"), user=name)
        done = _cut_off(session, user)
        _audit_cut_off(session, "user.deactivate", done)
    _forget_on_device(session, name)
    return done


def _other_user(session: VaultSession, name: str) -> UserRow:
    user = find_user(session.conn, name)
    if user.id == session.user.id:
        raise CannotDeactivate(N_("you cannot deactivate yourself; ask another administrator"))
    return user


def _cut_off(session: VaultSession, user: UserRow) -> Deactivated:
    """Inside a transaction: new keys for *user*'s cases, their wrappings gone, deactivated."""
    conn = session.conn
    rekeyed, not_rekeyed = [], []
    held = conn.execute(
        "SELECT c.id, c.name FROM case_keys k JOIN cases c ON c.id = k.case_id"
        " WHERE k.user_id = ? ORDER BY c.name",
        (user.id,),
    ).fetchall()
    conn.execute("DELETE FROM case_keys WHERE user_id = ?", (user.id,))
    for case_id, case_name in held:
        mine = held_key(session, int(case_id))
        if mine is None:
            not_rekeyed.append(str(case_name))
            continue
        _rotate(session, mine)
        rekeyed.append(str(case_name))
    conn.execute("UPDATE users SET deactivated_at = ? WHERE id = ?", (now(), user.id))
    return Deactivated(user.name, tuple(rekeyed), tuple(not_rekeyed))


def _audit_cut_off(session: VaultSession, action: str, done: Deactivated) -> None:
    detail: dict[str, audit.DetailValue] = {
        "rekeyed": list(done.rekeyed),
        "not_rekeyed": list(done.not_rekeyed),
    }
    audit.record(session.conn, audit.AuditEntry(session.user.name, action, done.user, detail))


def _forget_on_device(session: VaultSession, name: str) -> None:
    """Overwrite *name*'s keyring entry on this device (the key area's slot, in place)."""
    if session.is_decoy:
        return
    ring = keyring.load(session.layout.keyring)
    if name in ring.entries:
        remaining = {k: v for k, v in ring.entries.items() if k != name}
        keyring.save(session.layout.keyring, keyring.Keyring(remaining))


@dataclass(frozen=True)
class RemovalImpact:
    """What removing a user takes from them, said before it is done."""

    user: str
    cases: tuple[str, ...]
    drafts: int
    deactivated: bool


def removal_impact(conn: Connection, name: str) -> RemovalImpact:
    """The cases *name* holds, their drafts, and whether they are deactivated already."""
    user = find_user(conn, name)
    cases = conn.execute(
        "SELECT c.name FROM case_keys k JOIN cases c ON c.id = k.case_id"
        " WHERE k.user_id = ? ORDER BY c.name",
        (user.id,),
    ).fetchall()
    drafts = conn.execute("SELECT count(*) FROM drafts WHERE user_id = ?", (user.id,)).fetchone()
    return RemovalImpact(
        user.name, tuple(str(c[0]) for c in cases), int(drafts[0]), is_deactivated(conn, user.id)
    )


def remove_user(session: VaultSession, name: str) -> Deactivated:
    """Remove *name* for good: deactivated first if they are not (new keys for their cases),
    then the last copy of their private key (sealed to the recovery key) overwritten, their
    drafts and sign-in code deleted, and the user marked removed: they cannot be reactivated
    and are no longer listed. The row stays, because the audit trail names them.

    After this nothing opens with their keys: not an old copy of this device's key area (its
    private key unwraps no case key written since), not the recovery secret.
    """
    conn = session.conn
    user = _other_user(session, name)
    with transaction(conn):
        if is_removed(conn, user.id):
            raise CannotDeactivate(N_("user {user!r} was removed already"), user=name)
        if is_deactivated(conn, user.id):
            done = Deactivated(name, (), ())
        else:
            done = _cut_off(session, user)
        conn.execute("DELETE FROM drafts WHERE user_id = ?", (user.id,))
        conn.execute("DELETE FROM user_totp WHERE user_id = ?", (user.id,))
        conn.execute(
            "UPDATE users SET recovery_wrapped_private_key = ?, removed_at = ? WHERE id = ?",
            (keys.sealed_wrap(keys.new_key_pair()[1], keys.random_key()), now(), user.id),
        )
        _audit_cut_off(session, "user.remove", done)
    _forget_on_device(session, name)
    return done
