"""The search box's round trip, the same for the records, people and register lists: the list's
filter form POSTs to the list's own address, the text typed is kept in the session
(:mod:`uncounted.web.searches`) and the browser is sent on to the list's GET with a random
token in its place (post, redirect, get: back and reload ask no "send the form again?").

The other filters (a source, a case, an event type) go on in the address as before: they are
list names and codes, not a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from uncounted.web.shell import SignedForm, SignedIn, redirect

__all__ = ["Search", "kept", "search_of"]

#: Fields of the filter form that do not go on to the list's address.
_NOT_ON = ("csrf_token", "q")


@dataclass(frozen=True)
class Search:
    """A list page's search: the text (for the box and the rule), the token that found it (for
    the next page's address), and whether the address held a token this session no longer
    has (it ended, or another session made it): the page says so rather than show
    everyone as if nothing had been searched."""

    text: str = ""
    token: str = ""
    ended: bool = False


async def kept(request: Request, signed: SignedForm) -> Response:
    """Answer a list's filter form: keep its search text in the session, and redirect to the
    list with the token and the other filters (those not left empty)."""
    form = await request.form()
    fields = [
        (name, value)
        for name, value in form.multi_items()
        if isinstance(value, str) and value and name not in _NOT_ON
    ]
    text = form.get("q")
    if isinstance(text, str) and text.strip():
        fields.append(("search", signed.session.searches.keep(text)))
    path = request.url.path
    return redirect(f"{path}?{urlencode(fields)}" if fields else path)


def search_of(signed: SignedIn, token: str) -> Search:
    """The search the token of a list's address stands for in this session."""
    if not token:
        return Search()
    text = signed.session.searches.text(token)
    return Search(ended=True) if text is None else Search(text, token)
