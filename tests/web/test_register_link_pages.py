"""'Link records into people' on the register page says what it did: how many records it
linked, and how many it left out because their cases are not granted to the user. It said
nothing: an analyst not granted the cases of new testimonies pressed it, saw the same
'10 records not yet linked' and could not tell why (seen walking the analyst's job)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import grants, records, users, vaults

LINKER, LINKER_PASS = "ana-linker", "ana-linker passphrase for tests"


def test_linking_says_how_many_records_it_left_out(client: TestClient, web_vault: WebVault) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, LINKER, "analyst", LINKER_PASS, admin_set=False)
        grants.grant(admin, "case-a", LINKER)  # not case-b, which holds the other record
    csrf = sign_in(client, LINKER, LINKER_PASS)
    answer = client.post("/register/link", data={"csrf_token": csrf})
    assert answer.status_code == 200
    notice = answer.text.split('id="register-linked">', 1)[1].split("</p>", 1)[0]
    assert notice.startswith("1 record was linked into people.")
    assert "1 record in a case not granted to you was left out" in notice
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    again = client.post("/register/link", data={"csrf_token": csrf}).text
    assert "1 запись связана в людей. 1 запись из дела, к которому у вас нет доступа" in again


def test_records_not_yet_linked_say_why_for_the_reader(
    client: TestClient, web_vault: WebVault
) -> None:
    """After linking, '10 records not yet linked' stayed on the register and the dashboard with
    no reason once the link's own notice was gone (seen walking the analyst's job on the demo:
    a caseworker's new testimonies, in cases the analyst is not granted). Each count now says
    why, for the reader: in cases not granted to them, or waiting for the next linking; and a
    witness's record, not counted as a person, is not in it."""
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, LINKER, "analyst", LINKER_PASS, admin_set=False)
        grants.grant(admin, "case-a", LINKER)
        draft = records.RecordDraft(
            case="case-a", source="hotline", event_type="detention", analytic={"role": "witness"}
        )
        records.create_record(admin, draft)
    csrf = sign_in(client, LINKER, LINKER_PASS)
    said = (
        "2 records not yet linked, each counted as one person (1 in a case not granted to you:"
        " only someone granted it can link it; 1 waiting for the next linking)"
    )
    for page, where in (
        (client.get("/register").text, "register-count"),
        (client.get("/").text, "dashboard-people"),
    ):
        assert said in " ".join(page.split(f'id="{where}">', 1)[1].split("</p>", 1)[0].split())
    client.post("/register/link", data={"csrf_token": csrf})
    after = client.get("/register").text.split('id="register-count">', 1)[1].split("</p>")[0]
    assert "1 record not yet linked, counted as one person (1 in a case not granted" in " ".join(
        after.split()
    )
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    russian = client.get("/").text.split('id="dashboard-people">', 1)[1].split("</p>", 1)[0]
    assert "в делах, к которым у вас нет доступа, — 1: связать" in " ".join(russian.split())
