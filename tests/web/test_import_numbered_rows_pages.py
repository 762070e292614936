"""The web import's choice to number the rows of a list without a record-number column: offered
only while no column holds the record number, and a column chosen for it wins over the choice
(the page never sends a numbering the service would refuse). Synthetic people only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import records, vaults

HEADER = "Код;ФИО;Дата рождения\n"
ROWS = "k-1;Аслан Безномеров;1990\nk-2;Ислам Безномеров;1991\n"


def _upload(client: TestClient, token: str, source: str, body: str) -> Response:
    return client.post(
        "/import",
        data={"source": source, "csrf_token": token},
        files={"file": ("list.csv", body.encode(), "text/csv")},
    )


def _ids(web_vault: WebVault, source: str) -> list[str]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        views = records.list_records(admin, records.RecordFilter(), 1000, 0)
        return sorted(str(v.source_record_id) for v in views if v.source == source)


def test_the_numbering_is_offered_only_while_no_column_holds_the_record_number(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = _upload(client, token, "codes", HEADER + ROWS)  # "Код": not a header it knows
    assert page.status_code == 200
    assert 'id="import-numbering"' in page.text  # the first column left to choose, none holds it
    chosen = client.post(  # the caseworker sees "Код" is the number, and numbering was ticked
        "/import/map",
        data={
            "csrf_token": token,
            "action": "preview",
            "column-0": "record_id",
            "number_rows": "yes",
        },
    )
    assert chosen.status_code == 200
    assert 'id="import-numbering"' not in chosen.text
    imported = client.post(
        "/import/map",
        data={
            "csrf_token": token,
            "action": "import",
            "column-0": "record_id",
            "number_rows": "yes",
        },
    )
    assert imported.status_code == 200, imported.text
    assert _ids(web_vault, "codes") == ["k-1", "k-2"]  # the column's, not the rows' numbers


def test_the_numbered_rows_leave_the_code_column_out(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    _upload(client, token, "rows", HEADER + ROWS)
    imported = client.post(
        "/import/map",
        data={"csrf_token": token, "action": "import", "column-0": "ignore", "number_rows": "yes"},
    )
    assert imported.status_code == 200, imported.text
    assert _ids(web_vault, "rows") == ["2", "3"]


def test_rows_at_stored_numbers_are_not_said_to_be_the_same_rows(
    client: TestClient, web_vault: WebVault
) -> None:
    """An edited copy of a numbered list, a row inserted in the middle (seen on the walk of
    stop 21): every row from that one down sits at a number the vault holds for someone else,
    and the check marked them all "already in the vault" with "They are never added twice".
    Known by position only, it says they may be other people, and what each choice does."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    first = "ФИО;Дата рождения\nАслан Безномеров;1990\nИслам Безномеров;1991\n"
    inserted = "Зелим Вставленный;1993\n"  # above Ислам: at the number Ислам is stored under
    _upload(client, token, "moved", first)
    imported = client.post(
        "/import/map",
        data={"csrf_token": token, "action": "import", "column-0": "name", "number_rows": "yes"},
    )
    assert imported.status_code == 200, imported.text
    top, bottom = first.rsplit("Ислам", 1)
    edited = f"{top}{inserted}Ислам{bottom}"
    _upload(client, token, "moved", edited)
    checked = client.post(
        "/import/map",
        data={"csrf_token": token, "action": "preview", "column-0": "name", "number_rows": "yes"},
    )
    assert checked.status_code == 200
    assert "rows 2, 3." in checked.text  # Зелим, new, at Ислам's number 3; Ислам now at 4
    assert "They are never added twice" not in checked.text
    assert "may be other people" in checked.text
    assert "skipping leaves them out, updating writes them over" in checked.text
    refused = client.post(  # "Stop and tell me", as chosen: the refusal says it again
        "/import/map",
        data={"csrf_token": token, "action": "import", "column-0": "name", "number_rows": "yes"},
    )
    refusal = refused.text.split('id="import-refusal"', 1)[1].split("</p>", 1)[0]
    assert "rows 2, 3; nothing was imported" in refusal
    assert "may be other people" in refusal
    assert "Choose below whether to skip them or to update them" not in refusal
