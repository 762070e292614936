"""Settings of the web application: one frozen object, built once, passed everywhere.

No module reads the environment on its own; ``uncounted serve`` builds a :class:`WebSettings`
from its options and tests build a fresh one per test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WebSettings:
    """How the web application behaves; every field has a safe default."""

    vault: Path
    #: Seconds of inactivity after which a session's keys are wiped and it must sign in again.
    idle_timeout: float = 15 * 60
    #: Seconds after sign-in when a session ends, however busy (its keys wiped; sign in again).
    session_lifetime: float = 12 * 60 * 60
    #: A sign-in ends the user's older sessions (another browser's, a stolen cookie's). Off
    #: only where one user is deliberately signed in many times (``benchmarks/web_load.py``).
    one_session_per_user: bool = True
    #: Mark cookies Secure (set when uncounted is served over TLS, e.g. behind a proxy).
    secure_cookies: bool = False
    #: Failed sign-ins for one user name before it is locked out for ``lockout_seconds``;
    #: attempts still being checked count too, so sending many at once does not get round it.
    max_failed_attempts: int = 5
    #: Failed sign-ins from one client address (whatever names they tried) before it is
    #: locked out; None means four times ``max_failed_attempts``.
    max_failed_attempts_per_client: int | None = None
    lockout_seconds: float = 5 * 60
    #: If set, this many consecutive failed sign-ins destroy the device's keys (panic).
    panic_after_failures: int | None = None
    #: Language of the sign-in page before anyone has chosen one.
    default_language: str = "en"
    #: Threads that run page and API handlers. The work is mostly Python under one interpreter
    #: lock and every SQLite or libsodium call hands that lock over, so more threads mostly
    #: fight over it: on 2 cores, 20 busy clients cost about twice the CPU per list page with
    #: 40 threads (the framework's default) as with 2 (``benchmarks/web_load.py
    #: --worker-threads N``; figures in docs/benchmarks/web.md).
    worker_threads: int = 2
    #: Threads for long jobs (an import, an evidence file, linkage, an estimate, a sign-in's
    #: Argon2id), kept apart so that two of them running never leave the pages without a thread.
    long_work_threads: int = 2
    #: A search that finds more records than this not yet read by the session's search index
    #: (read in the background from sign-in on) shows a page that waits for the index and
    #: says how far it is, instead of reading them itself for many seconds on a blank page
    #: (2,000 records are read in about 0.3 s; ``benchmarks/search_records.py --first``).
    search_waits_above: int = 2000
    #: Host names the server answers to; any other Host header is refused (DNS rebinding).
    #: ``uncounted serve`` adds the address it listens on.
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    #: Largest request body, in bytes, except file uploads; checked before it is read.
    max_body_bytes: int = 1 << 20
    #: Largest file upload request (each upload page has its own, lower, limit as well).
    max_upload_bytes: int = (256 << 20) + (1 << 20)
    #: Seconds a client may take to send a request's line and headers before it is cut off.
    header_timeout: float = 10.0
    #: Seconds a client may stay silent in the middle of sending a request's body.
    body_timeout: float = 30.0
    #: Open connections and running requests beyond which new requests get 503.
    max_connections: int = 200
