"""A refused admin form comes back with the reason next to its field and what was typed kept,
passphrases excepted, and the recovery secret when it is the one refused: it went to 'Something
was wrong', and the admin typed everything again (seen walking the admin's job)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import grants, users, vaults

STRONG = "seven purple otters juggle quietly"  # synthetic


def _field(page: str, element_id: str) -> str:
    """The element with id *element_id* (its opening tag)."""
    found = re.search(rf'<(?:input|select)[^>]*id="{element_id}"[^>]*>', page)
    assert found, element_id
    return found.group(0)


def _reason(page: str, element_id: str) -> str:
    found = re.search(rf'<p class="error" id="{element_id}-error"[^>]*>(.*?)</p>', page, re.S)
    assert found, f"no reason beside {element_id}"
    return html.unescape(found.group(1))


def test_adding_a_user_whose_name_is_taken_keeps_what_was_typed(client: TestClient) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    typed = {
        "name": ANALYST,
        "role": "analyst",
        "passphrase": STRONG,
        "again": STRONG,
        "csrf_token": csrf,
    }
    refused = client.post("/admin/users", data=typed)
    assert refused.status_code == 400
    page = refused.text
    assert "Something was wrong" not in page
    assert ANALYST in _reason(page, "new-user-name")
    name = _field(page, "new-user-name")
    assert f'value="{ANALYST}"' in name and 'aria-invalid="true"' in name
    assert (
        'value="analyst" selected' in page.split('id="new-user-role"', 1)[1].split("</select>")[0]
    )
    assert STRONG not in page and "value=" not in _field(page, "new-user-passphrase")


def test_a_weak_first_passphrase_is_said_beside_it_in_russian(client: TestClient) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    data = {
        "name": "vera",
        "role": "viewer",
        "passphrase": "12345678",
        "again": "12345678",
        "csrf_token": csrf,
    }
    page = client.post("/admin/users", data=data).text
    assert "new-user-name-error" not in page and 'value="vera"' in page
    assert re.search("[а-я]", _reason(page, "new-user-passphrase"))
    assert "12345678" not in page


def test_a_wrong_recovery_secret_is_said_beside_it_on_the_reset_form(
    client: TestClient,
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    data = {
        "user": ANALYST,
        "recovery_secret": "not-the-secret",
        "passphrase": STRONG,
        "again": STRONG,
    }
    refused = client.post("/admin/users/reset", data={**data, "csrf_token": csrf})
    assert refused.status_code == 403
    page = refused.text
    assert "Reset the passphrase?" in page and _reason(page, "reset-recovery")
    assert "not-the-secret" not in page and STRONG not in page


def test_a_weak_new_passphrase_on_the_reset_form_keeps_the_recovery_secret(
    client: TestClient, web_vault: WebVault
) -> None:
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    data = {"user": ANALYST, "recovery_secret": web_vault.recovery_secret}
    weak = {**data, "passphrase": "12345678", "again": "12345678", "csrf_token": csrf}
    page = client.post("/admin/users/reset", data=weak).text
    assert _reason(page, "reset-passphrase") and "12345678" not in page
    assert f'value="{web_vault.recovery_secret}"' in _field(page, "reset-recovery")


def test_granting_with_a_wrong_recovery_secret_keeps_the_case_and_user(
    client: TestClient, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        grants.revoke(admin, "case-b", ADMIN, web_vault.recovery_secret)  # no one holds it
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    data = {"case": "case-b", "user": ANALYST, "recovery_secret": "wrong", "csrf_token": csrf}
    page = client.post("/admin/grants/recovery", data=data).text
    assert _reason(page, "recovery-secret")
    form = page.split('action="/admin/grants/recovery', 1)[1].split("</form>", 1)[0]
    assert '<option value="case-b" selected>' in form
    assert f'<option value="{ANALYST}" selected>' in form


def test_a_role_refusal_is_still_the_error_page(client: TestClient) -> None:
    csrf = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker
    data = {"name": "x", "role": "admin", "passphrase": STRONG, "csrf_token": csrf}
    refused = client.post("/admin/users", data=data)
    assert refused.status_code == 403
    assert "Something was wrong" in refused.text


def test_a_new_or_reactivated_users_passphrase_is_typed_twice(
    client: TestClient, web_vault: WebVault
) -> None:
    """The admin gives a first passphrase when adding a user and when reactivating one, in a
    password field no one sees: a typo kept the user out until a reset with the recovery
    secret. Two that differ are refused beside the repeat, nothing is done, the name typed
    is kept and no passphrase is typed back."""
    csrf = sign_in(client, ADMIN, ADMIN_PASS)
    data = {"name": "vera", "role": "viewer", "passphrase": STRONG, "again": STRONG + "s"}
    refused = client.post("/admin/users", data={**data, "csrf_token": csrf})
    assert refused.status_code == 400
    page = refused.text
    assert _reason(page, "new-user-again") == (
        "The two new passphrases differ; nothing was changed."
    )
    assert 'value="vera"' in _field(page, "new-user-name") and STRONG not in page
    assert 'id="user-vera"' not in page
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.deactivate_user(admin, ANALYST)
    again = {"user": ANALYST, "passphrase": STRONG, "again": STRONG + "s", "csrf_token": csrf}
    refused = client.post("/admin/users/reactivate", data=again)
    assert refused.status_code == 400
    assert "The two new passphrases differ" in refused.text and STRONG not in refused.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert ANALYST in users.deactivated_users(admin)
