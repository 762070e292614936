"""Shared constants and helpers of the web tests (synthetic identities only)."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import anyio
import httpx
from fastapi.testclient import TestClient

from uncounted.services import cases, records, users, vaults

if TYPE_CHECKING:
    from uncounted.web.sessions import WebSession

T = TypeVar("T")

ADMIN, ADMIN_PASS = "ana", "admin passphrase for tests"
ANALYST, ANALYST_PASS = "boris", "caseworker passphrase for tests"  # a caseworker
GRANTED_NAME = "Зелимхан Тестов"  # synthetic, invented for the tests
OTHER_NAME = "Ruslan Primerov"  # synthetic, in a case the analyst is not granted


@dataclass(frozen=True)
class WebVault:
    path: Path
    granted_id: str
    other_id: str
    recovery_secret: str = ""


def add_victims(
    web_vault: WebVault, names: Sequence[str], month: str | None = "2018-12"
) -> list[str]:
    """A record of each of *names* (a victim of a detention in case-a, from the hotline),
    made by the administrator; their ids, in order."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return [
            records.create_record(
                admin,
                records.RecordDraft(
                    case="case-a",
                    source="hotline",
                    event_type="detention",
                    event_month=month,
                    analytic={"role": "victim"},
                    identity={"name": name},
                ),
            )
            for name in names
        ]


def csrf_token(page: str) -> str:
    """The CSRF token the forms of *page* (its HTML) carry."""
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def post_sign_in(
    client: httpx.Client, user: str, passphrase: str, code: str | None = None
) -> httpx.Response:
    """Send the real sign-in form, with the token its page gave and the sign-in *code* if
    given; the answer (a TestClient follows the redirect home: 200 on success, 401 refused)."""
    data = {
        "user": user,
        "passphrase": passphrase,
        "csrf_token": csrf_token(client.get("/signin").text),
    }
    if code is not None:
        data["code"] = code
    return client.post("/signin", data=data)


def sign_in(client: TestClient, user: str, passphrase: str) -> str:
    """Sign in through the real form; returns the session's CSRF token."""
    response = post_sign_in(client, user, passphrase)
    assert response.status_code == 200, response.text
    return csrf_token(client.get("/").text)


def index_read(session: WebSession) -> None:
    """Wait until *session*'s search-index reader (started at sign-in,
    ``uncounted.web.search_ready``) has stopped: until then it takes the session's vault a
    batch at a time, so a test that asserts who holds the vault (``lock.locked()``) or waits
    for "a request holds it" must first wait for this, else it sees the reader (stop 28)."""
    reader = session.index_reader
    if reader is not None:
        reader.join(120)
        assert not reader.is_alive(), "the search index was not read in two minutes"


def draft_report(client: TestClient, wait: float = 120.0) -> str:
    """The draft report's page, as a browser that follows its wait page gets it: the first
    opening answers with the wait page (``draft-wait``) and starts the draft; this waits for
    the session's draft to be made (not for a time), then opens it again."""
    first = client.get("/reports/draft")
    if 'id="draft-wait"' not in first.text:
        return first.text
    token = client.cookies.get("uncounted_session")
    session = client.app.state.shell.sessions.get(token)  # type: ignore[attr-defined]
    assert session is not None and session.draft is not None
    assert session.draft.done.wait(wait), "the draft was not made"
    return client.get("/reports/draft").text


@dataclass
class FakeClock:
    """Seconds that pass only when the test says so (for ``SessionStore`` and ``app_for_vault``)."""

    seconds: float = 0.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def run_async(func: Callable[..., Awaitable[T]], *args: object) -> T:
    """``anyio.run(func, *args)`` in an event loop and a thread of their own.

    The browser tests share one Chromium per test process (``chromium_process``), and
    Playwright's sync API keeps an asyncio loop marked as running in the main thread for as
    long as it lives; ``anyio.run`` refuses to start there. Whether a browser test ran first
    on the same worker depends on how xdist shares out the files, so a test that runs a
    coroutine itself goes through here (its exceptions are raised here)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, func, *args).result()


def case_url(client: TestClient, name: str) -> str:
    """The address of case *name*'s page, read from the Cases page's link to it (addresses carry
    a case's number, never its name)."""
    listing = client.get("/cases").text
    found = re.search(rf'<a href="(/cases/\d+)">{re.escape(html.escape(name))}</a>', listing)
    assert found, f"the Cases page links to no case {name!r}"
    return found.group(1)


def revoke_url(web_vault: WebVault, case: str, user: str) -> str:
    """The address of the page that asks before taking *case* back from *user* (by their
    numbers, as the Grants page links to it)."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        number = cases.case_number(admin, case)
        holder = next(row.id for row in users.list_users(admin) if row.name == user)
    return f"/admin/grants/revoke?case={number}&user={holder}"


def user_url(client: TestClient, action: str, name: str) -> str:
    """The address of the Users page's *action* (``reset``, ``deactivate``, ``remove``) for
    user *name*, read from the link in their row (it carries their number, never the name)."""
    listing = client.get("/admin/users").text
    row = listing.split(f'<tr id="user-{html.escape(name)}">', 1)[1].split("</tr>", 1)[0]
    found = re.search(rf'href="(/admin/users/{action}\?user=\d+)"', row)
    assert found, f"the Users page offers no {action} of {name!r}"
    return found.group(1)


FAMILY_CASE = "Семья Проходовых"  # a case named after the family it helps (synthetic)
FAMILY_PERSON = "Тимур Проходов"  # its person (synthetic)


def add_family_case(web_vault: WebVault) -> None:
    """Two records of :data:`FAMILY_PERSON` in :data:`FAMILY_CASE` (two events: each record
    is its own), made by the admin, who alone holds the case."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        for month in ("2018-12", "2019-01"):
            records.create_record(
                admin,
                records.RecordDraft(
                    case=FAMILY_CASE,
                    source="hotline",
                    event_type="detention",
                    event_month=month,
                    analytic={"role": "victim"},
                    identity={"name": FAMILY_PERSON},
                ),
            )
