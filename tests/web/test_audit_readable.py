"""The audit trail in words, filtered by user and action, with its total; en and ru."""

from __future__ import annotations

import ast
from pathlib import Path

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, WebVault, sign_in

from uncounted.services import audit
from uncounted.web.routes.admin import _action_words

PACKAGE = Path(__file__).resolve().parents[2] / "uncounted"


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
    nobody = client.post("/admin/audit", data={"user": "nobody", "csrf_token": token}).text
    assert "Entries: 0." in nobody and "No entries." in nobody
    every = client.get("/admin/audit").text
    total = int(every.split("Entries: ", 1)[1].split(".", 1)[0])
    mine = client.post("/admin/audit", data={"user": ADMIN, "csrf_token": token}).text
    assert int(mine.split("Entries: ", 1)[1].split(".", 1)[0]) <= total
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/admin/audit", params={"action": "case.revoke"}).text
    assert ">Дело забрано</td>" in russian
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


def _written_actions() -> set[str]:
    """The action codes written as literals where audit entries are made."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            action = node.args[1]
            if name == "AuditEntry" and isinstance(action, ast.Constant):
                found.add(str(action.value))
    return found


def test_every_action_written_has_words_in_both_languages() -> None:
    """A new kind of entry showed as its code ('report.download') in the trail."""
    written = _written_actions()
    assert {"report.download", "user.add", "signin"} <= written
    english = _action_words(lambda text: text)
    assert sorted(written - set(english)) == []
    from uncounted.web.i18n import Translator

    russian = _action_words(Translator("ru").gettext)
    assert [code for code in written if russian[code] == english[code]] == []


def test_a_user_named_like_a_role_keeps_their_name_and_roles_read_in_words() -> None:
    """The demo's users are named 'caseworker' and 'analyst': the trail said 'user: аналитик'
    (the role's word) for a case taken back from the user named analyst."""
    from uncounted.web.i18n import Translator
    from uncounted.web.routes.admin import _in_words

    russian = Translator("ru").gettext
    revoke = audit.AuditEntry("demo", "case.revoke", "hotline", {"user": "analyst"})
    assert _in_words(revoke, russian) == "пользователь: analyst"
    role = audit.AuditEntry("demo", "user.role", "vera", {"from": "caseworker", "to": "analyst"})
    assert "аналитик" in _in_words(role, russian) and "analyst" not in _in_words(role, russian)
    added = audit.AuditEntry("demo", "user.add", "vera", {"role": "analyst"})
    assert _in_words(added, russian) == "роль: аналитик"


def test_a_detail_that_holds_nothing_is_left_out() -> None:
    """Walking the demo (walkday3) a published report's file, evidence about no record, read
    'kind of file: application/vnd.uncounted.manifest+json; record id: ; size in bytes: 15987'."""
    from uncounted.web.i18n import Translator
    from uncounted.web.routes.admin import _in_words

    added = audit.AuditEntry(
        "demo",
        "evidence.add",
        "ev-7f1a49d636c4",
        {"media_type": "text/plain", "record": "", "size": 9},
    )
    assert (
        _in_words(added, Translator("en").gettext) == "kind of file: text/plain; size in bytes: 9"
    )
    assert _in_words(added, Translator("ru").gettext) == "тип файла: text/plain; размер в байтах: 9"


def test_the_download_that_ends_publishing_is_not_called_a_second_one() -> None:
    """Walking Publish (walkday6), the trail showed the report's own download, started by the
    page as Publish ends, as «Повторное скачивание опубликованного отчёта» ("downloaded a
    published report again") in the same minute as the publication: an administrator read it
    as a second copy handed out. One action is every hand-out of the package, the first too."""
    from uncounted.web.i18n import Translator

    english = _action_words(lambda text: text)["report.download"]
    russian = _action_words(Translator("ru").gettext)["report.download"]
    assert english == "downloaded a published report"
    assert russian == "Скачивание опубликованного отчёта"
