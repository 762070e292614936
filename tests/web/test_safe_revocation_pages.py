"""Take back asks first and names what becomes unreadable to whom; a case is never stranded
without the recovery secret, which also gives it back; closing a case asks first and undoes."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    OTHER_NAME,
    WebVault,
    case_url,
    revoke_url,
    sign_in,
)

from uncounted.services import grants, vaults


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def _holders(web_vault: WebVault, case: str) -> tuple[str, ...]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return next(c.granted for c in grants.list_cases(admin) if c.name == case)


def _russian(client: TestClient, token: str) -> None:
    client.post("/language", data={"language": "ru", "csrf_token": token})


def test_take_back_names_what_becomes_unreadable_before_doing_it(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    listing = client.get("/admin/grants").text
    assert html.escape(revoke_url(web_vault, "case-a", "boris")) in listing
    confirm = _text(client.get(revoke_url(web_vault, "case-a", ANALYST)).text)
    # "no evidence files", never "0 evidence files"; each count in its number's form
    assert (
        "Taking case case-a back from boris makes what it holds unreadable to boris:"
        " 1 record, no evidence files." in confirm
    )
    assert "Still held by: ana." in confirm
    assert _holders(web_vault, "case-a") == (ADMIN, ANALYST)  # looking changed nothing
    _russian(client, token)
    russian = _text(client.get(revoke_url(web_vault, "case-a", ANALYST)).text)
    assert (
        "Если забрать дело case-a у пользователя boris, всё, что в нём есть, станет для boris"
        " нечитаемым: 1 запись, файлов доказательств нет." in russian
    )
    assert "Дело остаётся у: ana." in russian
    done = client.post(
        "/admin/grants/revoke", data={"case": "case-a", "user": ANALYST, "csrf_token": token}
    )
    assert done.status_code == 200
    assert _holders(web_vault, "case-a") == (ADMIN,)
    # which case, from whom: by the names the Grants page shows, neither in the address
    assert "Дело case-a забрано у пользователя boris" in _text(done.text)
    assert "case-a" not in str(done.url) and ANALYST not in str(done.url)


def test_the_last_holder_needs_the_recovery_secret_which_gives_the_case_back(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    confirm = _text(client.get(revoke_url(web_vault, "case-b", ADMIN)).text)
    assert (
        "ana is the last holder of this case: afterwards no one could read its identities"
        in confirm
    )
    assert 'name="recovery_secret"' in client.get(revoke_url(web_vault, "case-b", ADMIN)).text
    refused = client.post(
        "/admin/grants/revoke", data={"case": "case-b", "user": ADMIN, "csrf_token": token}
    )
    assert refused.status_code == 400
    assert "'ana' is the last holder of case 'case-b'" in _text(refused.text)
    wrong = client.post(
        "/admin/grants/revoke",
        data={"case": "case-b", "user": ADMIN, "recovery_secret": "AAAA-BBBB", "csrf_token": token},
    )
    assert wrong.status_code == 403
    assert _holders(web_vault, "case-b") == (ADMIN,)
    secret = web_vault.recovery_secret
    taken = client.post(
        "/admin/grants/revoke",
        data={"case": "case-b", "user": ADMIN, "recovery_secret": secret, "csrf_token": token},
    )
    assert taken.status_code == 200
    assert _holders(web_vault, "case-b") == ()
    listing = _text(client.get("/admin/grants").text)
    assert "No one holds this case" in listing
    _russian(client, token)
    assert "Ни у кого нет этого дела" in _text(client.get("/admin/grants").text)
    given = client.post(
        "/admin/grants/recovery",
        data={"case": "case-b", "user": ANALYST, "recovery_secret": secret, "csrf_token": token},
    )
    assert (
        f"Доступ к делу case-b открыт пользователю {ANALYST} с помощью секрета восстановления."
        in given.text
    )
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, ANALYST, ANALYST_PASS)
    assert OTHER_NAME in client.get(f"/records/{web_vault.other_id}").text


def test_a_wrong_recovery_secret_is_refused_in_russian(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    _russian(client, token)
    refused = client.post(
        "/admin/grants/recovery",
        data={"case": "case-b", "user": ANALYST, "recovery_secret": "x", "csrf_token": token},
    )
    assert refused.status_code == 403
    assert "Это не секрет восстановления" in refused.text
    assert _holders(web_vault, "case-b") == (ADMIN,)


def test_closing_a_case_asks_first_and_can_be_undone(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    move = {"name": "case-a", "csrf_token": token}
    asked = client.post("/cases/status", data={**move, "status": "closed"})
    assert "Close this case?" in asked.text
    assert '<dd class="status">Request received' in asked.text  # not closed yet
    closed = client.post("/cases/status", data={**move, "status": "closed", "confirm": "yes"})
    assert '<dd class="status">Closed' in closed.text
    assert "Undo: reopen as Request received" in _text(closed.text)
    _russian(client, token)
    page = client.get(case_url(client, "case-a")).text
    assert "Открыть дело снова" in page
    undone = client.post("/cases/reopen", data={**move, "status": "request"})
    assert '<dd class="status">Closed' not in undone.text
    assert (
        "Закрыть это дело?" in client.post("/cases/status", data={**move, "status": "closed"}).text
    )
    wrong = client.post("/cases/reopen", data={**move, "status": "assessed"})
    assert wrong.status_code == 400  # only a closed case is reopened


def test_taking_a_case_back_from_oneself_says_what_one_loses(
    client: TestClient, web_vault: WebVault
) -> None:
    """Walking the demo, the admin took a case back from themselves first and could then
    neither take it back from the others nor grant it: the question now says so."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    asked = revoke_url(web_vault, "case-a", ADMIN)
    page = _text(client.get(asked).text)
    assert "This is you: afterwards you can no longer read this case, nor grant it" in page
    other = client.get(revoke_url(web_vault, "case-a", ANALYST))
    assert 'id="revoke-yourself"' not in other.text
    _russian(client, token)
    russian = _text(client.get(asked).text)
    assert "Это вы: после этого вы не сможете ни читать это дело" in russian
