"""The detention event model through the testimony form: several acts, detention, status over
time and interventions, kept sealed where identifying and shown as labels on the pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import OUTSIDER, OUTSIDER_PASS, intake_data
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, case_url, sign_in

from uncounted.services import records, register, vaults

DETAINED = {
    "people-0-acts": "2",
    "people-0-act_type-0": "arrest",
    "people-0-act_type-1": "electric_shock",
    "people-0-detained_from": "2019-01-05",
    "people-0-detained_until": "2019-01-20",
    "people-0-detention_place": "ru-ce-grozny",
    "people-0-detention_kind": "secret_facility",
    "people-0-statuses": "2",
    "people-0-status-0": "detained",
    "people-0-status_date-0": "2019-01-05",
    "people-0-status-1": "released",
    "people-0-status_date-1": "2019-01-20",
    "people-0-interventions": "1",
    "people-0-intervention-0": "evacuation",
    "people-0-intervention_date-0": "2019-02-01",
}


def _record(client: TestClient, csrf: str, **overrides: str) -> str:
    response = client.post("/testimony", data=intake_data(csrf, **DETAINED | overrides))
    assert response.status_code == 200, response.text
    return str(response.url.path)


def _section(page: str) -> str:
    found = re.search(r'<section id="what-happened".*?</section>', page, re.S)
    assert found, "no 'what happened' section"
    return re.sub(r"\s+", " ", found.group(0))


def test_two_acts_a_detention_a_status_history_and_an_intervention_on_the_person_page(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    path = _record(outsider_client, csrf)
    shown = _section(outsider_client.get(path).text)
    for text in (
        "Arrest or apprehension",
        "Electric shocks",
        "from 2019-01-05",
        "until 2019-01-20",
        "15 days",
        "Grozny",
        "Unofficial place of detention",
        "2019-01-05: Detained",
        "2019-01-20: Released",
        "2019-02-01: Evacuation",
    ):
        assert text in shown, text
    record_id = path.rsplit("/", 1)[1]
    assert "15 days" in _section(outsider_client.get(f"/records/{record_id}").text)

    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    russian = _section(outsider_client.get(path).text)
    for text in ("Пытки током", "15 дней", "Неофициальное место содержания", "Эвакуация"):
        assert text in russian, text


def test_without_a_grant_the_acts_show_and_the_dates_and_place_do_not(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    path = _record(outsider_client, csrf)
    outsider_client.post("/signout", data={"csrf_token": csrf})
    sign_in(outsider_client, OUTSIDER, OUTSIDER_PASS)
    shown = _section(outsider_client.get(path).text)
    assert "Electric shocks" in shown and "Released" in shown and "Evacuation" in shown
    for secret in ("2019-01-05", "2019-01-20", "Grozny", "15 days"):
        assert secret not in shown


def test_a_release_before_the_detention_is_refused_naming_the_field(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    response = outsider_client.post(
        "/testimony",
        data=intake_data(csrf, **DETAINED | {"people-0-detained_until": "2018-12-31"}),
    )
    assert response.status_code == 400
    assert 'id="people-0-detained_until-error"' in response.text
    assert '<details class="part detention" open>' in response.text


def test_add_an_act_adds_one_select_and_keeps_what_was_typed(outsider_client: TestClient) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    data = intake_data(csrf, **{"action": "act-0"})
    page = outsider_client.post("/testimony", data=data).text
    assert 'id="people-0-act_type-1"' in page and 'id="people-0-act_type-2"' not in page
    assert re.search(r'<option value="arrest"\s+selected', page)
    # detention and help stay folded for a person with nothing in them
    assert '<details class="part detention">' in page and '<details class="part help">' in page


def test_the_case_page_lists_the_interventions_of_its_people(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    _record(
        outsider_client,
        csrf,
        case="case-help",
        **{
            "people-0-interventions": "2",
            "people-0-intervention-1": "complaint_to_authorities",
            "people-0-intervention_date-1": "2019-01-08",
        },
    )
    page = outsider_client.get(case_url(outsider_client, "case-help")).text
    listed = re.sub(r"\s+", " ", page.split('id="case-interventions"', 1)[1].split("</ul>")[0])
    assert "2019-01-08: Complaint to investigators or prosecutor" in listed
    assert "2019-02-01: Evacuation" in listed
    assert listed.index("2019-01-08") < listed.index("2019-02-01")  # oldest first
    assert "Movsar Testoev" in listed
    # another case (the line asked for a case that did not exist, and read its 404 page)
    other = outsider_client.get(case_url(outsider_client, "case-a")).text
    assert 'id="case-interventions"' not in other

    outsider_client.post("/signout", data={"csrf_token": csrf})
    sign_in(outsider_client, OUTSIDER, OUTSIDER_PASS)
    sealed = outsider_client.get(case_url(outsider_client, "case-help")).text
    assert 'id="case-interventions"' in sealed, sealed[-3000:]
    listed = sealed.split('id="case-interventions"', 1)[1].split("</ul>")[0]
    assert "Evacuation" in listed and "2019" not in listed and "Movsar" not in listed


def test_a_detention_told_without_its_start_started_on_the_event_date(
    outsider_client: TestClient,
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    path = _record(outsider_client, csrf, **{"people-0-detained_from": ""})
    shown = _section(outsider_client.get(path).text)
    assert "from 2017-03 until 2019-01-20" in shown  # the event's date (intake_data: 2017-03)
    # nothing told of the detention: no start is made up
    bare = {
        "people-0-detained_from": "",
        "people-0-detained_until": "",
        "people-0-detention_place": "",
        "people-0-detention_kind": "",
    }
    shown = _section(outsider_client.get(_record(outsider_client, csrf, **bare)).text)
    assert "from 2017-03" not in shown and "still held" not in shown


def test_the_register_person_page_lists_each_records_acts_and_status(
    outsider_client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    record_id = _record(outsider_client, csrf).rsplit("/", 1)[1]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:  # may run linkage
        register.link_people(vault)
        (person,) = [
            p for p in register.list_people(vault) if record_id in {r.record_id for r in p.records}
        ]
    page = outsider_client.get(f"/register/{person.id}").text
    row = re.sub(r"\s+", " ", page.split(f'href="/records/{record_id}"', 1)[1].split("</tr>")[0])
    assert "Arrest or apprehension, Electric shocks" in row and "Released" in row


def test_the_register_person_page_links_to_the_case_of_its_records(
    outsider_client: TestClient, web_vault: WebVault
) -> None:
    """walkday5: a person's page on the register led to each record but to no case; it
    links to the case of its records (the address by the case's number, as every link)."""
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    record_id = _record(outsider_client, csrf).rsplit("/", 1)[1]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as vault:
        case = records.show_record(vault, record_id).case
        register.link_people(vault)
        (person,) = [
            p for p in register.list_people(vault) if record_id in {r.record_id for r in p.records}
        ]
    page = outsider_client.get(f"/register/{person.id}").text
    said = re.search(r'<p id="person-cases">(.*?)</p>', page, re.S)
    assert said is not None, page
    assert said.group(1) == f'Case: <a href="{case_url(outsider_client, case)}">{case}</a>'
