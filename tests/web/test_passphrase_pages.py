"""The Passphrase page: a user changes their own passphrase, in English and Russian."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.errors import AccessDenied
from uncounted.services import vaults

OWN = "a passphrase only boris knows"


def _change(client: TestClient, token: str, current: str, new: str, again: str) -> str:
    data = {"csrf_token": token, "current": current, "new": new, "again": again}
    return client.post("/account/passphrase", data=data).text


def test_a_user_changes_their_passphrase_on_the_page(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    assert 'href="/account/passphrase"' in client.get("/").text
    assert "differ; nothing was changed" in _change(client, token, ANALYST_PASS, OWN, OWN + "x")
    assert "not your current passphrase" in _change(client, token, "wrong one", OWN, OWN)
    assert "Your passphrase was changed." in _change(client, token, ANALYST_PASS, OWN, OWN)
    with pytest.raises(AccessDenied):
        vaults.unlock(web_vault.path, ANALYST, ANALYST_PASS)
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, ANALYST, OWN)


def test_the_passphrase_page_in_russian(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Сменить парольную фразу" in client.get("/account/passphrase").text
    refused = _change(client, token, "wrong one", OWN, OWN)
    assert "Это не ваша текущая парольная фраза" in refused
    short = _change(client, token, ANALYST_PASS, "short", "short")
    assert "Парольная фраза должна содержать не менее 8 символов" in short
    assert "Ваша парольная фраза изменена." in _change(client, token, ANALYST_PASS, OWN, OWN)


def test_an_admin_changing_their_own_passphrase_is_not_told_an_admin_gave_it(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = client.get("/account/passphrase").text
    assert "Change your own passphrase here." in page
    assert "administrator gave you" not in page
    client.post("/language", data={"language": "ru", "csrf_token": token})
    page = client.get("/account/passphrase").text
    assert "Здесь вы меняете свою парольную фразу." in page
    assert "которую вам дал администратор" not in page


def test_a_user_sets_a_duress_passphrase_that_opens_a_decoy(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    duress = "river stone under pressure"
    data = {"csrf_token": token, "current": "wrong one", "duress": duress, "again": duress}
    refused = client.post("/account/passphrase/duress", data=data)
    assert refused.status_code == 403
    client.post("/language", data={"language": "ru", "csrf_token": token})
    done = client.post("/account/passphrase/duress", data={**data, "current": ANALYST_PASS})
    assert "Ваша парольная фраза под принуждением задана." in done.text
    with vaults.unlock(web_vault.path, ANALYST, duress) as decoy:
        assert decoy.is_decoy


def test_a_weak_new_passphrase_is_said_on_the_page_and_is_no_failed_attempt(
    client: TestClient, web_vault: WebVault
) -> None:
    """A weak new passphrase left the page for 'Something was wrong' and counted towards the
    sign-in lockout (checked before the current one, it says nothing about it)."""
    token = sign_in(client, ANALYST, ANALYST_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    for _ in range(8):  # more than the lockout allows
        refused = client.post(
            "/account/passphrase",
            data={"csrf_token": token, "current": "wrong", "new": "12345678", "again": "12345678"},
        )
        assert refused.status_code == 400
        assert "Эту парольную фразу слишком легко угадать" in refused.text
        assert 'id="new-passphrase"' in refused.text  # still the form, to try again
    assert "Ваша парольная фраза изменена." in _change(client, token, ANALYST_PASS, OWN, OWN)
