"""The Analysis page says one thing about an estimate, from one rule (review of stop 26): the
records not linked for want of a grant are one count, the "every unreviewed link apart" row
says why it has no figure when nothing has been reviewed (not a refusal that reads like a
fault), and the form keeps the analyst's choices after a run. The small disjoint list world
with its partner list in a case only the caseworker holds (``left_out_world.py``), the real
app, vault, linkage and dga.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from left_out_world import ANALYST, ANALYST_PASS, PARTNER, left_out_copy
from vault_copies import VaultCopies
from web_helpers import sign_in

from uncounted.web import WebSettings, app_for_vault

LISTS = ["hotline", "partner-ngo", "passport_list", "press_en"]


@pytest.fixture
def client(tmp_path: Path, vault_copies: VaultCopies) -> Iterator[TestClient]:
    world = left_out_copy(vault_copies, tmp_path, by_worker=True)
    with TestClient(app_for_vault(WebSettings(vault=world)), base_url="http://127.0.0.1") as c:
        yield c


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _dd(page: str, title: str) -> str:
    """The words of the latest estimate's row *title*."""
    latest = page.split('id="latest-estimate"', 1)[1].split("</dl>", 1)[0]
    found = re.search(rf"<dt>{re.escape(title)}</dt>\s*<dd[^>]*>(.*?)</dd>", latest, re.S)
    assert found, (title, latest)
    return _words(found.group(1))


def _estimated(client: TestClient, method: str, lists: list[str]) -> tuple[str, str]:
    """The analyst's CSRF token and the Analysis page after her run with *method* over *lists*
    (every list offered)."""
    token = sign_in(client, ANALYST, ANALYST_PASS)
    fields = {"method": method, "event_type": "", "csrf_token": token, "offered": LISTS}
    return token, client.post("/analysis/estimate", data={**fields, "lists": lists}).text


def test_the_records_not_granted_are_one_count(client: TestClient) -> None:
    """The page said "Records linked 71 (left out, not granted: 0)" beside "records in cases
    not granted to dina, so not linked: 10"."""
    _, page = _estimated(client, "dga", LISTS)
    said = f"records in cases not granted to {ANALYST}, so not linked: 10"
    linked = _dd(page, "Records linked")
    assert said.capitalize() in linked, linked
    assert "left out, not granted: 0" not in _words(page)
    assert said in _dd(page, "Scope").lower()
    # and the records linked are the victims' records of the lists but those 10
    boxes = re.findall(r"\((\d+) victims&#39; records\)", page)
    assert int(linked.split()[0]) == sum(int(n) for n in boxes) - 10, (linked, boxes)


def test_with_nothing_reviewed_the_links_apart_row_says_why_it_has_no_figure(
    client: TestClient,
) -> None:
    """It read "no estimate could be made" whenever no link had been reviewed: taken apart,
    every record is its own person and no list shares anyone, which is no fault."""
    token, page = _estimated(client, "dga", [name for name in LISTS if name != PARTNER])
    band = _words(page.split('id="latest-sensitivity"', 1)[1].split("</div>", 1)[0])
    assert (
        "Every unreviewed link taken apart: not estimated yet. No person has been confirmed"
        " on the register yet"
    ) in band, band
    assert (
        "every unreviewed link taken apart: not estimated yet: no person confirmed on the register"
    ) in band
    assert "Every unreviewed link taken apart: no estimate could be made" not in band
    assert "unreviewed link taken apart: no estimate possible" not in band
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/analysis").text
    band = _words(russian.split('id="latest-sensitivity"', 1)[1].split("</div>", 1)[0])
    assert "Все непроверенные связи разорваны: пока не оценивается." in band, band


def test_the_form_keeps_the_analysts_choices_after_a_run(client: TestClient) -> None:
    """After a run the method showed LCMCR again, whatever the analyst had chosen."""
    kept = [name for name in LISTS if name != PARTNER]
    token, page = _estimated(client, "loglinear", kept)
    assert re.search(r'<option value="loglinear" selected>', page), "method reset"
    ticked = re.findall(r'name="lists" value="([^"]+)"[^>]*checked', page)
    assert ticked == kept  # the list left out stays unticked
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert re.search(r'<option value="loglinear" selected>', client.get("/analysis").text)
