"""HTTP security: response headers and CSRF protection.

Every page is served with a strict Content-Security-Policy that allows only uncounted's own
files (no inline script, no CDN, no web fonts), forbids framing, and tells the browser not to
cache anything: pages may show identities and a shared or seized browser must not keep them.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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

        await self._app(scope, receive, send_with_headers)


def csrf_matches(expected: str, submitted: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    if not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())
