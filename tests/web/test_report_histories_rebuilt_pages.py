"""The Reports page says when the report's estimate is a run kept before runs kept their
capture histories (session 28) and records changed after it: the package's histories.csv is
then rebuilt from today's register and may not give the run's figure again, which until now
only the package's README and the command line said. A run kept now is not said so. Real
vault (80 synthetic victims on three lists, linked, dga from the register), the real app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from report_helpers import estimated_world_vault
from vault_copies import VaultCopies
from web_helpers import sign_in

from uncounted import vault as store
from uncounted.services import records, vaults
from uncounted.vault import RecordDraft
from uncounted.web import WebSettings, app_for_vault

ADMIN, ADMIN_PASS = "ana", "rebuilt histories admin passphrase"
SAID = {
    "en": "This estimate was kept before uncounted kept the capture histories",
    "ru": "Эта оценка сохранена, когда uncounted ещё не хранил истории попадания в списки",
}


def _world(path: Path) -> None:
    folder = path.parent / "lists"
    folder.mkdir(parents=True)
    estimated_world_vault(path, (ADMIN, ADMIN_PASS), folder)


def _said(client: TestClient) -> str | None:
    found = re.search(r'id="report-histories-rebuilt">(.*?)</span>', client.get("/reports").text)
    return found.group(1) if found else None


@pytest.mark.parametrize("kept_before", [True, False])
def test_the_reports_page_says_an_old_runs_histories_are_todays(
    tmp_path: Path, vault_copies: VaultCopies, kept_before: bool
) -> None:
    path = tmp_path / "vault"
    vault_copies.copy(_world, path)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        if kept_before:  # as an earlier main kept it: its scope without histories
            admin.conn.execute(
                "UPDATE analysis_results SET scope = json_remove(scope, '$.histories')"
            )
            admin.conn.commit()
        chosen = store.headline(admin.conn)
        assert chosen is not None and (chosen.result.histories_kept is None) == kept_before
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        csrf = sign_in(client, ADMIN, ADMIN_PASS)
        assert _said(client) is None, "nothing changed after the run: its histories are today's"
        with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
            draft = RecordDraft(
                case="late",
                source=chosen.result.lists[0],
                source_record_id="late-1",
                event_type="detention",
                event_month="2019-05",
                district="ru-ce-argun",
                analytic={"role": "victim"},
                identity={"name": "Latename Syntheticova"},
            )
            records.create_record(admin, draft)
        said = _said(client)
        assert (said is not None and said.startswith(SAID["en"])) == kept_before, said
        client.post("/language", data={"language": "ru", "csrf_token": csrf})
        russian = _said(client)
        assert (russian is not None and russian.startswith(SAID["ru"])) == kept_before, russian
