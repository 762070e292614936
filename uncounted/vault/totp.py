"""The optional second factor: a TOTP secret (RFC 6238) sealed under the user's own key.

Codes are computed by ``pyotp`` (HMAC-SHA1, 6 digits, 30-second steps, what every
authenticator app expects); nothing here is a cipher or a MAC of our own. The secret is stored
in the ``user_totp`` table encrypted with XChaCha20-Poly1305 under a subkey of the user's X25519
private key (so only the user's passphrase, or the recovery secret that restores that key,
opens it; another user holding the vault key sees random bytes), bound to the user's id.

A code is accepted for the current step and one step either side; the step it matched is
stored, and a code whose step is not later than the last accepted one is refused, so a code
seen over a shoulder or in a log cannot be used twice (RFC 6238, section 5.2).
"""

from __future__ import annotations

import hmac
import re
import time
from datetime import UTC, datetime

import pyotp

from uncounted.errors import AccessDenied, InputError
from uncounted.messages import N_
from uncounted.vault import audit, keyring, keys
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.session import VaultSession
from uncounted.vault.users import find_user

#: Steps either side of the current one that are still accepted (clock drift, slow typing).
WINDOW = 1
DIGITS = 6
_CODE = re.compile(rf"^[0-9]{{{DIGITS}}}$")
_PURPOSE = b"totp-secret"
STAYS_ON = N_("wrong passphrase or code; the sign-in code stays on")
_LONGEST_TYPED = 32  # six digits with generous spacing; anything longer is not a code


class WrongCode(AccessDenied):
    """Raised when a TOTP code is missing, wrong, too old, or was already used."""


class WrongPassphraseForChange(AccessDenied):
    """Raised when the passphrase re-entered to turn the second factor off is not the user's."""


class SecondFactorAlreadyOn(InputError):
    """Raised when enrolling a user whose second factor is already on (turn it off first)."""


class SecondFactorOff(InputError):
    """Raised when turning off or resetting a second factor that is not on."""


def new_secret() -> str:
    """A fresh random secret (160 bits, base32), for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, user: str) -> str:
    """The ``otpauth://`` URI of *secret*, labelled with the user name only.

    No issuer is named: a phone searched at a checkpoint shows an entry called after the user,
    not the name of a documentation system.
    """
    return pyotp.TOTP(secret).provisioning_uri(name=user)


def normalise(code: str | None) -> str | None:
    """*code* without spaces and hyphens when it has the form of a code, else None."""
    if code is None or len(code) > _LONGEST_TYPED:
        return None
    compact = re.sub(r"[\s-]", "", code)
    return compact if _CODE.match(compact) else None


def matching_step(secret: str, code: str | None, at: float | None = None) -> int | None:
    """The latest time step within the window whose code is *code*, or None."""
    compact = normalise(code)
    if compact is None:
        return None
    otp = pyotp.TOTP(secret, digits=DIGITS)
    current = otp.timecode(datetime.fromtimestamp(time.time() if at is None else at, UTC))
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # compare every candidate, so the time taken does not say which step matched
        if hmac.compare_digest(otp.generate_otp(step).encode(), compact.encode()):
            found = step
    return found


def _label(user_id: int) -> bytes:
    return b"uncounted totp v1\x1f" + str(user_id).encode("ascii")


def _seal(session: VaultSession, secret: str) -> bytes:
    key = keys.subkey(session.private_key, _PURPOSE)
    return keys.secret_wrap(key, secret.encode("ascii"), _label(session.user.id))


def _open(session: VaultSession, sealed: bytes) -> str | None:
    key = keys.subkey(session.private_key, _PURPOSE)
    try:
        return keys.secret_unwrap(key, sealed, _label(session.user.id)).decode("ascii")
    except keys.UnwrapFailed:
        return None


def _row(conn: Connection, user_id: int) -> tuple[bytes, int] | None:
    row = conn.execute(
        "SELECT sealed_secret, last_step FROM user_totp WHERE user_id = ?", (user_id,)
    ).fetchone()
    return None if row is None else (bytes(row[0]), int(row[1]))


def is_on(conn: Connection, user_id: int) -> bool:
    """True when the user with *user_id* signs in with a code."""
    return _row(conn, user_id) is not None


def users_with_codes(session: VaultSession) -> set[str]:
    """The names of the users whose second factor is on (admin)."""
    rows = session.conn.execute(
        "SELECT users.name FROM user_totp JOIN users ON users.id = user_totp.user_id"
    ).fetchall()
    return {str(row[0]) for row in rows}


def enable(session: VaultSession, secret: str, code: str, at: float | None = None) -> None:
    """Turn the second factor on for the signed-in user, once *code* proves the app has *secret*.

    The confirming code is spent: it cannot then be used to sign in.
    """
    if is_on(session.conn, session.user.id):
        raise SecondFactorAlreadyOn(N_("the sign-in code is already on; turn it off first"))
    step = matching_step(secret, code, at)
    if step is None:
        raise WrongCode(N_("that code does not match; check the phone's clock and try a new code"))
    _store(session, secret, step, confirmed=True)


def enable_unconfirmed(session: VaultSession, secret: str) -> None:
    """Turn the second factor on with *secret* without a code (command line, automation)."""
    if is_on(session.conn, session.user.id):
        raise SecondFactorAlreadyOn(N_("the sign-in code is already on; turn it off first"))
    _store(session, secret, 0, confirmed=False)


def _store(session: VaultSession, secret: str, step: int, *, confirmed: bool) -> None:
    conn = session.conn
    with transaction(conn):
        conn.execute(
            "INSERT INTO user_totp (user_id, sealed_secret, last_step, enabled_at)"
            " VALUES (?, ?, ?, ?)",
            (session.user.id, _seal(session, secret), step, now()),
        )
        audit.record(
            conn,
            audit.AuditEntry(
                session.user.name, "totp.enable", session.user.name, {"confirmed": confirmed}
            ),
        )


def check(session: VaultSession, code: str | None, at: float | None = None) -> None:
    """Refuse the sign-in of *session* unless its user has no second factor or *code* is good.

    A good code is one of the window that is later than the last code accepted; accepting it
    records its step in the same statement that checks it, so two sign-ins racing with one code
    cannot both pass.
    """
    conn = session.conn
    row = _row(conn, session.user.id)
    if row is None:
        return
    secret = _open(session, row[0])
    step = None if secret is None else matching_step(secret, code, at)
    if step is None:
        raise WrongCode(
            N_("wrong or missing sign-in code for user {user!r}"), user=session.user.name
        )
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?",
            (step, session.user.id, step),
        )
    if cursor.rowcount != 1:
        raise WrongCode(
            N_("that sign-in code for user {user!r} was already used"), user=session.user.name
        )


def disable(
    session: VaultSession, passphrase: str, code: str | None, at: float | None = None
) -> None:
    """Turn the signed-in user's second factor off: their passphrase and a current code."""
    conn = session.conn
    if not is_on(conn, session.user.id):
        raise SecondFactorOff(N_("the sign-in code is not on"))
    if not session.is_decoy:
        entry = keyring.load(session.layout.keyring).entries.get(session.user.name)
        if entry is None or entry.unwrap(passphrase) is None:
            raise WrongPassphraseForChange(
                N_("wrong passphrase or code; the sign-in code stays on")
            )
    try:
        check(session, code, at)
    except WrongCode:
        raise WrongCode(STAYS_ON) from None
    with transaction(conn):
        conn.execute("DELETE FROM user_totp WHERE user_id = ?", (session.user.id,))
        audit.record(conn, audit.AuditEntry(session.user.name, "totp.disable", session.user.name))


def reset(session: VaultSession, user: str) -> None:
    """Turn *user*'s second factor off for them (admin; e.g. a lost phone), audited."""
    conn = session.conn
    target = find_user(conn, user)
    if not is_on(conn, target.id):
        raise SecondFactorOff(N_("user {user!r} has no sign-in code to reset"), user=user)
    with transaction(conn):
        conn.execute("DELETE FROM user_totp WHERE user_id = ?", (target.id,))
        audit.record(conn, audit.AuditEntry(session.user.name, "totp.reset", user))
