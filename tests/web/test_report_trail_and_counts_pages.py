"""The audit trail says what a report's draft and publication did (reportux4): each read the
register and the last report's sealed true figures, and each was audited as "looked at an
evidence file's metadata", so the Audit page showed a metadata read where someone made a
draft or published report No. 2. Now a draft is "made a draft report", a publication
"published report No. N", a publication refused after reading them "tried to publish a
report", each saying which report it was protected together with, in English and Russian,
on the page and in its CSV. And the dashboard's month chart and the report's say what each
counts (a person once a month; once under each violation). Real vault, real app (PDFs made
by WeasyPrint)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from report_helpers import (
    LEAKY_ADMIN,
    LEAKY_PASS,
    PUBLISHED_GROUPS,
    VEDENO,
    add_victims,
    one_report_published,
)
from vault_copies import VaultCopies
from web_helpers import draft_report, sign_in

from uncounted.report import document as reports_document
from uncounted.report.disclosure import Case
from uncounted.services import reports, vaults
from uncounted.web import WebSettings, app_for_vault
from uncounted.web.i18n import Translator

CASES = [Case(v, m, d) for v, m, d, people in PUBLISHED_GROUPS for _ in range(people)]


@pytest.fixture
def signed_in(tmp_path: Path, vault_copies: VaultCopies) -> Iterator[tuple[TestClient, str]]:
    path = tmp_path / "vault"
    vault_copies.copy(one_report_published, path)
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        yield client, sign_in(client, LEAKY_ADMIN, LEAKY_PASS)


def _entries(client: TestClient, action: str = "") -> list[tuple[str, str, str]]:
    """The Audit page's entries (action, target, details as read), newest first."""
    page = client.get("/admin/audit", params={"action": action} if action else {}).text
    body = page.split('id="audit-entries"', 1)[1].split("</tbody>", 1)[0]
    cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', body, re.S)
    rows = [cells[i : i + 5] for i in range(0, len(cells), 5)]
    return [(html.unescape(a), html.unescape(t), html.unescape(d)) for _w, _u, a, t, d in rows]


def test_a_draft_is_audited_as_a_draft_protected_with_the_last_report(
    signed_in: tuple[TestClient, str],
) -> None:
    client, csrf = signed_in
    assert "Report No. 2" in draft_report(client)
    drafts = _entries(client, "report.draft")
    assert drafts == [
        ("made a draft report", "", "report No. 2; protected together with report No. 1")
    ]
    assert _entries(client, "evidence.metadata.read") == []
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    assert _entries(client, "report.draft") == [
        ("Составление черновика отчёта", "", "отчёт № 2; защищён вместе с отчётом № 1")
    ]


def test_a_publication_is_audited_by_its_number_and_a_refusal_as_one(
    signed_in: tuple[TestClient, str],
) -> None:
    client, csrf = signed_in
    form = {"csrf_token": csrf, "confirm": "yes"}
    repeated = client.post("/reports/publish", data=form)
    assert "repeats=" in str(repeated.url)  # it says what report No. 1 says: refused
    published = client.post("/reports/publish", data={**form, "again": "yes"})
    assert "published=" in str(published.url)
    item = str(published.url).split("published=")[1]
    said = _entries(client)
    read = "began publishing a report: read the earlier reports' true figures"
    assert [a for a, _t, _d in said if "report" in a] == [
        "published report No. 2",
        read,  # the earlier reports' true figures, on record as they were read (keywait)
        "tried to publish a report; nothing was published",
        read,
        "published report No. 1",  # protected with no earlier report: nothing read
    ]
    assert {d for a, _t, d in said if a == read} == {
        "report No. 2; protected together with report No. 1"
    }
    second = next(d for a, t, d in said if a == "published report No. 2" and t == item)
    assert "report No. 2; protected together with report No. 1" in second
    assert "evidence file" not in " ".join(a for a, _t, _d in said)
    spreadsheet = list(csv.reader(io.StringIO(client.get("/admin/audit.csv").text)))
    assert ["report.publish", "published report No. 2"] in [row[2:4] for row in spreadsheet]
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    russian = [a for a, _t, _d in _entries(client) if "отчёт" in a]
    assert "Публикация отчёта № 2" in russian and "Публикация отчёта № 1" in russian
    assert "Попытка публикации отчёта: ничего не опубликовано" in russian
    assert "Начало публикации отчёта: прочитаны истинные числа прежних отчётов" in russian


def test_the_dashboard_and_the_report_say_what_their_month_charts_count(
    signed_in: tuple[TestClient, str], tmp_path: Path
) -> None:
    """The dashboard counts a person once in each month their records tell, the report's
    month chart once under each violation: each chart's caption says which, and names the
    other's rule, so that a reader comparing them (34 beside 22 in a month of the demo) knows
    why they differ."""
    client, csrf = signed_in
    for language, dashboard, report in (
        ("en", "A person once in each month their records tell", "A person once under each"),
        ("ru", "Человек учтён один раз в каждом месяце", "Человек учтён один раз под каждым"),
    ):
        if language == "ru":
            client.post("/language", data={"language": "ru", "csrf_token": csrf})
        page = client.get("/").text
        figure = page.split("<figure><figcaption><h2>", 2)[1].split("</figure>", 1)[0]
        caption = figure.split("</figcaption>", 1)[0]
        assert dashboard in html.unescape(caption), caption
        words = Translator(language)
        drafted = reports_document.build(
            reports_document.ReportInput(cases=CASES, people=42, made_on="2026-12-07")
        )
        text = reports_document.render_html(drafted, words, language)
        chart = text.split(words.gettext("Documented people by month") + "</h2>", 1)[1]
        assert report in html.unescape(chart.split("<svg", 1)[0])


def _far_vault(path: Path) -> None:
    """PUBLISHED_GROUPS and one detention dated 1917 (a mistyped 2017)."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(admin, [*PUBLISHED_GROUPS, ("detention", "1917-03", VEDENO, 1)])


def test_the_dashboard_names_a_mistyped_year_beside_its_month_chart(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    path = tmp_path / "vault"
    vault_copies.copy(_far_vault, path)
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        csrf = sign_in(client, LEAKY_ADMIN, LEAKY_PASS)
        for said in (
            "Left off the chart, more than 10 years from the other months",
            "Не показаны на графике, так как отстоят более чем на 10 лет",
        ):
            if said.startswith("Не"):
                client.post("/language", data={"language": "ru", "csrf_token": csrf})
            figure = client.get("/").text.split("<figure><figcaption><h2>", 2)[1]
            caption, chart = figure.split("</figcaption>", 1)
            assert said in html.unescape(caption) and "1917-03 (1)" in caption, caption
            assert "1917" not in chart.split("</figure>", 1)[0] and "2017-03" in chart


def _far_published_vault(path: Path) -> None:
    """GROUPS and one detention dated 1917 (a mistyped 2017), report No. 1 published."""
    _far_vault(path)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        reports.publish_report(admin, path.parent / "far.zip", {"en": str}, pdf=False)


def test_the_dates_a_published_report_covers_leave_a_mistyped_year_apart(
    tmp_path: Path, vault_copies: VaultCopies
) -> None:
    """The dates covered spanned 1917-03 – 2017-04 for one mistyped date: the span is the month
    chart's, and the far month is named after it, on the Reports page as in the PDF."""
    path = tmp_path / "vault"
    vault_copies.copy(_far_published_vault, path)
    with TestClient(app_for_vault(WebSettings(vault=path)), base_url="http://127.0.0.1") as client:
        csrf = sign_in(client, LEAKY_ADMIN, LEAKY_PASS)
        for said in (
            "Dates covered: 2017-03 – 2017-04 and 1917-03, more than 10 years from the other"
            " months (a date may be mistyped)",
            "Охваченный период: 2017-03 – 2017-04 и 1917-03 — более чем на 10 лет от остальных"
            " месяцев (дата может быть введена с ошибкой)",
        ):
            if said.startswith("Охв"):
                client.post("/language", data={"language": "ru", "csrf_token": csrf})
            page = client.get("/reports").text
            covered = page.split('<p class="report-period">', 1)[1].split("</p>", 1)[0]
            text = re.sub(r"<[^>]+>", "", html.unescape(covered)).replace("\u2011", "-")
            assert text.replace("\u00a0", " ") == said, text
