"""HTTP security: response headers and CSRF protection.

Every page is served with a strict Content-Security-Policy that allows only uncounted's own
files (no inline script, no CDN, no web fonts), forbids framing, and tells the browser not to
cache anything: pages may show identities and a shared or seized browser must not keep them.
"""

from __future__ import annotations

import hmac
import logging
import traceback

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_log = logging.getLogger("uncounted.web")

#: The whole answer to a request that failed inside uncounted: no traceback, no detail. In
#: English and Russian at once: it is given without reading the session or its language.
_FAILURE_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>uncounted</title></head><body>"
    "<p>Something went wrong inside uncounted; this page showed and changed nothing."
    " Try again, or tell your administrator the time it happened.</p>"
    '<p lang="ru">В uncounted произошёл сбой; эта страница ничего не показала и не изменила.'
    " Попробуйте ещё раз или сообщите администратору время, когда это случилось.</p>"
    "</body></html>"
).encode()
_FAILURE_JSON = (
    b'{"error": {"code": "internal", "message": "Something went wrong inside uncounted."}}'
)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` (and HSTS over TLS) to every HTTP response.

    A plain ASGI middleware rather than Starlette's ``BaseHTTPMiddleware``: that one wraps
    every response in a streaming body and costs about a millisecond a request, a tenth of a
    list page, for adding eight headers.

    It is also the last word on a failure: an exception that no handler turned into a page
    would reach Starlette's outermost error handler, which answers 500 *without* these
    headers (issue 18). Here it is answered with a fixed 500 page (JSON under ``/api/``)
    carrying the headers, and logged by type and place only (its message could hold a value
    a user typed, and so could the traceback's locals).
    """

    def __init__(self, app: ASGIApp, *, tls: bool) -> None:
        self._app = app
        headers = dict(SECURITY_HEADERS)
        if tls:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        self._headers = [(name.lower().encode(), value.encode()) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self._headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self._app(scope, receive, watched)
        except Exception as failure:
            _log.error("request failed: %s", _where(failure))
            if started:
                return  # the connection is closed without the rest of the response
            api = str(scope.get("path", "")).startswith("/api/")
            body = _FAILURE_JSON if api else _FAILURE_PAGE
            kind = b"application/json" if api else b"text/html; charset=utf-8"
            await watched(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", kind),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await watched({"type": "http.response.body", "body": body})


def _where(failure: BaseException) -> str:
    """The exception's type and the innermost file and line of uncounted's code it passed."""
    frames = traceback.extract_tb(failure.__traceback__)
    ours = [frame for frame in frames if "/uncounted/" in frame.filename] or frames
    place = f"{ours[-1].filename.rsplit('/uncounted/', 1)[-1]}:{ours[-1].lineno}" if ours else "?"
    return f"{type(failure).__name__} at {place}"


def csrf_matches(expected: str, submitted: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    if not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())
