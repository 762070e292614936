"""HTTP security: response headers and CSRF protection.

Every page is served with a strict Content-Security-Policy that allows only uncounted's own
files (no inline script, no CDN, no web fonts), forbids framing, and tells the browser not to
cache anything: pages may show identities and a shared or seized browser must not keep them.
"""

from __future__ import annotations

import hmac

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

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


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    """Add :data:`SECURITY_HEADERS` (and HSTS over TLS) to every response."""

    def __init__(self, app: object, *, tls: bool) -> None:
        super().__init__(app)  # type: ignore[arg-type]  # starlette types app loosely
        self._tls = tls

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if self._tls:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def csrf_matches(expected: str, submitted: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    if not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())
