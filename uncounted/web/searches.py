"""What a signed-in user typed in a search box (and a list's other fields that may hold a name:
a case, a user; ``uncounted.web.search_form``), held in the session's memory only, behind a
random token that the list's address carries instead of the text.

A search by GET put the name typed in the address (``/records?q=...``), and the browser kept
the address in plaintext in its profile: its History, its Sessions (for restoring tabs) and
``segmentation_platform/ukm_db`` (seen with a real Chromium profile on disk), on a device that
can be seized. So the search box POSTs the text (``uncounted.web.routes.search``), the text is
kept here, and the browser is sent to the list with ``?search=TOKEN``: back, reload and the
next page keep the search, and the address holds no name, no folded name and no hash of one
(the token is random, not derived from the text). The texts go when the session ends
(sign-out, expiry, panic: ``uncounted.web.sessions``); a token of an ended session finds
nothing.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping

__all__ = ["KEPT", "Searches"]

#: How many searches a session keeps (the oldest go first): enough for going back through a
#: morning's searches, few enough that a session holds no long list of the names asked about.
KEPT = 20


class Searches:
    """One session's searches by token (each the fields of one filter form that may hold a
    name, by field), the latest :data:`KEPT` of them."""

    def __init__(self) -> None:
        self._texts: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, fields: Mapping[str, str]) -> str:
        """Keep *fields*; returns the new random token that finds them."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._texts[token] = dict(fields)
            while len(self._texts) > KEPT:
                self._texts.popitem(last=False)
        return token

    def fields(self, token: str) -> Mapping[str, str] | None:
        """The fields kept under *token*; None for a token this session does not hold."""
        with self._lock:
            return self._texts.get(token)

    def clear(self) -> None:
        """Forget every text (the session ended)."""
        with self._lock:
            self._texts.clear()
