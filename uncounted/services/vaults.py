"""Creating, opening, shredding and recovering vaults: one function per user action.

An :data:`UnlockedVault` is what :func:`unlock` returns: the user's keys in memory and an open
database. Every other service takes it; ``close()`` wipes the keys. The CLI opens one per
command; the web app keeps one per signed-in session.
"""

from __future__ import annotations

from pathlib import Path

from uncounted import vault as store
from uncounted.errors import AccessDenied
from uncounted.messages import N_
from uncounted.vault import Action, VaultSession

UnlockedVault = VaultSession

__all__ = [
    "PassphraseChangeRequired",
    "UnlockedVault",
    "change_passphrase",
    "default_user",
    "init_vault",
    "must_change_passphrase",
    "note_lockout",
    "panic",
    "panic_after",
    "passphrase_strength",
    "prepare_sign_in",
    "recover",
    "require_own_passphrase",
    "require_vault",
    "set_duress",
    "set_panic_after",
    "sign_in",
    "still_signed_in",
    "unlock",
    "user_names",
]


def init_vault(path: Path, admin: str, passphrase: str) -> str:
    """Create a vault in *path* whose first admin is *admin*; return the recovery secret.

    The secret is returned once and stored nowhere: the caller must show it to the user.
    """
    return store.create_vault(path, admin, passphrase)


def require_vault(path: Path) -> None:
    """Raise :class:`~uncounted.errors.NotFound` unless *path* holds a vault."""
    store.VaultLayout(path).require_existing()


def user_names(path: Path) -> list[str]:
    """The names of the users who can sign in to the vault in *path* on this device."""
    return store.user_names(path)


def default_user(path: Path) -> str:
    """The vault's only user (for commands run without ``--user``)."""
    return store.default_user(path)


def unlock(path: Path, user: str | None, passphrase: str, via: str = "cli") -> UnlockedVault:
    """Sign *user* (default: the only user) in to the vault in *path*.

    Raises :class:`~uncounted.errors.AccessDenied` for a wrong passphrase (or a deactivated
    user), changing nothing but the sealed note of the failure that the next unlock puts into
    the audit trail (``uncounted.vault.sign_in_failures``; *via* says which door: "cli" or
    "web"). A duress passphrase destroys this device's keys and returns an empty vault that
    behaves like a real one (callers must not treat it differently).
    """
    name = user or store.default_user(path)
    try:
        return store.unlock(path, name, passphrase)
    except AccessDenied:
        store.note_failed_sign_in(path, name, "signin.failed", via)
        raise


def note_lockout(path: Path, user: str) -> None:
    """Keep, sealed, for the audit trail: the web's throttle locked the name *user* out."""
    store.note_failed_sign_in(path, user, "signin.lockout", "web")


def sign_in(path: Path, user: str, passphrase: str, code: str | None) -> UnlockedVault:
    """Sign *user* in with the passphrase and, when their second factor is on, a TOTP *code*.

    This is the web application's door (the one reachable over a network). A wrong
    passphrase, or a missing, wrong or already used code, raises
    :class:`~uncounted.errors.AccessDenied`; when the code fails, the keys the passphrase
    unlocked are wiped before the error leaves this function. A duress passphrase returns the
    empty decoy vault whatever the code (the real secret is not readable with it).
    """
    vault = unlock(path, user, passphrase, "web")
    if vault.is_decoy:
        return vault
    try:
        store.totp_check(vault, code)
    except BaseException as error:
        vault.close()
        if isinstance(error, AccessDenied):
            store.note_failed_sign_in(path, user, "signin.failed", "web")
        raise
    return vault


def prepare_sign_in() -> None:
    """Work out ahead, in the background, what a duress sign-in needs, so that no sign-in
    takes longer than another (the web server calls this when it starts)."""
    store.prepare_sign_in()


def still_signed_in(vault: UnlockedVault) -> bool:
    """Whether *vault*'s keys are still on this device (false after panic or duress elsewhere).

    Whoever keeps an unlocked vault open between actions (the web application) asks this
    before each one and closes the vault when it is false.
    """
    return store.still_on_device(vault)


def must_change_passphrase(vault: UnlockedVault) -> bool:
    """Whether the signed-in user still has the passphrase an administrator gave them."""
    return store.must_change_passphrase(vault)


class PassphraseChangeRequired(AccessDenied):
    """Raised when a user whose passphrase an administrator set asks for anything but changing
    it (the command line's refusal; the web shows such a user only the Passphrase page)."""


def require_own_passphrase(vault: UnlockedVault, path: Path) -> None:
    """Raise :class:`PassphraseChangeRequired` while *vault*'s user still has the passphrase an
    administrator set (a new user, a reset, a reactivation), naming the command that changes
    it; the keys are wiped first."""
    if must_change_passphrase(vault):
        vault.close()
        raise PassphraseChangeRequired(
            N_(
                "an administrator set your passphrase: change it first with"
                " `uncounted user passphrase {vault}`; nothing else was done"
            ),
            vault=path,
        )


def set_duress(
    vault: UnlockedVault, duress_passphrase: str, current_passphrase: str | None = None
) -> None:
    """Set the signed-in user's duress passphrase on this device (the web form gives the
    current passphrase too, which must open the user's keys)."""
    vault.require(Action.DURESS_SET)
    store.set_duress(vault, duress_passphrase, current_passphrase)


def change_passphrase(
    vault: UnlockedVault, new_passphrase: str, current_passphrase: str | None = None
) -> None:
    """Re-wrap the signed-in user's keys under *new_passphrase* (audited).

    *current_passphrase*, when given, must be the user's passphrase (the web form asks for it).
    """
    store.change_passphrase(vault, new_passphrase, current=current_passphrase)


def passphrase_strength(
    passphrase: str, role: str | None = None, user: str = ""
) -> tuple[float, float, bool]:
    """How many guesses *passphrase* takes, how many *role* needs (powers of ten), and
    whether it would be accepted."""
    return store.passphrase_strength(passphrase, role, user)


def check_new_passphrase(passphrase: str, role: str, user: str) -> None:
    """Refuse *passphrase* as *user*'s new one (:class:`~uncounted.vault.keyring.WeakPassphrase`,
    InputError) when it is too short or too easy to guess for *role*: the rule that changing
    it applies, asked before the current passphrase is checked."""
    store.check_new_passphrase(passphrase, role, user)


def panic_after(path: Path) -> int | None:
    """The vault's own setting: after how many failed sign-ins in a row the web server destroys
    this device's keys (None: never). Read without a sign-in (when a sign-in fails)."""
    return store.stored_panic_after(path)


def set_panic_after(vault: UnlockedVault, failures: int | None) -> None:
    """Set the vault's panic-after-N (None: off; admin; audited ``vault.panic_after``).
    ``uncounted serve --panic-after N`` wins over it while that server runs."""
    vault.require(Action.VAULT_SETTINGS)
    store.store_panic_after(vault, failures)


def panic(path: Path) -> None:
    """Destroy this device's wrapped keys: no passphrase opens the vault afterwards."""
    store.panic(path)


def recover(path: Path, user: str, recovery_secret: str, new_passphrase: str) -> None:
    """Restore *user*'s access with the organisation's recovery secret and a new passphrase."""
    store.recover_access(path, user, recovery_secret, new_passphrase)
