"""What every API route needs: the signed-in session (as the pages), and for a change the CSRF
header in place of a form field."""

# No `from __future__ import annotations`: FastAPI reads these annotations at definition time.
from typing import Annotated

from fastapi import Depends, Header

from uncounted.web.shell import Signed, SignedIn

__all__ = ["CSRF_HEADER", "Changing", "Signed"]

CSRF_HEADER = "X-CSRF-Token"


async def csrf_checked(
    signed: Signed, x_csrf_token: Annotated[str | None, Header(alias=CSRF_HEADER)] = None
) -> SignedIn:
    """The request's :class:`SignedIn` when its CSRF header is the session's token."""
    signed.shell.check_csrf(signed.session, x_csrf_token)
    return signed


#: A changing endpoint's signed-in session, its CSRF header checked.
Changing = Annotated[SignedIn, Depends(csrf_checked)]
