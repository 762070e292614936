"""In Chromium with a profile on disk, a caseworker and an administrator (each in ru at 390 px
and en at 1280 px) follow every link of the real app and submit every GET form, and no address the
browser asked for, no redirect's ``Location``, no file of the profile and no line the server
wrote (served as ``uncounted serve`` serves it: ``server_config``) holds the name of a case,
a person or a user.

Browser history, the server's access log and a proxy's log keep every address. A case's page
was ``/cases/view?name=...``, its link to its people ``/people?case=...`` and the
administrator's user and grant pages ``?user=...&case=...``: a case named after the family it
helps went into the history. They carry the case's and the user's number now
(``uncounted.vault.row_ids``); the search box and the list filters went by POST and a token
before (``uncounted.web.search_form``). Names are synthetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit

import pytest
from browser_helpers import profile_leaks, profile_page, sign_in_in_language, walk_shot
from playwright.sync_api import Browser, Page, Request, Response, expect
from server_helpers import serving
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    FAMILY_CASE,
    FAMILY_PERSON,
    GRANTED_NAME,
    OTHER_NAME,
    WebVault,
    add_family_case,
)

from uncounted.services import grants, users, vaults
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

CASE, PERSON = FAMILY_CASE, FAMILY_PERSON
USER = "zaurbekova"  # a caseworker: a user's name is a person's
USER_PASS = "seven unrelated words in a row"

#: More pages than the crawl of this vault reaches (about 60 for an administrator): the
#: crawl must end by running out of links, not by this bound.
MOST_PAGES = 400

#: What each crawl must have reached (so that it cannot pass by missing the pages that
#: carried names): a case's page, its people, and the administrator's user and grant pages.
REACHED = {
    "caseworker": (r"/cases/\d+", r"/people\?case=\d+"),
    "admin": (
        r"/cases/\d+",
        r"/people\?case=\d+",
        r"/admin/users/reset\?user=\d+",
        r"/admin/users/deactivate\?user=\d+",
        r"/admin/users/remove\?user=\d+",
        r"/admin/grants/revoke\?case=\d+&user=\d+",
    ),
}

#: An address of no case or user, and what the page says in each language (a user page's
#: address of no user shows the Users page saying so: test_reset_repeat_browser).
UNKNOWN = {
    "caseworker": "/cases/999999",
    "admin": "/admin/grants/revoke?case=1&user=999999",
}
SAID = {
    ("caseworker", "ru"): "Дела номер 999999 в этом хранилище нет",
    ("caseworker", "en"): "There is no case number 999999 in this vault",
    ("admin", "ru"): "Пользователя номер 999999 в этом хранилище нет",
    ("admin", "en"): "There is no user number 999999 in this vault",
}


def _add(web_vault: WebVault) -> None:
    """The family's case with two records, granted to the caseworker, and a caseworker with a
    distinctive name who holds it too."""
    add_family_case(web_vault)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, USER, "caseworker", USER_PASS, admin_set=False)
        for holder in (ANALYST, USER):
            grants.grant(admin, CASE, holder)


def _names() -> set[str]:
    """Every name the vault holds, whole and by word (cases, people, users)."""
    whole = {CASE, PERSON, USER, GRANTED_NAME, OTHER_NAME, "case-a", "case-b", ANALYST}
    return whole | {word for name in whole for word in name.split() if len(word) > 3}


def _named(address: str, names: set[str]) -> set[str]:
    """The names *address* holds, as written or percent-encoded."""
    read = unquote_plus(address).casefold()
    return {name for name in names if name.casefold() in read}


def _links(page: Page) -> list[tuple[str, bool]]:
    """Every link of the page (absolute, with whether it is a download) and the address each
    GET form of the page goes to with what it holds."""
    links: list[tuple[str, bool]] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => [a.href, a.hasAttribute('download')])"
    )
    forms: list[str] = page.eval_on_selector_all(
        "form",
        """forms => forms.filter(f => f.method === 'get').map(f => {
             const to = new URL(f.action);
             to.search = new URLSearchParams(new FormData(f)).toString();
             return to.href;
           })""",
    )
    return [*links, *((form, False) for form in forms)]


def _crawl(page: Page, site: str) -> tuple[set[str], list[str]]:
    """Visit every page reachable from the dashboard (same site, GET only); the paths and
    queries visited, and every address the browser asked for or was redirected to."""
    asked: list[str] = []

    def request(sent: Request) -> None:
        asked.append(sent.url)

    def response(answer: Response) -> None:
        asked.append(answer.headers.get("location", ""))

    page.on("request", request)
    page.on("response", response)
    queue, visited = ["/"], set()
    while queue:
        address = queue.pop(0)
        if address in visited:
            continue
        visited.add(address)
        assert len(visited) <= MOST_PAGES, "the crawl did not end"
        page.goto(site + address)
        for link, download in _links(page):
            asked.append(link)  # a download's address is checked, not fetched
            parts = urlsplit(link)
            if download or f"{parts.scheme}://{parts.netloc}" != site:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited, asked


@pytest.fixture
def served(web_vault: WebVault) -> Iterator[str]:
    """The app on the test vault, served with ``uncounted serve``'s own uvicorn settings."""
    _add(web_vault)
    settings = WebSettings(vault=web_vault.path)
    with serving(app_for_vault(settings), settings) as url:
        yield url


@pytest.mark.parametrize(
    ("role", "language", "width"),
    [(role, "ru", 390) for role in ("caseworker", "admin")]
    + [(role, "en", 1280) for role in ("caseworker", "admin")],
)
def test_no_address_holds_a_name_of_a_case_a_person_or_a_user(
    browser: Browser,
    served: str,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    role: str,
    language: str,
    width: int,
) -> None:
    user, passphrase = (ANALYST, ANALYST_PASS) if role == "caseworker" else (ADMIN, ADMIN_PASS)
    names = _names()
    profile = tmp_path / "profile"
    with profile_page(browser, profile, width) as page:
        sign_in_in_language(page, served, user, passphrase, language)
        visited, asked = _crawl(page, served)
        for number, pattern in enumerate(REACHED[role]):
            reached = [path for path in sorted(visited) if re.fullmatch(pattern, path)]
            assert reached, pattern
            page.goto(served + reached[-1])  # the family's case is the last made
            walk_shot(page, f"searchpriv-{role}-{number}-{language}-{width}.png")
        answer = page.goto(served + UNKNOWN[role])
        assert answer is not None and answer.status == 404
        expect(page.locator("main")).to_contain_text(SAID[role, language])
        walk_shot(page, f"searchpriv-unknown-{role}-{language}-{width}.png")
    leaks = {address: _named(address, names) for address in asked}
    assert {address: found for address, found in leaks.items() if found} == {}
    # the browser keeps its own user's name from the sign-in form (Login Data, Web Data): the
    # name of whoever holds the device, not one of the cases, people or other users
    assert profile_leaks(profile, names - {user}) == set()
    written = capfd.readouterr()
    assert _named(written.out + written.err, names) == set()
    assert '"GET /' not in written.out + written.err  # no request line is logged at all
