"""histories.csv's strata give away no figure the report's tables hide.

A stratum of the package's capture histories counts the people of its districts (each in the
district of their earliest record): for an estimate of one violation, a stratum of one
district is that district's cell of the violation. Walking a real vault (disclosure10), an
estimate of detentions over 30 detained in each of Vedeno, Argun and Gudermes, beside 3
tortured in Vedeno: the tables hid "Vedeno, Detention" (30) to protect the 3, and
histories.csv's Vedeno stratum summed to 30 beside Vedeno's published 33. The strata are now
audited with the tables (``disclosure.strata_exposed``) and merged until the audit passes;
here, to none. Real vault, real package, the differencing attacker of the tests.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from disclosure_attacker import check_safe, read_back
from report_helpers import ARGUN, VEDENO, add_victims_on_lists

from uncounted.report.disclosure import Case, Cell, Publication, Rules
from uncounted.report.document import HeadlineFigures, Report, ReportInput, build
from uncounted.services import analysis_review, register, reports, vaults
from uncounted.web.i18n import Translator

ADMIN, ADMIN_PASS = "ana", "histories strata admin passphrase"
GUDERMES = "ru-ce-gudermessky"
LISTS = ("walk", "press", "radio")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A vault of 90 detentions (30 a district, every pattern of lists 5 people or more in
    each) and 39 tortures (3 in Vedeno), an estimate of the detentions chosen, one report
    published in English and Russian."""
    root = tmp_path_factory.mktemp("strata")
    vault = root / "vault"
    vaults.init_vault(vault, ADMIN, ADMIN_PASS)
    groups = [
        ("detention", "2017-03", VEDENO, 30),
        ("detention", "2017-03", ARGUN, 30),
        ("detention", "2017-03", GUDERMES, 30),
        ("torture", "2017-03", VEDENO, 3),
        ("torture", "2017-03", ARGUN, 18),
        ("torture", "2017-03", GUDERMES, 18),
    ]
    translators = {language: Translator(language) for language in ("en", "ru")}
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        add_victims_on_lists(admin, groups, LISTS, "strata", seed=1)
        register.link_people(admin)
        run = analysis_review.estimate_from_register(admin, "dga", event_type="detention")
        analysis_review.publish_estimate(admin, run.id)
        reports.publish_report(admin, root / "report.zip", translators, pdf=False)
    return vault, root / "report.zip"


def _strata(histories_csv: bytes, violation: str) -> dict[Cell, int]:
    """histories.csv's strata as a reader names them: the districts each holds, its people."""
    people: Counter[Cell] = Counter()
    for row in csv.DictReader(io.StringIO(histories_csv.decode("utf-8"))):
        if "stratum" in row:
            districts = ",".join(sorted(row["stratum"].split(" + ")))
            people[("listed", "stratum", districts, violation)] += int(row["count"])
    return dict(people)


def test_the_strata_do_not_give_away_a_hidden_district_cell(package: tuple[Path, Path]) -> None:
    """The tables hide Vedeno's 30 detentions (its 3 tortures are small); histories.csv,
    read with tables.csv by the differencing attacker, narrows none of the small cells, and
    its README says why its strata were merged, in English and Russian. On main the
    package printed three strata, Vedeno's summing to 30: 33 - 30 gave the 3 away."""
    vault, zipped = package
    with zipfile.ZipFile(zipped) as opened:
        tables, histories = opened.read("tables.csv"), opened.read("histories.csv")
        readme = " ".join(opened.read("histories-README.txt").decode("utf-8").split())
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        data = reports.report_input(admin)
    rules = Rules()
    read, truth = read_back(tables, data, rules)
    assert read.cells[("district×violation", VEDENO, "detention")] is None, "the tables hide it"
    strata = _strata(histories, "detention")
    read.cells.update(strata)
    truth.update(strata)
    check_safe([(read, truth)], rules)
    rows = list(csv.DictReader(io.StringIO(histories.decode("utf-8"))))
    assert sum(int(row["count"]) for row in rows) == 90, "the estimate's whole table"
    assert "beside the report's tables, would let a reader work out a number" in readme
    assert "вместе с таблицами отчёта позволило бы вычислить число" in readme


def _world(seed: int, people: int) -> list[tuple[list[str], str, str, frozenset[str]]]:
    """Synthetic victims: their violations, district, month and the lists naming them."""
    rng = random.Random(seed)
    violations = ("detention", "torture", "threat", "killing", "abduction")
    out = []
    for _ in range(people):
        suffered = sorted(set(rng.choices(violations, (10, 5, 3, 2, 1), k=rng.choice((1, 1, 2)))))
        district = f"ru-ce-d{min(int(rng.expovariate(0.6)), 5)}"
        month = f"201{rng.randrange(7, 9)}-{rng.randrange(1, 13):02d}"
        named = frozenset(n for n in LISTS if rng.random() < 0.55) or frozenset(LISTS[:1])
        out.append((suffered, district, month, named))
    return out


def _report(
    world: list[tuple[list[str], str, str, frozenset[str]]],
    violation: str,
    previous: Publication | None,
) -> Report:
    """The report of *world* with an estimate of *violation* ("": every victim)."""
    cases = [Case(v, month, d) for suffered, d, month, _ in world for v in suffered]
    estimated = [
        (named, d) for suffered, d, _, named in world if not violation or violation in suffered
    ]
    kept = Counter(
        (d, "".join("1" if n in named else "0" for n in LISTS)) for named, d in estimated
    )
    headline = HeadlineFigures("dga", 3, len(estimated), 500.0, 400.0, 700.0, violation=violation)
    data = ReportInput(
        cases=cases,
        people=len(world),
        headline=headline,
        histories_people=len(estimated),
        histories=tuple((d, pattern, n) for (d, pattern), n in sorted(kept.items())),
        histories_lists=LISTS,
    )
    return build(data, Rules(), previous)


def _read(report: Report) -> tuple[Publication, dict[Cell, int]]:
    """What a reader of *report*'s package holds: its cells (the strata of its histories.csv
    among them), and the true figures."""
    publication = report.publication
    return Publication(dict(publication.cells), []), dict(publication.figures)


@pytest.mark.parametrize("seed", range(6))
def test_random_reports_and_their_strata_resist_the_attacker(seed: int) -> None:
    """Random registers of 400 to 900 victims in six districts, an estimate of every victim
    or of detentions, then a second report with 5 to 40 more: each report's tables and its
    histories.csv's strata, alone and read with the report before, narrow no small cell."""
    rng = random.Random(seed)
    world = _world(seed, rng.randrange(400, 900))
    violation = rng.choice(("", "detention"))
    first = _report(world, violation, None)
    check_safe([_read(first)], Rules())
    world += _world(seed + 1000, rng.randrange(5, 40))
    second = _report(world, violation, first.publication)
    check_safe([_read(first), _read(second)], Rules())
