"""The published head page: the signed checkpoint, the key fingerprint, a QR code; en and ru."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import ledger, vaults


def test_the_page_shows_what_the_cli_publishes(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get("/vault").text
    with vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS) as session:
        head = ledger.publish_head(session).to_json()
    assert f'<code id="key-fingerprint">{head["key_fingerprint"]}</code>' in page
    assert f'<dd id="tree-size">{head["tree_size"]}</dd>' in page
    assert head["checkpoint"].splitlines()[2] in page  # the root hash line of the note
    assert 'src="data:image/svg+xml' in page
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Отпечаток ключа организации" in client.get("/vault").text
