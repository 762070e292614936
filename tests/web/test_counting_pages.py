"""Roles decide what is counted (issue 11): the testimony form assumes no role, relatives and
witnesses are records but not victims, and a threatened relative is counted as a victim of
the threat, not of the detention. Real vault and app; synthetic people."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import intake_data
from web_helpers import ADMIN, ADMIN_PASS, sign_in


def _people(client: TestClient) -> tuple[int, dict[str, int], int]:
    counts = client.get("/api/counts").json()
    return counts["people"], counts["by_event_type"], counts["records"]


def test_a_person_without_a_chosen_role_is_refused_and_nothing_is_stored(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    form = client.get("/testimony").text
    first = form.split('id="people-0-role"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="">', first) and "selected" not in first  # no default
    before = _people(client)
    page = client.post("/testimony", data=intake_data(csrf, **{"people-0-role": ""}))
    assert 'id="people-0-role-error"' in page.text
    assert _people(client) == before


def test_relatives_and_witnesses_do_not_change_the_victim_count(client: TestClient) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    people, by_type, records = _people(client)
    data = intake_data(
        csrf,
        **{
            "people-2-role": "relative",
            "people-2-name": "Zarema Primerova",  # synthetic
        },
    )
    assert client.post("/testimony", data=data).status_code == 200
    after, after_by_type, after_records = _people(client)
    assert after_records == records + 3  # a victim, a witness, a relative: three records
    assert after == people + 1  # one victim
    assert after_by_type["detention"] == by_type.get("detention", 0) + 1


def test_a_threatened_relative_is_a_victim_of_the_threat_not_the_detention(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    people, by_type, _ = _people(client)
    data = intake_data(
        csrf,
        **{
            "people-2-role": "relative",
            "people-2-name": "Zarema Primerova",  # synthetic
            "people-2-act_type": "threat_to_family",
        },
    )
    assert client.post("/testimony", data=data).status_code == 200
    after, after_by_type, _ = _people(client)
    assert after == people + 2
    assert after_by_type["detention"] == by_type.get("detention", 0) + 1
    assert after_by_type["threat_to_relatives"] == by_type.get("threat_to_relatives", 0) + 1
