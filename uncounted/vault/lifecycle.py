"""Creating, unlocking, shredding and recovering a vault.

- :func:`create_vault` makes the directory, the database, the first admin and the recovery
  key pair, and returns the recovery secret (shown once, stored nowhere).
- :func:`unlock` opens the vault for one user. A wrong passphrase only reads the keyring and
  changes nothing. The user's duress passphrase shreds this device's keyring and returns a
  session on an empty in-memory vault that behaves like the real one.
- :func:`panic` shreds the keyring without any passphrase.
- :func:`recover_access` uses the recovery secret to give a user a new passphrase.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from uncounted.errors import AccessDenied, InputError
from uncounted.messages import N_
from uncounted.vault import audit, files, kdf, keyring, keys, migrate, sign_in_failures
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, open_database, transaction
from uncounted.vault.layout import VaultLayout
from uncounted.vault.permissions import Role
from uncounted.vault.session import UserRow, VaultSession
from uncounted.vault.users import check_name, find_user, insert_user, is_deactivated


class VaultExists(InputError):
    """Raised when ``init`` is pointed at a directory that is not empty."""


class WrongPassphrase(AccessDenied):
    """Raised when a passphrase opens nothing for the named user on this device."""


class NoKeysOnDevice(AccessDenied):
    """Raised when this device holds no wrapped keys (after ``panic``) or names no user."""


class WrongRecoverySecret(AccessDenied):
    """Raised when a recovery secret is malformed or does not open this vault."""

    form_field = "recovery_secret"


class UserDeactivated(AccessDenied):
    """Raised when unlocking as a user an administrator deactivated."""


class SamePassphrase(InputError):
    """Raised when a duress passphrase equals the user's real passphrase."""


def create_vault(
    root: Path, admin: str, passphrase: str, params: kdf.KdfParams | None = None
) -> str:
    """Create a vault in *root* with *admin* as first administrator; return the recovery secret."""
    check_name(admin)
    keyring.check_new_passphrase(passphrase, Role.ADMIN.value, admin)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise VaultExists(
            N_("{path} already exists and is not empty; choose a new directory"), path=root
        )
    layout = VaultLayout(root)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        return _populate(layout, admin, passphrase, params or kdf.DEFAULT)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _populate(layout: VaultLayout, admin: str, passphrase: str, params: kdf.KdfParams) -> str:
    vault_key = keys.random_key()
    recovery_private, recovery_public = keys.new_key_pair()
    admin_private, admin_public = keys.new_key_pair()
    conn = open_database(layout.database, vault_key)
    try:
        migrate.upgrade(conn)
        with transaction(conn):
            _initial_rows(conn, admin, admin_private, admin_public, recovery_public)
    finally:
        conn.close()
    recovery = keyring.RecoveryFile(recovery_public, keys.sealed_wrap(recovery_public, vault_key))
    files.write_atomically(layout.recovery, recovery.to_bytes())
    entry = keyring.KeyringEntry.create(
        admin, Role.ADMIN.value, keyring.UserSecrets(vault_key, admin_private), passphrase, params
    )
    keyring.save(layout.keyring, keyring.Keyring().with_entry(entry))
    return keys.format_recovery_secret(recovery_private)


def _initial_rows(
    conn: Connection, admin: str, admin_private: bytes, admin_public: bytes, recovery_public: bytes
) -> None:
    conn.executemany(
        "INSERT INTO vault_settings (name, value) VALUES (?, ?)",
        [
            ("pseudonym_key", keys.random_key()),
            ("recovery_public_key", recovery_public),
            ("created_at", now().encode("ascii")),
        ],
    )
    insert_user(conn, admin, Role.ADMIN, admin_public, recovery_public, admin_private)
    audit.record(conn, audit.AuditEntry(admin, "vault.init", admin))


def user_names(root: Path) -> list[str]:
    """The users who can unlock the vault in *root* on this device."""
    layout = VaultLayout(root)
    layout.require_existing()
    return sorted(keyring.load(layout.keyring).entries)


def default_user(root: Path) -> str:
    """The vault's only user on this device; otherwise ask for ``--user``."""
    names = user_names(root)
    if len(names) == 1:
        return names[0]
    if not names:
        raise NoKeysOnDevice(
            N_(
                "no keys for any user of {vault} are on this device; restore access with"
                " `uncounted recover`"
            ),
            vault=root,
        )
    raise InputError(
        N_("vault {vault} has {count} users; name one with --user"), vault=root, count=len(names)
    )


def unlock(root: Path, user: str, passphrase: str) -> VaultSession:
    """Open the vault in *root* as *user*; see the module docstring for the duress case."""
    layout = VaultLayout(root)
    layout.require_existing()
    entries = keyring.load(layout.keyring).entries
    entry = entries.get(user)
    if entry is None:
        # Spend what a real attempt spends (the cost stored with this vault's keys), so the
        # time taken does not tell who exists.
        spent = next(iter(entries.values())).params if entries else kdf.DEFAULT
        kdf.derive_key(passphrase, bytes(kdf.SALT_BYTES), spent)
        if any(other.duress_hash is not None for other in entries.values()):
            kdf.derive_key(passphrase, bytes(kdf.SALT_BYTES), spent)  # as a duress check does
        raise WrongPassphrase(
            N_("wrong passphrase for user {user!r} of vault {vault}"), user=user, vault=root
        )
    if entry.duress_hash is not None:
        prepare_sign_in()  # the decoy's schema, worked out while Argon2id runs
    secrets = entry.unwrap(passphrase)
    # Checked on every attempt when set, so a duress sign-in takes as long as a real one.
    is_duress = entry.is_duress(passphrase)
    if secrets is None:
        if is_duress:
            keyring.shred(layout.keyring)
            return _decoy_session(layout, entry)
        raise WrongPassphrase(
            N_("wrong passphrase for user {user!r} of vault {vault}"), user=user, vault=root
        )
    if not entry.is_split:
        _split_carried_entry(layout, entry, secrets, passphrase)
    conn = open_database(layout.database, secrets.vault_key)
    try:
        migrate.ensure_current(conn)
        row = find_user(conn, user)
        if is_deactivated(conn, row.id):
            raise UserDeactivated(
                N_("user {user!r} of vault {vault} was deactivated"), user=user, vault=root
            )
        pseudonym_key = _setting(conn, "pseudonym_key")
        if entry.role != row.role.value:  # changed by a version that left the keyring as it was
            keyring.set_role(layout.keyring, user, row.role.value)
    except BaseException:
        conn.close()
        raise
    session = VaultSession(
        layout,
        conn,
        row,
        bytearray(secrets.vault_key),
        bytearray(secrets.private_key),
        bytearray(pseudonym_key),
    )
    try:
        files.remove_leftovers(layout.leftovers())
        _seal_evidence_to_cases(session)
        sign_in_failures.merge(session)
    except BaseException:
        session.close()
        raise
    return session


def _split_carried_entry(
    layout: VaultLayout, entry: keyring.KeyringEntry, secrets: keyring.UserSecrets, passphrase: str
) -> None:
    """Wrap again, split (``antiforensic.py``), an entry carried over from a ``keyring.json``:
    its passphrase is needed for that, so it happens at its user's first sign-in."""
    again = keyring.KeyringEntry.create(entry.user, entry.role, secrets, passphrase, entry.params)
    ring = keyring.load(layout.keyring)
    if ring.entries.get(entry.user) == entry:
        keyring.save(layout.keyring, ring.with_entry(replace(again, duress_hash=entry.duress_hash)))


def _seal_evidence_to_cases(session: VaultSession) -> None:
    """Carry an earlier vault's evidence forward: sealed to the cases this user holds."""
    from uncounted.vault.evidence_store import seal_to_cases  # it loads the ledger

    seal_to_cases(session)


def _setting(conn: Connection, name: str) -> bytes:
    row = conn.execute("SELECT value FROM vault_settings WHERE name = ?", (name,)).fetchone()
    return bytes(row[0])


def _decoy_session(layout: VaultLayout, entry: keyring.KeyringEntry) -> VaultSession:
    """An empty vault in memory, indistinguishable in use from a freshly created one."""
    vault_key = keys.random_key()
    private, public = keys.new_key_pair()
    _recovery_private, recovery_public = keys.new_key_pair()
    conn = open_database(":memory:", vault_key)
    migrate.create_fresh(conn)
    role = Role(entry.role)
    with transaction(conn):
        conn.executemany(
            "INSERT INTO vault_settings (name, value) VALUES (?, ?)",
            [("pseudonym_key", keys.random_key()), ("recovery_public_key", recovery_public)],
        )
        user_id = insert_user(conn, entry.user, role, public, recovery_public, private)
    return VaultSession(
        layout,
        conn,
        UserRow(user_id, entry.user, role, public),
        bytearray(vault_key),
        bytearray(private),
        bytearray(keys.random_key()),
        is_decoy=True,
    )


class WrongCurrentPassphrase(AccessDenied):
    """Raised when changing one's passphrase with a wrong current passphrase."""


def _own_entry(
    session: VaultSession, current: str | None
) -> tuple[keyring.Keyring, keyring.KeyringEntry]:
    """The device's keyring and this user's entry in it; *current*, when given, must open the
    entry (else :class:`WrongCurrentPassphrase`, before anything is changed)."""
    ring = keyring.load(session.layout.keyring)
    entry = ring.entries[session.user.name]
    if current is not None and entry.unwrap(current) is None:
        raise WrongCurrentPassphrase(N_("that is not your current passphrase; nothing changed"))
    return ring, entry


def set_duress(session: VaultSession, duress_passphrase: str, current: str | None = None) -> None:
    """Make *duress_passphrase* this user's duress passphrase on this device.

    *current*, when given (the web form asks for it), must open the user's keys.
    """
    if session.is_decoy:
        return
    ring, entry = _own_entry(session, current)
    if entry.unwrap(duress_passphrase) is not None:
        raise SamePassphrase(N_("the duress passphrase must differ from your real passphrase"))
    keyring.save(session.layout.keyring, ring.with_entry(entry.with_duress(duress_passphrase)))
    with transaction(session.conn):
        audit.record(
            session.conn, audit.AuditEntry(session.user.name, "duress.set", session.user.name)
        )


def change_passphrase(
    session: VaultSession,
    new_passphrase: str,
    params: kdf.KdfParams | None = None,
    current: str | None = None,
) -> None:
    """Re-wrap this user's keys under *new_passphrase* (the duress passphrase is kept).

    *params* is the cost of the new wrapping; none means :data:`kdf.DEFAULT`. *current*, when
    given, must open the user's keys (a web session asks for it: whoever finds a signed-in
    browser should not be able to lock its owner out). The change is audited.
    """
    keyring.check_new_passphrase(new_passphrase, session.user.role.value, session.user.name)
    if session.is_decoy:
        return
    ring, old = _own_entry(session, current)
    secrets = keyring.UserSecrets(session.vault_key, session.private_key)
    entry = keyring.KeyringEntry.create(
        old.user, old.role, secrets, new_passphrase, params or kdf.DEFAULT
    )
    keyring.save(
        session.layout.keyring, ring.with_entry(replace(entry, duress_hash=old.duress_hash))
    )
    with transaction(session.conn):
        audit.record(
            session.conn,
            audit.AuditEntry(session.user.name, "user.passphrase", session.user.name),
        )


def prepare_sign_in() -> None:
    """Start working out, in the background, what a duress sign-in's decoy vault is built
    from (``migrate.fresh_schema``), so that no sign-in pays for it (a server calls this when
    it starts; :func:`unlock` does for a user who has a duress passphrase)."""
    migrate.warm_fresh_schema()


def still_on_device(session: VaultSession) -> bool:
    """Whether this device's keyring still holds the keys *session* was unlocked with.

    False once ``panic``, a duress sign-in, a deactivation or a removal took the user's entry
    away, once their role changed (``users.change_role`` writes it into the entry), or once the
    session was closed: whoever holds such a session must end it. A decoy session has no
    entry to lose and stays open, as a real one would.
    """
    if session.closed:
        return False
    if session.is_decoy:
        return True
    held = keyring.holders(session.layout.keyring).get(session.user.name)
    return (
        held is not None
        and held.public_key == session.user.public_key
        and held.role == session.user.role.value
    )


def must_change_passphrase(session: VaultSession) -> bool:
    """Whether *session*'s user signs in with a passphrase an administrator gave them (a new
    user, a reset, a reactivation) and has not changed it yet: the web application then shows
    them nothing but the page that changes it."""
    if session.closed or session.is_decoy:
        return False
    held = keyring.holders(session.layout.keyring).get(session.user.name)
    return held is not None and held.admin_set


def panic(root: Path) -> None:
    """Destroy every wrapped key on this device; only the recovery secret opens the vault now."""
    layout = VaultLayout(root)
    layout.require_existing()
    keyring.shred(layout.keyring)


def recover_access(
    root: Path,
    user: str,
    recovery_secret: str,
    new_passphrase: str,
    params: kdf.KdfParams | None = None,
) -> None:
    """Give *user* access again under *new_passphrase*, using the recovery secret."""
    layout = VaultLayout(root)
    layout.require_existing()
    recovery_private = _parse_recovery_secret(recovery_secret)
    recovery = keyring.RecoveryFile.from_bytes(layout.recovery.read_bytes(), str(layout.recovery))
    try:
        vault_key = keys.sealed_unwrap(recovery_private, recovery.wrapped_vault_key)
    except keys.UnwrapFailed:
        raise WrongRecoverySecret(
            N_("the recovery secret does not open vault {vault}"), vault=root
        ) from None
    conn = open_database(layout.database, vault_key)
    try:
        migrate.ensure_current(conn)
        row = find_user(conn, user)
        private_key = _recovered_private_key(conn, row, recovery_private)
        entry = keyring.KeyringEntry.create(
            row.name,
            row.role.value,
            keyring.UserSecrets(vault_key, private_key),
            new_passphrase,
            params or kdf.DEFAULT,
        )
        with transaction(conn):
            audit.record(conn, audit.AuditEntry(row.name, "access.recover", row.name))
            ring = keyring.load(layout.keyring)
            keyring.save(layout.keyring, ring.with_entry(entry))
    finally:
        conn.close()


def _parse_recovery_secret(recovery_secret: str) -> bytes:
    recovery_private = keys.parse_recovery_secret(recovery_secret)
    if recovery_private is None:
        raise WrongRecoverySecret(
            N_("that is not a recovery secret (expected groups of letters and digits)")
        )
    return recovery_private


def _recovered_private_key(conn: Connection, user: UserRow, recovery_private: bytes) -> bytes:
    """*user*'s private key, unsealed from its copy sealed to the recovery key."""
    sealed = conn.execute(
        "SELECT recovery_wrapped_private_key FROM users WHERE id = ?", (user.id,)
    ).fetchone()[0]
    try:
        private_key = keys.sealed_unwrap(recovery_private, bytes(sealed))
    except keys.UnwrapFailed:
        raise WrongRecoverySecret(
            N_("the recovery secret does not open the keys of user {user!r}"), user=user.name
        ) from None
    return private_key


class ResetRefused(InputError):
    """Raised when resetting one's own passphrase, or a deactivated or removed user's."""


def reset_passphrase(
    session: VaultSession,
    name: str,
    recovery_secret: str,
    new_passphrase: str,
    params: kdf.KdfParams | None = None,
) -> None:
    """Give user *name* the passphrase *new_passphrase* (an administrator's reset, audited
    ``user.reset``), with the recovery secret.

    A user's private key exists only under their own passphrase and sealed to the recovery
    key, so the secret is what lets their keys, grants, drafts and sign-in code survive the
    reset. The new passphrase is marked as given by an administrator: the user must change it
    when they next sign in. Their duress passphrase on this device is kept; their open web
    sessions end (the web route ends them; elsewhere they are sent to the change page).
    """
    conn = session.conn
    user = find_user(conn, name)
    if user.id == session.user.id:
        raise ResetRefused(N_("change your own passphrase on the Passphrase page, not here"))
    if is_deactivated(conn, user.id):
        raise ResetRefused(
            N_("user {user!r} is deactivated; reactivate them with a new passphrase"), user=name
        )
    keyring.check_new_passphrase(new_passphrase, user.role.value, name)
    recovery_private = _parse_recovery_secret(recovery_secret)
    entry = None
    if not session.is_decoy:
        private_key = _recovered_private_key(conn, user, recovery_private)
        entry = keyring.KeyringEntry.create(
            name,
            user.role.value,
            keyring.UserSecrets(session.vault_key, private_key),
            new_passphrase,
            params or kdf.DEFAULT,
            admin_set=True,
        )
    with transaction(conn):
        audit.record(conn, audit.AuditEntry(session.user.name, "user.reset", name))
        if entry is not None:
            ring = keyring.load(session.layout.keyring)
            kept = ring.entries.get(name)
            duress = None if kept is None else kept.duress_hash
            entry = replace(entry, duress_hash=duress)
            keyring.save(session.layout.keyring, ring.with_entry(entry))
