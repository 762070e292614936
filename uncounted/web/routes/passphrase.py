"""The signed-in user's own passphrase: change it (the current one first).

Asking for the current passphrase keeps whoever finds a signed-in browser from locking its
owner out; failures count towards the sign-in lockout, as turning the sign-in code off does.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from uncounted.errors import AccessDenied, InputError
from uncounted.services import vaults
from uncounted.web import search_ready
from uncounted.web.shell import OWN_KEYS_PAGE, Signed, SignedForm, SignedIn, redirect
from uncounted.web.throttle import client_address

PAGE = OWN_KEYS_PAGE

router = APIRouter()


def page(request: Request, signed: SignedIn, status: int = 200, **extra: object) -> Response:
    """The passphrase page; while the user must change the passphrase an administrator set
    (*forced*), it is all they can open, so the menu shows only signing out and the language."""
    with signed.lock:
        forced = vaults.must_change_passphrase(signed.vault)
    return signed.render(request, "account_passphrase.html", status, forced=forced, **extra)


@router.get(PAGE, response_class=HTMLResponse)
def passphrase_page(request: Request, signed: Signed, done: str = "", must: str = "") -> Response:
    notices = {
        "1": signed.gettext("Your passphrase was changed."),
        "duress": signed.gettext("Your duress passphrase is set."),
    }
    return page(request, signed, message=notices.get(done))


async def under_lockout(
    request: Request,
    signed: SignedIn,
    work: Callable[[], None],
    page: Callable[..., Response],
    wrong: str | None = None,
) -> Response | None:
    """Run *work*, which checks the user's passphrase (Argon2id: on a long-work thread, under the
    session's lock), under the sign-in lockout: a refusal counts as a failed attempt. None when
    it was done; else *page* with why (*wrong*, or the refusal's own message)."""
    _ = signed.gettext
    throttle = signed.shell.throttle
    with throttle.attempt(signed.session.user, client_address(request)) as attempt:
        if attempt.locked:
            error = _("Too many failed attempts. Try again later.")
            return await run_in_threadpool(page, request, signed, 429, error=error)

        def locked_work() -> None:
            with signed.lock:
                work()

        try:
            await signed.shell.run_long(locked_work)
        except AccessDenied as refusal:
            attempt.failed()
            error = wrong or refusal.translated(_)
            return await run_in_threadpool(page, request, signed, 403, error=error)
        attempt.succeeded()
    return None


async def _throttled_passphrase_action(
    request: Request, signed: SignedIn, work: Callable[[], None], done: str
) -> Response:
    refused = await under_lockout(request, signed, work, page)
    return redirect(f"{PAGE}?done={done}") if refused is None else refused


def mistyped(signed: SignedIn, new: str, again: str) -> str | None:
    """Why a new passphrase is refused when its repeat differs (None when they agree): a typo
    in a passphrase no one sees would lock its owner out, so a new one is typed twice, here
    and on the administrator's reset form."""
    if new == again:
        return None
    return signed.gettext("The two new passphrases differ; nothing was changed.")


async def _refused(request: Request, signed: SignedIn, status: int, error: str) -> Response:
    return await run_in_threadpool(page, request, signed, status, error=error)


@router.post(PAGE, response_class=HTMLResponse)
async def passphrase_change(
    request: Request,
    signed: SignedForm,
    current: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
) -> Response:
    differ = mistyped(signed, new, again)
    if differ:
        return await _refused(request, signed, 400, differ)
    try:  # before the current passphrase is checked: a weak new one is no failed attempt
        vaults.check_new_passphrase(new, signed.vault.user.role.value, signed.session.user)
    except InputError as weak:
        return await _refused(request, signed, 400, weak.translated(signed.gettext))
    changed = await _throttled_passphrase_action(
        request, signed, lambda: vaults.change_passphrase(signed.vault, new, current), "1"
    )
    search_ready.start(signed.session)  # from a forced change on, search is open to them
    return changed


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
    if duress != again:
        error = signed.gettext("The two duress passphrases differ; nothing was changed.")
        return await _refused(request, signed, 400, error)
    return await _throttled_passphrase_action(
        request, signed, lambda: vaults.set_duress(signed.vault, duress, current), "duress"
    )
