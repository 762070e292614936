"""The Reports page as a reader takes it in (walkday7): its violations in the order of the
published report's chart and tables (by people, largest first; "Other violations" last),
not in the order of their codes; and a visit to it is no audited read of the last report's
sealed figures (each visit wrote "looked at an evidence file's metadata" to the audit trail,
so the real reads drowned among page views). Real vault, real app."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from report_helpers import ARGUN, LEAKY_ADMIN, LEAKY_PASS, VEDENO, add_victims
from vault_copies import VaultCopies
from web_helpers import sign_in

from uncounted.services import reports, vaults
from uncounted.web import WebSettings, app_for_vault

#: Codes in the order detention, killing, other violations, torture; by people torture (20)
#: comes before killing (12), and "Other violations" (5: an outing and an abduction group).
GROUPS = (
    ("detention", "2017-03", VEDENO, 30),
    ("torture", "2017-04", VEDENO, 20),
    ("killing", "2019-01", ARGUN, 12),
    ("forced_outing", "2017-04", VEDENO, 3),
    ("abduction", "2019-02", ARGUN, 2),
)
READER_ORDER = [
    ("Detention", "30"),
    ("Torture or ill-treatment", "20"),
    ("Killing", "12"),
    ("Other violations", "5"),
]


def _published_vault(path: Path) -> bytes:
    """A vault of GROUPS with one report published; the package's bytes."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(admin, GROUPS)
        reports.publish_report(admin, path.parent / "first.zip", {"en": str}, pdf=False)
    return (path.parent / "first.zip").read_bytes()


@pytest.fixture
def published(tmp_path: Path, vault_copies: VaultCopies) -> Iterator[tuple[TestClient, bytes]]:
    path = tmp_path / "vault"
    package = vault_copies.copy(_published_vault, path)
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        sign_in(client, LEAKY_ADMIN, LEAKY_PASS)
        yield client, package


def test_the_reports_page_lists_violations_in_the_reports_own_order(
    published: tuple[TestClient, bytes],
) -> None:
    client, package = published
    table = client.get("/reports").text.split('id="report-violations"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", html.unescape(table))
    assert rows == READER_ORDER
    # the published report's year table and its chart run in the same order
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        page = html.unescape(archive.read("report-en.html").decode("utf-8"))
    year_table = page.split('<table id="year-table">')[1].split("</table>")[0]
    assert re.findall(r"<tr><td>([^<]*)</td>", year_table) == [v for v, _ in READER_ORDER]
    chart = page.split("<title>Documented people by violation</title>")[1].split("</svg>")[0]
    bars = re.findall(r"<title>([^<]*): (\d+)</title></rect>", chart)
    assert bars == READER_ORDER


def _metadata_reads(client: TestClient) -> int:
    trail = client.get("/admin/audit", params={"action": "evidence.metadata.read"}).text
    return int(re.search(r"Entries: (\d+)\.", trail).group(1))  # type: ignore[union-attr]


def test_a_visit_to_the_reports_page_is_no_audited_read(
    published: tuple[TestClient, bytes],
) -> None:
    client, _package = published
    before = _metadata_reads(client)
    for _ in range(3):
        assert client.get("/reports").status_code == 200
    assert _metadata_reads(client) == before
