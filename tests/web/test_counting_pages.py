"""Roles decide what is counted (issue 11): the testimony form assumes no role, relatives and
witnesses are records but not victims, and a threatened relative is counted as a victim of
the threat, not of the detention. Real vault and app; synthetic people."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import intake_data
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import register, reports, vaults


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
            "people-2-act_type-0": "threat_to_family",
        },
    )
    assert client.post("/testimony", data=data).status_code == 200
    after, after_by_type, _ = _people(client)
    assert after == people + 2
    assert after_by_type["detention"] == by_type.get("detention", 0) + 1
    assert after_by_type["threat_to_relatives"] == by_type.get("threat_to_relatives", 0) + 1


def test_a_victim_with_several_acts_counts_once_per_violation_and_once_in_all(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    people, by_type, _ = _people(client)
    acts = {
        "people-0-acts": "3",
        "people-0-act_type-0": "arrest",
        "people-0-act_type-1": "beating",
        "people-0-act_type-2": "electric_shock",  # torture again: still one person under it
    }
    assert client.post("/testimony", data=intake_data(csrf, **acts)).status_code == 200
    after, after_by_type, _ = _people(client)
    assert after == people + 1
    assert after_by_type["detention"] == by_type.get("detention", 0) + 1
    assert after_by_type["torture"] == by_type.get("torture", 0) + 1
    assert after_by_type.get("killing", 0) == by_type.get("killing", 0)


def test_a_victim_whose_status_became_dead_counts_as_killed(client: TestClient) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    people, by_type, _ = _people(client)
    status = {
        "people-0-statuses": "2",
        "people-0-status-0": "detained",
        "people-0-status-1": "dead",
        "people-0-status_date-1": "2017-04",
    }
    assert client.post("/testimony", data=intake_data(csrf, **status)).status_code == 200
    after, after_by_type, _ = _people(client)
    assert after == people + 1
    assert after_by_type["detention"] == by_type.get("detention", 0) + 1
    assert after_by_type["killing"] == by_type.get("killing", 0) + 1
    # a later status is what counts: released after being reported dead is not killed
    later = {**status, "people-0-statuses": "3", "people-0-status-2": "released"}
    assert client.post("/testimony", data=intake_data(csrf, **later)).status_code == 200
    assert _people(client)[1]["killing"] == after_by_type["killing"]


def test_the_report_counts_a_victim_under_each_act_before_and_after_linkage(
    client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    acts = {
        "case": "case-report",
        "people-0-name": "Ruslan Reportov",  # synthetic
        "people-0-acts": "2",
        "people-0-act_type-0": "arrest",
        "people-0-act_type-1": "electric_shock",
        "people-0-statuses": "1",
        "people-0-status-0": "dead",
    }
    assert client.post("/testimony", data=intake_data(csrf, **acts)).status_code == 200

    def violations() -> list[str]:
        with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:
            cases = reports.report_input(vault).cases
        return sorted(case.violation for case in cases if case.month == "2017-03")

    unplaced = violations()  # no linkage run has placed the record yet
    assert {"detention", "torture", "killing"} <= set(unplaced)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:
        register.link_people(vault)
    assert violations() == unplaced  # placed in the register: the same cases
