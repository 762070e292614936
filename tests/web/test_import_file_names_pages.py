"""The original name of an imported file is kept sealed (migration admin3_0001): the audit trail
names it to readers holding the list's case (en, ru) and says "an imported file" to the others;
it is nowhere in the clear, not in the vault's files, its decrypted tables, or the logs."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from fastapi.testclient import TestClient
from migration_helpers import carry_forward, previous_main, table_names
from upload_helpers import files_containing
from web_helpers import ADMIN, ADMIN_PASS, WebVault, sign_in

from uncounted.services import audit, grants, users, vaults
from uncounted.vault.database import open_database

FILE = "Khasanova-Zarema-family-list.csv"  # a synthetic name that names a person
HEADER = "record_id,name,birth_date,sex,event_type,event_date\n"
ROWS = "fn-1,Adlan Syntheticov,1990-05-01,male,detention,2017-03-10\n"
LENA, LENA_PASS = "lena", "a lawyer reads the audit trail"


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def _import(client: TestClient, token: str) -> str:
    body = (HEADER + ROWS).encode()
    data = {"source": "ngo-names", "csrf_token": token}
    read = client.post("/import", data=data, files={"file": (FILE, body, "text/csv")})
    assert 'id="import-mapping"' in read.text, read.text[:300]
    done = client.post("/import/map", data={"csrf_token": token, "action": "import"})
    assert done.status_code == 200, done.text[:300]
    return done.text


def _every_value(path: Path, key: bytes) -> list[object]:
    conn = open_database(path / "vault.db", key)
    try:
        tables = [
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return [
            value
            for table in tables
            for row in conn.execute(f"SELECT * FROM {table}")
            for value in row
        ]
    finally:
        conn.close()


def test_the_file_name_is_sealed_and_shown_only_to_holders_of_its_case(
    client: TestClient, web_vault: WebVault, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = sign_in(client, ADMIN, ADMIN_PASS)
    _import(client, token)
    assert f'<td data-label="Target">{FILE}</td>' in client.get("/admin/audit").text
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert FILE in client.get("/admin/audit", params={"action": "records.import"}).text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, LENA, "legal", LENA_PASS, admin_set=False)
        key = admin.vault_key
    with TestClient(client.app, base_url="http://127.0.0.1") as other:
        lena = sign_in(other, LENA, LENA_PASS)
        page = _text(other.get("/admin/audit", params={"action": "records.import"}).text)
        assert FILE not in page and "an imported file" in page  # she holds no case of it
        other.post("/language", data={"language": "ru", "csrf_token": lena})
        russian = _text(other.get("/admin/audit", params={"action": "records.import"}).text)
        assert FILE not in russian and "импортированный файл" in russian
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        grants.grant(admin, "ngo-names", LENA)
        grants.revoke(admin, "ngo-names", LENA)  # the case gets a new key: the name re-sealed
        names = {e.target for e in audit.audit_trail(admin, 100, 0, action="records.import")}
    assert FILE in names
    assert files_containing(web_vault.path, FILE.encode()) == []
    assert files_containing(web_vault.path, b"Khasanova") == []
    values = _every_value(web_vault.path, key)
    assert not any(
        (isinstance(v, str) and "Khasanova" in v) or (isinstance(v, bytes) and b"Khasanova" in v)
        for v in values
    )
    assert "Khasanova" not in caplog.text


def test_a_command_line_import_names_its_file_to_the_admin(
    web_vault: WebVault, cli: CliRunner, tmp_path: Path
) -> None:
    listing = tmp_path / FILE
    listing.write_text(HEADER + ROWS.replace("fn-1", "fn-2"), encoding="utf-8")
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    done = cli("import", web_vault.path, listing, "--source", "ngo-cli", "--user", ADMIN, env=env)
    assert done.code == 0, done.err
    trail = cli("audit", web_vault.path, "--user", ADMIN, env=env)
    assert trail.code == 0 and FILE in trail.out


def test_a_vault_of_the_previous_main_is_carried_forward(web_vault: WebVault) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        key = admin.vault_key
    with previous_main(web_vault.path, key, "evidence2_0002") as conn:
        tables = table_names(conn)
        assert "import_names" not in tables and "imports" in tables
        carry_forward(conn)
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert audit.audit_trail(admin, 10, 0)  # opens and reads as before
