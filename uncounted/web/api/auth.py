"""Signing in and out through the API: the same sessions, throttle and cookie as the pages."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time.

from fastapi import APIRouter, Request, Response

from uncounted.errors import AccessDenied
from uncounted.messages import N_
from uncounted.web import search_ready
from uncounted.web.api.deps import Changing, Signed
from uncounted.web.api.errors import ApiError, ApiRoute, ErrorBody
from uncounted.web.api.models import Done, SessionInfo, SignIn
from uncounted.web.sessions import WebSession
from uncounted.web.shell import SESSION_COOKIE, AppShell, Authenticator, vault_of
from uncounted.web.throttle import client_address


def _info(session: WebSession) -> SessionInfo:
    return SessionInfo(
        user=session.user,
        role=vault_of(session).user.role.value,
        language=session.language,
        csrf_token=session.csrf_token,
    )


router = APIRouter(route_class=ApiRoute)


@router.post(
    "/session",
    responses={429: {"model": ErrorBody, "description": "Too many failed sign-ins."}},
)
async def sign_in(
    body: SignIn,
    request: Request,
    response: Response,
    shell: AppShell,
    authenticate: Authenticator,
) -> SessionInfo:
    """Unlock the user's keys into this server's memory; sets the session cookie."""
    with shell.throttle.attempt(body.user, client_address(request), sign_in=True) as attempt:
        if attempt.locked:
            raise ApiError(429, "locked_out", N_("too many failed sign-ins; try again later"))
        try:
            # Argon2id takes half a second: on a long-work thread, not a page thread
            keys = await shell.run_long(
                lambda: shell.unlock(authenticate, body.user, body.passphrase, body.totp)
            )
        except AccessDenied:
            # one answer whichever factor failed (the code name is kept for existing clients)
            attempt.failed()
            raise ApiError(
                401, "wrong_passphrase", N_("wrong user name, passphrase or code")
            ) from None
        attempt.succeeded()
    session = search_ready.signed_in(shell, request, body.user, keys)
    shell.set_cookie(response, SESSION_COOKIE, session.token)
    return _info(session)


@router.get("/session")
def who(signed: Signed) -> SessionInfo:
    """The signed-in user, role, language and CSRF token."""
    return _info(signed.session)


@router.delete("/session")
def sign_out(signed: Changing, response: Response) -> Done:
    """Sign out: the session's keys are wiped from memory (before this answers, unless
    another request of the session still uses them: then as it ends)."""
    signed.shell.sessions.close(signed.session.token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return Done()
