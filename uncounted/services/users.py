"""Managing the users of a vault: add, list, deactivate, reactivate, change a role."""

from __future__ import annotations

from uncounted import vault as store
from uncounted.vault import (
    Action,
    Deactivated,
    Role,
    RoleChangeRefused,
    UserRow,
    VaultSession,
    parse_role,
)

__all__ = [
    "Deactivated",
    "Role",
    "RoleChangeRefused",
    "UserRow",
    "add_user",
    "change_role",
    "deactivate_user",
    "deactivated_users",
    "list_users",
    "reactivate_user",
    "roles",
]


def roles() -> list[str]:
    """The role names, in order of decreasing power."""
    return [role.value for role in Role]


def add_user(vault: VaultSession, name: str, role: str, passphrase: str) -> UserRow:
    """Add user *name* with *role* (admin only); they sign in with *passphrase*."""
    vault.require(Action.USERS_MANAGE)
    return store.add_user(vault, name, parse_role(role), passphrase)


def list_users(vault: VaultSession) -> list[UserRow]:
    """Every user of the vault (admin only)."""
    vault.require(Action.USERS_MANAGE)
    return store.list_users(vault.conn)


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
