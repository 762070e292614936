"""The session's search index read from sign-in on, and the page a search shows until it is.

Why: the session's first search read and unsealed every record the user holds to make the
index (``uncounted.services.search_index``): 100,000 records took 11.8 s at load, and a
caseworker on a hotline call stared at a page that did not answer. Now sign-in (on a page or
through the API: :func:`signed_in`) starts a thread that reads the index a batch at a time
(:data:`BATCH` records per turn of the session's vault, so the user's pages go on between
turns; sign-in itself never waits for it), and a search that arrives while more than
``WebSettings.search_waits_above`` records are still to read answers at once with a page that
says how far the reading is and reloads itself until the index is ready
(``search_wait.html``). Fewer are read by the search itself, as before (a fraction of a
second). A user who must first change the passphrase an administrator set can search nothing
until then, so the index is read from the change on.

The index holds names in memory only, in the session's vault (``VaultSession.memo``); this
module writes nothing and logs no record. The thread holds the vault only inside a turn
(``with session.lock``), so it ends at its next turn once the session ended (sign-out,
expiry, a new sign-in, panic), which has emptied the index with the keys.
"""

from __future__ import annotations

import logging
import threading
import time

from fastapi import Request
from fastapi.responses import Response

from uncounted.services import search_index
from uncounted.services.permissions import Action, may
from uncounted.web.sessions import SignInRequired, UnlockedKeys, WebSession
from uncounted.web.shell import Shell, SignedIn, must_change, vault_of

__all__ = ["BATCH", "signed_in", "start", "waiting_page"]

#: Records read per turn of the session's vault: 500 take about 0.1 s, the longest a page of
#: the user's waits behind the reading.
BATCH = 500

_log = logging.getLogger("uncounted.web")


def signed_in(shell: Shell, request: Request, user: str, keys: UnlockedKeys) -> WebSession:
    """The session of *user*, who just signed in with *keys* (on the sign-in page or through
    the API alike), its search index being read from now on (:func:`start`)."""
    session = shell.sessions.open(user, keys, shell.language(request, None))
    start(session)  # the first search finds the index read (never waited for)
    return session


def start(session: WebSession) -> None:
    """Read the session's search index in the background unless it is being read already (a
    role that lists no records has none), or the user must first change the passphrase an
    administrator set (nothing can be searched before; the change starts it).

    One reader per session, however many searches start it at once (two tabs searching, a
    waiting page reloading beside a new search): a second reader would not be the one
    ``WebSession.index_reader`` names, which sign-out waits for before it answers (and whose
    keys' deadline expiry keeps: ``web.sessions.Ending``), so it could still hold the keys
    after the page said "signed out" (stop 27's failure).
    """
    if _reading(session) or must_change(session):
        return
    with _STARTING:
        if _reading(session):  # started by another request meanwhile
            return
        reader = threading.Thread(target=_read, args=(session,), name="search-index", daemon=True)
        session.index_reader = reader
        reader.start()


def _reading(session: WebSession) -> bool:
    reader = session.index_reader
    return reader is not None and reader.is_alive()


#: Guards the start of a session's reader: two searches at once start one.
_STARTING = threading.Lock()


def _read(session: WebSession) -> None:
    """Read the index a batch per turn until every record is read or the session ended."""
    vault = vault_of(session)
    try:
        while True:
            with session.lock:  # SignInRequired once the session ended
                if not may(vault, Action.RECORDS_LIST) or search_index.read_ahead(vault, BATCH):
                    return
            time.sleep(0.002)  # lets a page waiting for the vault take its turn first
    except SignInRequired:
        return
    except Exception as error:  # a closed vault (panic under the thread): nothing to keep
        _log.warning("the search index stopped being read: %s", type(error).__name__)


def waiting_page(request: Request, signed: SignedIn, text: str) -> Response | None:
    """The page a search for *text* shows while the session's index has too many records
    still to read (and the reading started, when it was not running), or None: search now."""
    if not text.strip():
        return None
    with signed.lock:
        if not may(signed.vault, Action.RECORDS_LIST):
            return None
        ready = search_index.readiness(signed.vault)
    if ready.left <= signed.shell.settings.search_waits_above:
        return None
    start(signed.session)
    return signed.render(
        request, "search_wait.html", read=ready.read, total=ready.read + ready.left
    )
