"""The filter form's round trip, the same for every list whose filters may hold a person's or a
case's name (records, people, register, events, the audit trail): the form POSTs to the list's
own address, what was typed in those fields is kept in the session
(:mod:`uncounted.web.searches`) and the browser is sent on to the list's GET with a random token
in its place (post, redirect, get: back and reload ask no "send the form again?").

The other filters (a source, an event type, a district, a date, an action) go on in the address
as before: they are list names and codes, not a person or a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from uncounted.web.shell import SignedForm, SignedIn, redirect

__all__ = ["KEPT_FIELDS", "Search", "kept", "search_of"]

#: The fields kept in the session, never in the address: the search box (``q``), a case (its
#: name may be a family's), a user of the audit trail.
KEPT_FIELDS = ("q", "case", "user")

#: Fields of the filter form that do not go on to the list's address.
_NOT_ON = (*KEPT_FIELDS, "csrf_token")


@dataclass(frozen=True)
class Search:
    """A list page's kept filters: the fields (the search text is ``q``), the token that found
    them (for the next page's address), and whether the address held a token this session no
    longer has (it ended, or another session made it): the page says so rather than show
    everyone as if nothing had been searched."""

    fields: Mapping[str, str] = field(default_factory=dict)
    token: str = ""
    ended: bool = False

    @property
    def text(self) -> str:
        """What was typed in the search box."""
        return self.get("q")

    def get(self, name: str) -> str:
        """What was typed in the kept field *name* (empty when nothing)."""
        return self.fields.get(name, "")


async def kept(request: Request, signed: SignedForm) -> Response:
    """Answer a list's filter form: keep its name and case fields in the session, and redirect
    to the list with the token and the other filters (those not left empty)."""
    form = await request.form()
    sent = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    typed = {name: value for name, value in sent if name in KEPT_FIELDS and value.strip()}
    on = [(name, value) for name, value in sent if value and name not in _NOT_ON]
    if typed:
        on.append(("search", signed.session.searches.keep(typed)))
    path = request.url.path
    return redirect(f"{path}?{urlencode(on)}" if on else path)


def search_of(signed: SignedIn, token: str) -> Search:
    """The kept filters the token of a list's address stands for in this session."""
    if not token:
        return Search()
    fields = signed.session.searches.fields(token)
    return Search(ended=True) if fields is None else Search(fields, token)
