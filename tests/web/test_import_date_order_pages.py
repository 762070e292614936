"""The web import's date order (a list writing dates 05/03/1990): the mapping step asks
"Dates like 05/03/1990 mean" 5 March or 3 May; until it is answered the preview says so on
each such row and the import is refused in one problem naming the row and the file's header;
answered, the preview and the import read the dates that way, and the next list from the
source has it chosen already. Synthetic people."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import records, vaults

LIST = (
    "Номер;ФИО;Дата рождения;Вид нарушения;Дата задержания\n"
    "s-1;Адлан Слэшев;05/03/1990;Задержание;2017-03-10\n"
    "s-2;Аслан Слэшев;1991;Задержание;11/02/2017\n"
)


def _births(web_vault: WebVault, source: str) -> dict[str, str | None]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        views = records.list_records(admin, records.RecordFilter(), 1000, 0)
        return {
            str(view.source_record_id): view.identity.get("birth_date")
            for view in views
            if view.source == source
        }


def _upload(client: TestClient, token: str, source: str, name: str, body: str) -> Response:
    """Upload the list *body* as the file *name* of *source*: the mapping page, or a refusal."""
    return client.post(
        "/import",
        data={"source": source, "csrf_token": token},
        files={"file": (name, body.encode(), "text/csv")},
    )


def _heading(page: str) -> str:
    """The heading over a refused list's problems."""
    found = re.search(r'<h2 id="problems-title">\s*(.*?)\s*</h2>', page, re.S)
    assert found is not None
    return found.group(1)


def _why(page: str) -> str:
    """What the page says the date order changes in the file (empty when it says nothing)."""
    found = re.search(r'<div id="date-order-why">(.*?)</div>', page, re.S)
    return "" if found is None else re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_the_date_order_is_asked_previewed_and_used(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "slashes", "slashes.csv", LIST)
    assert page.status_code == 200
    assert "Dates like 05/03/1990 mean" in page.text
    assert re.search(r'name="date_order" value="day-first" *>', page.text)  # none chosen
    preview = page.text.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    assert preview.count("read once the date order is chosen above") == 2
    assert "05/03/1990" not in preview
    assert 'class="date-order needs-choice"' in page.text and 'id="date-order-needed"' in page.text

    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 400
    table = refused.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table)
    assert [(row, column) for row, column, _ in rows] == [("2", "Дата рождения")]
    assert "rows holding them: 2. Choose above what they mean" in rows[0][2]
    assert "mapping file" not in rows[0][2]  # the command line's way, not the page's
    assert _heading(refused.text) == (  # the page fixes it: not "in the file"
        "Nothing was imported: choose above what dates like 05/03/1990 mean, then show the"
        " rows again or import the list"
    )
    assert _births(web_vault, "slashes") == {}

    shown = client.post(
        "/import/map", data={"csrf_token": token, "action": "preview", "date_order": "day-first"}
    )
    assert re.search(r'value="day-first" checked', shown.text)
    preview = shown.text.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    assert "1990-03-05" in preview and "2017-02-11" in preview
    assert "date order is chosen" not in preview
    assert "needs-choice" not in shown.text

    imported = client.post(
        "/import/map",
        data={"csrf_token": token, "action": "import", "date_order": "month-first"},
    )
    assert imported.status_code == 200, imported.text
    assert _births(web_vault, "slashes") == {"s-1": "1990-05-03", "s-2": "1991"}

    # the next list of the source: the order it was read in, chosen
    again = _upload(client, token, "slashes", "more.csv", LIST.replace("s-", "t-"))
    assert re.search(r'value="month-first" checked', again.text)
    assert not re.search(r'value="day-first" checked', again.text)
    preview = again.text.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    assert "1990-05-03" in preview and "date order is chosen" not in preview


def test_a_slashed_date_past_the_preview_is_named_at_once(
    client: TestClient, web_vault: WebVault
) -> None:
    """The preview shows five rows; the choice is asked for the whole file, naming the row."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    rows = "".join(f"p-{n};Адлан Тестов;1990-01-0{n};Задержание;2017\n" for n in range(1, 7))
    body = LIST.split("\n", 1)[0] + "\n" + rows + "p-7;Аслан Тестов;05/03/1990;Задержание;2017\n"
    page = _upload(client, token, "late-slashes", "late.csv", body)
    assert 'class="date-order needs-choice"' in page.text  # before any import is tried
    assert "row 8 (Дата рождения)" in _why(page.text)
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert refused.status_code == 400
    assert 'class="date-order needs-choice"' in refused.text
    table = refused.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<td data-label="Row">(\d+)</td>', table) == ["8"]


def test_the_refusal_says_which_problems_the_file_must_fix(client: TestClient) -> None:
    """A list refused for its date order and for a date no order reads: the heading says the
    order is chosen on the page and the rest is fixed in the file; once the order is chosen,
    only the file is left to fix. The choice for rows already in the vault is kept."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    body = LIST.replace("11/02/2017", "2017-02-31")
    _upload(client, token, "slashes-and-more", "mixed.csv", body)
    both = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "existing": "skip"}
    )
    assert both.status_code == 400
    assert _heading(both.text) == (
        "Nothing was imported: what dates like 05/03/1990 mean is chosen on this page (above);"
        " the other problems need the file changed: fix them and import the file again"
    )
    assert re.search(r'name="existing" value="skip" checked', both.text)
    file_only = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "date_order": "day-first"}
    )
    assert file_only.status_code == 400
    assert _heading(file_only.text) == (
        "Nothing was imported: fix these problems in the file and import it again"
    )


MIXED = (
    "Номер;ФИО;Дата рождения;Вид нарушения;Дата задержания\n"
    "m-1;Адлан Смешанов;05/03/1990;Задержание;2017-03-10\n"
    "m-2;Аслан Смешанов;1990-03-05;Задержание;2017-03-11\n"
    "m-3;Ахмед Смешанов;13/25/1990;Задержание;2017-03-12\n"
    "m-4;Рустам Смешанов;1991;Задержание;2017\n"
    "m-5;Ибрагим Смешанов;1992;Задержание;2017\n"
    "m-6;Муса Смешанов;25/03/1990;Задержание;2017\n"
    "m-7;Заур Смешанов;1993;Задержание;03/25/2017\n"
)


def test_a_list_whose_dates_disagree_says_at_once_what_the_choice_reads_and_what_it_cannot(
    client: TestClient,
) -> None:
    """05/03/1990 (either order), 13/25/1990 (neither), and past the five rows shown 25/03/1990
    (day first only) and 03/25/2017 (month first only): the page says each, by row and
    column, on upload; no choice reads them all, so the refusal sends the analyst to the file
    as well as to the choice, and, chosen, to the file only. In Russian too."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "mixed-orders", "mixed.csv", MIXED)
    why = _why(page.text)
    assert "Read as you choose (day first or month first): row 2 (Дата рождения)" in why
    assert "Read only day first: row 7 (Дата рождения)" in why
    assert "Read only month first: row 8 (Дата задержания)" in why
    assert "whatever you choose (fix these in the file): row 4 (Дата рождения)" in why
    assert "No choice reads every date of this file" in why
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert _heading(refused.text).startswith(
        "Nothing was imported: what dates like 05/03/1990 mean is chosen on this page (above);"
        " the other problems need the file changed"
    )
    chosen = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "date_order": "day-first"}
    )
    assert _heading(chosen.text) == (
        "Nothing was imported: fix these problems in the file and import it again"
    )
    table = chosen.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<td data-label="Row">(\d+)</td>', table) == ["4", "8"]
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _why(client.post("/import/map", data={"csrf_token": token}).text)
    assert "Читаются, только если сначала день: строка 7 (Дата рождения)" in russian
    assert "Не читаются ни при каком выборе (исправьте их в файле): строка 4" in russian


def test_the_choice_is_not_asked_of_a_list_it_changes_nothing_in(client: TestClient) -> None:
    """Every date ISO, dotted, MM/YYYY or the same day either way: no date-order question."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    body = LIST.replace("05/03/1990", "05.03.1990").replace("11/02/2017", "02/2017")
    page = _upload(
        client, token, "plain-dates", "plain.csv", body + "s-3;Ахмед Тестов;05/05/1990;;\n"
    )
    assert page.status_code == 200
    assert 'id="date-order"' not in page.text and "Dates like 05/03/1990" not in page.text
    done = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert done.status_code == 200, done.text


def test_a_list_only_one_order_reads_says_which_and_the_other_is_fixed_here(
    client: TestClient,
) -> None:
    """25/03/1990 is read only day first: chosen month first, the page marks the choice and
    says to choose day first; the refusal's heading sends the analyst to the choice."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    body = LIST.replace("05/03/1990", "25/03/1990")
    _upload(client, token, "day-first-only", "days.csv", body)
    refused = client.post(
        "/import/map", data={"csrf_token": token, "action": "import", "date_order": "month-first"}
    )
    assert refused.status_code == 400
    assert 'class="date-order needs-choice"' in refused.text
    assert "Choose day first: with month first, the dates only day first" in _why(refused.text)
    assert _heading(refused.text).startswith("Nothing was imported: choose above")


def test_a_list_not_asked_keeps_the_order_the_source_was_read_in(client: TestClient) -> None:
    """A source's lists read month first; a list of it with no such dates is not asked, and
    the next slashed list of the source still has month first chosen."""
    token = sign_in(client, ADMIN, ADMIN_PASS)

    def send(name: str, body: str) -> str:
        return _upload(client, token, "kept-order", name, body).text

    send("first.csv", LIST)
    done = {"csrf_token": token, "action": "import", "date_order": "month-first"}
    assert client.post("/import/map", data=done).status_code == 200
    plain = LIST.replace("05/03/1990", "1990").replace("11/02/2017", "2017").replace("s-", "p-")
    assert 'id="date-order"' not in send("plain.csv", plain)
    assert (
        client.post("/import/map", data={"csrf_token": token, "action": "import"}).status_code
        == 200
    )
    again = send("again.csv", LIST.replace("s-", "a-"))
    assert re.search(r'value="month-first" checked', again)


@pytest.mark.parametrize(
    ("language", "more", "said"),
    [
        ("en", 1, "and 1 more date"),
        ("en", 3, "and 3 more dates"),
        ("ru", 1, "и ещё 1 дата"),
        ("ru", 3, "и ещё 3 даты"),
        ("ru", 5, "и ещё 5 дат"),
    ],
)
def test_the_dates_past_the_named_ones_are_counted_as_dates(
    client: TestClient, language: str, more: int, said: str
) -> None:
    """The survey names the first five dates of a kind, then counts the rest with their noun,
    in the plural form the count takes ("и ещё 3 даты", not a bare "и ещё 3")."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": language, "csrf_token": token})
    rows = "".join(f"m-{n};Адлан Тестов;05/03/1990;Задержание;2017\n" for n in range(5 + more))
    page = _upload(
        client, token, f"many-{language}-{more}", "many.csv", LIST.split("\n", 1)[0] + "\n" + rows
    )
    assert page.status_code == 200
    why = _why(page.text)
    named = "row 6 (Дата рождения)" if language == "en" else "строка 6 (Дата рождения)"
    assert f"{named} {said}" in why
