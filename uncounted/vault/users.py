"""Users of a vault: their database rows, their keyring entries, adding one."""

from __future__ import annotations

import unicodedata

from uncounted.errors import InputError, NotFound
from uncounted.messages import N_
from uncounted.vault import audit, kdf, keyring, keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.permissions import Role
from uncounted.vault.row_ids import row_id
from uncounted.vault.session import UserRow, VaultSession

MAX_NAME_LENGTH = 64


class BadUserName(InputError):
    """Raised when a user name is empty, too long, or holds control characters or spaces."""

    form_field = "name"


class UserExists(InputError):
    """Raised when adding a user whose name is already taken in this vault."""

    form_field = "name"


class UserNotFound(NotFound):
    """Raised when a named user does not exist in this vault."""


def check_name(name: str) -> str:
    """*name* when it is usable as a user name (no spaces or control characters, <= 64)."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise BadUserName(N_("a user name needs 1 to {limit} characters"), limit=MAX_NAME_LENGTH)
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in name):
        raise BadUserName(N_("a user name may not contain spaces or control characters"))
    return name


def insert_user(
    conn: Connection,
    name: str,
    role: Role,
    public_key: bytes,
    recovery_public_key: bytes,
    private_key: bytes,
) -> int:
    """Insert a user row; the private key is kept only sealed to the recovery key."""
    cursor = conn.execute(
        "INSERT INTO users (name, role, public_key, recovery_wrapped_private_key, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (name, role.value, public_key, keys.sealed_wrap(recovery_public_key, private_key), now()),
    )
    return int(cursor.lastrowid)


def find_user(conn: Connection, name: str) -> UserRow:
    """The user called *name*; :class:`UserNotFound` otherwise."""
    row = conn.execute(
        "SELECT id, name, role, public_key FROM users WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise UserNotFound(N_("there is no user {user!r} in this vault"), user=name)
    return UserRow(int(row[0]), str(row[1]), Role(row[2]), bytes(row[3]))


def user_named_by(conn: Connection, number: str) -> str:
    """The name of the user (not removed) whose id is *number*, as the administrator's web
    addresses carry it (a name is a person's: it stays out of browser history and logs);
    :class:`UserNotFound` otherwise."""
    found = row_id(number)
    if found is None:
        raise UserNotFound(
            N_("this address holds no user number; open the user from the Users page")
        )
    row = conn.execute(
        "SELECT name FROM users WHERE id = ? AND removed_at IS NULL", (found,)
    ).fetchone()
    if row is None:
        raise UserNotFound(N_("there is no user number {number} in this vault"), number=found)
    return str(row[0])


def is_deactivated(conn: Connection, user_id: int) -> bool:
    """Whether the user was deactivated (``cases.deactivate_user``)."""
    row = conn.execute("SELECT deactivated_at FROM users WHERE id = ?", (user_id,)).fetchone()
    return row is not None and row[0] is not None


def is_removed(conn: Connection, user_id: int) -> bool:
    """Whether the user was removed for good (``cases.remove_user``)."""
    row = conn.execute("SELECT removed_at FROM users WHERE id = ?", (user_id,)).fetchone()
    return row is not None and row[0] is not None


def list_users(conn: Connection) -> list[UserRow]:
    """Every user of the vault but the removed ones, by name."""
    rows = conn.execute(
        "SELECT id, name, role, public_key FROM users WHERE removed_at IS NULL ORDER BY name"
    ).fetchall()
    return [UserRow(int(r[0]), str(r[1]), Role(r[2]), bytes(r[3])) for r in rows]


def recovery_public_key(conn: Connection) -> bytes:
    """The organisation's recovery public key, as recorded in the database."""
    row = conn.execute(
        "SELECT value FROM vault_settings WHERE name = 'recovery_public_key'"
    ).fetchone()
    return bytes(row[0])


def add_user(
    session: VaultSession,
    name: str,
    role: Role,
    passphrase: str,
    params: kdf.KdfParams | None = None,
    admin_set: bool = False,
) -> UserRow:
    """Create user *name* with *role*, able to unlock the vault with *passphrase*.

    *admin_set*: the passphrase is one an administrator chose, which the user must change at
    their first sign-in on the web (``lifecycle.must_change_passphrase``).
    """
    check_name(name)
    conn = session.conn
    if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
        raise UserExists(N_("a user called {user!r} already exists in this vault"), user=name)
    private_key, public_key = keys.new_key_pair()
    secrets = keyring.UserSecrets(session.vault_key, private_key)
    entry = keyring.KeyringEntry.create(
        name, role.value, secrets, passphrase, params or kdf.DEFAULT, admin_set
    )
    with transaction(conn):
        user_id = insert_user(conn, name, role, public_key, recovery_public_key(conn), private_key)
        audit.record(
            conn,
            audit.AuditEntry(session.user.name, "user.add", name, {"role": role.value}),
        )
        if not session.is_decoy:
            ring = keyring.load(session.layout.keyring)
            keyring.save(session.layout.keyring, ring.with_entry(entry))
    return UserRow(user_id, name, role, public_key)


class RoleChangeRefused(InputError):
    """Raised when changing one's own role, or leaving the vault without an active admin."""


def deactivated_users(conn: Connection) -> set[str]:
    """The names of the users an administrator deactivated."""
    rows = conn.execute("SELECT name FROM users WHERE deactivated_at IS NOT NULL").fetchall()
    return {str(row[0]) for row in rows}


def change_role(session: VaultSession, name: str, role: Role) -> UserRow:
    """Give user *name* the role *role* (audited ``user.role``).

    Roles decide what one may do, grants which cases one may do it to, so no case key moves:
    a user made admin reads the cases granted to them (and the cases made while admin). The
    role is written into their keyring entry too, so that their open sessions, in any process,
    end at their next request (:func:`lifecycle.still_on_device` compares the role).
    Refused for one's own role and for the last active admin.
    """
    conn = session.conn
    with transaction(conn):
        user = find_user(conn, name)
        if user.id == session.user.id:
            raise RoleChangeRefused(
                N_("you cannot change your own role; ask another administrator")
            )
        if user.role is Role.ADMIN and role is not Role.ADMIN:
            admins = conn.execute(
                "SELECT count(*) FROM users WHERE role = ? AND deactivated_at IS NULL AND id != ?",
                (Role.ADMIN.value, user.id),
            ).fetchone()[0]
            if not admins:
                raise RoleChangeRefused(N_("{user!r} is the last administrator"), user=name)
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (role.value, user.id))
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name, "user.role", name, {"from": user.role.value, "to": role.value}
            ),
        )
        if not session.is_decoy:
            keyring.set_role(session.layout.keyring, name, role.value)
    return UserRow(user.id, user.name, role, user.public_key)


def reactivate_user(
    session: VaultSession, name: str, passphrase: str, params: kdf.KdfParams | None = None
) -> UserRow:
    """Let deactivated user *name* sign in again with *passphrase*, under a new key pair.

    Their old keys were destroyed with every wrapping to them, so they start with no grant;
    an old copy of their keyring entry unwraps the old private key, which opens nothing.
    """
    conn = session.conn
    user = find_user(conn, name)
    if not is_deactivated(conn, user.id):
        raise RoleChangeRefused(N_("user {user!r} is not deactivated"), user=name)
    if is_removed(conn, user.id):
        raise RoleChangeRefused(
            N_("user {user!r} was removed and cannot come back; add a new user"), user=name
        )
    private_key, public_key = keys.new_key_pair()
    secrets = keyring.UserSecrets(session.vault_key, private_key)
    entry = keyring.KeyringEntry.create(
        name, user.role.value, secrets, passphrase, params or kdf.DEFAULT, admin_set=True
    )
    with transaction(conn):
        conn.execute(
            "UPDATE users SET public_key = ?, recovery_wrapped_private_key = ?,"
            " deactivated_at = NULL WHERE id = ?",
            (
                public_key,
                keys.sealed_wrap(recovery_public_key(conn), private_key),
                user.id,
            ),
        )
        audit.record(conn, audit.AuditEntry(session.user.name, "user.reactivate", name))
        if not session.is_decoy:
            ring = keyring.load(session.layout.keyring)
            keyring.save(session.layout.keyring, ring.with_entry(entry))
    return UserRow(user.id, name, user.role, public_key)
