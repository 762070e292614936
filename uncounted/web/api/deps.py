"""What every API route needs: the signed-in session, its vault, and the CSRF header check."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time, and they name dependencies local to register().
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell, vault_of

__all__ = ["CSRF_HEADER", "readers", "vault_of"]

CSRF_HEADER = "X-CSRF-Token"


def readers(shell: Shell) -> tuple[Callable[..., WebSession], Callable[..., WebSession]]:
    """Dependencies for reading (a live session) and for changing (plus the CSRF header)."""

    def signed_in(request: Request) -> WebSession:
        return shell.require(request)

    def checked(
        session: Annotated[WebSession, Depends(signed_in)],
        x_csrf_token: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
    ) -> WebSession:
        shell.check_csrf(session, x_csrf_token)
        return session

    return signed_in, checked
