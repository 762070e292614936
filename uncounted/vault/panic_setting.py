"""The vault's own panic-after-N setting: this many failed sign-ins in a row destroy the keys.

Stored beside the vault, in the clear, in ``panic-after.json`` (``{"failures": N}``; no file:
off), because it is read when a sign-in fails, when no key is at hand: it is a number that
identifies no one. Changing it is audited (``vault.panic_after``) in the vault's log.

What it does not promise: whoever can write to the vault's folder can delete the file and so
turn it off, but such a person holds the encrypted files already and can guess at them on
another machine, where no count stops them; the setting guards a running server against
guessing through its sign-in page. ``uncounted serve --panic-after N`` wins over it while that
server runs (docs/settings.md).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.vault import files
from uncounted.vault.audit import AuditEntry, record
from uncounted.vault.database import transaction
from uncounted.vault.layout import VaultLayout
from uncounted.vault.session import VaultSession

_log = logging.getLogger(__name__)

#: The most failures the setting may wait for (more would not be a guard any more).
MOST = 1000


class BadPanicAfter(InputError):
    """Raised when the number of failed sign-ins before a panic is not 1 to :data:`MOST`."""


def _path(root: Path) -> Path:
    return root / "panic-after.json"


def stored(root: Path) -> int | None:
    """The vault's setting (None: off). A file that is not one counts as off, and is logged."""
    try:
        value = json.loads(_path(root).read_text("utf-8"))["failures"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        _log.warning("panic-after.json is not readable (%s): taken as off", type(error).__name__)
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MOST:
        return value
    return None


def store(session: VaultSession, failures: int | None) -> None:
    """Set the vault's panic-after-N (None: off), audited. Raises :class:`BadPanicAfter`."""
    if failures is not None and not 1 <= failures <= MOST:
        raise BadPanicAfter(N_("the number of failed sign-ins must be from 1 to {most}"), most=MOST)
    layout: VaultLayout = session.layout
    with transaction(session.conn):
        record(
            session.conn,
            AuditEntry(session.user.name, "vault.panic_after", "", {"failures": failures}),
        )
        if session.is_decoy:
            return  # a duress session's vault is in memory: nothing of it reaches the disk
        if failures is None:
            _path(layout.root).unlink(missing_ok=True)
        else:
            files.write_atomically(_path(layout.root), json.dumps({"failures": failures}).encode())
