"""A broad search stops counting past 500 matches and says what narrows it (en, ru).

At 100,000 records a search for a common surname opened every identity the user holds to count
the matches before showing its first page; past 500 a count helps no one. The records, the
people and the register's lists now stop once their page is full and 501 have matched
(``uncounted.vault.records.MOST_COUNTED``) and say "More than 500 records match: add a birth
year or a place to the search."; a narrower search is counted exactly. Names are synthetic.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import register, search, vaults
from uncounted.vault import RecordView
from uncounted.vault import records as store

SURNAME = "Широкоев"  # synthetic, shared by every record added
RECORDS = 620
BORN_1990 = 7  # the records born in 1990

CAPPED = {
    "en": "More than 500 records match: add a birth year or a place to the search.",
    "ru": "Найдено больше 500 записей: добавьте к поиску год рождения или место.",
}


def _add(web_vault: WebVault) -> None:
    """RECORDS records in case-a (the caseworker's), all of one surname, BORN_1990 of them
    born in 1990."""
    drafts = [
        store.RecordDraft(
            case="case-a",
            source="hotline",
            source_record_id=f"B-{number}",
            identity={
                "name": f"Ислам {SURNAME}",
                "birth_date": "1990-05-03" if number < BORN_1990 else f"{1950 + number % 30}-01-01",
            },
        )
        for number in range(RECORDS)
    ]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        store.insert_records(admin, drafts, action="records.import", target="test")


def _searched(client: TestClient, token: str, path: str, text: str) -> str:
    page = client.post(path, data={"csrf_token": token, "q": text})
    assert page.status_code == 200 and "search=" in str(page.url)
    return page.text


def _count(page: str) -> str:
    found = re.search(r'<p id="match-count" role="status">(.*?)</p>', page, re.S)
    assert found, "the list says nothing of how many match"
    return " ".join(found.group(1).split())


def test_a_broad_search_says_more_than_500_match_and_a_narrower_one_counts(
    client: TestClient, web_vault: WebVault
) -> None:
    _add(web_vault)
    token = sign_in(client, ANALYST, ANALYST_PASS)
    for path in ("/records", "/people"):
        broad = _searched(client, token, path, SURNAME)
        assert _count(broad) == CAPPED["en"]
        assert broad.count(SURNAME) >= 20 and "Next page" in broad  # the first page is shown
        # the year with its month: "1990" alone is inside some random record id (hex) in about
        # one run of four
        narrow = _searched(client, token, path, f"{SURNAME} 1990-05")
        assert _count(narrow) == f"{BORN_1990} records match"
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert _count(_searched(client, token, "/records", SURNAME)) == CAPPED["ru"]


def test_the_register_stops_a_broad_search_as_the_records_list_does(
    client: TestClient, web_vault: WebVault
) -> None:
    """The register lists the people of the records a search finds: past 500 records it shows
    the people of the first 500 and says so as the records list does; a narrower search lists
    its people and counts them."""
    _add(web_vault)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
        capped = register.find_people(admin, SURNAME)
        narrow = register.find_people(admin, f"{SURNAME} 1990-05")
        every = register.list_people(admin, SURNAME)  # the command line's: every match
    assert capped.records is not None and capped.records.more_than
    assert len(capped.records.views) == 500 and every  # the people of the first 500 records
    assert {p.id for p in capped.people} <= {p.id for p in every}
    assert narrow.records is not None and narrow.records.matching == BORN_1990
    token = sign_in(client, ANALYST, ANALYST_PASS)
    broad = _searched(client, token, "/register", SURNAME)
    assert _count(broad) == CAPPED["en"]
    assert "P-" in broad.split("<tbody>", 1)[1]  # the people found so far are listed
    people = len(narrow.people)
    narrower = _searched(client, token, "/register", f"{SURNAME} 1990-05")
    assert _count(narrower) == (f"{people} people match" if people > 1 else "1 person matches")
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert _count(_searched(client, token, "/register", SURNAME)) == CAPPED["ru"]


def test_a_broad_search_opens_no_record_past_the_501st_match(web_vault: WebVault) -> None:
    """What the cap saves: the rule is asked about 501 records, not all 620 (a page of 21)."""
    _add(web_vault)
    rule = search.matching(SURNAME)
    assert rule is not None
    asked: list[str] = []

    def counted(view: RecordView) -> bool:
        asked.append(view.record_id)
        return rule(view)

    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        found = store.find_records(admin, store.RecordFilter(matches=counted), 21, reveal=True)
        opened = len(asked)
        every = store.find_records(admin, store.RecordFilter(matches=counted), None, reveal=True)
    assert (len(found.views), found.matching, found.more_than) == (21, 501, True)
    assert opened == 2 + 501  # web_vault's own two records (no match) come first
    assert (every.matching, every.more_than) == (RECORDS, False)  # no page: everything counted
    assert len(asked) == opened + 2 + RECORDS
