"""The published report's estimate cautions name no list and print no count of people its
disclosure control did not audit; the organisation's Analysis page still names the list.

A real vault of 40 synthetic victims on two lists ("ledgerwest" names everyone, "pressnorth"
every second person), linked and estimated (dga) and published with its PDFs in English and
Russian. Nobody is only on pressnorth, so the estimate cautions. On main (disclosure8's walk)
the PDF said "Nobody is only on list pressnorth: all its 20 people are on other lists too":
a source's name, in a report that describes its lists without naming them, and a count of
people no audit saw.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from report_helpers import ARGUN, VEDENO, add_victims_on_lists
from web_helpers import sign_in

from uncounted.services import analysis_review, register, reports, vaults
from uncounted.web import WebSettings, app_for_vault
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ADMIN, ADMIN_PASS = "ana", "list cautions admin passphrase"
EVERYONE, HALF = "ledgerwest", "pressnorth"
#: What each language's report says instead, and the sentence it said on main.
UNNAMED = {
    "en": "Nobody is only on one of the lists: all its people are on other lists too",
    "ru": "Нет никого, кто был бы только в одном из списков: все люди из него есть и в других",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The vault, its estimate chosen as the headline, and its report published (report.zip
    beside it)."""
    root = tmp_path_factory.mktemp("list-cautions")
    path = root / "vault"
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    groups = (("detention", "2017-03", VEDENO, 24), ("killing", "2019-01", ARGUN, 16))
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        add_victims_on_lists(admin, groups, (EVERYONE, HALF), "mine", seed=5)
        register.link_people(admin)
        run = analysis_review.estimate_from_register(admin, "dga")
        assert any(f"only on list {HALF}: all its 20 people" in c for c in run.cautions)
        analysis_review.publish_estimate(admin, run.id)
        translators = {language: Translator(language) for language in ("en", "ru")}
        reports.publish_report(admin, root / "report.zip", translators)
    return path


def _files_as_text(package: Path, folder: Path) -> dict[str, str]:
    """Every file of the package as a reader sees it: the PDFs through pdftotext, the
    workbook's cells, the rest as text; whitespace folded to single spaces."""
    said: dict[str, str] = {}
    with zipfile.ZipFile(package) as opened:
        for name in opened.namelist():
            body = opened.read(name)
            if name.endswith(".pdf"):
                (folder / name).write_bytes(body)
                done = subprocess.run(
                    ["pdftotext", str(folder / name), "-"], check=True, capture_output=True
                )
                text = done.stdout.decode("utf-8")
            elif name.endswith(".xlsx"):
                from openpyxl import load_workbook

                (folder / name).write_bytes(body)
                book = load_workbook(folder / name, read_only=True)
                text = " ".join(
                    str(value)
                    for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True)
                    for value in row
                )
            else:
                text = body.decode("utf-8", "replace")
            said[name] = " ".join(text.split())
    return said


def test_the_published_caution_names_no_list_and_counts_no_one(vault: Path, tmp_path: Path) -> None:
    """No file of the package names either list; the PDF's caution, en and ru, says that
    nobody is only on one of the lists, with no number of people; it is printed once."""
    said = _files_as_text(vault.parent / "report.zip", tmp_path)
    assert {"report-en.pdf", "report-ru.pdf", "tables.csv", "manifest.json"} <= set(said)
    for name, text in said.items():
        for listed in (EVERYONE, HALF):
            assert listed not in text.lower(), (name, listed)
    for language, caution in UNNAMED.items():
        text = said[f"report-{language}.pdf"]
        assert text.count(caution) == 1, (language, text[:3000])
        after = text[text.index(caution) - 80 : text.index(caution) + len(caution) + 80]
        assert "20" not in after, (language, after)  # pressnorth's 20 people, unaudited


@pytest.fixture
def client(vault: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy = tmp_path / "vault"
    shutil.copytree(vault, copy)
    with TestClient(app_for_vault(WebSettings(vault=copy)), base_url="http://127.0.0.1") as c:
        yield c


def test_the_analysis_page_still_names_the_list(client: TestClient) -> None:
    """Staff act on the caution: the organisation's Analysis page names the list and its
    people, in English and Russian."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = " ".join(client.get("/analysis").text.split())
    assert f"Nobody is only on list {HALF}: all its 20 people are on other lists too" in page
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = " ".join(client.get("/analysis").text.split())
    assert f"Нет никого, кто был бы только в списке {HALF}: все люди из него (их 20)" in russian
