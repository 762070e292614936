"""The API's one error shape, ``{"error": {"code", "message"}}``, for every failure.

The pages answer errors with HTML (and a missing session with a redirect); a program calling
the API needs a status and a stable code instead. :class:`ApiRoute` catches, for every API
route, what the pages' exception handlers would otherwise turn into HTML, and answers JSON.
Messages are the one-line, identity-free sentences of :mod:`uncounted.errors`, in the language
of the signed-in user (else of the language cookie, as the pages choose it); request
validation errors name the field, never echo the value sent (it may be a passphrase).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.responses import Response

from uncounted.errors import AccessDenied, NotFound, UncountedError
from uncounted.messages import N_, Gettext, Message, translated
from uncounted.web.sessions import SignInRequired
from uncounted.web.shell import SESSION_COOKIE, CsrfRefused, PassphraseChangeRequired, Shell


class ErrorDetail(BaseModel):
    """What went wrong: a stable machine code and a sentence for a person."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The body of every API error response."""

    error: ErrorDetail


class ApiError(Exception):
    """Raised by API routes for a failure that has its own status and code.

    *message* is shown in the user's language when it is marked with :func:`N_`.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


#: Statuses an API route may answer with besides success, for the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The request was understood but refused."},
    401: {"model": ErrorBody, "description": "Sign in first (or the session expired)."},
    403: {"model": ErrorBody, "description": "The role, grant or CSRF token does not allow it."},
    404: {"model": ErrorBody, "description": "No such record, case, user or item."},
    422: {"model": ErrorBody, "description": "A parameter or the JSON body is malformed."},
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """A JSON response in the canonical error shape."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def _where(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "the request body"


def _validation_message(error: RequestValidationError) -> Message:
    problems = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()]
    return Message(N_("the request is malformed: {problems}"), problems="; ".join(problems[:5]))


def _english(message: str) -> str:
    return message


def as_response(error: Exception, gettext: Gettext = _english) -> JSONResponse | None:
    """The canonical JSON answer to *error*, or None when it is a bug (left to propagate).

    The message of an :class:`UncountedError` is given in *gettext*'s language.
    """
    if isinstance(error, ApiError):
        return error_response(error.status, error.code, translated(error.message, gettext))
    if isinstance(error, SignInRequired):
        message = N_("sign in first; the session has ended")
        return error_response(401, "sign_in_required", message.translated(gettext))
    if isinstance(error, PassphraseChangeRequired):
        message = N_("change the passphrase an administrator gave you first (the Passphrase page)")
        return error_response(403, "passphrase_change_required", message.translated(gettext))
    if isinstance(error, CsrfRefused):
        message = N_("the X-CSRF-Token header is missing or wrong; nothing was done")
        return error_response(403, "csrf_refused", message.translated(gettext))
    if isinstance(error, RequestValidationError):
        message = _validation_message(error)
        return error_response(422, "malformed_request", message.translated(gettext))
    if isinstance(error, NotFound):
        return error_response(404, "not_found", error.translated(gettext))
    if isinstance(error, AccessDenied):
        return error_response(403, "forbidden", error.translated(gettext))
    if isinstance(error, UncountedError):
        return error_response(400, "refused", error.translated(gettext))
    return None


def gettext_for(request: Request) -> Gettext:
    """The translation function for the language the request's pages would be shown in.

    It runs on the event loop (:class:`ApiRoute`), so it only looks the session up
    (:meth:`~uncounted.web.sessions.SessionStore.peek`): finding it the way a page does may
    end sessions and wait for them, which would stall every request of the server."""
    shell: Shell = request.app.state.shell
    return shell.translator(
        request, shell.sessions.peek(request.cookies.get(SESSION_COOKIE))
    ).gettext


class ApiRoute(APIRoute):
    """An API route whose failures are answered in the canonical JSON error shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except Exception as error:  # mapped below; bugs are re-raised
                response = as_response(error, gettext_for(request))
                if response is None:
                    raise
                return response

        return answer
