"""A caseworker who chose Russian reads real errors in Russian, on the pages and in the API."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, post_sign_in, sign_in

from uncounted.errors import AccessDenied, InputError
from uncounted.intake import ImportRejected, RowProblem
from uncounted.messages import N_, Message
from uncounted.model import InvalidValue, PartialDate
from uncounted.vault.permissions import Action, Role, allowed, require
from uncounted.web.i18n import Translator

BAD_LIST = (
    "record_id,name,birth_date,sex,event_type,event_date\n"
    "n-1,Adlan Syntheticov,1990-13-45,male,detention,2017-03-10\n"
    "n-2,Ilyas Placeholderov,1991,robot,detention,2017-04\n"
)


def _in_russian(client: TestClient) -> str:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    return token


def _import(client: TestClient, token: str) -> str:
    read = client.post(
        "/import",
        data={"source": "ngo-x", "csrf_token": token},
        files={"file": ("list.csv", BAD_LIST.encode(), "text/csv")},
    )
    assert read.status_code == 200  # the mapping step: headers, guesses, first rows
    response = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert response.status_code == 400
    return html.unescape(response.text)


def test_import_problems_are_listed_in_russian(client: TestClient) -> None:
    page = _import(client, _in_russian(client))
    assert "не является датой в виде ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД, ММ.ГГГГ или ДД.ММ.ГГГГ" in page
    assert "(месяц: должно быть в пределах 1–12)" in page  # the reason inside, its part too
    assert "не является известным обозначением пола: напишите код или название" in page
    assert "not a date" not in page and "not a known" not in page
    assert "1990-13-45" not in page and "robot" not in page


def test_import_problems_stay_english_in_english(client: TestClient) -> None:
    page = _import(client, sign_in(client, ADMIN, ADMIN_PASS))
    assert (
        "not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or DD.MM.YYYY form"
        " (month must lie in 1–12)"
    ) in page
    assert "not a known sex: give its code or its label (in English or Russian)" in page


def _grant_page(client: TestClient, token: str) -> str:
    response = client.post(
        "/admin/grants/grant", data={"case": "case-a", "user": "nobody", "csrf_token": token}
    )
    assert response.status_code == 404
    return html.unescape(response.text)


def test_an_error_page_is_in_the_users_language(client: TestClient) -> None:
    assert "Пользователя «nobody» в этом хранилище нет" in _grant_page(client, _in_russian(client))


def test_an_error_page_in_english_is_unchanged(client: TestClient) -> None:
    page = _grant_page(client, sign_in(client, ADMIN, ADMIN_PASS))
    assert "There is no user 'nobody' in this vault" in page


def _grant_api(client: TestClient, token: str) -> dict[str, str]:
    response = client.post(
        "/api/grants",
        json={"case": "case-a", "user": "nobody"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 404
    return dict(response.json()["error"])


def test_api_errors_are_in_the_language_the_user_chose(client: TestClient) -> None:
    error = _grant_api(client, _in_russian(client))
    assert error == {"code": "not_found", "message": "Пользователя «nobody» в этом хранилище нет."}


def test_api_errors_in_english_are_unchanged(client: TestClient) -> None:
    error = _grant_api(client, sign_in(client, ADMIN, ADMIN_PASS))
    assert error == {"code": "not_found", "message": "There is no user 'nobody' in this vault."}


def test_a_wrong_passphrase_is_refused_in_russian(client: TestClient) -> None:
    client.post("/language", data={"language": "ru"})  # before sign-in: the language cookie
    assert (
        "Неверное имя пользователя, парольная фраза или код"
        in post_sign_in(client, ADMIN, "not it at all").text
    )
    api = client.post("/api/session", json={"user": ADMIN, "passphrase": "not it at all"})
    assert api.status_code == 401
    assert api.json()["error"]["message"] == "Неверное имя пользователя, парольная фраза или код."


def test_a_case_form_error_is_shown_in_russian(client: TestClient, web_vault: WebVault) -> None:
    token = _in_russian(client)
    response = client.post(
        "/cases", data={"case_id": "new-case", "follow_up": "next week", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "Дату контроля укажите в виде ГГГГ-ММ-ДД" in html.unescape(response.text)


# The message objects themselves.

RUSSIAN = Translator("ru").gettext


def test_an_error_is_english_text_and_a_template_with_values() -> None:
    error = InputError(N_("there is no case {case!r} in this vault"), case="case-z")
    assert str(error) == "there is no case 'case-z' in this vault"
    assert error.translated(RUSSIAN) == "Дела «case-z» в этом хранилище нет."
    assert error.translated(Translator("en").gettext) == "T" + str(error)[1:] + "."  # a sentence


def test_an_unmarked_message_is_shown_as_it_is() -> None:
    error = InputError("a sentence nobody marked {with braces}")
    assert str(error) == "a sentence nobody marked {with braces}"
    assert error.translated(RUSSIAN) == "A sentence nobody marked {with braces}."  # a sentence


def test_a_broken_translation_falls_back_to_english() -> None:
    def broken(template: str) -> str:
        return "{unknown} сломано"

    message = Message(N_("row {row}: {reason}"), row=3, reason="x")
    assert message.translated(broken) == "Row 3: x."  # English, still shown as a sentence
    assert message.translated(broken, sentence=False) == "row 3: x"


def test_reasons_nest_and_are_translated_with_their_sentence() -> None:
    try:
        PartialDate.parse("2017-13")
    except InvalidValue as error:
        assert str(error) == (
            "PartialDate field date: not a date in YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY or"
            " DD.MM.YYYY form"
            " (month must lie in 1–12)"
        )
        assert error.translated(RUSSIAN) == (
            "PartialDate, поле date: не является датой в виде ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД, ММ.ГГГГ"
            " или ДД.ММ.ГГГГ (месяц: должно быть в пределах 1–12)."
        )
        assert "control" not in error.reason  # reasons are still strings for their callers


def test_an_import_summary_names_the_count_in_both_languages() -> None:
    problems = [RowProblem("a.csv", 2, "age", N_("is missing"))] * 3
    rejected = ImportRejected("a.csv", problems)
    assert str(rejected) == "a.csv: 3 problems; first: row 2, field age: is missing"
    assert rejected.translated(RUSSIAN) == (
        "a.csv: ошибок: 3; первая — строка 2, поле age: не заполнено."
    )


def test_a_refused_action_names_the_role_and_the_action_in_words() -> None:
    with pytest.raises(AccessDenied) as refused:
        require(Role.CASEWORKER, Action.USERS_MANAGE)
    assert str(refused.value) == "your role (caseworker) may not manage users"
    expected = "Ваша роль (сотрудник по делам) не позволяет управлять пользователями."
    assert refused.value.translated(RUSSIAN) == expected
    for action in Action:  # every action and role has words, in both languages
        for role in Role:
            if not allowed(role, action):
                with pytest.raises(AccessDenied) as other:
                    require(role, action)
                said = other.value.translated(RUSSIAN)  # no code like users.manage, a stop
                assert "." not in said[:-1] and said.endswith(".")
