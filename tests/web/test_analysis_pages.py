"""Analysis pages on a real vault of synthetic lists: review pairs, decide, estimate, dashboard."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from analysis_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    WORKER,
    WORKER_PASS,
    build_world_vault,
)
from fastapi.testclient import TestClient
from httpx import Response
from web_helpers import sign_in

from uncounted.estimate import CaptureHistories, estimate
from uncounted.linkage import LinkResult
from uncounted.services import analysis_review, grants, records, register, users, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.web import WebSettings, app_for_vault

# The two records of an offered pair, as the decision form sends them (in any language).
ASKED = (
    r'name="source_l" value="([^"]*)".*?name="record_id_l" value="([^"]*)".*?'
    r'name="source_r" value="([^"]*)".*?name="record_id_r" value="([^"]*)"'
)
PAIR = re.compile(r"match probability ([0-9.]+)</h2>.*?" + ASKED, re.S)
ASKED_PAIR = re.compile(ASKED, re.S)


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic vault, built once per module; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("world")
    lists = folder / "lists"
    lists.mkdir()
    build_world_vault(folder / "vault", lists)
    return folder / "vault"


@pytest.fixture
def world(built_world: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built_world, tmp_path / "vault"))


@pytest.fixture
def client(world: Path) -> Iterator[TestClient]:
    with TestClient(app_for_vault(WebSettings(vault=world)), base_url="http://127.0.0.1") as c:
        yield c


def linked_people(page: str) -> int:
    match = re.search(r"records linked into (\d+) people", page)
    assert match, page[-2000:]
    return int(match.group(1))


def answer(client: TestClient, token: str, pair: tuple[str, ...], decision: str) -> Response:
    """The reviewer's *decision* on *pair* (source_l, record_id_l, source_r, record_id_r),
    sent as the review page's form sends it; the page it leads back to."""
    fields = dict(zip(("source_l", "record_id_l", "source_r", "record_id_r"), pair, strict=True))
    return client.post(
        "/analysis/decide", data={**fields, "decision": decision, "csrf_token": token}
    )


def least_likely(pairs: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The offered pair (match probability, source_l, record_id_l, source_r, record_id_r)
    with the lowest probability."""
    return min(pairs, key=lambda pair: float(pair[0]))


def test_an_analyst_without_identities_is_told_why_nothing_can_be_linked(
    client: TestClient,
) -> None:
    sign_in(client, ANALYST, ANALYST_PASS)  # the analyst role reads no identities
    review = client.get("/analysis/review")
    assert review.status_code == 200
    notice = review.text.split('<p class="notice" role="status">', 1)[1].split("</p>", 1)[0]
    # a sentence (capital first), and who can change it
    assert notice.startswith("Linkage needs records from at least two sources in cases granted")
    assert "An administrator grants the cases" in notice


def test_a_match_decision_is_stored_and_later_runs_keep_it(client: TestClient) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)  # holds every case key, so reads identities
    review = client.get("/analysis/review")
    assert review.status_code == 200
    pairs = PAIR.findall(review.text)
    assert pairs, "the synthetic lists should leave some pairs uncertain"
    assert '<th scope="row">Name</th>' in review.text  # fields side by side
    # The least likely pair offered: a pair the page offers is one whose decision changes
    # the clustering (kept apart, or held together by a weak link); under 0.5 or not
    # depends on the model (these lists had one under 0.5 until 105b57f scored a typo a
    # little farther in a name part as a typo).
    _, source_l, id_l, source_r, id_r = least_likely(pairs)
    before = linked_people(review.text)
    decided = answer(client, token, (source_l, id_l, source_r, id_r), "match")
    assert decided.status_code == 200
    # The page the decision leads back to is a new linkage run, made with the stored decision.
    # A pair scored below 0.5 may already share a cluster through other links (the review page
    # does not show clusters), so the match joins two people into one, or changes nothing;
    # that a forced match always ends in one cluster is tested in tests/linkage.
    after = linked_people(decided.text)
    assert after in (before - 1, before)
    assert "1 decision recorded" in decided.text
    remaining = {(p[1], p[2], p[3], p[4]) for p in PAIR.findall(decided.text)}
    assert (source_l, id_l, source_r, id_r) not in remaining
    again = client.get("/analysis/review").text
    assert "1 decision recorded" in again
    assert linked_people(again) == after


def test_a_decision_does_not_link_every_record_again(
    world: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Training and scoring run once for the reviewer's session; each click then re-clusters
    # the kept pairs with the decisions (the same clusters, seconds less per click).
    runs: list[int] = []
    real = analysis_review.link_records

    def counted(*args: Any, **kwargs: Any) -> LinkResult:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_review, "link_records", counted)
    token = sign_in(client, ADMIN, ADMIN_PASS)
    review = client.get("/analysis/review").text
    _, source_l, id_l, source_r, id_r = least_likely(PAIR.findall(review))
    fields = {"source_l": source_l, "record_id_l": id_l, "source_r": source_r}
    decided = client.post(
        "/analysis/decide",
        data={**fields, "record_id_r": id_r, "decision": "match", "csrf_token": token},
    )
    assert "1 decision recorded" in decided.text
    assert linked_people(decided.text) in (linked_people(review) - 1, linked_people(review))
    assert len(runs) == 1
    # what a new linkage run with the stored decision gives, person for person
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        fresh = analysis_review.review_linkage(admin)
    assert fresh.people == linked_people(decided.text)


def test_an_estimate_is_stored_plotted_and_shown_on_the_dashboard(client: TestClient) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    assert "No estimate has been published yet." in client.get("/").text
    page = client.post("/analysis/estimate", data={"method": "dga", "csrf_token": token})
    assert page.status_code == 200
    figures = page.text.split('id="latest-estimate"', 1)[1].split("</dl>", 1)[0]
    total = re.search(r"<strong>(\d+)</strong>", figures)
    interval = re.search(r"95% interval (\d+)–(\d+)", figures)
    documented = re.search(r"People documented</dt><dd>(\d+)</dd>", figures)
    assert total and interval and documented
    low, high = int(interval.group(1)), int(interval.group(2))
    assert int(documented.group(1)) <= low <= int(total.group(1)) <= high
    plot = page.text.split('class="posterior"', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in plot and "<script" not in plot  # the page's own app.js aside
    assert "No estimate has been published yet." in client.get("/").text  # saved, not chosen
    chosen = client.post("/analysis/publish", data={"run": "1", "csrf_token": token})
    assert chosen.status_code == 200 and "the headline" in chosen.text
    dashboard = client.get("/").text
    assert f"<strong>{total.group(1)}</strong>" in dashboard
    assert f"{low}–{high}" in dashboard
    # over every list, as the records are: nothing to say about what the total covers
    assert "dashboard-estimate-covers" not in dashboard
    # every role sees the latest figures; the run form only where the role may run one
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, WORKER, WORKER_PASS)
    analysis = client.get("/analysis").text
    assert f"<strong>{total.group(1)}</strong>" in analysis
    assert "Link the records and estimate" not in analysis


def test_caseworker_may_not_review_decide_or_estimate(client: TestClient) -> None:
    token = sign_in(client, WORKER, WORKER_PASS)
    assert client.get("/analysis/review").status_code == 403
    refused = client.post("/analysis/estimate", data={"method": "dga", "csrf_token": token})
    assert refused.status_code == 403
    fields = {"source_l": "a", "record_id_l": "1", "source_r": "b", "record_id_r": "2"}
    refused = client.post(
        "/analysis/decide", data={**fields, "decision": "match", "csrf_token": token}
    )
    assert refused.status_code == 403
    assert "No estimate has been run yet." in client.get("/analysis").text


def test_analysis_forms_refuse_a_post_without_the_csrf_token(client: TestClient) -> None:
    sign_in(client, ADMIN, ADMIN_PASS)
    assert client.post("/analysis/estimate", data={"method": "dga"}).status_code == 403
    fields = {"source_l": "a", "record_id_l": "1", "source_r": "b", "record_id_r": "2"}
    assert client.post("/analysis/decide", data={**fields, "decision": "match"}).status_code == 403
    forged = {**fields, "decision": "match", "csrf_token": "forged"}
    assert client.post("/analysis/decide", data=forged).status_code == 403
    assert "No estimate has been run yet." in client.get("/analysis").text


def test_a_one_go_analysis_saved_by_the_demo_path_shows_on_the_dashboard(
    world: Path, client: TestClient
) -> None:
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        stored = analysis_review.save_analysis(admin, analysis)
        analysis_review.publish_estimate(admin, stored.id)
    assert stored.observed == analysis.estimate.observed == analysis.people
    sign_in(client, WORKER, WORKER_PASS)
    dashboard = client.get("/").text
    assert f"<strong>{stored.median:.0f}</strong>" in dashboard
    assert f"{stored.q025:.0f}–{stored.q975:.0f}" in dashboard


def test_review_uses_only_the_cases_granted_to_the_reviewer(
    world: Path, client: TestClient
) -> None:
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, "zoe", "admin", "second admin passphrase", admin_set=False)
        cases = sorted(case.name for case in grants.list_cases(admin))
        hidden = cases[-1]
        sizes = {case.name: case.records for case in grants.list_cases(admin)}
        for case in cases[:-1]:
            grants.grant(admin, case, "zoe")
    sign_in(client, "zoe", "second admin passphrase")
    review = client.get("/analysis/review").text
    assert f"{sizes[hidden]} records in cases not granted to you were left out" in review
    sources = set(re.findall(r'name="source_[lr]" value="([^"]*)"', review))
    assert sources and hidden not in sources


def test_a_loglinear_estimate_shows_its_point_estimate(client: TestClient) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    page = client.post("/analysis/estimate", data={"method": "loglinear", "csrf_token": token})
    assert page.status_code == 200
    figures = page.text.split('id="latest-estimate"', 1)[1].split("</dl>", 1)[0]
    assert "Log-linear models" in figures  # the method by its name, not its code
    total = re.search(r"<strong>(\d+)</strong>", figures)  # no median: the point estimate
    interval = re.search(r"95% interval (\d+)–(\d+)", figures)
    assert total and interval
    assert int(interval.group(1)) <= int(total.group(1)) <= int(interval.group(2))
    # the default interval re-chooses the model in each resample, and says so
    assert "bootstrap: the model chosen again in each of 200 resamples" in figures


def test_a_verdict_needs_two_records_the_reviewer_can_read(world: Path, client: TestClient) -> None:
    """Issue 18: an analyst stored verdicts about records they could not read, or that did
    not exist; both are refused now, and nothing is stored."""
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, "zoe", "analyst", "analyst passphrase two", admin_set=False)
        cases = sorted(case.name for case in grants.list_cases(admin))
        for case in cases[:-1]:
            grants.grant(admin, case, "zoe")
        hidden = records.list_records(admin, records.RecordFilter(case=cases[-1]), limit=2)
        seen = records.list_records(admin, records.RecordFilter(case=cases[0]), limit=1)
    keys = [(view.source, view.source_record_id or view.record_id) for view in [*hidden, *seen]]
    token = sign_in(client, "zoe", "analyst passphrase two")

    def decide(left: tuple[str, str], right: tuple[str, str]) -> int:
        fields = {"source_l": left[0], "record_id_l": left[1]}
        fields |= {"source_r": right[0], "record_id_r": right[1]}
        data = {**fields, "decision": "match", "csrf_token": token}
        return client.post("/analysis/decide", data=data).status_code

    assert decide(keys[0], keys[1]) == 403  # both in the case not granted
    assert decide(keys[2], keys[0]) == 403  # one of them
    assert decide(keys[2], ("no-such-source", "r-404")) == 404
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        count = admin.conn.execute("SELECT count(*) FROM link_decisions").fetchone()[0]
    assert count == 0


def test_a_cautioned_estimate_shows_its_caution_before_the_figure_in_the_users_language(
    world: Path, client: TestClient
) -> None:
    """The dashboard showed the figures without the warnings, and warnings in English in
    the Russian interface. Here an estimate whose lists are too few for their number
    carries the caution before the figure, translated, also after a reload from the vault."""
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        # 16 people on 4 lists, every list overlapping another: a figure, with its caution
        # (a table that refuses gives no figure, and such a run can never be the headline)
        small = CaptureHistories.from_cells(
            ["a", "b", "c", "d"], [0, 3, 2, 3, 2, 0, 2, 0, 1, 0, 0, 0, 0, 1, 0, 2]
        )
        cautioned = replace(analysis, estimate=estimate(small, "dga"))
        saved = analysis_review.save_analysis(admin, cautioned)
        analysis_review.publish_estimate(admin, saved.id)
    token = sign_in(client, WORKER, WORKER_PASS)
    english = client.get("/").text
    assert english.index("dashboard-estimate-cautions") < english.index('id="dashboard-estimate"')
    assert "16 people on 4 lists are few" in english
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/").text
    assert "Людей: 16, списков: 4 — это мало" in russian
    assert "16 people on 4 lists are few" not in russian
    analysis_page = client.get("/analysis").text
    assert "Людей: 16, списков: 4 — это мало" in analysis_page
    # its warnings are all cautions, shown once above: no empty box above the plot
    assert re.search(r'<ul class="notice"[^>]*>\s*</ul>', analysis_page) is None


def test_a_run_stored_before_cautions_existed_still_reads(world: Path) -> None:
    """Runs saved by the previous main kept warnings as plain strings (no template)."""
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis_review.save_analysis(admin, analyse_vault(admin, method="dga"))
        admin.conn.execute("UPDATE analysis_results SET warnings = ?", ('["an old sentence"]',))
        stored = analysis_review.latest_estimate(admin)
    assert stored is not None
    assert stored.warnings == ("an old sentence",)
    assert stored.cautions == ()


def test_in_russian_a_non_match_is_recorded_and_its_pair_not_offered_again(
    client: TestClient,
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    client.post("/language", data={"language": "ru", "csrf_token": token})
    review = client.get("/analysis/review")
    assert review.status_code == 200
    assert "Проверка связывания" in review.text and "Разные люди" in review.text
    pairs = ASKED_PAIR.findall(review.text)
    assert pairs, "the synthetic lists should leave some pairs uncertain"
    source_l, id_l, source_r, id_r = pairs[0]  # the question the page asks first
    decided = answer(client, token, (source_l, id_l, source_r, id_r), "non-match")
    assert decided.status_code == 200
    assert "1 решение записано" in decided.text
    remaining = set(ASKED_PAIR.findall(decided.text))
    assert (source_l, id_l, source_r, id_r) not in remaining


def test_the_review_shows_sex_and_places_as_labels(client: TestClient) -> None:
    sign_in(client, ADMIN, ADMIN_PASS)
    review = client.get("/analysis/review").text
    cells = re.findall(
        r'<th scope="row">(?:Sex|Place)</th><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>', review
    )
    assert cells, "the world has pairs with sex and place to show"
    shown = {value for pair in cells for value in pair if value}
    assert shown and not shown & {"male", "female", "unknown"}
    assert not any(value.startswith(("ru-", "ge-")) for value in shown)


def _documented(page: str) -> int:
    figures = page.split('id="latest-estimate"', 1)[1].split("</dl>", 1)[0]
    documented = re.search(r"People documented</dt><dd>(\d+)</dd>", figures)
    assert documented, figures
    return int(documented.group(1))


def test_a_reviewers_split_in_the_register_changes_the_web_estimate(
    world: Path, client: TestClient
) -> None:
    """Issue 11: the web run estimates from the person register, so a reviewer's split there
    is one more person documented in the next run (linkage keeps the split people apart)."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    first = client.post("/analysis/estimate", data={"method": "dga", "csrf_token": token})
    assert first.status_code == 200
    before = _documented(first.text)
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        run = analysis_review.latest_estimate(admin)
        assert run is not None and run.settings["histories"] == "register"
        assert run.people == before == register.counts(admin).people
        joined = next(p for p in register.list_people(admin) if len(p.records) == 2)
        register.split(admin, joined.id, [[joined.records[0].record_id]], "different people")
    second = client.post("/analysis/estimate", data={"method": "dga", "csrf_token": token})
    assert second.status_code == 200
    assert _documented(second.text) == before + 1
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        run = analysis_review.latest_estimate(admin)
        assert run is not None and run.people == before + 1
        assert register.counts(admin).people == before + 1
        assert joined.id not in {p.id for p in register.list_people(admin)}


def test_a_run_that_gave_no_figure_says_so_in_words(world: Path, client: TestClient) -> None:
    """A run whose method refused showed '? (95% interval ?–?)' as the latest estimate and
    '? (?–?)' in the runs table (seen walking the analyst's job in Russian: a list that
    overlapped no other); it says 'no estimate possible', as its sensitivity already did."""
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        few = CaptureHistories.from_cells(
            ["a", "b", "c", "d"], [0, 3, 3, 2, 3, 1, 1, 1, 2, *[0] * 7]
        )
        refused = replace(analysis, estimate=estimate(few, "dga"))
        assert refused.estimate.median is None and refused.estimate.point is None
        analysis_review.save_analysis(admin, refused)
    token = sign_in(client, WORKER, WORKER_PASS)
    for language, words in (("en", "no estimate possible"), ("ru", "оценка невозможна")):
        client.post("/language", data={"language": language, "csrf_token": token})
        page = client.get("/analysis").text
        latest = page.split('id="latest-estimate"', 1)[1].split("</dd>", 1)[0]
        assert words in latest and "?" not in latest, language
        runs = page.split('id="estimate-runs"', 1)[1].split("</table>", 1)[0]
        assert words in runs and "? (?–?)" not in runs, language
        # no distribution drawn for it: walking the demo (walkday6) its empty axes stood under
        # "no estimate possible", marked only "documented 781"
        assert 'class="posterior"' not in page, language


def test_a_range_beside_a_setting_that_gave_no_figure_says_where_it_holds(
    world: Path, client: TestClient
) -> None:
    """Walking the demo (walkday6) the dashboard read "Sensitivity to linkage: every
    unreviewed link taken apart: no estimate could be made. List hotline shares no one ...
    count its people as documented. from 992 to 996": the range read as the refusal's own
    figures, and a second refusal ran on from the first in lower case. Each setting left out
    is its own sentence, and the range says it is over the settings that gave a figure."""
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        apart = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 0]), "chapman")
        other = estimate(CaptureHistories.from_cells(["a", "b"], [0, 30, 25, 10]), "chapman")
        assert apart.refused and other.point is not None
        bands = (
            analysis_review._band(analysis.estimate, "reviewed", analysis.people, None),
            analysis_review._band(apart, "unreviewed links apart", 55, None),
            analysis_review._band(other, "threshold 0.3", 65, 0.3),
        )
        analysis_review.save_analysis(admin, analysis, sensitivity=bands)
    centres = [b["median"] for b in bands if b["median"] is not None]
    low, high = (round(float(c)) for c in (min(centres), max(centres)))  # type: ignore[arg-type]
    assert low != high
    token = sign_in(client, WORKER, WORKER_PASS)
    for language, missing, ranged in (
        (
            "en",
            "Every unreviewed link taken apart: no estimate could be made.",
            f"From {low} to {high} at the settings that could be estimated.",
        ),
        (
            "ru",
            "Все непроверенные связи разорваны: оценку получить не удалось.",
            f"От {low} до {high} при настройках, где оценка получилась.",
        ),
    ):
        client.post("/language", data={"language": language, "csrf_token": token})
        page = client.get("/analysis").text
        band = page.split('id="latest-sensitivity"', 1)[1].split("</p>", 1)[0]
        assert missing in band, (language, band)
        assert ranged in band, (language, band)
        assert band.index(missing) < band.index(ranged), language


def _russian_people(n: int) -> str:
    """'documented, n people' as a Russian speaker says it (1 человек, 2 человека, 5 человек;
    21 человек, 11 человек), written out here independently of the catalogue."""
    if n % 10 == 1 and n % 100 != 11:
        return f"задокументирован {n} человек"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"задокументировано {n} человека"
    return f"задокументировано {n} человек"


def test_the_sensitivity_says_how_many_people_in_natural_russian(
    world: Path, client: TestClient
) -> None:
    """Each linkage setting's count read '773 задокументировано людей'; now 'задокументировано
    773 человека', in the form its number takes."""
    counts = (773, 1, 2, 5, 11, 21, 104)
    bands = tuple(
        {
            "label": "linkage threshold",
            "threshold": 0.1 * k,
            "people": n,
            "median": 900.0,
            "q025": 850.0,
            "q975": 990.0,
        }
        for k, n in enumerate(counts)
    )
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        analysis = analyse_vault(admin, method="dga")
        analysis_review.save_analysis(admin, analysis, sensitivity=bands)
    token = sign_in(client, WORKER, WORKER_PASS)
    page = client.get("/analysis").text
    english = page.split('id="latest-sensitivity"', 1)[1].split("</ul>", 1)[0]
    assert "773 people documented" in english and "1 person documented" in english
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get("/analysis").text.split('id="latest-sensitivity"', 1)[1]
    russian = " ".join(russian.split("</ul>", 1)[0].split())
    for n in counts:
        assert _russian_people(n) in russian, russian
    assert "людей" not in russian
