"""Several perpetrators of one event (issue 14, item 3): the testimony form adds them one at a
time, the record edit form takes them as a list, and the record, person and events pages and
the history show each as a label. Against the real app and a real SQLCipher vault."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import intake_data
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import records, vaults

TWO = {
    "perpetrators": "2",
    "perpetrator_type-1": "security_service",
    "perpetrator_unit-1": "Regional FSB office",
}


def _record(client: TestClient, csrf: str, **overrides: str) -> str:
    response = client.post("/testimony", data=intake_data(csrf, **TWO | overrides))
    assert response.status_code == 200, response.text
    return str(response.url.path)


def _labels(page: str, css: str) -> list[str]:
    found = re.search(rf'<ul class="{css}">(.*?)</ul>', page, re.S)
    assert found, css
    return re.findall(r"<li>([^<]*)</li>", found.group(1))


def test_two_perpetrators_are_each_a_label_on_the_person_and_record_pages(
    outsider_client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    path = _record(outsider_client, csrf)
    person = outsider_client.get(path).text
    assert _labels(person, "perpetrators") == ["Police unit", "Security service"]
    assert _labels(person, "units") == ["PPS regiment", "Regional FSB office"]
    record_id = path.rsplit("/", 1)[1]
    record = outsider_client.get(f"/records/{record_id}").text
    assert _labels(record, "perpetrators") == ["Police unit", "Security service"]
    assert _labels(record, "units") == ["PPS regiment", "Regional FSB office"]
    assert "Police unit, Security service" in outsider_client.get("/events").text

    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    russian = outsider_client.get(path).text
    assert _labels(russian, "perpetrators") == ["Подразделение полиции", "Спецслужба"]
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        stored = records.show_record(admin, record_id)
        assert stored.analytic["perpetrator_type"] == "police_unit|security_service"
        assert stored.identity is not None
        assert stored.identity["perpetrator_unit"] == "PPS regiment\nRegional FSB office"


def test_add_another_perpetrator_adds_one_row_and_keeps_what_was_typed(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    page = client.post("/testimony", data=intake_data(csrf, action="perpetrator")).text
    assert 'id="perpetrator_type-1"' in page and 'id="perpetrator_type-2"' not in page
    assert 'name="perpetrators" value="2"' in page
    assert re.search(r'<option value="police_unit"\s+selected', page)
    assert 'value="PPS regiment"' in page


def test_an_unknown_second_perpetrator_is_refused_at_its_field_and_nothing_is_stored(
    client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        before = records.count_records(admin)
    sent = client.post(
        "/testimony", data=intake_data(csrf, **TWO | {"perpetrator_type-1": "aliens"})
    )
    assert sent.status_code == 400
    assert 'id="perpetrator_type-1-error"' in sent.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert records.count_records(admin) == before


def test_the_edit_form_takes_several_perpetrators_and_the_history_shows_each(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    record = web_vault.granted_id
    form = client.get(f"/records/{record}/edit").text
    assert 'type="checkbox" name="perpetrator_type" value="military"' in form
    assert '<textarea id="perpetrator_unit"' in form
    sent = client.post(
        f"/records/{record}/edit",
        data={
            "csrf_token": token,
            "event_type": "detention",
            "perpetrator_type": ["police_unit", "military"],
            "perpetrator_unit": "PPS regiment\r\n\r\nBattalion North\r\n",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    history = client.get(f"/records/{record}/history").text
    row = history.split('data-field="perpetrator_type"', 1)[1].split("</tr>", 1)[0]
    assert "<ins>Police unit, Military</ins>" in row
    units = history.split('data-field="perpetrator_unit"', 1)[1].split("</tr>", 1)[0]
    assert "<ins>PPS regiment; Battalion North</ins>" in units
    shown = client.get(f"/records/{record}").text
    assert _labels(shown, "perpetrators") == ["Police unit", "Military"]
    assert _labels(shown, "units") == ["PPS regiment", "Battalion North"]
    again = client.get(f"/records/{record}/edit").text
    assert re.search(r'value="military"\s+checked', again)
