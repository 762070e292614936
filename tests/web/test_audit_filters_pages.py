"""The audit trail: filtered by case and by dates; sign-ins, failed sign-ins and lockouts on
record (a typed name that is no user kept nowhere); cases a reader does not hold named by a
pseudonym; details in words, en and ru."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, WebVault, post_sign_in, sign_in

from uncounted.services import audit, grants, users, vaults
from uncounted.web import WebSettings, app_for_vault

LENA, LENA_PASS = "lena", "a lawyer reads the audit trail"
NOBODY = "nobody-such-name-typed"


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def _all_entries(web_vault: WebVault) -> list[audit.AuditEntry]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return audit.audit_trail(admin, 100_000)


def test_the_trail_filters_by_case_and_by_dates(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post(
        "/admin/grants/grant", data={"case": "case-b", "user": ANALYST, "csrf_token": token}
    )
    client.get(f"/records/{web_vault.other_id}")  # an identity of case-b read
    everything = _all_entries(web_vault)
    about_b = [
        e
        for e in everything
        if e.target == "case-b"
        or "case-b" in e.detail.get("cases", ())
        or e.detail.get("case") == "case-b"
    ]
    assert {e.action for e in about_b} >= {"case.grant", "identity.read"}
    page = client.post("/admin/audit", data={"case": "case-b", "csrf_token": token})
    assert "case-b" not in str(page.url)  # kept in the session, a token in the address
    assert f"Entries: {len(about_b)}." in _text(page.text)
    assert page.text.count("<tr>") == len(about_b) + 1  # the header row, then one per entry
    today = datetime.now(UTC).date()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    assert "Entries: 0." in _text(client.get("/admin/audit", params={"since": tomorrow}).text)
    assert "Entries: 0." in _text(client.get("/admin/audit", params={"until": yesterday}).text)
    sent = {"since": str(today), "until": str(today), "case": "case-b", "csrf_token": token}
    day = client.post("/admin/audit", data=sent)
    assert f"Entries: {len(about_b)}." in _text(day.text)
    wrong = client.get("/admin/audit", params={"since": "2017-13-01"})
    assert wrong.status_code == 400
    # the value as a page draws a date, kept on one line (uncounted.web.unbroken)
    typed = "2017-13-01".replace("-", "\u2011")
    assert f"'{typed}' is not a date; write it as YYYY-MM-DD" in _text(wrong.text)
    download = re.search(r'href="(/admin/audit\.csv\?[^"]*)"', page.text)
    assert download is not None and "case-b" not in download[1]
    csv_rows = client.get(html.unescape(download[1])).text.strip().splitlines()
    assert len(csv_rows) == len(about_b) + 1


def _fail(client: TestClient, name: str) -> None:
    post_sign_in(client, name, "wrong")


def _sign_in_entries(web_vault: WebVault) -> list[tuple[str, str, dict[str, object]]]:
    return [
        (e.user, e.action, {k: v for k, v in e.detail.items() if k != "last"})
        for e in _all_entries(web_vault)
        if e.action.startswith("signin")
    ]


def test_sign_ins_failures_and_lockouts_are_recorded_without_a_stranger_s_name(
    web_vault: WebVault,
) -> None:
    app = app_for_vault(WebSettings(vault=web_vault.path, max_failed_attempts=2))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for name in (ANALYST, ANALYST, NOBODY):
            _fail(client, name)
        for path in web_vault.path.rglob("*"):  # waiting, sealed, for an unlock
            if path.is_file():
                assert NOBODY.encode() not in path.read_bytes(), path
                assert ANALYST.encode() not in path.read_bytes() or "key" in path.name, path
        token = sign_in(client, ADMIN, ADMIN_PASS)
        signs = _sign_in_entries(web_vault)
        assert (ANALYST, "signin.failed", {"count": 2, "via": "web"}) in signs
        assert (ANALYST, "signin.lockout", {"count": 1, "via": "web"}) in signs
        unknown = {"count": 1, "via": "web", "unknown_name": True}
        assert ("", "signin.failed", unknown) in signs
        assert (ADMIN, "signin", {}) in signs
        assert not any(NOBODY in repr(e) for e in _all_entries(web_vault))
        for path in web_vault.path.rglob("*"):
            if path.is_file():
                assert NOBODY.encode() not in path.read_bytes(), path
        english = _text(client.get("/admin/audit").text)
        assert re.search(r"how many: 2; the last one at: [-0-9T:+]+; through: the web app", english)
        client.post("/language", data={"language": "ru", "csrf_token": token})
        russian = _text(client.get("/admin/audit").text)
        assert "Блокировка после неудачных попыток входа" in russian
        assert "(имя, которого нет среди пользователей)" in russian
        assert "имя, которого нет среди пользователей хранилища: да" in russian
        assert "через: веб-приложение" in russian


def test_failed_sign_ins_survive_a_restart_of_the_server(web_vault: WebVault) -> None:
    with TestClient(
        app_for_vault(WebSettings(vault=web_vault.path)), base_url="http://127.0.0.1"
    ) as client:
        for _ in range(3):
            _fail(client, ANALYST)
    # a new application over the same vault: nothing of the first one's memory is left
    with TestClient(
        app_for_vault(WebSettings(vault=web_vault.path)), base_url="http://127.0.0.1"
    ) as client:
        sign_in(client, ADMIN, ADMIN_PASS)
        assert (ANALYST, "signin.failed", {"count": 3, "via": "web"}) in _sign_in_entries(web_vault)
        page = _text(client.get("/admin/audit", params={"action": "signin.failed"}).text)
        assert "failed to sign in" in page and "how many: 3" in page and ANALYST in page
        # merged once: the next unlocks add nothing
        sign_in(client, ADMIN, ADMIN_PASS)
        failed = [s for s in _sign_in_entries(web_vault) if s[1] == "signin.failed"]
        assert failed == [(ANALYST, "signin.failed", {"count": 3, "via": "web"})]


def test_a_case_the_reader_does_not_hold_is_named_by_a_pseudonym(
    client: TestClient, web_vault: WebVault
) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, LENA, "legal", LENA_PASS, admin_set=False)
        grants.grant(admin, "case-a", LENA)
    sign_in(client, LENA, LENA_PASS)
    page = _text(client.get("/admin/audit").text)
    assert "case-a" in page  # granted to her: named
    assert "case-b" not in page  # not granted: a pseudonym in its place
    assert re.search(
        r'>created a case</td><td data-label="Target">[0-9A-Z]{4}-[0-9A-Z]{4}</td>', page
    )
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        seen_by_admin = audit.audit_trail(admin, 1000, 0, action="case.create")
    assert "case-b" in {entry.target for entry in seen_by_admin}  # the admin holds it
