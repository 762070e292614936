"""The web import's mapping step knows the detention columns by their Russian headers and
names a bad status by the file's own header and sheet row, in Russian; nothing is stored."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from test_import_mapping_pages import read, record_count, selected
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

HEADER = "Номер;ФИО;Вид нарушения;Действия;Статус;Начало задержания;Дата освобождения\n"
ROWS = (
    "e-1;Адлан Синтетиков;Задержание;Задержание|Избиение;Освобождён(а);2019-01-05;2019-01-20\n"
    "e-2;Аслан Вымыслов;Задержание;Задержание;в отпуске;2019-02;\n"
)


def test_detention_columns_guessed_and_a_bad_status_named_by_its_header(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    before = record_count(web_vault)
    page = read(client, token, HEADER + ROWS)
    text = page.text  # type: ignore[attr-defined]
    guessed = [selected(text, i) for i in range(7)]
    assert guessed[3:] == ["act_types", "status", "detained_from", "detained_until"]
    choices = {f"column-{i}": code for i, code in enumerate(guessed)}
    refused = client.post("/import/map", data={"csrf_token": token, "action": "import", **choices})
    assert refused.status_code == 400
    table = refused.text.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table)
    assert [(row, column) for row, column, _ in rows] == [("3", "Статус")]
    assert "статусом" in rows[0][2] and "в отпуске" not in refused.text.split("import-mapping")[0]
    assert record_count(web_vault) == before
