"""The keyring: each user's vault key and private key, wrapped under their passphrase.

It is the only thing outside the encrypted database that unlocking needs, and the thing that
``panic`` and a duress sign-in destroy. Everything in it is either public (user name, role,
public key, salt, Argon2id cost) or encrypted under an Argon2id-derived key.

On the device it lives in the key area (``key_area.py``: fixed-size slots overwritten in place,
never renamed or copied), one slot per user. What a passphrase wraps is not the 64 bytes of
secrets themselves but their anti-forensic split (``antiforensic.py``, 4,000 stripes): a
fragment of an old slot that survived somewhere on the disk opens nothing. A keyring of an
earlier version (``keyring.json``, written by atomic rename) is carried into the area the
first time the vault is opened, and the file is then overwritten and removed; its entries are
split the next time their user signs in (their passphrase is needed to wrap them again).
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
from uncounted.vault import aead, antiforensic, files, kdf, key_area, keys

FORMAT = 1


MIN_PASSPHRASE_LENGTH = 8


class KeyringDamaged(IntegrityError):
    """Raised when the vault's keyring file cannot be read as a keyring."""


#: The fewest guesses (as a power of ten) zxcvbn may estimate for a new passphrase: 10^8 for
#: an administrator (zxcvbn's score 3, "safely unguessable" against an online attack; an admin's
#: passphrase opens every case made while they are admin), 10^6 for everyone else (score 2) and
#: for a duress passphrase. ``12345678`` is about 10^0.6, ``correct horse battery staple`` 10^20.
MIN_GUESSES_LOG10 = {"admin": 8.0}
MIN_GUESSES_LOG10_DEFAULT = 6.0


class WeakPassphrase(InputError):
    """Raised when a new passphrase is too short or too easy to guess for the user's role."""

    form_field = "passphrase"


def guesses_log10(passphrase: str, user_inputs: tuple[str, ...] = ()) -> float:
    """zxcvbn's estimate of how many guesses *passphrase* takes, as a power of ten."""
    from zxcvbn import zxcvbn  # its word lists load in a few milliseconds: only when needed

    result = zxcvbn(passphrase[:72], user_inputs=[*user_inputs, "uncounted"], max_length=72)
    return float(result["guesses_log10"])


def passphrase_strength(
    passphrase: str, role: str | None = None, user: str = ""
) -> tuple[float, float, bool]:
    """(estimated guesses, guesses *role* needs, both powers of ten; whether it would do)."""
    need = MIN_GUESSES_LOG10.get(role or "", MIN_GUESSES_LOG10_DEFAULT)
    have = guesses_log10(passphrase, (user,) if user else ())
    return have, need, have >= need and len(passphrase) >= MIN_PASSPHRASE_LENGTH


def check_new_passphrase(passphrase: str, role: str | None = None, user: str = "") -> str:
    """*passphrase* when it is long enough and hard enough to guess for *role*.

    :class:`WeakPassphrase` otherwise: fewer than :data:`MIN_PASSPHRASE_LENGTH` characters, or
    fewer guesses (zxcvbn, with the user's name counted as known) than the role's minimum in
    :data:`MIN_GUESSES_LOG10`.
    """
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(
            N_("a passphrase needs at least {count} characters; use several words"),
            count=MIN_PASSPHRASE_LENGTH,
        )
    have, need, _ = passphrase_strength(passphrase, role, user)
    if have < need:
        raise WeakPassphrase(
            N_(
                "this passphrase is too easy to guess (about 10^{have} guesses; this role needs"
                " 10^{need}); use several unrelated words"
            ),
            have=int(have),
            need=int(need),
        )
    return passphrase


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


_SECRETS_BYTES = 2 * keys.KEY_BYTES  # the vault key and the user's private key


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
    #: The passphrase was given by an administrator (a new user, a reset, a reactivation): the
    #: web application lets its user do nothing but change it (``lifecycle.must_change``).
    admin_set: bool = False

    @classmethod
    def create(
        cls,
        user: str,
        role: str,
        secrets: UserSecrets,
        passphrase: str,
        params: kdf.KdfParams,
        admin_set: bool = False,
    ) -> KeyringEntry:
        """Wrap *secrets* for *user* under a key stretched from *passphrase* (*admin_set*: an
        administrator chose it, and its user must change it)."""
        check_new_passphrase(passphrase, role, user)
        salt = kdf.new_salt()
        wrapping_key = kdf.derive_key(passphrase, salt, params)
        split = antiforensic.split(secrets.vault_key + secrets.private_key)
        wrapped = keys.secret_wrap(wrapping_key, split, _label(user))
        public = keys.public_from_private(secrets.private_key)
        return cls(user, role, public, salt, params, wrapped, admin_set=admin_set)

    def unwrap(self, passphrase: str) -> UserSecrets | None:
        """The secrets behind *passphrase*, or None when it is not this user's passphrase."""
        wrapping_key = kdf.derive_key(passphrase, self.salt, self.params)
        try:
            raw = keys.secret_unwrap(wrapping_key, self.wrapped, _label(self.user))
        except keys.UnwrapFailed:
            if self.is_split:  # the merge a right passphrase costs, so no time tells the two
                stripes = antiforensic.STRIPES
                antiforensic.merge(bytes(stripes * _SECRETS_BYTES), stripes)
            return None
        if len(raw) > _SECRETS_BYTES:  # split (every entry written since the key area)
            raw = antiforensic.merge(raw, len(raw) // _SECRETS_BYTES)
        return UserSecrets(raw[: keys.KEY_BYTES], raw[keys.KEY_BYTES :])

    @property
    def is_split(self) -> bool:
        """False for an entry carried over from a ``keyring.json`` (wrapped whole)."""
        return len(self.wrapped) > _SECRETS_BYTES + aead.NONCE_BYTES + aead.TAG_BYTES

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
            "admin_set": self.admin_set,
        }

    @classmethod
    def from_json(cls, user: str, data: dict[str, Any]) -> KeyringEntry:
        """The entry *data* describes; :class:`ValueError` for a salt of the wrong size (a
        forged keyring or backup header: libsodium would refuse it later, in a traceback)."""
        duress = data.get("duress")
        if len(_unb64(data["salt"])) != kdf.SALT_BYTES:
            raise ValueError("salt")
        return cls(
            user=user,
            role=str(data["role"]),
            public_key=_unb64(data["public_key"]),
            salt=_unb64(data["salt"]),
            params=kdf.KdfParams(int(data["opslimit"]), int(data["memlimit"])),
            wrapped=_unb64(data["wrapped"]),
            duress_hash=None if duress is None else _unb64(duress),
            admin_set=data.get("admin_set") is True,
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
        # OverflowError: a cost written as 85e384 reads as infinity, which int() refuses
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as error:
            raise KeyringDamaged(
                N_("the keyring {path} is damaged and cannot be read"), path=origin
            ) from error


def _payload(entry: KeyringEntry) -> bytes:
    """An entry as its key-area slot holds it: its public fields as JSON, then the wrapping."""
    public = {key: value for key, value in entry.to_json().items() if key != "wrapped"}
    text = json.dumps(public, sort_keys=True).encode("utf-8")
    return len(text).to_bytes(4, "big") + text + entry.wrapped


def _entry(user: str, payload: bytes) -> KeyringEntry:
    length = int.from_bytes(payload[:4], "big")
    data = json.loads(payload[4 : 4 + length].decode("utf-8"))
    return KeyringEntry.from_json(user, {**data, "wrapped": _b64(payload[4 + length :])})


def _legacy(path: Path) -> Path:
    """Where a version before the key area kept the keyring (beside the area)."""
    return path.with_name("keyring.json")


def _ready(path: Path) -> None:
    """Make the key area at *path* if missing, carrying in a ``keyring.json`` left beside it,
    which is then overwritten and removed (with any temporary file of its atomic writes)."""
    legacy = _legacy(path)
    if path.exists() and not legacy.exists():
        return
    key_area.create(path)
    if legacy.exists():
        old = Keyring.from_bytes(legacy.read_bytes(), str(legacy))
        carried = {name: _payload(entry) for name, entry in old.entries.items()}
        key_area.update(path, lambda current: {**carried, **current})
        files.overwrite_and_remove(legacy)
    for leftover in path.parent.glob(f".{legacy.name}.*"):
        files.overwrite_and_remove(leftover)


def load(path: Path) -> Keyring:
    """The keyring in the key area at *path*; an empty keyring after ``panic``."""
    _ready(path)
    try:
        payloads = key_area.read(path)
        return Keyring({name: _entry(name, payload) for name, payload in payloads.items()})
    except (key_area.KeyAreaDamaged, ValueError, KeyError, TypeError) as error:
        raise KeyringDamaged(
            N_("the keyring {path} is damaged and cannot be read"), path=str(path)
        ) from error


@dataclass(frozen=True)
class Held:
    """What the keyring says in the clear of one user's keys on this device."""

    public_key: bytes
    role: str
    admin_set: bool


_holders_seen: dict[Path, tuple[bytes, dict[str, Held]]] = {}
_holders_guard = threading.Lock()


def _held(entry: KeyringEntry) -> Held:
    return Held(entry.public_key, entry.role, entry.admin_set)


def holders(path: Path) -> dict[str, Held]:
    """Who holds keys on this device now: each user name with their public key and role.

    Asked by the web application on every request (sessions follow the keyring: a user whose
    entry was removed by ``panic``, a duress sign-in, a deactivation or a removal, or whose
    role was changed, in this process or another, is signed out at their next request). The
    key area's header is read every time (48 bytes); its slots only when its epoch changed
    since the last read.
    """
    try:
        marker = key_area.epoch(path)
    except key_area.KeyAreaDamaged:
        marker = None
    if marker is None:
        return {name: _held(entry) for name, entry in load(path).entries.items()}
    with _holders_guard:
        seen = _holders_seen.get(path)
        if seen is not None and seen[0] == marker:
            return seen[1]
    found = {name: _held(entry) for name, entry in load(path).entries.items()}
    with _holders_guard:
        _holders_seen[path] = (marker, found)
    return found


def save(path: Path, keyring: Keyring) -> None:
    """Make the key area at *path* hold exactly *keyring*, overwriting in place."""
    _ready(path)
    wanted = {name: _payload(entry) for name, entry in keyring.entries.items()}
    key_area.update(path, lambda current: wanted)


def set_role(path: Path, user: str, role: str) -> None:
    """Write *role* into *user*'s entry, if any (a public field: no passphrase is needed). The
    key area's epoch changes with it, which is how open sessions learn of a role change."""
    ring = load(path)
    entry = ring.entries.get(user)
    if entry is not None and entry.role != role:
        save(path, ring.with_entry(replace(entry, role=role)))


def shred(path: Path) -> None:
    """Destroy every wrapped key on this device (``panic``): every slot overwritten in place."""
    _ready(path)
    key_area.erase_all(path)


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
