"""No two pages have the same title: /people (a row for each record naming a person) and the
register (each person once) were both called 'People', so a reader could not tell which count
they were reading (seen walking the analyst's job)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, sign_in


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()  # type: ignore[union-attr]


def _heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("language", "people", "register", "per_record"),
    [
        ("en", "People named in records", "People in the register", "One row for each record"),
        ("ru", "Люди, названные в записях", "Люди в реестре", "Одна строка на каждую запись"),
    ],
)
def test_people_and_the_register_say_what_each_counts(
    client: TestClient, language: str, people: str, register: str, per_record: str
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": language, "csrf_token": csrf})
    listed, registered = client.get("/people").text, client.get("/register").text
    assert (_title(listed), _heading(listed)) == (f"{people} · uncounted", people)
    assert (_title(registered), _heading(registered)) == (f"{register} · uncounted", register)
    assert per_record in listed and 'href="/register"' in listed


def test_every_page_of_the_menu_has_a_title_of_its_own(client: TestClient) -> None:
    """The menu's pages and /people (reached from a case, a source or a person), in English
    and Russian: each title once."""
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    for language in ("en", "ru"):
        client.post("/language", data={"language": language, "csrf_token": csrf})
        menu = client.get("/").text.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'href="(/[^"]*)"', menu)
        assert "/register" in links
        titles = {path: _title(client.get(path).text) for path in [*links, "/people"]}
        twice = {t for t in titles.values() if list(titles.values()).count(t) > 1}
        assert not twice, {path: t for path, t in titles.items() if t in twice}


def test_the_import_steps_have_titles_of_their_own(client: TestClient) -> None:
    """The upload and the column-matching step were both 'Import a list'; the step's title
    says what it asks, without the file's name (a title goes into the browser's history)."""
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    upload = _title(client.get("/import").text)
    listed = "record_id,name,event_type\nx-1,Adam Syntheticov,detention\n"  # synthetic
    mapping = client.post(
        "/import",
        data={"source": "ngo-x", "csrf_token": csrf},
        files={"file": ("list-of-names.csv", listed.encode(), "text/csv")},
    ).text
    assert _title(mapping) == "Import a list: what each column holds · uncounted"
    assert _title(mapping) != upload and "list-of-names" not in _title(mapping)
