"""Managing the users of a vault: add, list, deactivate, reactivate, remove, change a role,
reset a passphrase."""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import (
    ROLE_NAMES,
    Action,
    Deactivated,
    RemovalImpact,
    Role,
    RoleChangeRefused,
    UserRow,
    VaultSession,
    parse_role,
)

__all__ = [
    "Deactivated",
    "RemovalImpact",
    "Role",
    "RoleChangeRefused",
    "UserRow",
    "add_user",
    "change_role",
    "deactivate_user",
    "deactivated_users",
    "list_users",
    "reactivate_user",
    "removal_impact",
    "remove_user",
    "reset_passphrase",
    "role_names",
    "roles",
    "user_named_by",
]


def roles() -> list[str]:
    """The role names, in order of decreasing power."""
    return [role.value for role in Role]


def role_names() -> dict[str, str]:
    """Each role's code with what a sentence calls it (an ``N_`` template to translate)."""
    return {role.value: ROLE_NAMES[role] for role in Role}


def add_user(
    vault: VaultSession, name: str, role: str, passphrase: str, admin_set: bool = True
) -> UserRow:
    """Add user *name* with *role* (admin only); they sign in with *passphrase*.

    *admin_set* (the default): the administrator chose the passphrase, so the user must change
    it before anything else, on the web (only the Passphrase page opens) and on the command
    line (every command but ``uncounted user passphrase`` refuses). Only a caller that did not
    have an administrator choose the passphrase says False, with its reason (the demo, whose
    passphrases are printed on purpose; test fixtures).
    """
    vault.require(Action.USERS_MANAGE)
    return store.add_user(vault, name, parse_role(role), passphrase, admin_set=admin_set)


def list_users(vault: VaultSession) -> list[UserRow]:
    """Every user of the vault (admin only)."""
    vault.require(Action.USERS_MANAGE)
    return store.list_users(vault.conn)


def user_named_by(vault: VaultSession, number: str) -> str:
    """The name of user number *number* (admin only), as the Users page's links carry it."""
    vault.require(Action.USERS_MANAGE)
    return store.user_named_by(vault.conn, number)


def deactivated_users(vault: VaultSession) -> set[str]:
    """The names of the deactivated users (admin only)."""
    vault.require(Action.USERS_MANAGE)
    return store.deactivated_users(vault.conn)


def deactivate_user(vault: VaultSession, name: str) -> Deactivated:
    """Cut *name* off (admin only): every case they held gets a new key, their keys leave
    this device, and they can no longer sign in; their open sessions end at once."""
    vault.require(Action.USERS_MANAGE)
    return store.deactivate_user(vault, name)


def reactivate_user(vault: VaultSession, name: str, passphrase: str) -> UserRow:
    """Let a deactivated user sign in again with *passphrase*, new keys and no grants."""
    vault.require(Action.USERS_MANAGE)
    return store.reactivate_user(vault, name, passphrase)


def change_role(vault: VaultSession, name: str, role: str) -> UserRow:
    """Give *name* another role (admin only; not one's own, not the last admin's)."""
    vault.require(Action.USERS_MANAGE)
    return store.change_role(vault, name, parse_role(role))


def removal_impact(vault: VaultSession, name: str) -> RemovalImpact:
    """What removing *name* takes from them (admin only): cases, drafts."""
    vault.require(Action.USERS_MANAGE)
    return store.removal_impact(vault.conn, name)


def remove_user(vault: VaultSession, name: str) -> Deactivated:
    """Remove *name* for good (admin only): cut off as by deactivation, their last key
    destroyed, their drafts and sign-in code deleted; never listed or reactivated again."""
    vault.require(Action.USERS_MANAGE)
    return store.remove_user(vault, name)


def reset_passphrase(
    vault: VaultSession, name: str, recovery_secret: str, new_passphrase: str
) -> None:
    """Give *name* a new passphrase with the recovery secret (admin only, audited); they must
    change it when they next sign in."""
    vault.require(Action.USERS_MANAGE)
    store.reset_passphrase(vault, name, recovery_secret, new_passphrase)
