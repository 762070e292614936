"""Importing a list through the web page: all rows or none, every problem named, no value shown."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import Workbook
from upload_helpers import files_containing, files_written, outside
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.services import records, vaults

HEADER = "record_id,name,birth_date,sex,event_type,event_date\n"
GOOD_ROWS = (
    "n-1,Adlan Syntheticov,1990-05-01,male,detention,2017-03-10\n"
    "n-2,Aslan Fictionov,1988,male,torture,2017-03\n"
)
BAD_BIRTH = "1990-13-45"
BAD_ROWS = (
    f"n-3,Ramzan Madeupov,{BAD_BIRTH},male,detention,2017-04-02\n"
    "n-4,Ilyas Placeholderov,1991,robot,detention,2017-04\n"
    "n-1,Adam Duplicatov,1992,male,detention,2017-04\n"
)


def record_count(web_vault: WebVault) -> int:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return len(records.list_records(admin, records.RecordFilter(), 100_000, 0))


def upload(client: TestClient, token: str | None, name: str, body: bytes, source: str = "ngo-x"):
    """Upload the list, then import it with the columns as the mapping page guessed them."""
    data = {"source": source} if token is None else {"source": source, "csrf_token": token}
    read = client.post("/import", data=data, files={"file": (name, body, "text/csv")})
    if read.status_code != 200 or 'id="import-mapping"' not in read.text:
        return read
    return client.post("/import/map", data={"csrf_token": token, "action": "import"})


def test_bad_rows_are_listed_and_nothing_is_imported(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    before = record_count(web_vault)
    response = upload(client, token, "partner list.csv", (HEADER + GOOD_ROWS + BAD_ROWS).encode())
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    table = response.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert "<caption>partner list.csv</caption>" in table
    problems = re.findall(
        r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table
    )
    assert {(row, column) for row, column, _ in problems} >= {  # the file's own headers
        ("4", "birth_date"),
        ("5", "sex"),
        ("6", "record_id"),
    }
    for value in (BAD_BIRTH, "robot", "Ramzan Madeupov", "Adam Duplicatov", "Adlan Syntheticov"):
        assert value not in table  # a problem never repeats a cell
    for value in (BAD_BIRTH, "robot"):  # the preview shows the importer's rows, never a bad cell
        assert value not in response.text
    assert record_count(web_vault) == before
    # the page keeps the list and its source: the caseworker maps again or sends a fixed file
    assert "<strong>ngo-x</strong>" in response.text


def test_a_clean_list_is_imported_whole(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    before = record_count(web_vault)
    response = upload(client, token, "partner.csv", (HEADER + GOOD_ROWS).encode())
    assert response.status_code == 200
    assert "Imported 2 records from partner.csv into the case ngo-x." in response.text
    assert record_count(web_vault) == before + 2
    listing = client.get("/records", params={"source": "ngo-x"}).text
    assert "Adlan Syntheticov" in listing  # the admin holds the new case's key


def test_a_workbook_is_imported_from_memory(client: TestClient, web_vault: WebVault) -> None:
    book = Workbook()
    sheet = book.active
    for line in (HEADER + GOOD_ROWS).splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    token = sign_in(client, ADMIN, ADMIN_PASS)
    before = record_count(web_vault)
    read = client.post(
        "/import",
        data={"source": "press-y", "case": "case-a", "csrf_token": token},
        files={"file": ("list.xlsx", buffer.getvalue(), "application/octet-stream")},
    )
    assert 'id="import-mapping"' in read.text, read.text
    response = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert response.status_code == 200, response.text
    assert "Imported 2 records from list.xlsx into the case case-a." in response.text
    assert record_count(web_vault) == before + 2


def test_a_large_list_never_reaches_the_disk_in_the_clear(
    client: TestClient, web_vault: WebVault
) -> None:
    marker = "Zaurbek Plaintextov"
    testimony = "An invented testimony long enough to make the file large. " * 8
    rows = "".join(
        f"big-{i},{marker} {i},1980,male,detention,2017-05,{testimony}\n" for i in range(3_000)
    )
    body = ("record_id,name,birth_date,sex,event_type,event_date,testimony\n" + rows).encode()
    assert len(body) > 1 << 20  # more than Starlette would keep in memory before spooling
    token = sign_in(client, ADMIN, ADMIN_PASS)
    with files_written() as written:
        response = upload(client, token, "big.csv", body, source="big-list")
    assert response.status_code == 200, response.text[-1500:]
    assert outside(written, web_vault.path) == []
    assert files_containing(web_vault.path, marker.encode()) == []


def test_import_refuses_a_post_without_the_csrf_token(
    client: TestClient, web_vault: WebVault
) -> None:
    sign_in(client, ADMIN, ADMIN_PASS)
    before = record_count(web_vault)
    assert upload(client, None, "partner.csv", (HEADER + GOOD_ROWS).encode()).status_code == 403
    assert upload(client, "forged", "partner.csv", (HEADER + GOOD_ROWS).encode()).status_code == 403
    assert record_count(web_vault) == before


def test_a_file_that_is_not_a_list_is_refused(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    response = upload(client, token, "photo.jpg", b"\xff\xd8\xff\xe0 not a list")
    assert response.status_code == 400
    assert "CSV, XLSX or JSON" in response.text


def test_a_list_wrong_on_every_row_lists_the_first_problems_and_counts_the_rest(
    client: TestClient, web_vault: WebVault
) -> None:
    rows = "".join(
        f"w-{i},Synthetic Person {i},1980-13-01,male,detention,2017\n" for i in range(600)
    )
    token = sign_in(client, ADMIN, ADMIN_PASS)
    response = upload(client, token, "wrong.csv", (HEADER + rows).encode())
    assert response.status_code == 400
    table = response.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr><td") == 500
    assert "More problems not listed here: 100" in response.text


def test_the_import_page_speaks_russian(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Импорт списка" in client.get("/import").text
    done = upload(client, token, "partner.csv", (HEADER + GOOD_ROWS).encode(), source="ngo-ru")
    assert "Импортированы 2 записи из partner.csv в дело ngo-ru." in done.text
    refused = upload(client, token, "bad.csv", (HEADER + BAD_ROWS).encode(), source="ngo-ru2")
    assert "Ничего не импортировано" in refused.text


def test_a_list_imported_into_a_new_case_says_who_holds_it(client: TestClient) -> None:
    """walkday7: a caseworker imported a partner list into a new case; the analyst, not
    granted it, could not link its records (the estimate read the list as sharing no one),
    and neither the import page nor its answer had said that a new case is the importer's and
    the administrators' only."""
    token = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker
    form = client.get("/import").text
    assert "A new case name opens a new case, held by you and the administrators." in form
    first = upload(client, token, "partner.csv", (HEADER + GOOD_ROWS).encode(), "partner-ngo")
    assert "Imported 2 records from partner.csv into the case partner-ngo." in first.text
    assert (
        "The case partner-ngo is new: only you and the administrators hold it. Whoever links"
        " the records and estimates needs an administrator to grant them the case on the"
        " Grants page first" in first.text
    )
    more = "n-5,Ruslan Anotherov,1989,male,detention,2017-05\n"
    again = upload(client, token, "more.csv", (HEADER + more).encode(), "partner-ngo")
    assert "Imported 1 record from more.csv into the case partner-ngo." in again.text
    assert "is new" not in again.text  # the case is the one the first list opened
    client.post("/language", data={"language": "ru", "csrf_token": token})
    other = "n-1,Ислам Третьев,1990,male,detention,2017-05\n"
    russian = upload(client, token, "third.csv", (HEADER + other).encode(), "partner-two")
    assert "Дело partner-two новое: доступ к нему есть только у вас и у администраторов." in (
        russian.text
    )
