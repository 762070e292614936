"""What every route needs: the live session, rendering in the user's language, cookies.

Kept apart from the routes so that each page module stays small and none of them reaches
into another. A page for a signed-in user takes one dependency, :data:`Signed` (or
:data:`SignedForm` for a form, which also checks the CSRF token): the session, its unlocked
vault and the lock that serialises the vault's connection, as one :class:`SignedIn`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import anyio
import anyio.abc
import anyio.from_thread
import anyio.to_thread
import jinja2
from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from uncounted.errors import AccessDenied, NotFound, UncountedError
from uncounted.messages import from_data, label, translated
from uncounted.report.document import code_label, linkage_setting, violation_rows
from uncounted.services import audit, vaults
from uncounted.services.permissions import Action, may
from uncounted.services.vaults import UnlockedVault
from uncounted.web.i18n import LANGUAGES, PageTranslator, Translator, pick_language
from uncounted.web.security import csrf_matches
from uncounted.web.sessions import (
    Ending,
    SessionStore,
    SignInRequired,
    UnlockedKeys,
    VaultLock,
    WebSession,
)
from uncounted.web.settings import WebSettings
from uncounted.web.throttle import SignInThrottle
from uncounted.web.timestamps import when, zone_of
from uncounted.web.unbroken import unbroken

HERE = Path(__file__).parent
T = TypeVar("T")
SESSION_COOKIE = "uncounted_session"
LANGUAGE_COOKIE = "uncounted_language"
SIGNIN_COOKIE = "uncounted_signin"


class PassphraseChangeRequired(Exception):
    """Raised inside a route when its user still has the passphrase an administrator gave
    them: answered by the Passphrase page (or a 403 for the API)."""


#: What a user who must change their passphrase may still reach: the page that changes it
#: (with its strength estimate), signing out, the idle time-out's keep-alive.
OWN_KEYS_PAGE = "/account/passphrase"
_WHILE_CHANGING = (OWN_KEYS_PAGE, "/signout", "/session/keepalive")


class CsrfRefused(Exception):
    """Raised when a form arrives without the session's CSRF token; answered with 403."""


def _still_signed_in(session: WebSession) -> bool:
    keys = session.keys
    return not isinstance(keys, UnlockedVault) or vaults.still_signed_in(keys)


def must_change(session: WebSession) -> bool:
    """Whether *session*'s user must first change the passphrase an administrator set (every
    page but the passphrase's is refused until then)."""
    keys = session.keys
    return (
        isinstance(keys, UnlockedVault) and not keys.closed and vaults.must_change_passphrase(keys)
    )


@dataclass
class Shell:
    """Shared state and helpers of one running application."""

    settings: WebSettings
    sessions: SessionStore
    throttle: SignInThrottle
    templates: Jinja2Templates = field(default_factory=lambda: page_templates())
    #: Threads for long jobs, apart from the page handlers' (``WebSettings.long_work_threads``).
    long_work: anyio.CapacityLimiter | None = None
    #: The jobs a page starts and does not wait for (a draft report), held from the server's
    #: start to its end (``app.create_app``'s lifespan), which waits for them.
    background: anyio.abc.TaskGroup | None = None

    async def run_long(self, job: Callable[[], T]) -> T:
        """Run *job* (an import, an evidence file, linkage, an estimate, a sign-in's Argon2id)
        on a long-work thread, so that it never holds one of the few page threads."""
        if self.long_work is None:
            self.long_work = anyio.CapacityLimiter(self.settings.long_work_threads)
        return await anyio.to_thread.run_sync(job, limiter=self.long_work)

    def start_long(self, job: Callable[[], object]) -> None:
        """Start *job* on a long-work thread (:meth:`run_long`) without waiting for it, from a
        page handler's thread: it takes one of ``long_work_threads`` as every long job does,
        and the server's shutdown (a test's app too) waits for it to end. firstlook's draft
        report ran on a thread of its own, which nothing counted or waited for."""
        if self.background is None:
            raise RuntimeError("the application was not started (its lifespan did not run)")
        anyio.from_thread.run_sync(self.background.start_soon, self.run_long, job)

    def current(self, request: Request) -> WebSession | None:
        """The request's live session, if any.

        Sessions follow the keyring: a session whose keys this device no longer holds (after
        ``panic`` or a duress sign-in, from this process or another) is ended here, before the
        request can use it.
        """
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is not None and not _still_signed_in(session):
            self.end_keys_gone([session])
            return None
        return session

    def end(self, session: WebSession) -> None:
        """End *session* as a sign-out does: no request gets its vault after this, and its keys
        are wiped once the request using them (if any) is done (:class:`~uncounted.web.
        sessions.Ending`)."""
        self.sessions.end([session], Ending.SIGN_OUT)

    def end_keys_gone(self, sessions: list[WebSession]) -> None:
        """End *sessions*, whose keys left the device (panic, duress, a role changed): whatever
        still uses them gets one deadline for them all, then they are wiped under it
        (:class:`~uncounted.web.sessions.Ending`)."""
        if sessions:
            self.sessions.end(sessions, Ending.KEYS_GONE)

    def unlock(
        self,
        authenticate: Callable[[str, str, str | None], UnlockedKeys],
        user: str,
        passphrase: str,
        code: str | None,
    ) -> UnlockedKeys:
        """*authenticate(user, passphrase, code)*; then, whatever it returned, :meth:`sweep`.

        A sign-in is audited (after the failed sign-ins and lockouts that waited, sealed, for
        an unlock: ``uncounted.vault.sign_in_failures``).

        A duress sign-in destroys the keyring and returns a decoy: the sweep ends every other
        session at once, as a wrong or a real sign-in would leave them (nothing tells apart).
        A successful sign-in also ends every older session of *user*: signing in again is how
        a user takes up their work elsewhere, and a session left open in another browser (or
        a stolen cookie) must not stay alive beside the new one. Runs on a worker thread (it
        may wait for a request still using an old session).
        """
        try:
            keys = authenticate(user, passphrase, code)
            if isinstance(keys, UnlockedVault):
                try:
                    audit.record_sign_in(keys)
                except BaseException:
                    keys.close()
                    raise
            if self.settings.one_session_per_user:
                for old in self.sessions.live():
                    if old.user == user:
                        self.end(old)
            return keys
        finally:
            self.sweep()

    def sweep(self) -> None:
        """End every live session whose keys are no longer on this device (see :meth:`current`).

        Called after each sign-in: a duress sign-in destroys the keyring, and no other open
        session may go on reading identities after it.
        """
        self.end_keys_gone([s for s in self.sessions.live() if not _still_signed_in(s)])

    def require(self, request: Request) -> WebSession:
        """The request's live session; raises :class:`SignInRequired` without one."""
        session = self.current(request)
        if session is None:
            raise SignInRequired
        return session

    def check_csrf(self, session: WebSession, submitted: str | None) -> None:
        """Raise :class:`CsrfRefused` unless *submitted* is this session's CSRF token."""
        if not csrf_matches(session.csrf_token, submitted):
            raise CsrfRefused

    def language(self, request: Request, session: WebSession | None) -> str:
        """The language to render in: the session's, else the cookie's, else the default."""
        if session is not None:
            return session.language
        cookie = request.cookies.get(LANGUAGE_COOKIE)
        return pick_language(cookie, self.settings.default_language)

    def translator(self, request: Request, session: WebSession | None) -> Translator:
        """A translator for the request's language."""
        return PageTranslator(self.language(request, session))

    def render(
        self,
        request: Request,
        name: str,
        session: WebSession | None,
        status: int = 200,
        **extra: Any,
    ) -> HTMLResponse:
        """Render template *name* with the common context (session, language, ``_``)."""
        language = self.language(request, session)
        gettext = Translator(language).gettext
        context = {
            "session": session,
            "language": language,
            "languages": LANGUAGES,
            "_": gettext,
            # a count in words: ngettext("%(num)d record", "%(num)d records", n) % {"num": n}
            "ngettext": Translator(language).ngettext,
            # a sentence from the core packages (an N_ template with values) in this language
            "translated": lambda text: translated(text, PageTranslator(language)),
            # the same as a label or a list's item: a capital, no full stop ("Caseworker")
            "label": lambda text: label(text, gettext),
            # the page the language switch comes back to, and when the idle time-out strikes
            "here": _here(request),
            # what the menu offers: only what this user's role may use
            "may_use": _may_use(session),
            # a stored time in the browser's time zone and in words ("today 02:14")
            "when": lambda stored: when(str(stored), language, zone_of(request)),
            "idle_seconds": int(self.settings.idle_timeout),
            # a passphrase an administrator chose: the header offers only signing out
            "forced": session is not None and must_change(session),
            **extra,
        }
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def set_cookie(self, response: Response, name: str, value: str) -> None:
        """Set an HttpOnly, SameSite=Strict cookie (Secure over TLS)."""
        response.set_cookie(
            name,
            value,
            httponly=True,
            secure=self.settings.secure_cookies,
            samesite="strict",
            path="/",
        )


def _may_use(session: WebSession | None) -> Callable[[str], bool]:
    """``may_use("users.manage")``: whether the session's role allows that action (for showing
    a menu entry; the service behind it checks again)."""
    keys = session.keys if session is not None else None

    def may_use(action: str) -> bool:
        return isinstance(keys, UnlockedVault) and may(keys, Action(action))

    return may_use


def _here(request: Request) -> str:
    """This page's path and query, to come back to (a form's POST: its page, a GET)."""
    if request.method != "GET":
        return request.url.path
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


def page_templates() -> Jinja2Templates:
    """The page templates: autoescaped, and read once (no ``stat`` of the file per render)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
    )
    environment.globals["linkage_setting"] = linkage_setting  # the report's words for it
    environment.globals["code_label"] = code_label  # a published table's row, as the report
    environment.globals["violation_rows"] = violation_rows  # a report's violations, as its PDF
    environment.globals["from_data"] = from_data  # a sentence kept as data (a band's reason)
    environment.filters["unbroken"] = unbroken  # a value's dates kept on one line
    return Jinja2Templates(env=environment)


def vault_of(session: WebSession) -> UnlockedVault:
    """The unlocked vault a web session holds (sign-in stores an UnlockedVault there)."""
    return cast(UnlockedVault, session.keys)


def shell_of(request: Request) -> Shell:
    """The application's :class:`Shell` (``create_app`` puts it in the app's state)."""
    return cast(Shell, request.app.state.shell)


#: ``authenticate(user, passphrase, code)``: the unlocked keys, or AccessDenied. *code* is the
#: TOTP code (None or "" when none was typed); it is needed only by users who turned it on.
Authenticate = Callable[[str, str, str | None], UnlockedKeys]


async def _app_shell(request: Request) -> Shell:
    return shell_of(request)


async def _authenticate(request: Request) -> Authenticate:
    return cast(Authenticate, request.app.state.authenticate)


#: The application's shell, for a route that needs no session (sign-in, the language).
AppShell = Annotated[Shell, Depends(_app_shell)]
#: The application's ``authenticate`` (``create_app`` puts it in the app's state).
Authenticator = Annotated[Authenticate, Depends(_authenticate)]


@dataclass(frozen=True)
class SignedIn:
    """A request's signed-in session, its unlocked vault and the lock serialising the vault.

    Calls into the vault go inside ``with signed.lock:`` (one connection per session).
    """

    shell: Shell
    session: WebSession
    vault: UnlockedVault
    lock: VaultLock

    @property
    def gettext(self) -> Callable[[str], str]:
        """Translate a page text into the session's language."""
        return self.translator.gettext

    @property
    def ngettext(self) -> Callable[[str, str, int], str]:
        """The singular or plural form of a page text for a count, in the session's language
        and its plural rules (Russian has three: 1 строка, 2 строки, 5 строк)."""
        return self.translator.ngettext

    @property
    def translator(self) -> Translator:
        """The session's language: the one way a route translates a page text."""
        return PageTranslator(self.session.language)

    def render(self, request: Request, name: str, status: int = 200, **extra: Any) -> HTMLResponse:
        """Render template *name* for this session (see :meth:`Shell.render`)."""
        return self.shell.render(request, name, self.session, status, **extra)


# A plain function, so FastAPI runs it on a worker thread: finding the session may end it
# (keys gone from the device), which waits for the session's lock and must not hold up the
# event loop. The CSRF check below is quick and runs on the loop.
def signed_in(request: Request) -> SignedIn:
    """The request's :class:`SignedIn`; raises :class:`SignInRequired` without a session,
    :class:`PassphraseChangeRequired` when its user must change their passphrase first."""
    shell = shell_of(request)
    session = shell.require(request)
    if not request.url.path.startswith(_WHILE_CHANGING) and must_change(session):
        raise PassphraseChangeRequired
    return SignedIn(shell, session, vault_of(session), session.lock)


async def signed_in_form(
    signed: Annotated[SignedIn, Depends(signed_in)], csrf_token: Annotated[str, Form()] = ""
) -> SignedIn:
    """As :func:`signed_in`, for a form POST; raises :class:`CsrfRefused` on a foreign form."""
    signed.shell.check_csrf(signed.session, csrf_token)
    return signed


#: A page's signed-in session (redirected to sign-in without one).
Signed = Annotated[SignedIn, Depends(signed_in)]
#: A form's signed-in session, its CSRF token checked.
SignedForm = Annotated[SignedIn, Depends(signed_in_form)]


def redirect(url: str) -> RedirectResponse:
    """A 303 redirect (after a POST, the browser follows with a GET)."""
    return RedirectResponse(url, status_code=303)


def status_of(error: UncountedError) -> int:
    """The HTTP status of a page that says *error*: 404 for what does not exist, 403 for a
    refusal (role, grant, passphrase, recovery secret), 400 for anything else wrong."""
    return 404 if isinstance(error, NotFound) else 403 if isinstance(error, AccessDenied) else 400
