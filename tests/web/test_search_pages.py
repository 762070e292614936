"""A search is sent by POST and kept in the session: the list's address carries a random token,
never the name; the token finds the search again (the next page, a reload) only in the session
that made it, and a list reached with an ended search says so. Every field that may hold a
name, a contact or an address is kept out of the browser's form history and spell checking.

Against the real app and test vault (``Зелимхан Тестов`` in case-a, granted to the caseworker;
names are synthetic). The browser itself: ``test_search_leaves_no_name_browser.py``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, WebVault, sign_in

from uncounted import linkage
from uncounted.services import register, vaults
from uncounted.web.searches import KEPT, Searches
from uncounted.web.sessions import SessionStore

SURNAME = GRANTED_NAME.split()[1]  # Тестов, found as typed and as "Testov"


def _query(url: object) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(url)).query)


@pytest.mark.parametrize("path", ["/records", "/people", "/register"])
@pytest.mark.parametrize("typed", [SURNAME, "Testov"])
def test_a_search_goes_to_an_address_with_a_token_and_finds_the_record(
    client: TestClient, web_vault: WebVault, path: str, typed: str
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    sent = client.post(path, data={"q": typed, "csrf_token": csrf}, follow_redirects=False)
    assert sent.status_code == 303
    address = sent.headers["location"]
    assert address.startswith(f"{path}?search=")
    assert typed.casefold() not in unquote(address).casefold()
    assert "testov" not in unquote(address).casefold()  # nor its folded form
    shown = client.get(address).text
    assert f'id="q" name="q" type="search" value="{typed}"' in shown  # the box keeps the text
    found = GRANTED_NAME if path != "/register" else "P-"
    assert found in shown.split("<tbody>", 1)[1]
    nobody = client.post(path, data={"q": "Nikogonetov", "csrf_token": csrf})
    assert found not in nobody.text.split("<tbody>", 1)[1]


def test_the_other_filters_go_on_in_the_address_and_an_empty_search_adds_no_token(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    filters = {"q": "  ", "source": "hotline", "event_type": "", "csrf_token": csrf}
    sent = client.post("/records", data=filters, follow_redirects=False)
    assert sent.headers["location"] == "/records?source=hotline"
    assert (
        client.post("/records", data={"csrf_token": csrf}, follow_redirects=False).headers[
            "location"
        ]
        == "/records"
    )
    refused = client.post("/records", data={"q": SURNAME}, follow_redirects=False)
    assert refused.status_code == 403  # a form from elsewhere: nothing kept


def test_a_search_token_finds_nothing_after_sign_out_and_says_so(client: TestClient) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    searched = client.post("/people", data={"q": "Nikogonetov", "csrf_token": csrf})
    assert "No people match." in searched.text
    assert 'id="search-ended"' not in searched.text
    address = f"/people?search={_query(searched.url)['search'][0]}"
    client.post("/signout", data={"csrf_token": csrf})
    sign_in(client, ANALYST, ANALYST_PASS)
    again = client.get(address).text
    assert 'id="search-ended"' in again  # not a list of everyone as if nothing was searched
    assert 'value=""' in again.split('id="q"', 1)[1].split(">", 1)[0]
    assert GRANTED_NAME in again  # the whole list, with the notice above it
    made_up = client.get("/records?search=" + "A" * 22).text
    assert 'id="search-ended"' in made_up


def test_a_session_keeps_its_latest_searches_and_forgets_them_when_it_ends() -> None:
    class Keys:
        def close(self) -> None:
            pass

    store = SessionStore(idle_timeout=60)
    session = store.open("boris", Keys(), "en")
    tokens = [session.searches.keep({"q": f"Name{index}"}) for index in range(KEPT + 1)]
    assert session.searches.fields(tokens[0]) is None  # the oldest went
    assert session.searches.fields(tokens[-1]) == {"q": f"Name{KEPT}"}
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", token) for token in tokens)
    store.close(session.token)
    assert session.searches.fields(tokens[-1]) is None
    assert Searches().fields("") is None


def test_the_names_a_search_folded_leave_the_servers_memory_at_sign_out(
    client: TestClient,
) -> None:
    """Linkage memoises what it folds; a running server seized after sign-out must not hold
    the names searched (as typed and folded) in those caches (memory only, never on disk)."""
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    assert GRANTED_NAME in client.post("/records", data={"q": "Testov", "csrf_token": csrf}).text
    memoised = (linkage.fold, linkage.transliterate)
    assert all(cache.cache_info().currsize > 0 for cache in memoised)
    client.post("/signout", data={"csrf_token": csrf})
    assert [cache.cache_info().currsize for cache in memoised] == [0, 0]
    assert linkage.fold("Тестов") == linkage.fold("Testov")  # folding is as before


@pytest.mark.parametrize("path", ["/testimony", "/cases", "/claims"])
def test_every_field_that_may_hold_a_name_is_kept_from_form_history_and_spelling(
    client: TestClient, path: str
) -> None:
    sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get(path).text
    fields = re.findall(r"<(?:textarea|input)\b[^>]*>", page)
    typed = [
        field
        for field in fields
        if "<textarea" in field or re.search(r'type="(?:text|search|tel|email)"', field)
    ]
    assert typed  # the form is there
    loose = [f for f in typed if 'autocomplete="off"' not in f or 'spellcheck="false"' not in f]
    assert loose == []
