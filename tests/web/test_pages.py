"""The web app on a real vault: sign-in, what each user may see, CSRF, headers, sign-out."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    GRANTED_NAME,
    OTHER_NAME,
    WebVault,
    post_sign_in,
    sign_in,
)

from uncounted.services import records, vaults


def test_every_page_redirects_to_sign_in_without_a_session(
    client: TestClient, web_vault: WebVault
) -> None:
    for path in ("/", "/records", f"/records/{web_vault.granted_id}"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].partition("?")[0] == "/signin"


def test_wrong_passphrase_is_refused_with_one_message(client: TestClient) -> None:
    response = post_sign_in(client, ANALYST, "wrong")
    assert response.status_code == 401
    assert "Wrong user name, passphrase or code." in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_granted_identity_is_shown_and_ungranted_only_as_pseudonym(
    client: TestClient, web_vault: WebVault
) -> None:
    sign_in(client, ANALYST, ANALYST_PASS)
    listing = client.get("/records").text
    assert GRANTED_NAME in listing
    assert OTHER_NAME not in listing
    other = client.get(f"/records/{web_vault.other_id}").text
    assert OTHER_NAME not in other
    assert "The identity is sealed" in other
    assert GRANTED_NAME in client.get(f"/records/{web_vault.granted_id}").text


def test_sign_in_form_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/signin")
    response = client.post("/signin", data={"user": ANALYST, "passphrase": ANALYST_PASS})
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_out_needs_the_token_and_then_wipes_the_session(client: TestClient) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    assert client.post("/signout", data={}).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200
    shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = list(shell.sessions._sessions.values())
    vault = session.keys
    client.post("/signout", data={"csrf_token": csrf})
    assert vault.closed
    assert client.get("/", follow_redirects=False).status_code == 303


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/signin")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_switching_to_russian_translates_the_pages(client: TestClient) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    page = client.get("/records").text
    assert "Записи" in page
    assert 'lang="ru"' in page


def test_records_are_filtered_by_a_district_chosen_by_its_name(
    client: TestClient, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        draft = records.RecordDraft(case="case-a", source="ngo", district="ru-ce-argun")
        in_argun = records.create_record(admin, draft)
    sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get("/records").text
    # only districts the vault holds are offered, by name, not as codes to type
    assert '<option value="ru-ce-argun" >Argun</option>' in page
    assert "ru-ce-grozny" not in page
    chosen = client.get("/records", params={"district": "ru-ce-argun"}).text
    assert f"/records/{in_argun}" in chosen
    assert f"/records/{web_vault.granted_id}" not in chosen
    assert '<option value="ru-ce-argun" selected>' in chosen
