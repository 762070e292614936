"""The audit trail in words, filtered by user and action, with its total; en and ru."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, WebVault, sign_in


def test_the_trail_reads_in_words_and_filters_with_a_total(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post(
        "/admin/grants/revoke", data={"case": "case-a", "user": ANALYST, "csrf_token": token}
    )
    page = client.get("/admin/audit").text
    assert ">took a case back</td>" in page
    assert ">case.revoke</td>" not in page
    only = client.get("/admin/audit", params={"action": "case.revoke"}).text
    assert "Entries: 1." in only
    assert only.count(">took a case back</td>") == 1
    assert ">granted a case</td>" not in only
    nobody = client.get("/admin/audit", params={"user": "nobody"}).text
    assert "Entries: 0." in nobody and "No entries." in nobody
    every = client.get("/admin/audit").text
    total = int(every.split("Entries: ", 1)[1].split(".", 1)[0])
    mine = client.get("/admin/audit", params={"user": ADMIN}).text
    assert int(mine.split("Entries: ", 1)[1].split(".", 1)[0]) <= total
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/admin/audit", params={"action": "case.revoke"}).text
    assert ">забрал(а) дело</td>" in russian
    assert "Записей: 1." in russian


def test_the_filtered_trail_downloads_as_csv(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post(
        "/admin/grants/revoke", data={"case": "case-a", "user": ANALYST, "csrf_token": token}
    )
    page = client.get("/admin/audit", params={"action": "case.revoke"}).text
    assert 'href="/admin/audit.csv?action=case.revoke"' in page
    got = client.get("/admin/audit.csv", params={"action": "case.revoke"})
    assert got.headers["content-type"].startswith("text/csv")
    lines = got.text.strip().splitlines()
    assert lines[0] == "at,user,action,action_words,target,detail"
    assert len(lines) == 2
    assert ",ana,case.revoke,took a case back,case-a," in lines[1]
    every = client.get("/admin/audit.csv").text.strip().splitlines()
    assert len(every) - 1 == int(
        client.get("/admin/audit").text.split("Entries: ", 1)[1].split(".", 1)[0]
    )
