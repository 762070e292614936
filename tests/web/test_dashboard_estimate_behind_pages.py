"""The dashboard says when its headline estimate is older than the records, before the figure,
for every signed-in user. Walking the demo (walkday6, session 25), a caseworker's dashboard
read "People documented as victims: 779" above "Estimated total ... 996 (... today 10:04)", an
estimate over 773 people made before the night's testimony and a partner list; only the
Reports page, for those who may publish, said the estimate was older. After a large import the
documented count could pass the estimated total with nothing on the page saying why. Real
vault, real estimate, a real correction as a new revision."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_helpers import ADMIN, ADMIN_PASS, WORKER, WORKER_PASS, build_world_vault
from fastapi.testclient import TestClient
from web_helpers import sign_in

from uncounted.services import analysis_review, records, revisions, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.vault.clock import at
from uncounted.web import WebSettings, app_for_vault

WORDS = {
    "en": "This estimate was made today",
    "ru": "Оценка сделана сегодня",
}
ONE_RECORD = {
    "en": "1 record was added or changed since, and the estimate leaves it out.",
    "ru": "после неё добавлена или изменена 1 запись, и оценка её не учитывает.",
}


@pytest.fixture(scope="module")
def estimated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault of three synthetic lists whose estimate is the headline, built once."""
    folder = tmp_path_factory.mktemp("estimated")
    lists = folder / "lists"
    lists.mkdir()
    build_world_vault(folder / "vault", lists, people=60)
    with vaults.unlock(folder / "vault", ADMIN, ADMIN_PASS) as admin:
        # the lists were imported a minute before the estimate: a record saved in the
        # second the estimate reads counts as after it (records_after), a needless notice
        admin.conn.execute("UPDATE records SET created_at = ?", (at(time.time() - 60),))
        saved = analysis_review.save_analysis(admin, analyse_vault(admin, method="dga"))
        analysis_review.publish_estimate(admin, saved.id)
    return folder / "vault"


@pytest.fixture
def vault(estimated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(estimated, tmp_path / "vault"))


@pytest.fixture
def client(vault: Path) -> Iterator[TestClient]:
    settings = WebSettings(vault=vault)
    with TestClient(app_for_vault(settings), base_url="http://127.0.0.1") as c:
        yield c


def dashboard(client: TestClient, language: str) -> str:
    csrf = sign_in(client, WORKER, WORKER_PASS)
    client.post("/language", data={"language": language, "csrf_token": csrf})
    page = client.get("/")
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_fresh_headline_has_no_such_caution(client: TestClient, language: str) -> None:
    page = dashboard(client, language)
    assert 'id="dashboard-estimate"' in page
    assert 'id="dashboard-estimate-behind"' not in page
    assert WORDS[language] not in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_correction_after_the_estimate_is_named_before_its_figure(
    client: TestClient, vault: Path, language: str
) -> None:
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
    page = dashboard(client, language)
    start = page.index('id="dashboard-estimate-behind"')
    caution = page[start : page.index("</p>", start)]
    assert WORDS[language] in caution
    assert ONE_RECORD[language] in caution
    assert start < page.index('id="dashboard-estimate"')  # the caution before the figure
