"""The web import's mapping step (issue 14, item 6): the file's headers with a guessed field
each, a preview of the first rows as they will be read, problems named by the file's own
headers and sheet rows in the user's language, and the mapping kept for the source's next list."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import imports, records, vaults

RU_HEADER = "Номер;ФИО;Дата рождения;Пол;Примечание;Вид нарушения;Дата задержания\n"
RU_ROWS = (
    "r-1;Адлан Синтетиков;1990-05-01;муж;звонил брат;Задержание;2017-03-10\n"
    "r-2;Аслан Вымыслов;1990-13-45;муж;;Задержание;2017-03\n"
)
SOURCE = "partner-ru"


def read(client: TestClient, token: str, body: str, source: str = SOURCE) -> object:
    return client.post(
        "/import",
        data={"source": source, "csrf_token": token},
        files={"file": ("список.csv", body.encode(), "text/csv")},
    )


def selected(page: str, index: int) -> str:
    select = page.split(f'id="column-{index}"', 1)[1].split("</select>", 1)[0]
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


def record_count(web_vault: WebVault) -> int:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return len(records.list_records(admin, records.RecordFilter(), 100_000, 0))


def test_russian_headers_are_guessed_previewed_and_their_errors_named_in_russian(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    before = record_count(web_vault)
    page = read(client, token, RU_HEADER + RU_ROWS)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    for header in ("Номер", "ФИО", "Дата рождения", "Пол", "Примечание", "Вид нарушения"):
        assert f">{header}</label>" in text  # the file's own names, not column numbers
    guessed = [selected(text, i) for i in range(7)]
    assert guessed == ["record_id", "name", "birth_date", "sex", "", "event_type", "event_date"]
    assert "Дата рождения</option>" in text and "birth_date</option>" not in text
    preview = text.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    assert "Адлан Синтетиков" in preview and "Мужской" in preview  # read as it will be stored
    assert "1990-13-45" not in text

    unchosen = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert unchosen.status_code == 400
    assert "Укажите, что содержит столбец «Примечание»" in unchosen.text
    assert record_count(web_vault) == before

    choices = {f"column-{i}": code for i, code in enumerate(guessed)} | {"column-4": "ignore"}
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import", **choices})
    assert refused.status_code == 400
    table = refused.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table)
    assert [(row, column) for row, column, _ in rows] == [("3", "Дата рождения")]  # sheet row
    assert "birth_date" not in refused.text.split('id="import-mapping"', 1)[0]
    assert re.search("[а-я]", rows[0][2])  # the reason in Russian
    assert record_count(web_vault) == before


def test_the_mapping_is_kept_for_the_next_list_of_the_source(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    read(client, token, RU_HEADER + RU_ROWS.replace("1990-13-45", "1990-12-05"))
    choices = {"column-4": "testimony", "column-1": "name"}  # the note is kept as testimony
    done = client.post("/import/map", data={"csrf_token": token, "action": "import", **choices})
    assert done.status_code == 200 and "Imported 2 records" in done.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        stored = admin.conn.execute("SELECT header_digest, field FROM import_mappings").fetchall()
        assert all("Примечание".encode() not in bytes(digest) for digest, _ in stored)
        assert {field for _, field in stored} >= {"testimony", "birth_date"}
        assert imports.guess_mapping(admin, "another-source", ["Примечание"]) == [None]
    again = read(client, token, "ФИО;Примечание;Номер\nИван Примеров;пусто;r-9\n").text  # type: ignore[attr-defined]
    assert [selected(again, i) for i in range(3)] == ["name", "testimony", "record_id"]


def test_two_columns_for_one_field_and_no_record_number_are_refused_by_name(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    read(client, token, "ФИО;Имя\nИван Примеров;Иван\n")
    refused = client.post(
        "/import/map",
        data={"csrf_token": token, "action": "import", "column-0": "name", "column-1": "name"},
    )
    assert refused.status_code == 400
    assert "The columns “ФИО”, “Имя” all hold “Name”" in refused.text
    assert "No column holds “Record number in the list”" in refused.text


def test_a_list_imported_before_is_refused_as_soon_as_it_is_uploaded(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    body = RU_HEADER + RU_ROWS.replace("1990-13-45", "1990-12-05")
    read(client, token, body)
    choices = {"column-4": "ignore"}
    assert (
        client.post(
            "/import/map", data={"csrf_token": token, "action": "import", **choices}
        ).status_code
        == 200
    )
    again = read(client, token, body)
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert "This file was imported before" in again.text  # type: ignore[attr-defined]
    nothing = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert nothing.status_code == 400  # nothing held any more


def test_rows_already_stored_are_answered_on_the_mapping_page_without_a_new_upload(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    first = RU_HEADER + RU_ROWS.replace("1990-13-45", "1990-12-05")
    read(client, token, first)
    client.post("/import/map", data={"csrf_token": token, "action": "import", "column-4": "ignore"})
    before = record_count(web_vault)
    read(client, token, first + "r-3;Ислам Новый;1991;муж;;Задержание;2017-05\n")  # new bytes
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 409
    assert 'id="import-refusal"' in refused.text and 'id="import-mapping"' in refused.text
    assert "2 rows of список.csv are already in the vault" in refused.text  # not upload.csv
    said = refused.text.split('id="import-refusal">', 1)[1].split("</p>", 1)[0]
    assert "import again choosing" not in said  # the command line's advice, not the page's
    assert '<a href="#import-existing">Choose below whether to skip them' in said
    assert 'class="choices needs-choice" id="import-existing"' in refused.text
    choice = refused.text.split('id="existing-needed">', 1)[1].split("</p>", 1)[0]
    assert (said + choice).count("already in the vault") == 1  # said once, by the refusal
    assert record_count(web_vault) == before
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert russian.status_code == 409
    said = russian.text.split('id="import-refusal">', 1)[1].split("</p>", 1)[0]
    assert "2 строки файла список.csv уже есть в хранилище" in said  # its plural form
    assert "Выберите ниже, пропустить их или обновить" in said
    choice = russian.text.split('id="existing-needed">', 1)[1].split("</p>", 1)[0]
    assert choice == "Выберите, что с ними делать, затем импортируйте список."
    assert (said + choice).count("уже есть в хранилище") == 1
    client.post("/language", data={"language": "en", "csrf_token": token})
    skipped = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "existing": "skip"}
    )
    assert skipped.status_code == 200, skipped.text
    assert "Imported 1 record from список.csv" in skipped.text and "2 skipped" in skipped.text
    assert record_count(web_vault) == before + 1


def test_a_short_form_is_read_and_one_of_several_labels_refused_naming_them_in_russian(
    client: TestClient, web_vault: WebVault
) -> None:
    """The web's import reads a label's short form by the same rule as the command line
    ("угрозы": threats or intimidation) and names the choices of an ambiguous one, in Russian,
    under the file's own header."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    before = record_count(web_vault)
    header = "Номер;ФИО;Вид нарушения;Дата задержания\n"
    read(client, token, header + "s-1;Адлан Синтетиков;принудительное;2017-03\n", "short-ru")
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 400
    table = refused.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table)
    assert [(row, column) for row, column, _ in rows] == [("2", "Вид нарушения")]
    assert rows[0][2].startswith("Может означать любое из: ")
    assert "forced_return" in rows[0][2] and "coerced_treatment" in rows[0][2]
    assert record_count(web_vault) == before

    read(client, token, header + "s-2;Аслан Вымыслов;угрозы;2017-03\n", "short-ru-2")
    done = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert done.status_code in (200, 303), done.text
    assert record_count(web_vault) == before + 1
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        stored = records.list_records(admin, records.RecordFilter(source="short-ru-2"), 10, 0)
        assert [view.event_type for view in stored] == ["threat"]


def test_the_preview_shows_acts_and_a_status_by_their_labels(client: TestClient) -> None:
    """A list's acts were previewed as a Python tuple, ``('arrest', 'beating')``, and its status
    as a code (``released``), in either language (seen walking the analyst's import)."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    body = (
        "Номер;ФИО;Что сделали;Судьба\n"
        'r-1;Адлан Синтетиков;"задержание; избиение";освобождён\nr-2;Аслан Вымыслов;;\n'
    )
    text = read(client, token, body).text  # type: ignore[attr-defined]
    preview = text.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<td>(.*?)</td>", preview)
    assert cells[:4] == ["r-1", "Адлан Синтетиков", "Задержание, Избиение", "На свободе"]
    assert cells[4:] == ["r-2", "Аслан Вымыслов", "", ""]  # no '()' for a row without acts


def _read_text(client: TestClient, token: str, body: str, source: str) -> str:
    response = client.post(
        "/import",
        data={"source": source, "csrf_token": token},
        files={"file": ("список.csv", body.encode(), "text/csv")},
    )
    return response.text


def test_the_mapping_page_says_whether_the_list_joins_a_source_or_starts_one(
    client: TestClient,
) -> None:
    """Two lists of one organisation under two names are counted as two lists: the page says
    which the analyst is doing, and a name the vault holds but for case and punctuation is
    pointed out. The import form offers the names already in the vault."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    body = RU_HEADER + RU_ROWS.replace("1990-13-45", "1990-12-05")
    first = _read_text(client, token, body, "Memorial-list")
    assert "A new source: no list of it is in the vault yet" in first
    client.post("/import/map", data={"csrf_token": token, "action": "import", "column-4": "ignore"})
    assert '<option value="Memorial-list">' in client.get("/import").text
    again = _read_text(client, token, body.replace("r-", "q-"), "Memorial-list")
    assert "This source is already in the vault (2 records)" in again
    typo = _read_text(client, token, body.replace("r-", "t-"), "memorial list")
    said = typo.split('id="import-source-status"', 1)[1].split("</p>", 1)[0]
    assert "A new source, yet the vault holds “Memorial-list”" in said
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.post("/import/map", data={"csrf_token": token})
    assert "Новый источник, но в хранилище есть «Memorial-list»" in russian.text
