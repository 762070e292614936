"""Every count of people the published report shows by a category passes disclosure control,
read back from the real PDF (WeasyPrint, poppler's pdftotext) in English and Russian: the people
by act ("forced outing" included), and the counts outside the protected tables that can count
one violation's victims (the people on the lists behind a chosen estimate of the victims of a
forced outing, and at each linkage setting of its sensitivity)."""

from __future__ import annotations

import itertools
import re
import shutil
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import pytest
from disclosure_attacker import check_safe, truth_of
from report_helpers import ARGUN, LEAKY_ADMIN, LEAKY_PASS, VEDENO, add_victims, report_pdf_text

from uncounted.estimate import CaptureHistories, estimate
from uncounted.report import disclosure
from uncounted.report.disclosure import Case, Publication, Rules
from uncounted.report.document import (
    ClaimFigures,
    HeadlineFigures,
    Report,
    ReportInput,
    build,
    statement,
)
from uncounted.services import claims, reports, vaults
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = (
    [Case("detention", "2017-03", "north")] * 30
    + [Case("killing", "2019-01", "south")] * 12
    + [Case("forced_outing", "2017-04", "north")] * 3
)


def test_small_counts_of_a_violations_victims_are_hidden_in_the_pdf(tmp_path: Path) -> None:
    # an estimate of the victims of a forced outing alone: 3 people on the two lists
    run = estimate(CaptureHistories.from_cells(["a", "b"], [0, 1, 1, 1]), "chapman")
    assert run.observed == 3
    band = {"median": run.point, "q025": run.q025, "q975": run.q975, "threshold": None}
    headline = HeadlineFigures(
        method=run.method,
        lists=2,
        observed=run.observed,
        median=run.point,
        q025=run.q025,
        q975=run.q975,
        sensitivity=(
            {**band, "label": "reviewed", "people": 3},
            {**band, "label": "unreviewed links apart", "people": 4},
        ),
        chosen_at="2026-12-01",
    )
    data = ReportInput(
        cases=CASES,
        people=45,
        headline=headline,
        made_on="2026-12-05",
        acts={"outing_to_relatives": 3, "arrest": 30},
    )
    for language, on_lists, outing, reviewed, apart in (
        ("en", "people on the lists", "Forced outing", "as reviewed", "every unreviewed link"),
        ("ru", "людей в списках", "Принудительный аутинг", "как проверено", "все непроверенные"),
    ):
        text = report_pdf_text(data, language, tmp_path)
        # the annex's note on the chosen estimate: "people on the lists: <5", never "3" (its
        # first "people on the lists" followed by a colon: the sentence beside the estimate
        # names the column “People on the lists” too, since 4457f89)
        noted = re.search(rf"{on_lists}: (\S+)", text, flags=re.I)
        assert noted and noted.group(1) == "<5", (language, noted and noted.group(0))
        # the sensitivity table: each linkage setting's people shown "<5" (its row is the
        # setting's last mention: the sentence above the table names the settings, 8e47239)
        for setting in (reviewed, apart):
            row = text[text.rindex(setting) :][:120]
            assert "<5" in row and not re.search(r"\b[34]\b", row.split("<5")[0]), row
        # people by act: the forced outing (3 people) is hidden, never printed
        for match in re.finditer(outing, text):
            assert not re.match(r"[^·]{0,80}?\b3\b", text[match.end() :][:20]), language


def test_violations_merged_or_hidden_are_named_under_their_chart(tmp_path: Path) -> None:
    """On the walk of stop 21 the complement of 2 abductions was Detention's total (120
    people), missing from the chart and blank in the tables, unexplained. A violation with
    fewer than 5 people is now counted under "Other violations", named under the chart, and
    Detention is shown; a total still hidden (here the only one, under 5) is named with why."""
    merged = ReportInput(cases=CASES, people=45, headline=None, made_on="2026-12-05")
    tiny = [Case("killing", "2017-03", "north")] * 3 + [Case("detention", "2019-01", "south")]
    hidden = ReportInput(cases=tiny, people=4, headline=None, made_on="2026-12-05")
    for language, other, outing, killing, why, kept in (
        (
            "en",
            "Other violations: the violations with fewer than 5 people documented",
            "Forced outing",
            "Killing",
            "Left out of the chart, their number hidden (· in the tables) because it is "
            "under 5 or would let a reader work out a number that is: ",
            "Other violations",
        ),
        (
            "ru",
            "Другие нарушения: нарушения, по которым задокументировано меньше 5 человек",
            "Принудительный аутинг",
            "Убийство",
            "Не показаны на графике, их число скрыто (· в таблицах), потому что оно меньше 5 "
            "или по нему можно вычислить такое число: ",
            "Другие нарушения",
        ),
    ):
        text = " ".join(report_pdf_text(merged, language, tmp_path).split())
        assert other in text, language
        named = text[text.index(other) :].split(".", 1)[0].rsplit(": ", 1)[1].split(", ")
        # in the catalogue's order, as the chart and tables break ties (document.reader_order)
        assert named == [killing, outing], (language, named)
        assert why[:20] not in text, "no violation total is hidden: Detention is shown"
        text = " ".join(report_pdf_text(hidden, language, tmp_path).split())
        assert text[text.index(why) + len(why) :].split(".", 1)[0].split(", ") == [kept]


def test_figures_hidden_because_of_an_earlier_report_say_so_and_name_it(tmp_path: Path) -> None:
    """Walking the demo (walkday3) a second report showed its largest year's total and that
    year's detentions as "·", to protect 3 new people against the first report's figures
    (the difference would give them away), and said only "under 5 or such that one could
    work it out". Here 3 people of June 2017 join a first report's 45 detentions and 20
    killings of 2017: every figure that counts them is hidden, and the report says that they
    are hidden because of the report published before, names it (its day and fingerprint)
    and names the figures, in English and Russian."""
    first, previous, second = _three_new_detentions()
    assert not first.publication.hidden
    for language, why, named in (
        (
            "en",
            f"Hidden because of a report published earlier, “Report No. 1 of 2026-11-05 (data "
            f"fingerprint {first.fingerprint[:16]})”: this report alone would show them, but "
            "with that report’s figures they would let a reader work out a number under 5: ",
            ["2017, All", "2017, Detention", "All, Detention", "north, All", "the grand total"],
        ),
        (
            "ru",
            f"Скрыты из-за отчёта, опубликованного раньше, «Отчёт № 1 от 2026-11-05 (отпечаток "
            f"данных {first.fingerprint[:16]})»: в этом отчёте самом по себе они были бы "
            "показаны, но вместе с числами того отчёта по ним можно было бы вычислить число "
            "меньше 5: ",
            ["2017, Всего", "2017, Задержание", "Всего, Задержание"],
        ),
    ):
        text = report_pdf_text(second, language, tmp_path, previous)
        assert why in text, (language, text)
        listed = text[text.index(why) + len(why) :].split(".", 1)[0].split("; ")
        assert set(named) <= set(listed), (language, listed)
        alone = report_pdf_text(second, language, tmp_path)
        assert why[:30] not in alone, "a report audited alone hides nothing because of another"


def test_a_report_after_a_published_one_is_protected_alone_only_when_asked_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report audited with the one published before it was protected twice as it was made:
    once with that report, once alone (to name the figures hidden only because of it),
    though a draft refused as a repeat, or asked only what it says, never names them. The
    second protection is made when the figures hidden because of the earlier report are
    asked for, once."""
    _, previous, second = _three_new_detentions()
    monkeypatch.setattr(disclosure, "_MADE", OrderedDict())  # nothing made before
    asked: list[Publication | None] = []
    real = disclosure.protect

    def protect(*args: object) -> Publication:
        asked.append(args[3])  # type: ignore[arg-type]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(disclosure, "protect", protect)
    report = build(second, previous=previous)
    statement(report)  # what a repeat's refusal and the Reports page's warning ask
    assert asked == [previous], "protected once, with the earlier report"
    earlier = report.publication.earlier
    alone = real(*disclosure.report_tables(second.cases, Rules())[:2], Rules())
    assert earlier == report.publication.hidden - alone.hidden
    assert {("year", "2017"), ("violation", "detention")} <= earlier
    assert asked == [previous, None], "alone when asked"
    assert report.publication.earlier == earlier and len(asked) == 2, "and once"


def _claims_printed(text: str, dates: list[str], language: str, said: str) -> list[str]:
    """The people the PDF prints beside each claim of *dates*: the word after what the claim
    *said* ("Denial"), not the last word of its row, which is the page's number when the
    table runs over a page (review27: a longer note on page 1 put '2' after June's 68)."""
    end = text.index(Translator(language).gettext("Methods annex"))
    starts = sorted([text.index(f"{date} ") for date in dates] + [end])
    rows = {a: text[a:b].split(f" {said} ", 1)[1].split()[0] for a, b in itertools.pairwise(starts)}
    return [rows[text.index(f"{date} ")] for date in dates]


def test_official_claims_a_month_apart_give_no_hidden_month_away(tmp_path: Path) -> None:
    """The people documented by an official claim's date were only printed "<5" when small,
    outside the audit: two claims a month apart (65 people by May 2017, 68 by June) less
    each other gave the 3 people of June 2017 away, a month the tables hide. The claims are
    audited with the tables (the months up to a claim's add up to its people, where nobody
    is counted twice), read back from the real PDF by the differencing attacker. The
    columns say who said it and what (they were swapped)."""
    cases = (
        [Case("detention", "2017-03", "north")] * 45
        + [Case("killing", "2017-04", "south")] * 20
        + [Case("detention", "2017-06", "north")] * 3
        + [Case("detention", "2019-01", "south")] * 30
    )
    claims = [
        ClaimFigures("2017-05-20", "denial", "Ministry", 65),
        ClaimFigures("2017-06-15", "denial", "Ministry", 68),
        ClaimFigures("2019-02-01", "denial", "Ministry", 98),
    ]
    data = ReportInput(cases=cases, people=98, claims=claims)
    rules = Rules()
    report = build(data)
    truth = {
        **truth_of(cases, rules),
        ("people",): 98,
        ("claim", "2017-05", ""): 65,
        ("claim", "2017-06", ""): 68,
        ("claim", "2019-02", ""): 98,
    }
    assert report.publication.cells[("month", "2017-06")] is None, "the 3 of June hidden"
    for language, denial in (("en", "Denial"), ("ru", "Отрицание")):
        text = report_pdf_text(data, language, tmp_path)
        assert f"2017-05-20 Ministry {denial} " in text, (language, text)  # (swapped on main)
        printed = _claims_printed(text, [c.date for c in claims], language, denial)
        cells = dict(report.publication.cells)
        for claim, said in zip(claims, printed, strict=True):
            cells[("claim", claim.date[:7], "")] = None if said == "·" else int(said)
        check_safe([(Publication(cells=cells, relations=[]), truth)], rules)


def test_a_vaults_claims_are_printed_under_who_said_them_and_audited(tmp_path: Path) -> None:
    """From a real vault: the claims table printed the claim's kind under "Who said it" and
    the office under "Claim" (report_input filled ClaimFigures by position, two fields
    swapped), and two claims a month apart gave June 2017's 3 people away as above."""
    vault = tmp_path / "vault"
    vaults.init_vault(vault, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(vault, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(
            admin,
            [
                ("detention", "2017-03", VEDENO, 45),
                ("killing", "2017-04", ARGUN, 20),
                ("detention", "2017-06", VEDENO, 3),
            ],
        )
        for date in ("2017-05-20", "2017-06-15"):
            form = claims.ClaimForm("denial", "A. Spokesman", "Ministry", date, "None held.", "")
            claims.record_claim(admin, form)
        data = reports.report_input(admin)
    report = build(data)
    for language, denial in (("en", "Denial"), ("ru", "Отрицание")):
        text = report_pdf_text(data, language, tmp_path)
        assert f"2017-05-20 Ministry {denial} " in text, (language, text)
        printed = _claims_printed(text, ["2017-05-20", "2017-06-15"], language, denial)
        cells = dict(report.publication.cells)
        cells[("claim", "2017-05", "")], cells[("claim", "2017-06", "")] = (
            None if said == "·" else int(said) for said in printed
        )
        truth = {**truth_of(list(data.cases), Rules()), ("people",): 68}
        truth |= {("claim", "2017-05", ""): 65, ("claim", "2017-06", ""): 68}
        truth |= {("beside", "records"): 68, ("beside", "unplaced"): 68}  # nobody linked
        truth |= {("beside", "links"): 0}
        truth |= {c: v for c, v in report.publication.figures.items() if c[0] == "listed"}
        check_safe([(Publication(cells=cells, relations=[]), truth)], Rules())


def test_the_records_not_yet_linked_do_not_say_the_hidden_people_documented(
    tmp_path: Path,
) -> None:
    """Walking the Reports page (a vault nobody linked yet, its second report): "People
    documented as victims: · (98 records not yet linked, each counted as one person)", the
    hidden headline printed beside itself, and "98 records" in the annex. Those counts of
    records are audited with the headline (each unplaced record is one person; every person
    has a record): hidden with it here, in English and Russian."""
    _, previous, second = _three_new_detentions()
    data = replace(second, records=98, unplaced_records=98)
    report = build(data, previous=previous)
    assert report.people() == "·"
    for language, said in (
        ("en", "People documented as victims: · (· records not yet linked, each counted"),
        ("ru", "Задокументировано пострадавших: · (· "),
    ):
        text = report_pdf_text(data, language, tmp_path, previous)
        assert said in text, (language, text[:400])
        assert not re.search(r"\b98\b", text), (language, text)
    alone = build(replace(data, people=98), previous=None)
    assert alone.beside("unplaced", 98) == "98", "shown when the headline is"
    first = (previous, previous.figures)
    check_safe([first, (report.publication, report.publication.figures)], Rules())


def test_a_large_violation_hidden_is_said_to_be_hidden_for_a_smaller_number(
    tmp_path: Path,
) -> None:
    """Walkday5: Detention (the largest violation, 67 people or more) was "·" in a table and
    its note under the chart said it was hidden "because it is under 5 or would let a reader
    work out a number that is", which reads as small. A violation with a row of its own has 5
    people or more (fewer are counted under "Other violations"), so a hidden one is said to
    be hidden so that a smaller number cannot be worked out from it. Here Detention's 78 is
    hidden because of the first report (3 new detentions of June 2017), and so are the people
    documented, the headline (98, the grand total: 98 less 95 gave the 3 away)."""
    _, previous, second = _three_new_detentions()
    assert build(second, previous=previous).publication.cells[("violation", "detention")] is None
    headline = {
        "en": "People documented as victims: · The number of people documented is hidden (·) "
        "so that a smaller number cannot be worked out from it, with the tables or with the "
        "report published before.",
        "ru": "Задокументировано пострадавших: · Число задокументированных людей скрыто (·), "
        "чтобы по нему нельзя было вычислить меньшее число вместе с таблицами или с отчётом, "
        "опубликованным раньше.",
    }
    for language, said, detention, small in (
        (
            "en",
            "Left out of the chart, their number hidden (· in the tables) so that a smaller "
            "number cannot be worked out from it; each of them is 5 people or more (a "
            "violation with fewer is counted under Other violations): ",
            "Detention",
            "because it is under 5",
        ),
        (
            "ru",
            "Не показаны на графике, их число скрыто (· в таблицах), чтобы по нему нельзя было "
            "вычислить меньшее число; в каждом из этих нарушений не меньше 5 человек "
            "(нарушение, в котором людей меньше, считается в «Других нарушениях»): ",
            "Задержание",
            "потому что оно меньше 5",
        ),
    ):
        text = report_pdf_text(second, language, tmp_path, previous)
        assert said in text, (language, text)
        assert text[text.index(said) + len(said) :].split(".", 1)[0] == detention, language
        assert small not in text, "a hidden violation of 78 people never reads as small"
        # 98 people documented less the first report's 95 gave the 3 away: hidden too
        assert headline[language] in text, (language, text)


def _three_new_detentions() -> tuple[Report, Publication, ReportInput]:
    """A first report (No. 1 of 2026-11-05: 45 detentions and 20 killings of 2017, 30
    detentions of 2019, 95 people), its publication as the next report reads it, and the next
    report's input: 3 detentions of June 2017 more, 98 people."""
    before = (
        [Case("detention", "2017-03", "north")] * 45
        + [Case("killing", "2017-04", "south")] * 20
        + [Case("detention", "2019-01", "south")] * 30
    )
    after = before + [Case("detention", "2017-06", "north")] * 3
    first = build(ReportInput(cases=before, people=95, made_on="2026-11-05"))
    previous = first.publication
    previous.made_on, previous.fingerprint, previous.number = "2026-11-05", first.fingerprint, 1
    return first, previous, ReportInput(cases=after, people=98, made_on="2026-12-05")
