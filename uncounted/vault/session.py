"""An unlocked vault: the open database and one user's keys, held in memory only.

A :class:`VaultSession` is what ``unlock`` returns and what every vault operation takes. Its
``close()`` closes the database and overwrites the key buffers it owns (best effort: Python
may have copied bytes elsewhere; the process should end soon after, as the CLI's does).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from types import TracebackType

from uncounted.vault.access_log import open_access_log
from uncounted.vault.database import Connection
from uncounted.vault.layout import VaultLayout
from uncounted.vault.permissions import Action, Role, require


@dataclass(frozen=True)
class UserRow:
    """A user of the vault as stored in its database."""

    id: int
    name: str
    role: Role
    public_key: bytes


@dataclass(frozen=True)
class CaseKey:
    """The current key of a case this session holds, with its version."""

    case_id: int
    name: str
    version: int
    key: bytes


@dataclass
class VaultSession:
    """One user's unlocked view of one vault."""

    layout: VaultLayout
    conn: Connection
    user: UserRow
    _vault_key: bytearray
    _private_key: bytearray
    _pseudonym_key: bytearray
    is_decoy: bool = False
    _case_keys: dict[int, CaseKey] = field(default_factory=dict)
    _closed: bool = False
    _access_conn: Connection | None = None
    _access_guard: threading.Lock = field(default_factory=threading.Lock)
    #: Where this session's identity reads are shown when no page view gathers them (the
    #: command line's command, "uncounted records"); said in their audit entries.
    reads_where: str = ""
    #: What a service keeps in memory between one request of this session and the next
    #: (the review page's scored pairs), never written anywhere; emptied on close.
    memo: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def vault_key(self) -> bytes:
        self._check_open()
        return bytes(self._vault_key)

    @property
    def private_key(self) -> bytes:
        self._check_open()
        return bytes(self._private_key)

    @property
    def pseudonym_key(self) -> bytes:
        self._check_open()
        return bytes(self._pseudonym_key)

    @property
    def access_conn(self) -> Connection:
        """The access log's database (``uncounted.vault.access_log``), opened on first use.

        A decoy session keeps its access log in memory, beside its in-memory vault.
        """
        self._check_open()
        with self._access_guard:
            if self._access_conn is None:
                path = ":memory:" if self.is_decoy else self.layout.access_log
                self._access_conn = open_access_log(path, bytes(self._vault_key))
            return self._access_conn

    @property
    def case_key_cache(self) -> dict[int, CaseKey]:
        """Case keys unwrapped so far in this session (cleared by :meth:`close`)."""
        return self._case_keys

    @property
    def closed(self) -> bool:
        return self._closed

    def require(self, action: Action) -> None:
        """Raise unless this session's user may perform *action*."""
        require(self.user.role, action)

    def close(self) -> None:
        """Close the database and wipe the keys held by this session."""
        if self._closed:
            return
        self._closed = True
        for buffer in (self._vault_key, self._private_key, self._pseudonym_key):
            buffer[:] = bytes(len(buffer))
        self._case_keys.clear()
        self.memo.clear()
        with self._access_guard:
            if self._access_conn is not None:
                self._access_conn.close()
        self.conn.close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this vault session was closed")

    def __enter__(self) -> VaultSession:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
