"""Identity reads are audited once per page view (en, ru): one entry naming the page's route,
how many identities and which cases, recorded before the page is sent."""

from __future__ import annotations

import html

from cli_helpers import CliRunner
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, OTHER_NAME, WebVault, sign_in

from uncounted.services import audit, records, vaults
from uncounted.vault.pseudonyms import pseudonym
from uncounted.web.shell import Shell, vault_of


def _reads(web_vault: WebVault) -> list[audit.AuditEntry]:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        return audit.audit_trail(admin, 1000, 0, action="identity.read")


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def test_each_page_view_is_one_entry_naming_its_page(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    before = len(_reads(web_vault))
    assert client.get("/records").status_code == 200
    after = _reads(web_vault)
    assert len(after) == before + 1
    entry = after[0]
    assert entry.detail["page"] == "/records" and entry.user == ADMIN
    assert entry.detail["count"] >= 2 and set(entry.detail["cases"]) >= {"case-a", "case-b"}
    assert client.get(f"/records/{web_vault.other_id}").status_code == 200
    one = _reads(web_vault)
    assert len(one) == before + 2
    # the record by the pseudonym its pages show, never its id or the route's pattern
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        known_as = pseudonym(admin.pseudonym_key, web_vault.other_id)
    assert one[0].detail["page"] == f"/records/{known_as}" and one[0].target == known_as
    assert one[0].detail["count"] == 1 and one[0].detail["records"] == [known_as]
    page = _text(client.get("/admin/audit", params={"action": "identity.read"}).text)
    assert f"on the page: /records/{known_as}" in page
    assert web_vault.other_id not in page and "{record_id}" not in page
    # the detail lists pseudonyms, and says so (it read "record ids" over them)
    assert f"records (pseudonyms): {known_as}" in page and "record ids" not in page
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _text(client.get("/admin/audit", params={"action": "identity.read"}).text)
    assert "на странице: /records" in russian
    assert f"записи (псевдонимы): {known_as}" in russian and "номера записей" not in russian


def test_a_page_whose_reads_cannot_be_recorded_is_not_sent(
    client: TestClient, web_vault: WebVault
) -> None:
    """The 503 of PageReadsMiddleware, on the real app: the session's access log (where
    identity reads are recorded) is closed under it, so the record really cannot be written."""
    sign_in(client, ADMIN, ADMIN_PASS)
    before = len(_reads(web_vault))
    shell: Shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = shell.sessions.live()
    vault_of(session).access_conn.close()
    refused = client.get(f"/records/{web_vault.other_id}")
    assert refused.status_code == 503
    assert refused.text == (
        "The page was not sent: what it shows could not be recorded in the audit trail."
    )
    assert OTHER_NAME not in refused.text and "Primerov" not in str(refused.headers)
    assert len(_reads(web_vault)) == before  # and nothing claims it was read
    assert client.get("/cases").status_code == 200  # a page that shows no identity is sent


def test_reads_outside_a_page_are_still_one_entry_each(web_vault: WebVault) -> None:
    before = len(_reads(web_vault))
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        shown = records.list_records(admin, records.RecordFilter(), 100, 0)
    assert any(view.identity for view in shown)
    entries = _reads(web_vault)
    assert len(entries) == before + 1 and "page" not in entries[0].detail


def test_a_command_s_reads_name_the_command(web_vault: WebVault, cli: CliRunner) -> None:
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    done = cli("records", web_vault.path, "--user", ADMIN, "--json", env=env)
    assert done.code == 0, done.err
    entry = _reads(web_vault)[0]
    assert entry.detail["page"] == "uncounted records list" and entry.detail["count"] >= 2
