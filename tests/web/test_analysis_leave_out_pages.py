"""The Analysis page lets an analyst leave a list out of an estimate, and the figure says so
everywhere it is shown (walkday6: a partner list whose people are on no other list made every
run refuse, nothing let the analyst leave it out, and the Reports page's "estimate again"
led nowhere). The small disjoint list world (``left_out_world.py``), the real app and vault.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from left_out_world import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from vault_copies import VaultCopies
from web_helpers import sign_in

from uncounted.services import analysis_review, records, revisions, vaults
from uncounted.web import WebSettings, app_for_vault

LISTS = ["hotline", "partner-ngo", "passport_list", "press_en"]


@pytest.fixture
def world(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    return left_out_copy(vault_copies, tmp_path)


@pytest.fixture
def client(world: Path) -> Iterator[TestClient]:
    with TestClient(app_for_vault(WebSettings(vault=world)), base_url="http://127.0.0.1") as c:
        yield c


def _estimate(client: TestClient, token: str, ticked: list[str]) -> str:
    fields = {"method": "dga", "csrf_token": token, "offered": LISTS, "lists": ticked}
    return client.post("/analysis/estimate", data=fields).text


def _text(page: str, element: str) -> str:
    found = re.search(rf'id="{element}"[^>]*>(.*?)</(p|div|span)>', page, re.S)
    assert found, element
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_leave_out_make_the_headline_and_every_page_says_so(
    client: TestClient, world: Path
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get("/analysis").text
    boxes = re.findall(r'name="lists" value="([^"]+)"[^>]*checked', page)
    assert boxes == LISTS  # every list ticked by default
    assert f"{PARTNER} (10 victims&#39; records)" in page

    refused = _estimate(client, token, LISTS)
    assert "no estimate possible" in refused
    hint = _text(refused, "estimate-lists-sharing-no-one")
    assert f"the list {PARTNER} shares no one with the other lists" in hint
    assert "untick it here" in hint

    chosen = _estimate(client, token, [name for name in LISTS if name != PARTNER])
    said = (
        f"An estimate over 3 of 4 lists; the list {PARTNER} was left out by {ANALYST}: its 10"
        " people are counted among the documented, not estimated."
    )
    assert _text(chosen, "latest-estimate-left-out") == said
    assert chosen.index("latest-estimate-left-out") < chosen.index('id="latest-estimate"')
    run = re.findall(r'name="run" value="(\d+)"', chosen)
    assert len(run) == 1  # the refused run cannot be the headline; this one can
    client.post("/analysis/publish", data={"run": run[0], "csrf_token": token})

    dashboard = client.get("/").text
    assert _text(dashboard, "dashboard-estimate-left-out") == said
    # its figure can read below the people documented above it: said before the figure
    documented = re.search(r'id="dashboard-people">[^<]*<strong>(\d+)</strong>', dashboard)
    observed = re.search(r"worked out from the (\d+) people on those lists", dashboard)
    assert documented and observed, _text(dashboard, "dashboard-estimate-covers")
    assert int(documented.group(1)) == int(observed.group(1)) + 10
    assert dashboard.index("dashboard-estimate-covers") < dashboard.index('id="dashboard-estimate"')
    assert dashboard.index("dashboard-estimate-left-out") < dashboard.index(
        'id="dashboard-estimate"'
    )
    reports = client.get("/reports").text
    assert said in _text(reports, "report-estimate-left-out")
    chosen_run = client.get("/api/estimate").json()["estimate"]
    assert chosen_run["left_out_said"] == said[0].lower() + said[1:-1]  # the English, as stored

    # a run over every list refuses again, and records are added after the headline: the
    # Reports page's way to a newer estimate names the list to leave out
    _estimate(client, token, LISTS)
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
    reports = client.get("/reports").text
    advice = _text(reports, "report-estimate-leave-out")
    assert f"the list {PARTNER} shares no one with the other lists" in advice
    assert "untick it under “Lists in the estimate”" in advice

    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/").text
    assert _text(russian, "dashboard-estimate-left-out").startswith(
        f"Оценка по 3 из 4 списков; список «{PARTNER}» исключён из оценки пользователем {ANALYST}"
    )
    # the figure may read below the people documented: the sentence comes before it in
    # Russian too
    assert russian.index("dashboard-estimate-left-out") < russian.index('id="dashboard-estimate"')
    assert "Списки в оценке" in client.get("/analysis").text


def test_the_page_says_when_every_list_shares_no_one(client: TestClient, world: Path) -> None:
    """A run over lists nobody linked yet (from the command line): every list shares no one,
    and the page advised unticking all four (cliwords3). It says why there is no estimate."""
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        analysis_review.estimate_from_register(analyst, "dga")
    token = sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get("/analysis").text
    assert 'id="estimate-lists-sharing-no-one"' not in page
    said = _text(page, "estimate-lists-none-shared")
    assert said.startswith("Run 1 gave no figure: its lists share no one, so no estimate"), said
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = _text(client.get("/analysis").text, "estimate-lists-none-shared")
    assert russian.startswith("Расчёт № 1 не дал числа: ни один человек ни из одного"), russian
