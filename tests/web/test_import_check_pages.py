"""The import page reads every row of a list before the import, as the import will, and says
what it found: the rows an earlier list of the source already brought (how many, which rows,
never added twice) and each problem the import would refuse the list for, by row and the
file's header (the first 20, then how many more), never the cell's value. In English and
Russian, with Russian's three plural forms. Synthetic people."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import records, vaults

HEADER = "Номер;ФИО;Дата рождения;Вид нарушения;Дата задержания\n"


def _row(number: int, birth: str = "1990-03-05") -> str:
    return f"c-{number};Адлан Проверкин{number};{birth};Задержание;2017-03-10\n"


def _upload(
    client: TestClient, token: str, name: str, body: str, source: str = "check"
) -> Response:
    return client.post(
        "/import",
        data={"source": source, "csrf_token": token},
        files={"file": (name, body.encode(), "text/csv")},
    )


def _import(client: TestClient, token: str, name: str, body: str) -> None:
    assert _upload(client, token, name, body).status_code == 200
    done = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert done.status_code == 200 and 'id="import-mapping"' not in done.text  # imported


def _text(page: str, element: str) -> str:
    """The words of the element with id *element* (empty when the page has none)."""
    found = re.search(rf'<(\w+)[^>]* id="{element}"[^>]*>(.*?)</\1>', page, re.S)
    if found is None:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()


def _marked(page: str) -> list[str]:
    """The preview's rows marked as already in the vault (a mark under the number, named
    for a screen reader)."""
    return re.findall(r'<th scope="row">(\d+)<span class="in-vault" role="img" aria-label=', page)


def test_rows_already_in_the_vault_are_counted_and_named_before_the_import(
    client: TestClient,
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    _import(client, token, "first.csv", HEADER + "".join(_row(n) for n in (1, 2, 3)))
    second = HEADER + "".join(_row(n) for n in (2, 4, 3, 5))  # rows 2 and 4 came before
    page = _upload(client, token, "second.csv", second)
    assert page.status_code == 200
    assert _text(page.text, "import-check-stored") == (
        "2 rows of this file are already in the vault from this source: rows 2, 4. They are"
        " never added twice: choose below whether to skip them or to update them."
    )
    assert _marked(page.text) == ["2", "4"]
    assert _text(page.text, "import-check-problems") == ""
    assert _text(page.text, "import-check-clean") == "No problems found in any row."
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 409  # "Stop and tell me", as chosen: the same rows named
    assert _text(refused.text, "import-refusal").startswith(
        "2 rows of second.csv are already in the vault from the source “check”: rows 2, 4;"
        " nothing was imported."
    )
    assert _marked(refused.text) == ["2", "4"]  # marked as the check page marked them
    assert "The row is already in the vault (see above)." in refused.text
    skipped = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "existing": "skip"}
    )
    assert "Imported 2 records from second.csv" in skipped.text
    assert "2 skipped, 0 updated" in skipped.text


def test_a_row_is_in_the_vault_only_under_the_source_it_names(client: TestClient) -> None:
    """Two sources may use one record number: a file naming each row's source in a column
    has its rows checked each under its own source, c-1 of "other" and c-2 of "check" (the
    page's), never one row for another that shares its number."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    for source, number in (("other", 1), ("check", 2)):
        assert (
            _upload(client, token, f"{source}.csv", HEADER + _row(number), source).status_code
            == 200
        )
        client.post("/import/map", data={"csrf_token": token, "action": "import"})
    rows = [("check", 1), ("other", 1), ("check", 2), ("other", 2)]  # rows 2 to 5
    body = "Источник;" + HEADER + "".join(f"{source};" + _row(n) for source, n in rows)
    page = _upload(client, token, "sources.csv", body)
    assert page.status_code == 200
    assert _text(page.text, "import-check-stored").startswith(
        "2 rows of this file are already in the vault, each from the source it names: rows 3, 4."
    )
    assert _marked(page.text) == ["3", "4"]
    problems = re.findall(r"<li>(.*?)</li>", _text_of(page.text, "import-check-problems"))
    assert [line.split(":")[0] for line in problems] == [
        "Row 3, column “Источник”",  # the import takes only the page's source
        "Row 5, column “Источник”",
    ]


def _text_of(page: str, element: str) -> str:
    """The markup inside the element with id *element*."""
    found = re.search(rf'<(\w+)[^>]* id="{element}"[^>]*>(.*?)</\1>', page, re.S)
    return "" if found is None else found.group(2)


def test_russian_counts_rows_in_its_three_forms(client: TestClient) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    _import(client, token, "first.csv", HEADER + "".join(_row(n) for n in range(1, 6)))
    one = _upload(client, token, "one.csv", HEADER + _row(9) + _row(3))
    assert _text(one.text, "import-check-stored").startswith(
        "1 строка этого файла уже есть в хранилище от этого источника: строка 3."
    )
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert _text(refused.text, "import-refusal").startswith(
        "1 строка файла one.csv уже есть в хранилище из источника «check»: строка 3;"
        " ничего не импортировано."
    )
    five = _upload(client, token, "five.csv", HEADER + "".join(_row(n) for n in range(1, 7)))
    assert _text(five.text, "import-check-stored").startswith(
        "5 строк этого файла уже есть в хранилище от этого источника: строки 2, 3, 4, 5, 6."
        " Дважды они не добавляются"
    )
    two = _upload(client, token, "two.csv", HEADER + _row(1) + _row(2) + _row(8))
    assert _text(two.text, "import-check-stored").startswith("2 строки этого файла")


def test_past_twenty_rows_the_rest_are_counted_in_words(client: TestClient) -> None:
    """The first 20 rows already in the vault named, then "and 3 more rows", as the command
    line says them; in Russian in the form the count takes."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    _import(client, token, "first.csv", HEADER + "".join(_row(n) for n in range(1, 26)))
    body = HEADER + "".join(_row(n) for n in range(1, 24)) + _row(40)
    named = ", ".join(str(row) for row in range(2, 22))
    page = _upload(client, token, "again.csv", body)
    assert _text(page.text, "import-check-stored").startswith(
        f"23 rows of this file are already in the vault from this source: rows {named} and 3"
        " more rows."
    )
    client.post("/language", data={"language": "ru", "csrf_token": token})
    again = client.post("/import/map", data={"csrf_token": token, "action": "preview"})
    assert _text(again.text, "import-check-stored").startswith(
        f"23 строки этого файла уже есть в хранилище от этого источника: строки {named} и ещё"
        " 3 строки."
    )
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert _text(refused.text, "import-refusal").startswith(
        f"23 строки файла again.csv уже есть в хранилище из источника «check»: строки {named}"
        " и ещё 3 строки; ничего не импортировано."
    )
    twenty_five = HEADER + "".join(_row(n) for n in range(1, 26)) + _row(41)
    five = _upload(client, token, "again25.csv", twenty_five)
    assert f"строки {named} и ещё 5 строк." in _text(five.text, "import-check-stored")


def test_bad_cells_anywhere_in_the_file_are_named_before_the_import(client: TestClient) -> None:
    """25 bad birth dates past the five rows shown: the first 20 named by row and header,
    the other 5 counted; no cell's value said. Nothing is imported until the file is fixed."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    good = "".join(_row(n) for n in range(1, 11))
    bad = "".join(_row(n, "1990-13-45") for n in range(11, 36))
    page = _upload(client, token, "bad.csv", HEADER + good + bad)
    assert page.status_code == 200
    section = page.text.split('id="import-check"', 1)[1].split("</section>", 1)[0]
    assert "25 problems would stop the import:" in section
    assert _text(page.text, "import-check-fix").startswith("Fix them in the file")
    lines = re.findall(r"<li>(.*?)</li>", section)
    assert len(lines) == 20
    assert lines[0].startswith("Row 12, column “Дата рождения”: not a date")
    assert lines[-1].startswith("Row 31, column “Дата рождения”:")
    assert "And 5 more problems, listed when you press “Import the list”." in section
    assert "1990-13-45" not in section and "Проверкин" not in section

    client.post("/language", data={"language": "ru", "csrf_token": token})
    again = client.post("/import/map", data={"csrf_token": token, "action": "preview"})
    section = again.text.split('id="import-check"', 1)[1].split("</section>", 1)[0]
    assert "25 проблем остановят импорт:" in section
    assert re.findall(r"<li>(.*?)</li>", section)[0].startswith(
        "Строка 12, столбец «Дата рождения»: "
    )
    assert "И ещё 5 проблем: они будут в списке" in section
    assert _text(again.text, "import-check-fix").startswith("Исправьте их в файле")


def _preview(client: TestClient, token: str, **choices: str) -> Response:
    """The mapping page shown again with *choices* (``column-N``, ``date_order``)."""
    return client.post("/import/map", data={"csrf_token": token, "action": "preview", **choices})


def _waiting_and_clean(page: Response) -> tuple[str, str]:
    """What the check says is still to choose, and its line for a file without problems."""
    return _text(page.text, "import-check-waiting"), _text(page.text, "import-check-clean")


CLEAN = ("", "No problems found in any row.")


def test_a_clean_file_says_so_and_a_date_order_waits_on_its_question(client: TestClient) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    clean = _upload(client, token, "clean.csv", HEADER + _row(1) + _row(2))
    assert _waiting_and_clean(clean) == CLEAN
    slashed = _upload(client, token, "slashed.csv", HEADER + _row(1) + _row(2, "05/03/1990"))
    assert _waiting_and_clean(slashed) == (
        "Choose above what dates like 05/03/1990 mean.",
        "No other problems found in any row.",
    )
    assert _waiting_and_clean(_preview(client, token, date_order="day-first")) == CLEAN


def test_the_check_follows_the_choices_made(client: TestClient) -> None:
    """A column left out is no longer checked: its bad cells are no longer named (the read
    kept for the same choices is not the one shown for others)."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "left.csv", HEADER + _row(1) + _row(2, "1990-13-45"))
    assert "1 problem would stop the import:" in page.text
    assert _text(page.text, "import-check-fix").startswith("Fix it in the file")  # not "them"
    column = f"column-{HEADER.strip().split(';').index('Дата рождения')}"
    assert _waiting_and_clean(_preview(client, token, **{column: "ignore"})) == CLEAN
    back = _preview(client, token, **{column: "birth_date"})
    assert "1 problem would stop the import:" in back.text
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _preview(client, token, **{column: "birth_date"})
    assert _text(russian.text, "import-check-fix").startswith("Исправьте её в файле")


def test_a_column_without_a_choice_is_said_to_wait_for_one(client: TestClient) -> None:
    """A column nobody said the contents of is not read: the check does not call the file
    clean without saying so (its bad cells would be found once it is chosen)."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "own.csv", "Номер;ФИО;Что-то своё\nu-1;Адлан Проверкин;x\n")
    assert _waiting_and_clean(page) == (
        "Choose what the column “Что-то своё” holds, or leave it out.",
        "No other problems found in any row.",
    )
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 400  # said once, by the columns' refusal at the top
    assert refused.text.count("Choose what the column “Что-то своё” holds") == 1
    assert _waiting_and_clean(_preview(client, token, **{"column-2": "ignore"})) == CLEAN


def test_a_row_with_no_name_stops_the_import_and_a_copied_row_is_imported_once(
    client: TestClient, web_vault: WebVault
) -> None:
    """walkday4: the ru check said «будет импортировано: 10» above «2 проблемы остановят
    импорт» (a promise), and flagged neither a row with no name nor a row copied whole: both
    were imported. What stops the import is said first, with "nothing is imported"; the
    counts add up to the file's rows; a row with no name is a problem naming its row; a row
    the same as an earlier one in every column is left out, named with that row, and imported
    once."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    nameless = "c-9;;1990-03-05;Задержание;2017-03-10\n"
    body = HEADER + _row(1) + _row(2) + _row(1) + nameless
    page = _upload(client, token, "copied.csv", body)
    section = page.text.split('id="import-check"', 1)[1].split("</section>", 1)[0]
    assert section.index('id="import-check-stops"') < section.index('id="import-check-rows"')
    assert _text(page.text, "import-check-stops") == (
        "1 problem would stop the import: nothing is imported until it is fixed."
    )
    assert _text(page.text, "import-check-problems").startswith("Row 5, column “ФИО”: has no name")
    assert _text(page.text, "import-check-rows") == (
        "Rows in the file: 4; to import once the problems are fixed: 3; left out: 1."
    )
    assert "Row 4 is the same as row 2 in every column." in _text(
        page.text, "import-check-repeated"
    )
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _preview(client, token)
    assert _text(russian.text, "import-check-stops") == (
        "1 проблема остановит импорт: до исправления не будет импортировано ничего."
    )
    assert _text(russian.text, "import-check-rows") == (
        "Строк в файле: 4; к импорту, когда проблемы будут исправлены: 3; пропущено: 1."
    )
    assert "Строка 4 во всех столбцах совпадает со строкой 2." in _text(
        russian.text, "import-check-repeated"
    )
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        before = records.count_records(admin)
    fixed = _upload(client, token, "copied-fixed.csv", HEADER + _row(1) + _row(2) + _row(1))
    assert _text(fixed.text, "import-check-rows") == (
        "Строк в файле: 3; будет импортировано: 2; пропущено: 1."
    )
    done = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert "Строка 4 во всех столбцах совпадает со строкой 2" in done.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert records.count_records(admin) == before + 2


def test_the_preview_marks_a_copied_row_as_left_out_in_its_own_row(
    client: TestClient, web_vault: WebVault
) -> None:
    """walkday5: the check named "Row 4 is the same as row 2" above, but the preview showed
    row 4 as a row to import like the others. The row itself now says it is left out, with
    the row it copies, in English and Russian; the other rows show their cells."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "copied-row.csv", HEADER + _row(1) + _row(2) + _row(1))
    rows = {
        number: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip()
        for number, cells in re.findall(
            r'<th scope="row">(\d+)</th>(.*?)</tr>', page.text.split('id="import-preview"')[1], re.S
        )
    }
    assert rows["4"] == "The same as row 2: left out.", rows
    assert "Адлан Проверкин1" in rows["2"] and "Адлан Проверкин2" in rows["3"]
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _preview(client, token).text.split('id="import-preview"')[1]
    assert re.search(r'<th scope="row">4</th>\s*<td[^>]*><span>Такая же, как строка 2:', russian)
