"""The records, people and register lists show fifty rows a page, with a next page while rows
remain.

Against a real vault of 52 synthetic records (``uncounted.web.paging`` is the one rule).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, add_victims, sign_in

from uncounted.services import register, vaults
from uncounted.web.paging import PAGE_SIZE, Paging


def _add_records(web_vault: WebVault, count: int) -> None:
    add_victims(web_vault, [f"Pagename{index} Syntheticova" for index in range(count)], "2018-05")


@pytest.mark.parametrize(("path", "link"), [("/records", "/records/"), ("/people", "/people/")])
def test_a_list_of_52_shows_50_then_2_and_a_page_below_1_is_the_first(
    client: TestClient, web_vault: WebVault, path: str, link: str
) -> None:
    _add_records(web_vault, 50)  # the vault holds two already
    sign_in(client, ADMIN, ADMIN_PASS)

    def shown(page: str) -> tuple[int, bool]:
        body = client.get(f"{path}?page={page}").text
        rows = set(re.findall(rf'href="{link}([^"/?]+)"', body))
        return len(rows), 'href="?page=' in body

    assert shown("1") == (PAGE_SIZE, True)
    assert shown("2") == (2, False)
    assert shown("0") == shown("1")
    assert shown("3") == (0, False)


def test_the_register_pages_its_people_without_losing_or_repeating_one(
    client: TestClient, web_vault: WebVault
) -> None:
    _add_records(web_vault, 58)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
        everyone = [person.id for person in register.list_people(admin)]
    assert PAGE_SIZE < len(everyone) <= 2 * PAGE_SIZE  # however linkage joined the 60 records
    csrf = sign_in(client, ADMIN, ADMIN_PASS)

    def shown(page: str) -> tuple[list[str], bool]:
        body = client.get(f"/register?page={page}").text
        return re.findall(r'href="/register/([^"/?]+)"', body), 'href="?page=' in body

    first, second = shown("1"), shown("2")
    assert (len(first[0]), first[1]) == (PAGE_SIZE, True)
    assert (len(second[0]), second[1]) == (len(everyone) - PAGE_SIZE, False)
    assert first[0] + second[0] == everyone  # oldest first, each person once
    assert shown("0") == first
    assert shown("3") == ([], False)
    assert 'href="?page=2&amp;show=&amp;search="' in client.get("/register?page=1").text
    searched = client.post("/register", data={"q": "Pagename", "csrf_token": csrf})
    token = parse_qs(urlsplit(str(searched.url)).query)["search"][0]  # not the name
    assert f'href="?page=2&amp;show=&amp;search={token}"' in searched.text  # the next page keeps it


def test_paging_asks_one_row_more_than_it_shows() -> None:
    second = Paging.at(2)
    assert (second.number, second.offset, second.limit) == (2, PAGE_SIZE, PAGE_SIZE + 1)
    assert Paging.at(-4) == Paging.at(1) and Paging.at(1).offset == 0
    fetched = list(range(PAGE_SIZE + 1))
    assert list(second.rows(fetched)) == fetched[:PAGE_SIZE] and second.more(fetched)
    assert not second.more(fetched[:PAGE_SIZE])
