"""The keyring file: each user's vault key and private key, wrapped under their passphrase.

It is the only thing outside the encrypted database that unlocking needs, and the thing that
``panic`` and a duress sign-in destroy. Everything in it is either public (user name, role,
public key, salt, Argon2id cost) or encrypted under an Argon2id-derived key.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from uncounted.errors import InputError, IntegrityError
from uncounted.messages import N_
from uncounted.vault import files, kdf, keys

FORMAT = 1


MIN_PASSPHRASE_LENGTH = 8


class KeyringDamaged(IntegrityError):
    """Raised when the vault's keyring file cannot be read as a keyring."""


class WeakPassphrase(InputError):
    """Raised when a new passphrase is shorter than :data:`MIN_PASSPHRASE_LENGTH` characters."""


def check_new_passphrase(passphrase: str) -> str:
    """*passphrase* when it is long enough to be worth stretching; :class:`WeakPassphrase` else."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(
            N_("a passphrase needs at least {count} characters; use several words"),
            count=MIN_PASSPHRASE_LENGTH,
        )
    return passphrase


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _label(user: str) -> bytes:
    return b"uncounted keyring v1\x1f" + user.encode("utf-8")


@dataclass(frozen=True)
class UserSecrets:
    """What a user's passphrase unlocks: the vault key and the user's X25519 private key."""

    vault_key: bytes
    private_key: bytes


@dataclass(frozen=True)
class KeyringEntry:
    """One user's wrapped secrets and, optionally, the hash of their duress passphrase."""

    user: str
    role: str
    public_key: bytes
    salt: bytes
    params: kdf.KdfParams
    wrapped: bytes
    duress_hash: bytes | None = None

    @classmethod
    def create(
        cls, user: str, role: str, secrets: UserSecrets, passphrase: str, params: kdf.KdfParams
    ) -> KeyringEntry:
        """Wrap *secrets* for *user* under a key stretched from *passphrase*."""
        check_new_passphrase(passphrase)
        salt = kdf.new_salt()
        wrapping_key = kdf.derive_key(passphrase, salt, params)
        wrapped = keys.secret_wrap(
            wrapping_key, secrets.vault_key + secrets.private_key, _label(user)
        )
        public = keys.public_from_private(secrets.private_key)
        return cls(user, role, public, salt, params, wrapped)

    def unwrap(self, passphrase: str) -> UserSecrets | None:
        """The secrets behind *passphrase*, or None when it is not this user's passphrase."""
        wrapping_key = kdf.derive_key(passphrase, self.salt, self.params)
        try:
            raw = keys.secret_unwrap(wrapping_key, self.wrapped, _label(self.user))
        except keys.UnwrapFailed:
            return None
        return UserSecrets(raw[: keys.KEY_BYTES], raw[keys.KEY_BYTES :])

    def is_duress(self, passphrase: str) -> bool:
        """True when *passphrase* is this user's duress passphrase."""
        return self.duress_hash is not None and kdf.matches(self.duress_hash, passphrase)

    def with_duress(self, passphrase: str) -> KeyringEntry:
        """This entry with *passphrase* set as the duress passphrase."""
        check_new_passphrase(passphrase)
        return replace(self, duress_hash=kdf.hash_for_verification(passphrase, self.params))

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "public_key": _b64(self.public_key),
            "salt": _b64(self.salt),
            "opslimit": self.params.opslimit,
            "memlimit": self.params.memlimit,
            "wrapped": _b64(self.wrapped),
            "duress": None if self.duress_hash is None else _b64(self.duress_hash),
        }

    @classmethod
    def from_json(cls, user: str, data: dict[str, Any]) -> KeyringEntry:
        duress = data.get("duress")
        return cls(
            user=user,
            role=str(data["role"]),
            public_key=_unb64(data["public_key"]),
            salt=_unb64(data["salt"]),
            params=kdf.KdfParams(int(data["opslimit"]), int(data["memlimit"])),
            wrapped=_unb64(data["wrapped"]),
            duress_hash=None if duress is None else _unb64(duress),
        )


@dataclass(frozen=True)
class Keyring:
    """All users' entries on this device."""

    entries: dict[str, KeyringEntry] = field(default_factory=dict)

    def with_entry(self, entry: KeyringEntry) -> Keyring:
        return Keyring({**self.entries, entry.user: entry})

    def to_bytes(self) -> bytes:
        users = {name: entry.to_json() for name, entry in sorted(self.entries.items())}
        return json.dumps({"format": FORMAT, "users": users}, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, content: bytes, origin: str) -> Keyring:
        try:
            data = json.loads(content.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
            users = data["users"]
            return cls({name: KeyringEntry.from_json(name, d) for name, d in users.items()})
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise KeyringDamaged(
                N_("the keyring {path} is damaged and cannot be read"), path=origin
            ) from error


def load(path: Path) -> Keyring:
    """The keyring at *path*; an empty keyring if it was destroyed."""
    if not path.exists():
        return Keyring()
    return Keyring.from_bytes(path.read_bytes(), str(path))


_holders_seen: dict[Path, tuple[tuple[int, ...], dict[str, bytes]]] = {}
_holders_guard = threading.Lock()


def holders(path: Path) -> dict[str, bytes]:
    """Who holds keys on this device now: each user name with their public key.

    Asked by the web application on every request (sessions follow the keyring: a user whose
    entry was removed by ``panic``, a duress sign-in or a deactivation, in this process or
    another, is signed out at their next request). The file is read again only when its
    identity or times changed since the last read (every write replaces or rewrites it).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    with _holders_guard:
        seen = _holders_seen.get(path)
        if seen is not None and seen[0] == signature:
            return seen[1]
    found = {name: entry.public_key for name, entry in load(path).entries.items()}
    with _holders_guard:
        _holders_seen[path] = (signature, found)
    return found


def save(path: Path, keyring: Keyring) -> None:
    """Write *keyring* to *path* atomically."""
    files.write_atomically(path, keyring.to_bytes())


def shred(path: Path) -> None:
    """Destroy every wrapped key on this device (``panic``): overwrite, remove, leave empty."""
    files.overwrite_and_remove(path)
    save(path, Keyring())


@dataclass(frozen=True)
class RecoveryFile:
    """The vault key sealed to the organisation's offline recovery key."""

    public_key: bytes
    wrapped_vault_key: bytes

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "public_key": _b64(self.public_key),
            "wrapped_vault_key": _b64(self.wrapped_vault_key),
        }
        return json.dumps(data, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, content: bytes, origin: str) -> RecoveryFile:
        try:
            data = json.loads(content.decode("utf-8"))
            return cls(_unb64(data["public_key"]), _unb64(data["wrapped_vault_key"]))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise KeyringDamaged(N_("the recovery file {path} is damaged"), path=origin) from error
