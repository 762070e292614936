"""Where a vault keeps its files: one directory, three files, nothing elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from uncounted.errors import NotFound
from uncounted.messages import N_


class VaultNotFound(NotFound):
    """Raised when the directory named as a vault holds no uncounted vault."""


@dataclass(frozen=True)
class VaultLayout:
    """The files of the vault in *root*.

    ``vault.db`` is the SQLCipher database and ``access.db`` the log of identity reads;
    ``keyring.area`` holds each user's keys wrapped under their passphrase (what ``panic``
    destroys, overwriting it in place: ``key_area.py``); ``recovery.json`` holds the vault
    key sealed to the organisation's offline recovery key.
    """

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "vault.db"

    @property
    def access_log(self) -> Path:
        """Who was shown which identities (``uncounted.vault.access_log``); made on first use."""
        return self.root / "access.db"

    @property
    def keyring(self) -> Path:
        return self.root / "keyring.area"

    @property
    def recovery(self) -> Path:
        return self.root / "recovery.json"

    def leftovers(self) -> list[Path]:
        """What a process killed midway may have left: half-written evidence blobs
        (``evidence/.*.partial``) and half-restored copies of this vault beside it
        (``.NAME.restoring-*``). Destroyed at the next unlock (``files.remove_leftovers``)."""
        partial = sorted((self.root / "evidence").glob(".*.partial"))
        return partial + sorted(self.root.parent.glob(f".{self.root.name}.restoring-*"))

    def files(self) -> list[Path]:
        """Every file the vault consists of (the database's journal included when present)."""
        return sorted(path for path in self.root.iterdir() if path.is_file())

    def require_existing(self) -> None:
        """Raise :class:`VaultNotFound` unless this directory holds a vault."""
        if not self.database.is_file() or not self.recovery.is_file():
            raise VaultNotFound(
                N_("{path} is not an uncounted vault (no vault.db in it)"), path=self.root
            )
