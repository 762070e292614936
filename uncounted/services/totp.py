"""The optional second factor of signing in: a code from an authenticator app (TOTP).

Enrolment is two calls: :func:`start` makes a secret (kept by the caller, e.g. in the web
session, and shown to the user as text and QR code), then :func:`enable` stores it once a code
from the app proves the app holds it. Signing in with a code is
:func:`uncounted.services.vaults.sign_in`.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted import vault as store
from uncounted.vault import (
    Action,
    SecondFactorAlreadyOn,
    SecondFactorOff,
    VaultSession,
    WrongCode,
    WrongPassphraseForChange,
)

__all__ = [
    "Enrolment",
    "SecondFactorAlreadyOn",
    "SecondFactorOff",
    "WrongCode",
    "WrongPassphraseForChange",
    "disable",
    "enable",
    "enable_now",
    "is_on",
    "reset",
    "start",
    "users_with_codes",
]

_GROUP = 4


@dataclass(frozen=True)
class Enrolment:
    """A secret not yet switched on: the base32 text, and the URI a QR code carries."""

    secret: str
    uri: str

    @property
    def grouped(self) -> str:
        """The secret in groups of four letters, easier to type into an app by hand."""
        return " ".join(self.secret[i : i + _GROUP] for i in range(0, len(self.secret), _GROUP))


def start(vault: VaultSession) -> Enrolment:
    """A new secret for the signed-in user (nothing is stored until :func:`enable`)."""
    secret = store.totp_new_secret()
    return Enrolment(secret, store.totp_provisioning_uri(secret, vault.user.name))


def enable(vault: VaultSession, enrolment: Enrolment, code: str) -> None:
    """Switch the second factor on with *enrolment*'s secret once *code* matches it (audited)."""
    store.totp_enable(vault, enrolment.secret, code)


def enable_now(vault: VaultSession) -> Enrolment:
    """Make a secret and switch it on at once (command line, automation); audited.

    The caller must show the returned URI to the user: it is the only copy outside the vault.
    """
    enrolment = start(vault)
    store.totp_enable_unconfirmed(vault, enrolment.secret)
    return enrolment


def is_on(vault: VaultSession) -> bool:
    """True when the signed-in user signs in with a code."""
    return store.totp_is_on(vault.conn, vault.user.id)


def disable(vault: VaultSession, passphrase: str, code: str | None) -> None:
    """Switch the signed-in user's second factor off: passphrase re-entered and a current code."""
    store.totp_disable(vault, passphrase, code)


def reset(vault: VaultSession, user: str) -> None:
    """Switch *user*'s second factor off for them, e.g. after a lost phone (admin, audited)."""
    vault.require(Action.USERS_MANAGE)
    store.totp_reset(vault, user)


def users_with_codes(vault: VaultSession) -> set[str]:
    """The names of the users whose second factor is on (admin)."""
    vault.require(Action.USERS_MANAGE)
    return store.totp_users(vault)
