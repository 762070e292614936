"""'Link records into people' on the register page says what it did: how many records it
linked, and how many it left out because their cases are not granted to the user. It said
nothing: an analyst not granted the cases of new testimonies pressed it, saw the same
'10 records not yet linked' and could not tell why (seen walking the analyst's job)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import grants, users, vaults

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
