"""A testimony's records carry a number a caseworker can read out on the phone: ``T-1-1``
(testimony 1, its first person), the next testimony ``T-2-...``, shown beside the source on
the record's page and on the person's page of the register, kept by an edit, never given
twice; it was a random hexadecimal event id (docs/hotline-call.md). Real vault, real forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import intake_data
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import records, register, revisions, vaults

_SHOWN = re.compile(r'<dd id="record-source">hotline / (T-\d+-\d+)[ <]')


def _testimony(client: TestClient, csrf: str, **overrides: str) -> str:
    answer = client.post("/testimony", data=intake_data(csrf, **overrides))
    assert answer.status_code == 200, answer.text
    return str(answer.url.path).rsplit("/", 1)[1]


def _number(client: TestClient, record_id: str) -> str:
    found = _SHOWN.search(client.get(f"/records/{record_id}").text)
    assert found is not None
    return found.group(1)


def test_each_testimony_takes_the_next_number_and_keeps_it(
    outsider_client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    first = _testimony(outsider_client, csrf)
    second = _testimony(
        outsider_client, csrf, **{"people-1-name": "", "people-1-role": "", "people-1-contact": ""}
    )
    assert _number(outsider_client, first) == "T-1-1"
    assert _number(outsider_client, second) == "T-2-1"
    path = web_vault.path
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        stored = {
            view.source_record_id
            for view in records.list_records(admin, records.RecordFilter(source="hotline"), 100, 0)
        }
        assert {"T-1-1", "T-1-2", "T-2-1"} <= stored
        revisions.edit_record(admin, first, {"place_text": "the new bus station"}, "a correction")
        register.link_people(admin)
        person = next(
            p.id for p in register.list_people(admin) if first in {r.record_id for r in p.records}
        )
    assert _number(outsider_client, first) == "T-1-1"  # an edit keeps the number
    assert "hotline / T-1-1" in outsider_client.get(f"/register/{person}").text
    third = _testimony(outsider_client, csrf)
    assert _number(outsider_client, third) == "T-3-1"
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    assert "hotline / T-3-1" in outsider_client.get(f"/records/{third}").text


def test_the_page_after_recording_reads_out_the_number_and_finds_the_person(
    outsider_client: TestClient, web_vault: WebVault
) -> None:
    """Recording a testimony lands on /people/ID: it showed neither the number to read out
    ('hotline (Hotline testimony)') nor where the person is on the register, which has no
    search by name (seen walking the caseworker's call); it shows both now, as /records/ID."""
    csrf = sign_in(outsider_client, ANALYST, ANALYST_PASS)
    answer = outsider_client.post("/testimony", data=intake_data(csrf))
    assert answer.status_code == 200 and "/people/" in str(answer.url)
    record_id = str(answer.url.path).rsplit("/", 1)[1]
    assert re.search(r'<dd id="record-source">hotline / T-1-1 \(', answer.text)
    assert 'id="on-register">Not linked yet' in answer.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        register.link_people(admin)
        person = next(
            p.id
            for p in register.list_people(admin)
            if record_id in {r.record_id for r in p.records}
        )
    outsider_client.post("/language", data={"language": "ru", "csrf_token": csrf})
    for page in (f"/people/{record_id}", f"/records/{record_id}"):
        text = outsider_client.get(page).text
        assert f'<a href="/register/{person}" class="pseudonym">{person}</a>' in text, page
        assert "В реестре людей" in text and "hotline / T-1-1" in text, page
