"""Who is offered the import page: a role that may not import lists (analyst, lawyer, viewer)
is told so on /import before choosing a file, in its language, by the service's own refusal
(one permission layer: ``services.permissions``), and is given no upload form; a role that may
import is given the form as before. Synthetic people only."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from permission_helpers import ROLE_USERS
from web_helpers import sign_in

from uncounted.vault.permissions import Role

SAID = {
    "en": "Your role ({role}) may not import lists. Ask a colleague whose role allows it",
    "ru": "Ваша роль ({role}) не позволяет импортировать списки. Попросите импортировать",
}
NAMES = {
    "en": {Role.ANALYST: "analyst", Role.LEGAL: "lawyer", Role.VIEWER: "viewer"},
    "ru": {Role.ANALYST: "аналитик", Role.LEGAL: "юрист", Role.VIEWER: "наблюдатель"},
}


def _refusal(page: str) -> str:
    return page.split('id="import-not-permitted">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.LEGAL, Role.VIEWER])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_role_that_may_not_import_is_told_before_choosing_a_file(
    role_app: FastAPI, role: Role, language: str
) -> None:
    name, passphrase = ROLE_USERS[role]
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        token = sign_in(client, name, passphrase)
        client.post("/language", data={"language": language, "csrf_token": token})
        page = client.get("/import")
    assert page.status_code == 200
    assert SAID[language].format(role=NAMES[language][role]) in _refusal(page.text)
    assert 'type="file"' not in page.text and 'action="/import"' not in page.text
    assert 'href="/import"' not in page.text  # nor offered in the menu


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CASEWORKER])
def test_a_role_that_may_import_is_given_the_form(role_app: FastAPI, role: Role) -> None:
    name, passphrase = ROLE_USERS[role]
    with TestClient(role_app, base_url="http://127.0.0.1") as client:
        sign_in(client, name, passphrase)
        page = client.get("/import")
    assert page.status_code == 200
    assert 'id="import-not-permitted"' not in page.text
    assert 'id="import-file" name="file" type="file"' in page.text
    assert 'href="/import"' in page.text
