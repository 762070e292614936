"""The publication: people documented, the headline estimate, claims, charts and a methods annex.

Pure: it takes plain tables (:class:`ReportInput`, filled by ``uncounted.services.reports``)
and returns text and bytes. Every figure that leaves passes :mod:`uncounted.report.disclosure`
first, the people documented, each claim's documented people, the counts of records beside
them and every count of people on the lists (:func:`listed_figures`) audited with its tables;
a count of people on the lists shown is printed "<N" when small (:meth:`Report.shown`). The
HTML is one file with its styles and SVG charts inline (no script, no font, no link to
anything); the PDF is the same HTML laid out by WeasyPrint, which needs no browser.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from uncounted.messages import (
    N_,
    Catalogue,
    Counted,
    Gettext,
    Message,
    catalogue,
    readable,
)
from uncounted.report.cells import act_label, cell_words
from uncounted.report.cells import code_label as code_label
from uncounted.report.charts import (
    FAR_MONTHS,
    bar_chart_svg,
    chart_span,
    column_chart_svg,
    far_months_note,
)
from uncounted.report.disclosure import (
    ACT,
    LISTED,
    OTHER_VIOLATIONS,
    PEOPLE,
    TOTAL,
    UNKNOWN,
    Case,
    Cell,
    Publication,
    Rules,
    behind_cell,
    beside_cell,
    claim_cell,
    listed_cell,
    publish,
    strata_exposed,
    stratum_cell,
)
from uncounted.report.left_out import lists_left_out_said, their_people
from uncounted.report.strata import ResearchHistories, research_histories

TEMPLATES = Path(__file__).parent / "templates"
#: Columns of a cross table (violations, then the total) printed side by side: five at most,
#: each as wide as its longest word at 7.5 pt, fit an A4 page beside the first column
#: («сфабрикованному», the longest Russian word of a violation, is about 24 mm). More
#: columns follow in a table of their own under it, with the same rows.
PER_TABLE = 5
#: Columns of the year table (years, then the total) side by side: that table is turned round,
#: a violation a row, so its columns hold a year's four digits (or «неизвестно», about 15 mm
#: at 7.5 pt) and ten fit beside the violations' column; more years go on in a table under it.
YEARS_PER_TABLE = 10


@dataclass(frozen=True)
class EstimateBehind:
    """The chosen estimate was run (*made_at*, the vault's UTC time it read the records) before
    *records* records were added or changed: records, not people (a correction is one)."""

    made_at: str
    records: int


_BEHIND = N_(
    "The report's estimate was made {when}; %(num)d record was added or changed"
    " since, and the estimate leaves it out."
)
_BEHIND_PLURAL = N_(
    "The report's estimate was made {when}; %(num)d records were added or changed"
    " since, and the estimate leaves them out."
)


def behind_caution(behind: EstimateBehind, words: Gettext | Catalogue, hidden: bool = False) -> str:
    """The one sentence that says an estimate is older than the records, in *words*'
    language: the report before its number, histories-README.txt, ``uncounted report``'s
    warning (a bare gettext: English). The Reports page says the same sentence with the time
    in the reader's zone (templates/reports.html). *hidden*: its number is "·" (audited with
    the report before: :func:`~uncounted.report.disclosure.behind_across`)."""
    if hidden:  # the plural a number takes, the number hidden
        said = catalogue(words).ngettext(_BEHIND, _BEHIND_PLURAL, 5).replace("%(num)d", "·")
    else:
        said = Counted(_BEHIND, _BEHIND_PLURAL, behind.records).translated(words)
    return said.replace("{when}", readable(behind.made_at))


@dataclass(frozen=True)
class HeadlineFigures:
    """The estimate the organisation stands behind (totals, observed included).

    ``warnings`` are every check's sentence (refusals, cautions, then notes); ``cautions``
    those among them that refuse or caution against the figure: the report prints them
    before the number, and prints no number for a refused estimate.
    """

    method: str
    lists: int
    observed: int
    median: float | None
    q025: float | None
    q975: float | None
    warnings: tuple[object, ...] = ()
    sensitivity: tuple[Mapping[str, object], ...] = ()
    chosen_at: str = ""
    cautions: tuple[object, ...] = ()
    behind: EstimateBehind | None = None
    """Set when records were added or changed after the run read them: the report prints it
    before the number (walkday5: "People documented as victims: 199" beside an estimate over
    192 people, and nothing in the PDF said why)."""
    lists_in_all: int = 0
    """The lists naming a victim when the run was made (0: not said)."""
    left_out: tuple[tuple[int, int, int], ...] = ()
    """Each list the run's author left out on purpose (walkday6: a partner list sharing no
    one made every estimate refuse): its people, those of them on no list of the estimate,
    and its records no linkage run placed yet. The report says so before the number
    (:func:`left_out_caution`)."""
    made_at: str = ""
    """When the run read the records (its identity across reports: the records added or
    changed since it, printed by two reports of the same run, are audited together)."""
    violation: str = ""
    """The violation the estimate counts the victims of ("": every victim): its people on the
    lists are audited with that violation's total (:func:`~uncounted.report.disclosure.
    listed_orders`)."""
    run: int = 0
    """The stored run's number (0: not said): histories-README.txt names it in the command
    that writes that run's histories for a reviewer (:func:`histories_withheld`)."""

    @property
    def refused(self) -> bool:
        """True when the checks refused the estimate: there is no figure to print."""
        return self.median is None or self.q025 is None or self.q975 is None

    @property
    def notes(self) -> tuple[object, ...]:
        """The warnings that are neither refusals nor cautions (printed after the figure)."""
        serious = {str(c) for c in self.cautions}
        return tuple(w for w in self.warnings if str(w) not in serious)


def left_out_caution(report: Report, words: Gettext | Catalogue) -> str:
    """The sentence the report prints before its estimate when lists were left out of it on
    purpose: "An estimate over 3 of 4 lists; a list was left out on purpose: its 10 people
    are counted among the documented, not estimated." ("" when none was). The organisation's
    pages name the list and who left it out (``StoredResult.left_out_said``); the report
    describes its lists without naming them, to protect their sources, and names no staff.
    Its people's number is audited with the people documented (the estimate's people and
    theirs add up to them: :func:`listed_figures`), and left out when hidden or under the
    threshold."""
    headline = report.data.headline
    if headline is None or not headline.left_out:
        return ""
    counted: Message | None = None
    if len(headline.left_out) == 1:
        ((people, alone, unplaced),) = headline.left_out
        # with records nobody linked yet, neither its people nor who is on no other list is
        # known: "its people are counted among the documented", no number
        cell = listed_cell("left out", "", headline.violation)
        unknown = report.listed(cell, alone) in ("·", report.shown(1)) or unplaced > 0
        number = None if unknown else alone
        counted = their_people(number, unplaced > 0 or alone == people)
    used = headline.lists
    total = max(headline.lists_in_all, used + len(headline.left_out))
    return lists_left_out_said(used, total, len(headline.left_out), counted).translated(words)


@dataclass(frozen=True)
class ClaimFigures:
    """An official claim and the people documented as victims up to its date (of its
    *violations*, any when none): audited with the tables (:func:`claim_cell`)."""

    date: str
    claim_type: str
    speaker_office: str
    documented: int
    violations: tuple[str, ...] = ()

    @property
    def cell(self) -> Cell:
        """Its people's cell in the disclosure control: by the claim's month (a year-only
        claim's year), as the vault counts them (``vault.claims``)."""
        return claim_cell(self.date[:7], self.violations)


@dataclass(frozen=True)
class ReportInput:
    """Everything a report may say, as plain tables with no identities."""

    cases: Sequence[Case]
    people: int
    list_sizes: Sequence[int] = ()
    headline: HeadlineFigures | None = None
    claims: Sequence[ClaimFigures] = ()
    records: int = 0
    unreviewed_links: int = 0
    unplaced_records: int = 0
    version: str = ""
    made_on: str = ""
    acts: Mapping[str, int] = field(default_factory=dict)
    """People by each act done to them (a person once per act), as the dashboard counts."""
    number: int = 0
    """Which report of the vault this is (1 the first published; 0: none printed): three
    reports made the same day read alike by their date alone (stop 22). Not part of what the
    report says (:func:`statement`)."""
    histories_people: int | None = None
    """The people in the capture histories of the package (those the chosen estimate was
    made from, ``services.estimated_histories``; None without a chosen estimate): they add up
    to the people documented, or to the estimate's violation, so they are audited with them
    and the file is left out of the package when they are hidden
    (:meth:`Report.histories_published`)."""
    histories: tuple[tuple[str, str, int], ...] = ()
    """Those people as the chosen run kept them: (district of their earliest record, their
    pattern of 0 and 1 over :attr:`histories_lists`, people). Counts only; the package's
    histories.csv is made of them, its strata audited with the tables (:func:`build`)."""
    histories_lists: tuple[str, ...] = ()
    """The chosen run's lists, in the order of :attr:`histories`' patterns."""


@dataclass
class Report:
    """A report ready to render: the protected tables and the figures shown beside them."""

    data: ReportInput
    rules: Rules
    publication: Publication
    fingerprint: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: The published report this one was audited with (the report names it when a figure
    #: is hidden because of it).
    previous: Publication | None = None
    #: The capture histories histories.csv publishes, their strata audited with the tables
    #: (:func:`build`); None when the package holds none.
    histories: ResearchHistories | None = None

    def shown(self, value: int) -> str:
        """A count outside the protected tables: itself, or "<N" when small."""
        small = 0 < value < self.rules.threshold
        return f"<{self.rules.threshold}" if small else str(value)

    def claim(self, claim: ClaimFigures) -> str:
        """The people documented by an official *claim*'s date, as the report prints them:
        "·" when the disclosure control hid them (with the tables: two claims a month apart
        less each other give that month's people), else :meth:`shown`."""
        cells = self.publication.cells
        return (
            "·"
            if claim.cell in cells and cells[claim.cell] is None
            else self.shown(claim.documented)
        )

    def beside(self, name: str, value: int) -> str:
        """A count of records beside the headline (:func:`beside_cell`: ``records``,
        ``unplaced``) as the report prints it: "·" when the disclosure control hid it (with
        the headline: nobody linked yet, "98 records not yet linked" was the hidden people
        documented), else in full, small too (records, not people by a category)."""
        cell = beside_cell(name)
        hidden = cell in self.publication.cells and self.publication.cells[cell] is None
        return "·" if hidden else str(value)

    def listed(self, cell: Cell, value: int) -> str:
        """A count of people on the lists (:func:`listed_cell`) as the report prints it: "·"
        when the disclosure control hid it (with the headline: a list holding everyone is
        the people documented), else :meth:`shown`."""
        cells = self.publication.cells
        return "·" if cell in cells and cells[cell] is None else self.shown(value)

    def list_sizes(self) -> list[str]:
        """Each list's people as the annex prints them ("people named by each")."""
        return [self.listed(_list_cell(i), size) for i, size in enumerate(self.data.list_sizes)]

    def on_the_lists(self) -> str:
        """The chosen estimate's people on the lists as the report prints them."""
        headline = self.data.headline
        assert headline is not None
        return self.listed(listed_cell("estimate", "", headline.violation), headline.observed)

    def at_setting(self, band: Mapping[str, object]) -> str:
        """The people on the lists at one linkage setting of the estimate's sensitivity."""
        people = band.get("people")
        if not isinstance(people, int) or self.data.headline is None:
            return ""
        return self.listed(_setting_cell(band, self.data.headline.violation), people)

    def estimate_shown(self, band: Mapping[str, object] | None = None) -> bool:
        """Whether the chosen estimate's figures (of one linkage setting, *band*) are printed:
        each is at least its people on the lists, and where every person is on a list that
        the others add nobody to (one list naming everyone), the estimate is them to the
        person ("98 (95% interval 98–98)" beside a hidden headline of 98). Its lowest figure
        is audited with them (:func:`listed_figures`), and all of its figures are hidden
        ("·") with it."""
        headline, cells = self.data.headline, self.publication.cells
        if headline is None:
            return False
        cell = (
            listed_cell("estimate", "low", headline.violation)
            if band is None
            else _setting_cell(band, headline.violation, "low")
        )
        return cells.get(cell, 0) is not None

    def figures_hidden(self) -> bool:
        """Whether the estimate's sentences are printed without its figures: when the
        estimate is hidden, or its people on the lists are not printed as they are ("·", or
        "<5"). Its cautions printed "20 times the 98 documented" (LCMCR), the interval's
        upper end, the chains' medians beside an estimate printed "·" (disclosure9): each is
        at least the people on the lists, as telling as the hidden figure."""
        headline = self.data.headline
        if headline is None:
            return False
        return not self.estimate_shown() or self.on_the_lists() != str(headline.observed)

    def sentences(self, said: Iterable[object]) -> tuple[object, ...]:
        """The estimate's sentences *said* (its cautions, or its notes) as the report prints
        them: without the estimate's figures when :meth:`figures_hidden` (their warning
        kept, the number's place saying why it is missing:
        :func:`~uncounted.estimate.wording.without_figures`); two that then read alike are
        printed once."""
        if not self.figures_hidden():
            return tuple(said)
        from uncounted.estimate.wording import without_figures  # the estimators: with a run

        out = (without_figures(w) if isinstance(w, str) else w for w in said)
        return tuple(dict.fromkeys(out))

    def histories_published(self) -> bool:
        """Whether the package holds the capture histories behind the estimate: only when
        every figure they add up to is printed, the people documented and the estimate's
        people on the lists (docs/reports.md: with the headline hidden, or "<5", the
        histories' cells summed gave it away)."""
        headline, cells = self.data.headline, self.publication.cells
        if headline is None or self.people() != str(self.data.people):
            return False
        mine = [c for c in cells if c[0] == LISTED and c[1] in ("estimate", "histories")]
        mine += [c for c in cells if c[0] == LISTED and c[1] == "setting low"]
        return all(cells[c] is not None for c in mine)

    def behind_hidden(self) -> bool:
        """Whether the records added or changed since the estimate are printed "·": two
        reports of the same estimate, 0 then 3 records since, bound the people added between
        them (:func:`~uncounted.report.disclosure.behind_across`)."""
        headline = self.data.headline
        if headline is None or not headline.made_at:
            return False
        return self.publication.cells.get(behind_cell(headline.made_at), 0) is None

    def people(self) -> str:
        """The people documented as victims, as the headline prints them: "·" when the
        disclosure control hid them (they are audited with the tables: a reader subtracts
        them from the grand total and from the last report's), else :meth:`shown`."""
        if PEOPLE in self.publication.cells and self.publication.cells[PEOPLE] is None:
            return "·"
        return self.shown(self.data.people)

    def cells(self, dimension: str) -> dict[str, int | None]:
        """The published margin over *dimension* (month, district, violation)."""
        return {
            cell[1]: value
            for cell, value in sorted(self.publication.published.items())
            if len(cell) == 2 and cell[0] == dimension
        }

    def period(self) -> Period | None:
        """The months the report covers (:func:`period`)."""
        return period(self.cells("month"))

    def acts(self) -> list[tuple[str, int | None]]:
        """The published people by act, largest first (hidden cells last)."""
        shown = [(cell[1], v) for cell, v in self.publication.cells.items() if cell[0] == ACT]
        return sorted(shown, key=lambda item: (item[1] is None, -(item[1] or 0), item[0]))

    def cross(self, row: str) -> tuple[list[str], list[str], dict[Cell, int | None]]:
        name = f"{row}×violation"
        inner = {c: v for c, v in self.publication.cells.items() if c[0] == name}
        rows = sorted({c[1] for c in inner})
        crossed = {c[2] for c in inner}  # violations, in the reader's order (:func:`reader_order`)
        columns = [c for c in violation_rows(self.publication.cells).rows if c in crossed]
        columns += sorted(crossed.difference(columns))
        return rows, columns, inner


#: Why the package holds no capture histories, and how a named reviewer gets them: the
#: report's annex (each language) and the package's histories-README.txt say it.
HISTORIES_WITHHELD = N_(
    "The capture histories behind the estimate (histories.csv) are left out of this report:"
    " they add up to the number of people documented, which this report does not publish"
    " (too small, or hidden so that a smaller number cannot be worked out from it). The"
    " organisation can give them to a reviewer it names: it runs {command} on its vault, which"
    " writes the histories of the estimate this report published, without estimating again."
)


def histories_withheld(report: Report, words: Gettext | Catalogue) -> str:
    """:data:`HISTORIES_WITHHELD` in *words*' language, with the command that writes them:
    the published run's by its number (the headline chosen later may be another run)."""
    headline = report.data.headline
    command = "uncounted estimate histories VAULT --from-register --histories-out histories.csv"
    if headline is not None and headline.run:
        command += f" --run {headline.run}"
    return Message(HISTORIES_WITHHELD, command=command).translated(words)


def _list_cell(index: int) -> Cell:
    """Each list's people (by its place among the lists, largest first) in the audit."""
    return listed_cell("list", str(index + 1))


def _setting_cell(band: Mapping[str, object], violation: str, low: str = "") -> Cell:
    """The people on the lists at one linkage setting of the sensitivity, in the audit (with
    *low*, the lowest figure of its estimate)."""
    setting = f"{band.get('label')} {band.get('threshold')}"
    return listed_cell(f"setting {low}".strip(), setting, violation)


def listed_figures(data: ReportInput) -> dict[Cell, int]:
    """Every count of people on the lists the report or its package prints, by its cell: each
    list's people, and of the chosen estimate its people on the lists, at each linkage
    setting, on a list left out (one, with its number) and in the capture histories. The one
    place that says which counts of people on the lists are audited with the headline."""
    out = {_list_cell(i): size for i, size in enumerate(data.list_sizes)}
    headline = data.headline
    if headline is None:
        return out
    violation = headline.violation
    out[listed_cell("estimate", "", violation)] = headline.observed
    if headline.q025 is not None:  # every figure of an estimate is at least its people
        out[listed_cell("estimate", "low", violation)] = round(headline.q025)
    for band in headline.sensitivity:
        if isinstance(band.get("people"), int):
            out[_setting_cell(band, violation)] = int(band["people"])  # type: ignore[call-overload]
            if isinstance(band.get("q025"), int | float):
                low = round(band["q025"])  # type: ignore[call-overload]
                out[_setting_cell(band, violation, "low")] = low
    if len(headline.left_out) == 1:
        out[listed_cell("left out", "", violation)] = headline.left_out[0][1]
    if data.histories_people is not None:
        out[listed_cell("histories", "", violation)] = data.histories_people
    return out


#: What "Dates covered" adds of the months the month chart leaves off (:class:`Period`).
DATES_FAR = N_(
    "and {months}, more than {years} years from the other months (a date may be mistyped)"
)


class Period(NamedTuple):
    """The months a report covers, as its "Dates covered" says them: from :attr:`first` to
    :attr:`last`, the months the month chart draws (:func:`chart_span`: one date mistyped
    1917 for 2017 made it "1917-03 – 2020-05"), and the months it leaves off, named apart."""

    first: str
    last: str
    far: tuple[str, ...] = ()

    def far_said(self, words: Gettext | Catalogue) -> str:
        """The months left off the chart, in *words*' language, to follow "first – last"
        (none when there are none)."""
        if not self.far:
            return ""
        far = Message(DATES_FAR, months=", ".join(self.far), years=FAR_MONTHS // 12)
        return far.translated(words, sentence=False)


def period(months: Mapping[str, int | None]) -> Period | None:
    """The months a report covers, from its *months* (its month table's rows, with their
    numbers): every month of its tables, hidden ones included (a month's row is published
    even when its number is not), so the annex's dates agree with the year table (a 2016 of
    three people is in the year table, and was left out of "dates covered" when only months
    shown were read); its span is the month chart's, and the months the chart leaves off are
    named apart (:class:`Period`)."""
    drawn, far = chart_span({m: v for m, v in months.items() if m != UNKNOWN})
    spanned = sorted(drawn)
    return Period(spanned[0], spanned[-1], tuple(sorted(far))) if spanned else None


def build(
    data: ReportInput, rules: Rules | None = None, previous: Publication | None = None
) -> Report:
    """Protect the tables of *data* and fingerprint what is published."""
    rules = rules or Rules()
    beside = {claim.cell: claim.documented for claim in data.claims}
    if data.records:  # counts of records beside the headline (an input that says them)
        beside[beside_cell("records")] = data.records
        beside[beside_cell("unplaced")] = data.unplaced_records
        beside[beside_cell("links")] = data.unreviewed_links
    if data.headline is not None and data.headline.made_at:  # printed when not 0
        behind = data.headline.behind.records if data.headline.behind else 0
        beside[behind_cell(data.headline.made_at)] = behind
    beside.update(listed_figures(data))
    published = publish(data.cases, rules, previous, data.acts, data.people, beside)
    report = Report(data, rules, published)
    report.previous = previous
    report.histories = _histories(report)
    report.fingerprint = hashlib.sha256(tables_csv(report)).hexdigest()
    return report


def _histories(report: Report) -> ResearchHistories | None:
    """The capture histories the package publishes (:attr:`Report.histories`), when it
    publishes them (:meth:`Report.histories_published`): strata coarsened until no pattern
    cell is small and no stratum's people, beside the tables, give away a figure the tables
    hide (:func:`~uncounted.report.disclosure.strata_exposed`: the tables win). The strata
    printed join the publication's cells (:func:`~uncounted.report.disclosure.stratum_cell`,
    shown), so the next report is audited with them as with the tables."""
    data, publication = report.data, report.publication
    if data.headline is None or not data.histories or not report.histories_published():
        return None
    lists, violation = data.histories_lists, data.headline.violation
    people = [
        (frozenset(name for name, bit in zip(lists, pattern, strict=True) if bit == "1"), place)
        for place, pattern, n in data.histories
        for _ in range(n)
    ]

    def cells(strata: Mapping[frozenset[str], int]) -> dict[Cell, int]:
        return {stratum_cell(places, violation): n for places, n in strata.items()}

    def safe(strata: Mapping[frozenset[str], int]) -> bool:
        return not strata_exposed(publication, cells(strata), report.rules, report.previous)

    histories = research_histories(people, lists, report.rules, safe)
    if histories.stratified:
        printed = cells(
            {histories.members[s]: sum(c.values()) for s, c in histories.counts.items()}
        )
        publication.cells.update(printed)
        publication.figures.update(printed)
    return histories


def statement(report: Report) -> str:
    """SHA-256 of everything *report* says but the day it was made and the software's
    version: its tables as published, the counts beside them as shown, the chosen estimate
    (its run's figures, cautions, sensitivity and the day it was chosen), the claims and the
    threshold. Two reports with the same statement say the same thing, whatever day each
    was made: publishing the second adds nothing but a second entry to the ledger."""
    data, headline = report.data, report.data.headline
    said = {
        "threshold": report.rules.threshold,
        "cells": [[*cell, value] for cell, value in sorted(report.publication.published.items())],
        "people": report.people(),
        "lists": report.list_sizes(),
        "linkage": [
            report.beside("records", data.records),
            data.unreviewed_links if report.beside("links", 0) != "·" else "·",
            report.beside("unplaced", data.unplaced_records),
        ],
        "claims": [[c.date, c.speaker_office, c.claim_type, report.claim(c)] for c in data.claims],
        # the day it was chosen, as printed: choosing the same run again that day says nothing new
        "headline": None if headline is None else _headline_said(headline),
    }
    text = json.dumps(said, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _headline_said(headline: HeadlineFigures) -> dict[str, object]:
    """What the report says of its estimate, for :func:`statement`: the day it was chosen
    (as printed), and the caution that it is older than the records only when printed, so a
    report published before that caution existed still says what it said."""
    said = {**asdict(headline), "chosen_at": headline.chosen_at[:10]}
    if not headline.left_out:  # a report of a run over every list says what it said before
        del said["left_out"], said["lists_in_all"]
    if not headline.violation:
        del said["violation"]
    del said["made_at"]  # said by the behind caution when it matters
    if headline.behind is None:
        del said["behind"]
    else:
        said["behind"] = [readable(headline.behind.made_at), headline.behind.records]
    return said


#: How tables.csv and tables.xlsx name the cells that a code would misname. The tables'
#: grand total (the cell ``("all",)``) counts a person once under each violation their
#: records name, so it is not the people documented: 37 under a headline of 45 where 8
#: people's records name no violation (a list that gives none), more than the headline where
#: people suffered several. A row "all" read as every person (reportux4); named for what it
#: counts, it stands beside the headline's own row, which says the people.
NAMED_ROWS: dict[Cell, tuple[str, str, str]] = {
    TOTAL: ("all violations", "a person once under each violation their records name", ""),
    PEOPLE: (
        "people documented as victims",
        "a person once, whether or not a violation is named",
        "",
    ),
}


def table_row(cell: Cell) -> tuple[str, str, str]:
    """The table, row and column under which tables.csv and tables.xlsx publish *cell*."""
    if cell in NAMED_ROWS:
        return NAMED_ROWS[cell]
    return cell[0], cell[1] if len(cell) > 1 else "", cell[2] if len(cell) > 2 else ""


def cell_of_row(table: str, row: str, column: str) -> Cell:
    """The cell a row of tables.csv publishes (:func:`table_row` read back)."""
    named = {names: cell for cell, names in NAMED_ROWS.items()}
    return named.get((table, row, column)) or tuple(v for v in (table, row, column) if v)


def _rows(report: Report) -> list[tuple[tuple[str, str, str], int | None]]:
    """The rows of tables.csv and tables.xlsx: the people documented first (empty when the
    report does not print them in full: hidden "·" or under the threshold "<5"), then every
    published cell (a hidden one empty)."""
    people = report.data.people if report.people() == str(report.data.people) else None
    published = sorted(report.publication.published.items())
    return [(table_row(PEOPLE), people), *((table_row(c), v) for c, v in published)]


def tables_csv(report: Report) -> bytes:
    """Every published cell as CSV (table, row, column, people); hidden cells are empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "people"])
    for (table, row, column), value in _rows(report):
        writer.writerow([table, row, column, "" if value is None else value])
    return out.getvalue().encode("utf-8")


def tables_xlsx(report: Report) -> bytes:
    """The same cells as :func:`tables_csv` in a workbook, one sheet per table (fixed dates
    inside, so the same figures give the same bytes)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    sheets: dict[str, object] = {}
    for (table, row, column), value in _rows(report):
        name = table.replace("×", " x ")[:31]
        if name not in sheets:
            sheet = book.create_sheet(name)
            sheet.append(["row", "column", "people"])
            sheets[name] = sheet
        sheets[name].append([row, column, value])  # type: ignore[attr-defined]
    fixed = datetime(2020, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ViolationRows:
    """The violations a report lists, as its PDF and the Reports page both show them."""

    #: each violation with its published total (None: hidden), "Other violations" among them
    rows: dict[str, int | None]
    #: the violations "Other violations" counts together, named under it
    merged: list[str]

    @property
    def hidden_not_small(self) -> list[str]:
        """The violations with a row of their own whose figure is hidden: each has at least
        the violation floor's people (a violation with fewer is counted under "Other
        violations": the rule is public), so it is hidden only so that a smaller number
        cannot be worked out from it, and is said so. Walkday5: Detention (67 people or
        more) was "·" and its note read as if it were under 5."""
        return [code for code, v in self.rows.items() if v is None and code != OTHER_VIOLATIONS]


def violation_rows(cells: Mapping[Cell, int | None]) -> ViolationRows:
    """The rows of a report's violations, from its published *cells*: the violations its
    tables are made of (a row of the year table each), never the merged violations' own
    totals that protection keeps beside them (``disclosure.report_tables``): "Other
    violations" holds those, and they are named under it. The one rule for the PDF and
    the Reports page, which listed "Abduction ·", "Threat to relatives ·" and "Other
    violations" where the PDF showed "Other violations" alone (walkday4)."""
    margin = {c[1]: v for c, v in sorted(cells.items()) if len(c) == 2 and c[0] == "violation"}
    made_of = {c[2] for c in cells if c[0] == "year×violation"}
    ordered = {code: margin[code] for code in reader_order(margin)}
    if not made_of:  # no year table to read them from: every violation's total
        return ViolationRows(ordered, [])
    rows = {code: value for code, value in ordered.items() if code in made_of}
    merged = sorted((code for code in margin if code not in made_of), key=_catalogue_place)
    return ViolationRows(rows, merged)


def reader_order(totals: Mapping[str, int | None]) -> list[str]:
    """Violations in the order a reader expects, the one order of the report's chart and
    tables and of the Reports page: by their people, largest first (as the chart's bars run);
    equal ones, and those whose number is hidden (after the shown ones: ordered by their
    hidden figure they would give it away), in the catalogue's order; "Other violations" last,
    whatever its number. The Reports page listed them in the order of their codes
    (walkday7: "Abduction, Detention, Killing"), the PDF's tables too, beside a chart by
    count: by count won, as the chart reads first, and the catalogue's order is kept for ties."""

    def place(code: str) -> tuple[bool, bool, int, int, str]:
        value = totals[code]
        hidden = value is None
        return (code == OTHER_VIOLATIONS, hidden, -(value or 0), _catalogue_place(code), code)

    return sorted(totals, key=place)


def _catalogue_place(code: str) -> int:
    """A violation's place in the catalogue (the model's ``event_types``); unknown ones last."""
    from uncounted.model import vocabulary

    codes = vocabulary.load("event_types").codes()
    return codes.index(code) if code in codes else len(codes)


def _earlier(report: Report, gettext: Gettext, language: str) -> tuple[str, list[str]]:
    """The earlier report by name and the figures hidden only because of it (empty when
    none is): :attr:`Publication.earlier`, as the reader finds them in the tables."""
    previous, published = report.previous, report.publication.published
    cells = sorted(c for c in report.publication.earlier if c in published)
    if previous is None or not cells:
        return "", []
    name = gettext("Report No. {number} of {date}").replace("{date}", previous.made_on or "—")
    name = name.replace("{number}", str(previous.number or "—"))
    if previous.fingerprint:
        name += f" ({gettext('data fingerprint')} {previous.fingerprint[:16]})"
    return name, [cell_words(gettext, language, cell) for cell in cells]


def linkage_setting(band: Mapping[str, object], gettext: Gettext) -> str:
    """The words for one linkage setting of an estimate's sensitivity to linkage
    (``services.analysis_review`` labels them ``reviewed``, ``unreviewed links apart`` and
    ``threshold 0.3``): the same on the dashboard, the analysis page and the report."""
    label = band.get("label")
    if label == "reviewed":
        return gettext("as reviewed")
    if label == "unreviewed links apart":
        return gettext("every unreviewed link taken apart")
    return f"{gettext('linkage threshold')} {band.get('threshold')}"


def _interval(low: float | None, high: float | None) -> str:
    """An interval's two ends, or one dash when there is none."""
    return "—" if low is None or high is None else f"{_figure(low)}–{_figure(high)}"


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{round(value):,}".replace(",", "\u202f")


def render_html(report: Report, words: Gettext | Catalogue, language: str) -> str:
    """The report as one self-contained HTML page in *language*: its sentences and counts in
    words from *words* (a bare gettext gives English plurals)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    words = catalogue(words)
    gettext = words.gettext

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    # a hidden month keeps its place, marked (walkday7: closed up, two waves ran together)
    months = {k: v for k, v in report.cells("month").items() if k != UNKNOWN}
    # a mistyped year (1917) stretched the axis over a century: its months are named instead
    months, far = chart_span(months)
    period = report.period()
    listed = violation_rows(report.publication.cells)  # the Reports page's rows too
    violations = {
        code_label(gettext, language, k): v for k, v in listed.rows.items() if v is not None
    }
    # "other violations" is read only with its violations named (global recoding, stop 21)
    merged = [code_label(gettext, language, k) for k in listed.merged]
    # named under the chart: a violation hidden as a complement ("Detention", 120 people, for
    # 2 abductions on the walk of stop 21) was simply missing, read as none documented
    hidden = [k for k, v in listed.rows.items() if v is None]
    rules = report.rules
    large = listed.hidden_not_small if rules.violation_floor >= rules.threshold else []
    title = gettext("Documented people by month")
    earlier_report, earlier_cells = _earlier(report, gettext, language)
    data = report.data
    return environment.get_template("report.html").render(
        _=gettext,
        ngettext=words.ngettext,
        language=language,
        report=report,
        data=data,
        headline=data.headline,
        figure=_figure,
        interval=_interval,
        behind_caution=lambda behind: behind_caution(behind, words, report.behind_hidden()),
        left_out_caution=left_out_caution(report, words),
        histories_withheld=histories_withheld(report, words),
        linkage_setting=lambda band: linkage_setting(band, gettext),
        records_said=lambda singular, plural, name, count: _records_said(
            report, words, (singular, plural), name, count
        ),
        label=lambda value: code_label(gettext, language, value),
        act_label=lambda value: act_label(gettext, language, value),
        month_chart=column_chart_svg(
            title, months, gettext("month whose number is hidden (· in the tables)")
        ),
        months_far=far_months_note(far, words),
        violation_chart=bar_chart_svg(
            gettext("Documented people by violation"), violations, in_order=True
        ),
        violations_hidden=[code_label(gettext, language, k) for k in hidden if k not in large],
        violations_hidden_large=[code_label(gettext, language, k) for k in large],
        violations_merged=merged,
        earlier_report=earlier_report,
        earlier_cells=earlier_cells,
        period=period,
        period_far=period.far_said(words) if period else "",
        threshold=report.rules.threshold,
        lists=report.list_sizes(),
        per_table=PER_TABLE,
        years_per_table=YEARS_PER_TABLE,
    )


def _records_said(
    report: Report, words: Catalogue, forms: tuple[str, str], name: str, count: int
) -> str:
    """A count of records beside the headline in words (*forms*: an English singular and
    plural with ``%(num)d``), its number "·" when hidden (:meth:`Report.beside`)."""
    shown = report.beside(name, count)
    if shown == "·":  # the plural a number takes, the number hidden
        return words.ngettext(*forms, 5).replace("%(num)d", "·")
    return words.ngettext(*forms, count) % {"num": count}


def render_pdf(html: str) -> bytes:
    """The HTML laid out as PDF by WeasyPrint (fonts from the system: DejaVu covers Cyrillic)."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None).write_pdf())


def manifest(
    files: Mapping[str, bytes], described: Mapping[str, object], report: Report | None = None
) -> bytes:
    """The report's manifest: what it is (*described*), each file's SHA-256 and size, and the
    published tables themselves (so the vault keeps what was published, and shows it, from
    the one committed file). Committed to the ledger, it covers every file it lists."""
    listed = {
        **described,
        "files": {
            name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
            for name, body in sorted(files.items())
        },
    }
    if report is not None:
        listed["tables"] = [
            [*cell, value] for cell, value in sorted(report.publication.published.items())
        ]
    return json.dumps(listed, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


def report_files(
    report: Report, translators: Mapping[str, Gettext | Catalogue], pdf: bool = True
) -> dict[str, bytes]:
    """HTML (and PDF) in every language given, and the tables as CSV."""
    files = {"tables.csv": tables_csv(report), "tables.xlsx": tables_xlsx(report)}
    for language, words in translators.items():
        html = render_html(report, words, language)
        files[f"report-{language}.html"] = html.encode("utf-8")
        if pdf:
            files[f"report-{language}.pdf"] = render_pdf(html)
    return files


COMMITMENTS = "records.commitments"


def record_salt(secret: bytes, record_id: str) -> bytes:
    """The salt of one record's commitment in one report: HMAC-SHA256 of its id under the
    report's secret (kept sealed in the vault), so each proof reveals one salt only."""
    import hmac

    return hmac.new(secret, record_id.encode("utf-8"), hashlib.sha256).digest()


def record_commitment(salt: bytes, record_id: str) -> str:
    """SHA-256 of salt and record id: reveals nothing of the record without the salt."""
    return hashlib.sha256(salt + record_id.encode("utf-8")).hexdigest()


def commitments_file(secret: bytes, record_ids: Sequence[str]) -> bytes:
    """One commitment a line, sorted (so the order says nothing about the records)."""
    lines = sorted(record_commitment(record_salt(secret, r), r) for r in set(record_ids))
    return "".join(line + "\n" for line in lines).encode("ascii")


def record_committed(commitments: bytes, record_id: str, salt: bytes) -> bool:
    """Whether a report's records.commitments commits to *record_id* with *salt* (the check
    of a record's proof)."""
    lines = commitments.decode("ascii", "replace").split()
    return record_commitment(salt, record_id) in lines
