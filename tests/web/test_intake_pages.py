"""Testimony intake, people, events, sources and claims on the real app and a real vault."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_helpers import (
    OUTSIDER,
    OUTSIDER_PASS,
    VICTIM_NAME,
    VIEWER,
    VIEWER_PASS,
    WITNESS_NAME,
    intake_data,
)
from web_helpers import ANALYST, ANALYST_PASS, csrf_token, sign_in

from uncounted.messages import Message
from uncounted.services import testimonies
from uncounted.web.i18n import Translator


def _record(outsider_client: TestClient, csrf: str, **overrides: str) -> str:
    response = outsider_client.post("/testimony", data=intake_data(csrf, **overrides))
    assert response.status_code == 200, response.text
    return str(response.url.path)


def _switch(outsider_client: TestClient, csrf: str, user: str, passphrase: str) -> str:
    outsider_client.post("/signout", data={"csrf_token": csrf})
    return sign_in(outsider_client, user, passphrase)


def test_a_recorded_testimony_shows_its_people_to_the_granted_and_pseudonyms_to_others(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    person_path = _record(outsider_client, csrf)
    page = outsider_client.get(person_path).text
    assert VICTIM_NAME in page
    assert "He was taken from the bus station at night." in page
    assert "PPS regiment" in page
    people = outsider_client.get("/people").text
    assert VICTIM_NAME in people and WITNESS_NAME in people
    witnesses = outsider_client.get("/people", params={"role": "witness"}).text
    assert WITNESS_NAME in witnesses and VICTIM_NAME not in witnesses
    events = outsider_client.get("/events").text
    assert "/people?event=" in events
    assert "Hotline testimony" in outsider_client.get("/sources").text

    csrf = _switch(outsider_client, csrf, OUTSIDER, OUTSIDER_PASS)
    sealed = outsider_client.get(person_path).text
    assert "The identity is sealed" in sealed
    for secret in (VICTIM_NAME, WITNESS_NAME, "bus station", "PPS regiment"):
        assert secret not in sealed
        assert secret not in outsider_client.get("/people").text
    searched = outsider_client.post("/people", data={"q": "Movsar", "csrf_token": csrf})
    assert searched.text.count("/people/") == 0


def test_each_testimony_is_one_event_with_its_people(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _record(outsider_client, csrf)
    _record(outsider_client, csrf, event_type="torture")
    body = outsider_client.get("/events").text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.split("</tr>")[:-1]
    # newest first: the two testimonies (two people each), then the fixture's two records
    assert len(rows) == 4
    assert "Torture" in rows[0] and rows[0].rstrip().endswith(">2</td>")
    assert "Detention" in rows[1] and rows[1].rstrip().endswith(">2</td>")
    assert all(row.rstrip().endswith(">1</td>") for row in rows[2:])
    only = outsider_client.get("/events", params={"event_type": "torture"}).text
    assert only.split("<tbody>", 1)[1].count("</tr>") == 1


def test_a_form_with_problems_names_each_field_keeps_what_was_typed_and_saves_nothing(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    before = outsider_client.get("/people").text.count('href="/people/')
    response = outsider_client.post(
        "/testimony",
        data=intake_data(
            csrf, event_date="2017-13-40", event_type="", **{"people-0-age": "two hundred"}
        ),
    )
    assert response.status_code == 400
    page = response.text
    assert 'id="event_date-error"' in page
    assert 'id="event_type-error"' in page
    assert 'id="people-0-age-error"' in page
    assert "Give the age as a whole number of years from 0 to 120." in page
    assert 'value="two hundred"' in page
    assert VICTIM_NAME in page  # kept in the form, for correction
    assert outsider_client.get("/people").text.count('href="/people/') == before


def test_the_case_field_suggests_only_cases_the_user_holds(outsider_client: TestClient) -> None:
    sign_in(outsider_client, ANALYST, ANALYST_PASS)
    page = outsider_client.get("/testimony").text
    suggestions = page.split('<datalist id="case-choices">', 1)[1].split("</datalist>", 1)[0]
    assert '<option value="case-a">' in suggestions
    assert "case-b" not in suggestions


def test_the_source_field_offers_the_lists_already_in_the_vault(
    outsider_client: TestClient,
) -> None:
    """A caseworker typed "Горячая линия" for the vault's "hotline" list: the call became a
    seventh list that overlapped no one. The field now offers the lists there are."""
    sign_in(outsider_client, ANALYST, ANALYST_PASS)
    page = outsider_client.get("/testimony").text
    field = page.split('id="source"', 1)[1].split(">", 1)[0]
    assert 'list="source-choices"' in field
    suggestions = page.split('<datalist id="source-choices">', 1)[1].split("</datalist>", 1)[0]
    assert '<option value="hotline">' in suggestions
    assert "a new name starts a new list" in page


def test_a_form_without_any_person_is_refused(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    blank = {f"people-{i}-{f}": "" for i in range(3) for f in ("name", "age", "contact")}
    response = outsider_client.post("/testimony", data=intake_data(csrf, **blank))
    assert response.status_code == 400
    assert "Name at least one person" in response.text


def test_adding_rows_keeps_what_was_typed_and_stores_nothing(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    response = outsider_client.post("/testimony", data=intake_data(csrf, action="more"))
    assert response.status_code == 200
    assert 'name="people-3-name"' in response.text  # one more person at a time
    assert 'name="people-4-name"' not in response.text
    assert re.search(r'<select id="people-3-role"[^>]*autofocus', response.text)
    assert VICTIM_NAME in response.text
    assert VICTIM_NAME not in outsider_client.get("/people").text


def test_the_next_call_starts_with_the_case_and_source_of_the_last(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    fresh = outsider_client.get("/testimony").text
    assert 'value="case-t"' not in fresh and 'name="people-2-name"' not in fresh  # two rows
    recorded = outsider_client.post("/testimony", data=intake_data(csrf, case="case-t"))
    assert recorded.status_code == 200
    assert re.search(
        r'id="case" name="case" type="text" value="case-t"', outsider_client.get("/testimony").text
    )


def test_an_ungranted_user_cannot_add_to_someone_elses_case(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, OUTSIDER, OUTSIDER_PASS)
    response = outsider_client.post("/testimony", data=intake_data(csrf, case="case-b"))
    assert response.status_code == 400
    assert 'id="case-error"' in response.text
    assert "You hold no grant of this case" in response.text
    assert VICTIM_NAME in response.text  # what was typed is kept for another case
    csrf = _csrf(outsider_client)
    assert (
        outsider_client.post("/testimony", data=intake_data(csrf, case="case-v")).status_code == 200
    )


def test_every_form_message_is_a_template_with_a_russian_translation() -> None:
    russian = Translator("ru").gettext
    for message in testimonies.INTAKE_MESSAGES:
        assert isinstance(message, Message)
        assert message.translated(russian) != str(message)


def test_the_form_shows_the_models_reason_in_the_users_language(
    outsider_client: TestClient,
) -> None:
    """A value the model refuses (a birth after the event) is explained by the model's own
    reason, translated like every other message, next to the field it concerns."""
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    data = intake_data(csrf, **{"people-0-birth_date": "2018", "people-0-age": ""})
    response = outsider_client.post("/testimony", data=data)
    assert response.status_code == 400
    page = html.unescape(response.text)
    error = page.split('id="people-0-birth_date-error"', 1)[1].split("</", 1)[0]
    assert "Позже даты события" in error
    data = intake_data(csrf, **{"people-0-age": "121"})
    page = html.unescape(outsider_client.post("/testimony", data=data).text)
    assert "Укажите возраст целым числом лет от 0 до 120." in page


def test_claims_are_listed_against_the_documented_records(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _record(outsider_client, csrf)
    response = outsider_client.post(
        "/claims",
        data={
            "csrf_token": csrf,
            "claim_type": "denial",
            "speaker": "A. Spokesman",
            "speaker_office": "Press secretary",
            "date": "2017-04-01",
            "statement": "There were no detentions at all.",
            "event_types": "detention",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "There were no detentions at all." in page
    # the fixture's March 2017 detention and this testimony's victim: 2 people (its witness
    # is a record too, but not a victim, so not counted)
    row = page.split("There were no detentions at all.", 1)[1].split("</tr>", 1)[0]
    assert re.search(r"<td[^>]*>2</td>", row)
    bad = outsider_client.post(
        "/claims", data={"csrf_token": csrf, "claim_type": "denial", "date": "x"}
    )
    assert bad.status_code == 400
    assert 'id="speaker-error"' in bad.text and 'id="date-error"' in bad.text


def test_a_viewer_sees_lists_but_no_forms_that_change_anything(outsider_client: TestClient) -> None:
    sign_in(outsider_client, VIEWER, VIEWER_PASS)
    assert 'action="/claims" class="intake"' not in outsider_client.get("/claims").text
    assert 'action="/cases"' not in outsider_client.get("/cases").text
    assert outsider_client.get("/people").status_code == 200


POSTS = ("/testimony", "/claims", "/cases", "/cases/status", "/cases/update")


@pytest.mark.parametrize("path", POSTS)
def test_every_form_is_refused_without_its_csrf_token(
    outsider_client: TestClient, path: str
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    data = intake_data(csrf) | {"case_id": "new-case", "name": "case-a", "status": "closed"}
    del data["csrf_token"]
    assert outsider_client.post(path, data=data).status_code == 403
    assert outsider_client.post(path, data=data | {"csrf_token": "forged"}).status_code == 403
    assert VICTIM_NAME not in outsider_client.get("/people").text
    assert "new-case" not in outsider_client.get("/cases").text


class _IdentityText(HTMLParser):
    """Collects the text of each ``<dd>`` inside ``<dl class="identity">``."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self._in_identity = False
        self._in_dd = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dl" and ("class", "identity") in attrs:
            self._in_identity = True
        elif tag == "dd" and self._in_identity:
            self._in_dd = True
            self.values.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self._in_identity = False
        elif tag == "dd":
            self._in_dd = False

    def handle_data(self, data: str) -> None:
        if self._in_dd:
            self.values[-1] += data


typed_text = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # one vault and one signed-in client serve every example: each adds a new testimony
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=typed_text, address=typed_text, testimony=typed_text)
def test_whatever_is_typed_comes_back_exactly(
    outsider_client: TestClient, name: str, address: str, testimony: str
) -> None:
    csrf = (
        sign_in(outsider_client, ANALYST, ANALYST_PASS)
        if not outsider_client.cookies
        else _csrf(outsider_client)
    )
    data = intake_data(csrf, testimony=testimony)
    data |= {"people-0-name": name, "people-0-address": address}
    response = outsider_client.post("/testimony", data=data)
    assert response.status_code == 200, response.text
    parser = _IdentityText()
    parser.feed(response.text)
    assert name in parser.values
    assert address in parser.values
    assert testimony in parser.values


def _csrf(outsider_client: TestClient) -> str:
    return csrf_token(outsider_client.get("/testimony").text)


def test_the_form_and_its_problems_are_in_russian_for_a_russian_user(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    assert "Новое обращение" in outsider_client.get("/testimony").text
    response = outsider_client.post("/testimony", data=intake_data(csrf, event_date="весной"))
    assert response.status_code == 400
    assert "Укажите дату в виде ГГГГ" in response.text
    assert "Ничего не сохранено" in response.text
