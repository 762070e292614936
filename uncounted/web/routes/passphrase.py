"""The signed-in user's own passphrase: change it (the current one first).

Asking for the current passphrase keeps whoever finds a signed-in browser from locking its
owner out; failures count towards the sign-in lockout, as turning the sign-in code off does.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from uncounted.errors import AccessDenied
from uncounted.services import vaults
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect
from uncounted.web.throttle import client_address

PAGE = "/account/passphrase"

router = APIRouter()


def page(request: Request, signed: SignedIn, status: int = 200, **extra: object) -> Response:
    return signed.render(request, "account_passphrase.html", status, **extra)


@router.get(PAGE, response_class=HTMLResponse)
def passphrase_page(request: Request, signed: Signed, done: str = "") -> Response:
    notices = {
        "1": signed.gettext("Your passphrase was changed."),
        "duress": signed.gettext("Your duress passphrase is set."),
    }
    message = notices.get(done)
    return page(request, signed, message=message)


@router.post(PAGE, response_class=HTMLResponse)
async def passphrase_change(
    request: Request,
    signed: SignedForm,
    current: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
) -> Response:
    _ = signed.gettext
    if new != again:
        error = _("The two new passphrases differ; nothing was changed.")
        return await run_in_threadpool(page, request, signed, 400, error=error)
    throttle = signed.shell.throttle
    with throttle.attempt(signed.session.user, client_address(request)) as attempt:
        if attempt.locked:
            error = _("Too many failed attempts. Try again later.")
            return await run_in_threadpool(page, request, signed, 429, error=error)

        def change() -> None:  # Argon2id twice: on a long-work thread
            with signed.lock:
                vaults.change_passphrase(signed.vault, new, current)

        try:
            await signed.shell.run_long(change)
        except AccessDenied as refused:
            attempt.failed()
            error = refused.translated(_)
            return await run_in_threadpool(page, request, signed, 403, error=error)
        attempt.succeeded()
    return redirect(f"{PAGE}?done=1")


@router.post(f"{PAGE}/strength")
def passphrase_strength(
    signed: SignedForm, passphrase: str = Form(""), role: str = Form(""), user: str = Form("")
) -> Response:
    """The strength estimate a page shows as a new passphrase is typed (nothing is kept)."""
    role = role or signed.vault.user.role.value
    have, need, enough = vaults.passphrase_strength(
        passphrase[:200], role, user or signed.session.user
    )
    return JSONResponse({"guesses_log10": int(have), "needed": int(need), "enough": enough})


@router.post(f"{PAGE}/duress", response_class=HTMLResponse)
async def duress_set(
    request: Request,
    signed: SignedForm,
    current: str = Form(""),
    duress: str = Form(""),
    again: str = Form(""),
) -> Response:
    """Set the duress passphrase: signing in with it opens an empty decoy and destroys the keys."""
    _ = signed.gettext
    if duress != again:
        error = _("The two duress passphrases differ; nothing was changed.")
        return await run_in_threadpool(page, request, signed, 400, error=error)
    throttle = signed.shell.throttle
    with throttle.attempt(signed.session.user, client_address(request)) as attempt:
        if attempt.locked:
            error = _("Too many failed attempts. Try again later.")
            return await run_in_threadpool(page, request, signed, 429, error=error)

        def set_it() -> None:  # Argon2id: on a long-work thread
            with signed.lock:
                vaults.set_duress(signed.vault, duress, current)

        try:
            await signed.shell.run_long(set_it)
        except AccessDenied as refused:
            attempt.failed()
            error = refused.translated(_)
            return await run_in_threadpool(page, request, signed, 403, error=error)
        attempt.succeeded()
    return redirect(f"{PAGE}?done=duress")
