"""Disclosure control for published tables: no hidden cell can be narrowed down by differencing.

Learnt from the statistical offices' tools (sdcMicro's and tau-argus' manuals): a threshold
that drops small cells but keeps the exact totals is undone by one subtraction, so small cells
(primary suppression) are hidden together with other cells (complementary, "secondary"
suppression) until an attacker who solves the published tables' linear relations (every row,
column and shared margin, counts never negative) still cannot narrow a hidden small cell to an
interval narrower than the protection level. tau-argus finds the cheapest such pattern with a
mixed-integer solver (or its hypercube heuristic); here the pattern is built to lose little
and audited with the attacker's own linear programmes (``scipy.optimize.linprog``, HiGHS):

1. greedy cover: for the first exposed small cell, hide the cheapest cell of its relations
   (inner cells before margins, then the fewest people) that protects it, or else widens
   the attacker's interval for it, or else starts the cycle a protection needs (a cell in a
   two-way table needs a partner in its row and in its column); repeat until the audit
   passes;
2. release: every complementary cell, largest first, is shown again when the pattern stays
   safe without it, or traded for a smaller cell of its row or column that keeps it safe,
   until nothing changes. So a one-way table with its total hides its second smallest cell,
   and a row's largest cell is never hidden where a smaller one would do (walking the
   analyst's job, "Detention 154" was hidden for one small neighbour);
3. totals: a total (a cell other published cells add up to: the grand total, a
   violation's, a year's, an area's) costs ``TOTAL_COST`` (10) times a cell inside the
   tables per person, one rule, as tau-argus lets a publisher weigh cells: each one hidden
   as a complement is tried shown, the cover built again around it (several cells change at
   once), and the cheaper pattern kept. Walkday2's case (stop 21), every violation kept
   apart: 3 forced outings beside 30 detentions and 12 killings hid Detention's total and
   60 people inside the tables; Killing's and 84 people inside is now chosen.

Measured (benchmarks/report_disclosure.py, docs/benchmarks.md): on 3000 synthetic victims the
complementary cells hide 43 people instead of 419 (the largest 14, not 204) in about the
same time (under 1 s). The audit, not the heuristic, is what keeps a cell safe. No maintained Python
library does tabular complementary suppression (PyPI has pycanon and anonymeter, which
measure microdata risk, and a young "pytauargus" 0.6 with no documentation we could check;
sdcTable and GaussSuppression are R), so this is our own code after the manuals' rules.

Before any table is built (global recoding), dates are coarsened to months, districts with
few cases are merged into one larger area and violations with fewer people than the threshold
into "other violations" (:func:`merge_small`, one rule for both), so a violation of 2 people
is not a small total that only another violation's total can protect (stop 21: Detention, 120
people, hidden for 2 abductions). The merged violations' and districts' own totals stay in
the tables as cells never published, so the next report (whose "other violations" or "other
districts" may hold others) is audited with this one: 15 in "other districts" one month, a
district of 12 shown the month before and merged now, gave away the 3 cases of the other.
The input carries no names, birth dates, record ids or free text.

A second report a month later is audited together with the first one's published cells and
relations (``previous``), and a later one with every report before it
(``Publication.reports_before``): a cell hidden once stays hidden, and the earlier reports'
relations join the attacker's system, a cell one unknown wherever its figure is unchanged.
Its merged groups are filled with what the first one's held before anything else
(:func:`merge_small`), so "other districts" names the same places in both where it can:
filled by size alone, a tie changed sides and the two reports' equal "other districts" gave
a district of 2 away (stop 23), which no pattern of hidden cells in the second report could
prevent.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from uncounted.errors import UncountedError
from uncounted.messages import N_
from uncounted.report.cells import ACT as ACT
from uncounted.report.cells import BESIDE as BESIDE
from uncounted.report.cells import CLAIM as CLAIM
from uncounted.report.cells import LISTED as LISTED
from uncounted.report.cells import OTHER_AREA as OTHER_AREA
from uncounted.report.cells import OTHER_VIOLATIONS as OTHER_VIOLATIONS
from uncounted.report.cells import PEOPLE as PEOPLE
from uncounted.report.cells import TOTAL as TOTAL
from uncounted.report.cells import UNKNOWN as UNKNOWN
from uncounted.report.cells import Cell as Cell
from uncounted.report.cells import FigureName


@dataclass(frozen=True)
class Rules:
    """What "small" and "protected" mean: cells 1..threshold-1 are hidden, and the attacker's
    interval for each must be at least ``protection`` wide and reach ``threshold``; districts
    with fewer than ``area_minimum`` cases are merged into one area."""

    threshold: int = 5
    protection: int | None = None
    area_minimum: int | None = None
    violation_minimum: int | None = None

    @property
    def width(self) -> int:
        return self.threshold if self.protection is None else self.protection

    @property
    def area_floor(self) -> int:
        return 2 * self.threshold if self.area_minimum is None else self.area_minimum

    @property
    def violation_floor(self) -> int:
        return self.threshold if self.violation_minimum is None else self.violation_minimum


@dataclass(frozen=True)
class Case:
    """One person documented as a victim of one violation: all a public table may know."""

    violation: str
    month: str
    district: str


@dataclass(frozen=True)
class Relation:
    """Published relation: the cells in ``parts`` add up to the cell ``whole``."""

    whole: Cell
    parts: tuple[Cell, ...]


@dataclass
class Publication:
    """The cells as published: a count, or ``None`` for a hidden cell; and their relations."""

    cells: dict[Cell, int | None]
    relations: list[Relation]
    primary: set[Cell] = field(default_factory=set)
    #: Every true figure, hidden ones included: kept by the publisher (never published) so
    #: that the next report is audited together with this one.
    figures: dict[Cell, int] = field(default_factory=dict, repr=False)
    #: The cells a report of the same tables made alone would hide (:attr:`earlier`), made
    #: only when asked: a second protection, as long as the first, that a draft or a report
    #: refused as a repeat never shows.
    alone: Callable[[], set[Cell]] | None = field(default=None, repr=False, compare=False)
    #: The day this publication was made, the fingerprint of its tables and its number among
    #: the vault's reports, when known (set by whoever keeps it), so a later report names it.
    made_on: str = ""
    fingerprint: str = ""
    number: int = 0
    #: The reports published before this one, oldest first, when it is read as the earlier
    #: report of the next (set by whoever keeps them): the next report is audited with every
    #: one of them (:func:`_attacker`), not with this one alone. Read with reports No. 2 and
    #: No. 4 alone (a killing total of 8 in both, 7 in No. 3 between them), a hidden killing
    #: of 1 in No. 4 was worked out exactly, though each report passed the audit with the one
    #: before it (disclosure10).
    reports_before: list[Publication] = field(default_factory=list, repr=False, compare=False)

    @property
    def hidden(self) -> set[Cell]:
        return {cell for cell, value in self.cells.items() if value is None}

    @property
    def earlier(self) -> set[Cell]:
        """The cells hidden only because of the earlier report this one was audited with: a
        report made alone would show them (the report says so, and names that report).
        Asked, not made with the publication: see :attr:`alone`."""
        return set() if self.alone is None else self.hidden - self.alone()

    @property
    def sealed(self) -> set[Cell]:
        """The totals of the districts counted under "other districts": audited, never
        published (a small area is not named, not even as a hidden cell)."""
        return {("district", d) for d in merged_members(self.relations, "district")}

    @property
    def published(self) -> dict[Cell, int | None]:
        """The cells as they go out: every cell but the :attr:`sealed` ones."""
        sealed = self.sealed | {PEOPLE}  # the headline is printed as such, not in a table
        return {
            cell: value
            for cell, value in self.cells.items()
            if cell not in sealed and cell[0] not in PRINTED_AS_SUCH
        }


#: The kinds of cells printed beside the tables, each as such (never a row of the tables): an
#: official claim's people, the counts of records and of people on the lists beside the
#: headline. Audited with the tables, read first as a total is.
PRINTED_AS_SUCH = (CLAIM, BESIDE, LISTED)


def month_of(date: str | None) -> str:
    """YYYY-MM of an ISO date (or partial date); 'unknown' without a month."""
    if not date or len(date) < 7 or date[4] != "-":
        return UNKNOWN
    return date[:7]


def merge_small(
    sizes: Mapping[str, int],
    minimum: int,
    other: str,
    before: Iterable[str] = (),
    more: int = 0,
) -> dict[str, str]:
    """Map every value of a dimension to itself, or to *other* when fewer than *minimum*
    cases have it (global recoding, before any table is made); if the merged value is still
    small, the next smallest values join it, those the earlier report counted under *other*
    (*before*) first. The one rule for districts and violations.

    Why *before* first: "other" is one cell in both reports, so a reader subtracts across
    them. Filled by size alone, a tie changed sides when one case was added (east 2 merged
    with south 11 before west 11, by name; south 12 a month later, west joined instead):
    "other districts" read 13 both times, and 13 less west's 11, shown the month before,
    gave east's 2 away, whatever the second report hid. Kept the same, it means the same
    places as long as they still need filling up.

    *more* values join a merged value beyond those (in the same order): the coarser
    groupings :func:`publish` tries when no pattern of hidden cells protects a report
    against the one published before it."""
    small = {name for name, size in sizes.items() if size < minimum}
    earlier = set(before)
    rest = sorted((n not in earlier, size, n) for n, size in sizes.items() if n not in small)
    merged = sum(sizes[name] for name in small)
    while small and merged < minimum and rest:
        _new, size, name = rest.pop(0)
        small.add(name)
        merged += size
    for _new, _size, name in rest[: more if small else 0]:
        small.add(name)
    return {name: other if name in small else name for name in sizes}


def merge_areas(cases: Sequence[Case], minimum: int, before: Iterable[str] = ()) -> dict[str, str]:
    """Map every district to itself, or to ``OTHER_AREA`` (:func:`merge_small`)."""
    return merge_small(Counter(case.district for case in cases), minimum, OTHER_AREA, before)


def merge_violations(
    cases: Sequence[Case], minimum: int, before: Iterable[str] = ()
) -> dict[str, str]:
    """Map every violation to itself, or to ``OTHER_VIOLATIONS`` (:func:`merge_small`): a
    violation with fewer than *minimum* people would otherwise be a small margin that no
    complement hides but another violation's total (stop 21: Detention, 120 people, hidden
    for 2 abductions)."""
    sizes = Counter(case.violation for case in cases)
    return merge_small(sizes, minimum, OTHER_VIOLATIONS, before)


#: The value every small value of a dimension is counted under (:func:`merge_small`).
OTHER = {"violation": OTHER_VIOLATIONS, "district": OTHER_AREA}


def merged_members(relations: Iterable[Relation], dimension: str) -> list[str]:
    """The values of *dimension* (violation, district) a publication counts under its
    ``OTHER`` value (:func:`report_tables`): each one's total is a cell never published."""
    whole = (dimension, OTHER[dimension])
    return sorted(p[1] for r in relations if r.whole == whole for p in r.parts if len(p) == 2)


def merged_violations(relations: Iterable[Relation]) -> list[str]:
    """The violations a publication counts under ``OTHER_VIOLATIONS`` (:func:`report_tables`)."""
    return merged_members(relations, "violation")


#: The values of each dimension (violation, district) counted under its ``OTHER`` value.
Groups = Mapping[str, Sequence[str]]


def groups_of(
    cases: Sequence[Case],
    rules: Rules,
    previous: Publication | None = None,
    more: Mapping[str, int] | None = None,
) -> dict[str, list[str]]:
    """The violations and districts :func:`merge_small` counts under ``OTHER`` (those the
    *previous* report merged first; *more* of a dimension's values beyond them, for the
    coarser groupings :func:`publish` tries)."""
    before = previous.relations if previous is not None else []
    sizes = {
        "violation": Counter(case.violation for case in cases),
        "district": Counter(case.district or UNKNOWN for case in cases),
    }
    floors = {"violation": rules.violation_floor, "district": rules.area_floor}
    out = {}
    for dimension, other in OTHER.items():
        recoded = merge_small(
            sizes[dimension],
            floors[dimension],
            other,
            merged_members(before, dimension),
            (more or {}).get(dimension, 0),
        )
        out[dimension] = sorted(name for name, to in recoded.items() if to == other != name)
    return out


def coarsen(
    cases: Sequence[Case],
    rules: Rules,
    previous: Publication | None = None,
    groups: Groups | None = None,
) -> list[Case]:
    """Cases with months only, small districts and small violations merged (*groups*, by
    default :func:`groups_of`: those the *previous* report merged first)."""
    groups = groups if groups is not None else groups_of(cases, rules, previous)
    kinds, areas = set(groups["violation"]), set(groups["district"])
    out = []
    for case in cases:
        district = case.district or UNKNOWN
        out.append(
            Case(
                OTHER_VIOLATIONS if case.violation in kinds else case.violation,
                month_of(case.month),
                OTHER_AREA if district in areas else district,
            )
        )
    return out


def _value(case: Case, dimension: str) -> str:
    if dimension == "year":
        return case.month[:4] if case.month != UNKNOWN else UNKNOWN
    return str(getattr(case, dimension))


def cross_table(
    cases: Sequence[Case], row: str, column: str
) -> tuple[dict[Cell, int], list[Relation]]:
    """The table *row* × *column* of *cases* with its margins and the relations among them."""
    name = f"{row}×{column}"
    inner: Counter[Cell] = Counter((name, _value(c, row), _value(c, column)) for c in cases)
    rows = sorted({cell[1] for cell in inner})
    columns = sorted({cell[2] for cell in inner})
    cells: dict[Cell, int] = {
        (name, r, c): inner.get((name, r, c), 0) for r in rows for c in columns
    }
    relations = []
    for r in rows:
        parts = tuple((name, r, c) for c in columns)
        cells[(row, r)] = sum(cells[p] for p in parts)
        relations.append(Relation((row, r), parts))
    for c in columns:
        parts = tuple((name, r, c) for r in rows)
        cells[(column, c)] = sum(cells[p] for p in parts)
        relations.append(Relation((column, c), parts))
    cells[TOTAL] = len(cases)
    relations.append(Relation(TOTAL, tuple((row, r) for r in rows)))
    relations.append(Relation(TOTAL, tuple((column, c) for c in columns)))
    return cells, relations


def tables(
    cases: Sequence[Case],
    acts: Mapping[str, int] | None = None,
    merged: Mapping[str, int] | None = None,
    areas: Mapping[str, int] | None = None,
) -> tuple[dict[Cell, int], list[Relation]]:
    """The report's tables: year × violation and district × violation (sharing the violation
    totals and the grand total), people by month, whose months add up to their year, and
    people by act (*acts*: people per act code, no total). *merged* gives the people of each
    violation counted under ``OTHER_VIOLATIONS``, *areas* the cases of each district counted
    under ``OTHER_AREA``: their totals are cells adding up to it, never published
    (:func:`protect` keeps them hidden) but in the attacker's system, so a later report that
    shows one of them, or merges others, is audited with this one."""
    cells: dict[Cell, int] = {(ACT, act): n for act, n in (acts or {}).items() if n > 0}
    relations: list[Relation] = []
    for dimension, sizes in (("violation", merged), ("district", areas)):
        if sizes:
            members = tuple((dimension, v) for v in sorted(sizes))
            cells.update({member: sizes[member[1]] for member in members})
            relations.append(Relation((dimension, OTHER[dimension]), members))
    for row in ("year", "district"):
        more, among = cross_table(cases, row, "violation")
        cells.update(more)
        relations.extend(among)
    months = Counter(case.month for case in cases)
    for month, count in months.items():
        cells[("month", month)] = count
    by_year: dict[str, list[Cell]] = {}
    for month in sorted(months):
        year = month[:4] if month != UNKNOWN else UNKNOWN
        by_year.setdefault(year, []).append(("month", month))
    for year, parts in by_year.items():
        relations.append(Relation(("year", year), tuple(parts)))
    return cells, list(dict.fromkeys(relations))


class ReportUnprotectable(UncountedError):
    """Raised when no pattern of hidden figures, with the report's own grouping or a coarser
    one (:func:`publish`), stops a reader of this report and of the one published before it
    from working out a number under the threshold. Hiding every figure is no answer: the
    earlier report is published for good, and what it showed, beside what this one is made
    of, still narrows the number. Nothing is published; ``cell`` is the figure."""

    def __init__(self, cell: Cell, number: int) -> None:
        super().__init__(
            N_(
                "no report can be published now: beside the figures of report No. {number},"
                " published before, a reader could work out a number under the threshold"
                " ({figure}) whatever this report hides, even with more violations or"
                " districts counted together. This happens when records counted in a merged"
                " group were corrected since. Nothing was published; publish when more"
                " records have been added"
            ),
            number=number or "—",
            figure=FigureName(cell),
        )
        self.cell = cell


#: An unknown of the attacker's system: a cell, or (report number, cell) for an earlier
#: report's hidden cell whose figure has changed since.
Unknown = Cell | tuple[int, Cell]
Equation = tuple[dict[Unknown, float], float]


def _equations(
    relations: Sequence[Relation], shown: Mapping[Cell, int | None], name: Mapping[Cell, Unknown]
) -> list[Equation]:
    """Each relation as coefficients on the unknowns = a constant from the shown figures."""
    out: list[Equation] = []
    for relation in relations:
        terms: dict[Unknown, float] = {}
        constant = 0.0
        for cell, sign in [(relation.whole, -1.0), *((p, 1.0) for p in relation.parts)]:
            value = shown[cell]
            if value is None:
                terms[name[cell]] = terms.get(name[cell], 0.0) + sign
            else:
                constant -= sign * value
        if any(terms.values()):
            out.append((terms, constant))
    return out


def intervals(
    equations: Sequence[Equation], wanted: Iterable[Unknown]
) -> dict[Unknown, tuple[float, float]]:
    """The attacker's bounds on the *wanted* unknowns: the smallest and largest value each
    can take with every equation holding and no count negative."""
    attack = _Attack(equations)
    return {
        v: (attack.extreme(v, 1.0), attack.extreme(v, -1.0)) for v in wanted if v in attack.index
    }


class _Attack:
    """The attacker's linear programmes over one system of equations, asked cell by cell.

    Every programme's optimum is a solution of the system (all counts non-negative), so each
    unknown's value there lies inside that unknown's interval. The smallest and largest value
    seen for each unknown are kept: a small cell whose values seen already span the
    protection width and reach the threshold is safe without a programme of its own (the
    decision :func:`exposed` makes from the exact interval, up to the solver's tolerance),
    and each programme is solved once (the cover and the release ask the same pattern again).
    """

    def __init__(self, equations: Sequence[Equation]) -> None:
        self.variables = sorted({v for terms, _ in equations for v in terms}, key=repr)
        self.index = {v: i for i, v in enumerate(self.variables)}
        self.a_eq = np.zeros((len(equations), len(self.variables)))
        self.b_eq = np.array([constant for _, constant in equations])
        for row, (terms, _) in enumerate(equations):
            for v, coefficient in terms.items():
                self.a_eq[row, self.index[v]] += coefficient
        self.low_seen = np.full(len(self.variables), np.inf)
        self.high_seen = np.full(len(self.variables), -np.inf)
        self.solved: dict[tuple[Unknown, float], float] = {}

    def _solve(self, objective: np.ndarray) -> tuple[int, float]:
        """Minimise *objective* over the system; its status and value, its optimum kept."""
        from scipy.optimize import linprog

        found = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=(0, None), method="highs")
        if found.x is not None and found.status == 0:
            self.low_seen = np.minimum(self.low_seen, found.x)
            self.high_seen = np.maximum(self.high_seen, found.x)
        return found.status, float(found.fun) if found.fun is not None else 0.0

    def extreme(self, v: Unknown, sign: float) -> float:
        """The smallest (*sign* 1) or largest (-1) value of *v*; inf when unbounded above."""
        if (v, sign) not in self.solved:
            objective = np.zeros(len(self.variables))
            objective[self.index[v]] = sign
            status, value = self._solve(objective)
            self.solved[(v, sign)] = float("inf") if status == 3 else sign * value
        return self.solved[(v, sign)]

    def interval(self, cell: Cell, value: int, hidden: bool) -> tuple[float, float]:
        """The attacker's interval for *cell*: a hidden cell in no equation can be anything
        from 0 up, a shown one is known."""
        if cell not in self.index:
            return (0.0, float("inf")) if hidden else (float(value), float(value))
        return self.extreme(cell, 1.0), self.extreme(cell, -1.0)

    def narrows(self, cell: Cell, value: int, hidden: bool, rules: Rules) -> bool:
        """Whether the attacker narrows the small *cell* too far (:func:`exposed`'s rule),
        its largest value asked before its smallest (one below the threshold is enough)."""
        if cell in self.index:
            if self._spans(self.index[cell], rules):
                return False
            if self.extreme(cell, -1.0) < rules.threshold - 1e-6:
                return True
            if self._spans(self.index[cell], rules):
                return False
        low, high = self.interval(cell, value, hidden)
        return high - low < rules.width - 1e-6 or high < rules.threshold - 1e-6

    def _spans(self, i: int, rules: Rules) -> bool:
        low, high = self.low_seen[i], self.high_seen[i]
        return bool(high - low >= rules.width - 1e-7 and high >= rules.threshold - 1e-7)

    def first_exposed(
        self, cells: Mapping[Cell, int], hidden: set[Cell], primary: Iterable[Cell], rules: Rules
    ) -> list[Cell]:
        """The first, in order, of the small cells the attacker narrows too far (``exposed(
        cells, intervals(...), primary, rules)[:1]``), with no programme for a cell already
        seen safe and none after the first exposed: the cover needs only the first, the
        release only whether there is one."""
        for cell in sorted(primary):
            if self.narrows(cell, cells[cell], cell in hidden, rules):
                return [cell]
        return []


def exposed(
    cells: Mapping[Cell, int],
    bounds: Mapping[Unknown, tuple[float, float]],
    primary: Iterable[Cell],
    rules: Rules,
) -> list[Cell]:
    """The small cells the attacker narrows too far: an interval under the protection width,
    or one that shows the cell must be below the threshold (a cell not in *bounds* is known)."""
    out = []
    for cell in sorted(primary):
        low, high = bounds.get(cell, (cells[cell], cells[cell]))
        if high - low < rules.width - 1e-6 or high < rules.threshold - 1e-6:
            out.append(cell)
    return out


WITHIN = "within"


def act_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """What every reader knows between the act table and the violations: the people who
    suffered an act are among those counted under the violation it counts as (an arrest is a
    detention, a beating torture: ``counted_as`` in the act vocabulary), so the act's cell is
    at most the violation's. Written as an equation with a slack cell that is never
    published (``(WITHIN, act)``, the violation's people without that act); only where it
    holds for the true figures (a merged violation's total is such a cell too)."""
    from uncounted.model.vocabulary import counted_as

    within = counted_as("act_types")
    out = []
    for cell, value in cells.items():
        whole: Cell = ("violation", within.get(cell[-1], ""))
        if cell[0] == ACT and whole in cells and value <= cells[whole]:
            out.append(Relation(whole, (cell, (WITHIN, cell[1]))))
    return out


def people_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """What every reader knows between the headline (:data:`PEOPLE`, the people documented as
    victims) and the tables: the grand total counts each person once per violation, so it is
    at least the people, and each violation's total at most. Where the grand total is the
    people (nobody counted twice: the usual case) the reader who reads the headline as the
    grand total is right, and is given it exactly, as a figure that did not change is taken
    as unchanged: walking a second report, "People documented as victims: 98" beside the
    first's 95 gave away the 3 new detentions its tables hid. The counts beside the headline
    (:func:`beside_cell`) and of people on the lists (:func:`listed_cell`) are at most or at
    least the people, exactly where they are them. The slack cells (``(WITHIN, ...)``) are
    never published."""
    if PEOPLE not in cells:
        return []
    people = cells[PEOPLE]
    out = []
    if TOTAL in cells and cells[TOTAL] >= people:  # (people with no violation are in no table)
        exact = cells[TOTAL] == people
        out.append(Relation(TOTAL, (PEOPLE,) if exact else (PEOPLE, (WITHIN, "people"))))
    for cell, value in cells.items():
        if cell[0] == "violation" and len(cell) == 2 and value <= people:
            out.append(Relation(PEOPLE, (cell, (WITHIN, f"people without {cell[1]}"))))
        elif cell[0] == LISTED or cell in (beside_cell("records"), beside_cell("unplaced")):
            out.append(_against(cell, value, PEOPLE, people))
    return [*out, *_links_orders(cells)]


def _against(cell: Cell, value: int, other: Cell, figure: int) -> Relation:
    """*cell* (of *value*) at most or at least *other* (of *figure*), exactly where it is
    it: the slack between them is never published."""
    slack: tuple[Cell, ...] = () if value == figure else ((WITHIN, "than", *cell, *other),)
    small, large = (cell, other) if value <= figure else (other, cell)
    return Relation(large, (small, *slack))


#: The links between records not yet reviewed, printed beside the headline.
LINKS: Cell = (BESIDE, "links")


def _links_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """Every record is one person's or a person of its own, and a person of n records not yet
    reviewed is n - 1 links: the records are at least the people and the links together,
    exactly where every record is a victim's and no reviewer confirmed a person of several
    (a vault linked and not yet reviewed, the usual case after linkage). Printed beside a
    hidden headline, 150 records and 52 links gave its 98 away."""
    records = beside_cell("records")
    if not {PEOPLE, LINKS, records} <= set(cells):
        return []
    together = cells[PEOPLE] + cells[LINKS]
    if cells[records] < together:
        return []
    slack: tuple[Cell, ...] = () if cells[records] == together else ((WITHIN, "other records"),)
    return [Relation(records, (PEOPLE, LINKS, *slack))]


def listed_cell(kind: str, name: str = "", violation: str = "") -> Cell:
    """The cell of a count of people on the lists the report prints (each list's people,
    ``list``, by its place among the lists; the estimate's people on the lists,
    ``estimate``; at a linkage setting of its sensitivity, ``setting``; a list left out on
    purpose, ``left out``; the capture histories of the package, ``histories``), of
    *violation* when the estimate counts one. Audited with the headline (:func:`people_orders`)
    and with the violation's total (:func:`listed_orders`), never small itself (printed "<5"
    when shown): a list holding everyone is the people documented, and "people named by
    each: 98" gave the hidden headline away."""
    return (LISTED, kind, name, violation)


def listed_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """The counts of people on the lists of an estimate of one violation against that
    violation's total (at most, exactly where they are it), and the estimate's people with
    those of a list left out against the people (or the violation): together at most them,
    exactly where every person is on one of them."""
    out: list[Relation] = []
    for cell, value in sorted(cells.items()):
        whole: Cell = ("violation", cell[-1])
        if cell[0] == LISTED and cell[-1] and whole in cells:
            out.append(_against(cell, value, whole, cells[whole]))
    for cell, value in sorted(cells.items()):  # an estimate's figures: at least its people
        people = _estimated_people(cell)
        if people is not None and people in cells:
            out.append(_against(cell, value, people, cells[people]))
    for cell in [c for c in cells if c[0] == LISTED and c[1] == "estimate" and not c[2]]:
        left = listed_cell("left out", violation=cell[-1])
        whole = ("violation", cell[-1]) if cell[-1] else PEOPLE
        if left in cells and whole in cells:
            both: Cell = (WITHIN, "on the lists", cell[-1])
            out.append(Relation(both, (cell, left)))
            out.append(_against(both, cells[cell] + cells[left], whole, cells[whole]))
    return out


def stratum_cell(districts: Iterable[str], violation: str = "") -> Cell:
    """The cell of the people of one stratum of the package's capture histories (the
    districts it holds, each person in the district of their earliest record; of
    *violation* when the estimate counts one): printed in histories.csv, never hidden there
    (the estimate is a function of every cell), audited with the tables
    (:func:`strata_orders`). A stratum of one district is that district's total, or its
    violation's cell: histories.csv gave away a hidden "Vedeno, Detention" of 30 beside
    Vedeno's 33, and with it 3 tortures (disclosure10)."""
    return (LISTED, "stratum", ",".join(sorted(districts)), violation)


def strata_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """What every reader of histories.csv knows: its strata add up to the people in the
    histories, and each stratum's people are at most or at least its districts' figures in
    the tables (of the estimate's violation where the tables have its column and each
    district's row, else the districts' totals), exactly where they are them (nobody counted
    twice, the usual case, which a reader takes). Only where it holds for the true figures;
    the sums of the districts (``WITHIN``) are never published."""
    strata = sorted(c for c in cells if c[0] == LISTED and c[1] == "stratum")
    out: list[Relation] = []
    for cell in strata:
        districts, violation = cell[2].split(","), cell[3]
        parts: list[Cell] = [("district×violation", d, violation) for d in districts]
        if not violation or not all(p in cells for p in parts):
            parts = [("district", d) for d in districts]
        if not all(p in cells for p in parts):
            continue
        whole: Cell = (WITHIN, "districts of", *cell)
        out.append(Relation(whole, tuple(parts)))
        out.append(_against(cell, cells[cell], whole, sum(cells[p] for p in parts)))
    if strata:
        histories = listed_cell("histories", "", strata[0][3])
        if histories in cells and cells[histories] == sum(cells[c] for c in strata):
            out.append(Relation(histories, tuple(strata)))
    return out


def strata_exposed(
    publication: Publication,
    strata: Mapping[Cell, int],
    rules: Rules,
    previous: Publication | None = None,
) -> bool:
    """Whether the *strata* of the capture histories (:func:`stratum_cell`: people), printed
    beside *publication*'s tables, would let a reader of both (and of the *previous* report)
    narrow a small cell the tables protect: the histories are coarsened until they do not
    (:func:`uncounted.report.histories.research_histories`). The tables win: a stratum is a
    convenience of the researcher's file (the estimate is over all strata together), the
    tables are what the report is read for."""
    cells = {**publication.figures, **strata}
    hidden = publication.hidden
    attack = _Attack(_attacker(cells, publication.relations, hidden, previous))
    return bool(attack.first_exposed(cells, hidden, publication.primary, rules))


def behind_cell(made_at: str) -> Cell:
    """The cell of the records added or changed since the chosen estimate read them (made at
    *made_at*, the run's identity), printed in its caution when not 0: never small (records),
    audited with the report published before when both print the same estimate
    (:func:`behind_across`)."""
    return (BESIDE, "behind", made_at)


def behind_across(
    cells: Mapping[Cell, int], before: Mapping[Cell, int]
) -> tuple[Cell, bool] | None:
    """Across two reports of the same estimate: the people documented grew by at most the
    records added or changed between them (each record adds one person at most), so "0
    records added since the estimate", then "3", bound the people added between the reports
    by 3, and the month holding them (the three new detentions of June 2017 were worked out
    so from a hidden grand total). The behind cell of both reports (:func:`behind_cell`)
    and whether they are exactly the people added (no slack), when that holds for the true
    figures; None when the reports print no such pair."""
    same = [c for c in cells if c[:2] == (BESIDE, "behind") and c in before]
    if not same or PEOPLE not in cells or PEOPLE not in before:
        return None
    added = cells[same[0]] - before[same[0]]
    grew = cells[PEOPLE] - before[PEOPLE]
    if added < grew:
        return None
    return same[0], added == grew


def _estimated_people(cell: Cell) -> Cell | None:
    """The people on the lists an estimate's lowest figure (a :func:`listed_cell` ``estimate``
    ``low``, or ``setting low``) is at least, or None for any other cell."""
    if cell[0] != LISTED:
        return None
    if cell[1:3] == ("estimate", "low"):
        return listed_cell("estimate", "", cell[3])
    if cell[1] == "setting low":
        return listed_cell("setting", cell[2], cell[3])
    return None


def beside_cell(name: str) -> Cell:
    """The cell of a count of records the report prints beside the people documented, audited
    with them (:func:`people_orders`; never small itself: records, not people by a category,
    hidden only as a complement): ``records`` (every record, at least the people: each
    person has one), ``unplaced`` (victims' records no linkage run placed yet, each
    counted as one person: at most the people) and ``links`` (links between records not yet
    reviewed: the records are at least the people and the links together). A second report
    printed "People documented as victims: · (98 records not yet linked, each counted as one
    person)", the hidden headline beside itself, when nobody was linked yet."""
    return (BESIDE, name)


def claim_cell(month: str, violations: Iterable[str]) -> Cell:
    """The cell of the people documented as victims of *violations* (any, when none) in
    events dated up to *month* (YYYY-MM, or YYYY: the years before), which the report prints
    beside an official claim of that date: one cell for the claims of one month and kind."""
    return (CLAIM, month, ",".join(sorted(violations)))


def claim_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """What every reader knows between a claim's people documented by its date (a
    :func:`claim_cell`) and the tables: the months up to its date add up to at least them
    (a person counts once, a month once per violation), exactly where nobody is counted
    twice, the usual case, which a reader takes; of a claim about violations, the years up to
    its year, each violation's column, add up to at least them, and of a claim about one
    violation, the years before its own add up to at most them. Two claims a month apart
    gave a hidden month of 3 people away (68 less 65), each printed in full or as "<5". Only
    where it holds for the true figures; the cells the relations need besides the published
    ones (``WITHIN``) are never published."""
    out: list[Relation] = []
    months = sorted(c for c in cells if c[0] == "month" and c[1] != UNKNOWN)
    inner = {c for c in cells if c[0] == "year×violation"}
    for cell, value in sorted(cells.items()):
        if cell[0] != CLAIM:
            continue
        month, kinds = cell[1], [k for k in cell[2].split(",") if k]
        if not kinds:
            out += _at_least(cell, value, [m for m in months if m[1] <= month], cells, True)
            continue
        year, whole_year = month[:4], len(month) == 4 or month[5:] == "12"
        before = [c for c in inner if c[1] != UNKNOWN and c[1] < year and c[2] in kinds]
        this = [c for c in inner if c[1] == year and c[2] in kinds and len(month) == 7]
        merged: list[Cell] = [
            ("violation", k)
            for k in kinds
            if ("violation", k) in cells and not any(c[2] == k for c in inner)
        ]
        exact = whole_year and not merged and len(kinds) == 1
        out += _at_least(cell, value, sorted(before + this + merged), cells, exact)
        if len(kinds) == 1 and len(this) == 1 and not merged:
            part = value - sum(cells[c] for c in before)
            if 0 <= part <= cells[this[0]]:  # the claim's own months of its year
                own = (WITHIN, "of", *cell)
                out.append(Relation(cell, (*sorted(before), own)))
                out.append(Relation(this[0], (own, (WITHIN, "after", *cell))))
    return out + _claims_by_month(cells, months)


def _claims_by_month(cells: Mapping[Cell, int], months: Sequence[Cell]) -> list[Relation]:
    """Claims about the same violations, in the order of their months: the later one's people
    less the earlier one's were first documented in the months between, at most those
    months' figures (a month counts every violation), and the first at most the months up to
    it. Two claims about detentions, 14 people by May 2017 and 17 by June, put June at 3 or
    more, and with the tables a hidden May of 2 was narrowed to [1, 4] (the audit knew only
    the years of a violation's column). Only where it holds for the true figures."""
    out: list[Relation] = []
    claims = sorted(c for c in cells if c[0] == CLAIM and c[2] and len(c[1]) == 7)
    for kinds in sorted({c[2] for c in claims}):
        earlier: Cell | None = None
        for claim in [c for c in claims if c[2] == kinds]:
            start = earlier[1] if earlier is not None else ""
            between = tuple(m for m in months if start < m[1] <= claim[1])
            grew = cells[claim] - (cells[earlier] if earlier is not None else 0)
            if between and 0 <= grew <= sum(cells[m] for m in between):
                added: Cell = claim if earlier is None else (WITHIN, "grew", *claim)
                if earlier is not None:
                    out.append(Relation(claim, (earlier, added)))
                whole: Cell = (WITHIN, "months", *claim)
                out.append(Relation(whole, between))
                out.append(Relation(whole, (added, (WITHIN, "rest", *claim))))
            earlier = claim
    return out


def _at_least(
    claim: Cell, value: int, parts: Sequence[Cell], cells: Mapping[Cell, int], exact: bool
) -> list[Relation]:
    """*parts* add up to at least the *claim*'s *value*: exactly (the claim is their sum)
    when they do and a reader would take it so (*exact*), else through a sum and a slack."""
    total = sum(cells[p] for p in parts)
    if total < value:
        return []
    if exact and total == value:
        return [Relation(claim, tuple(parts))]
    whole: Cell = (WITHIN, "sum", *claim)
    return [Relation(whole, tuple(parts)), Relation(whole, (claim, (WITHIN, "more", *claim)))]


def reader_orders(cells: Mapping[Cell, int]) -> list[Relation]:
    """Every relation a reader knows besides the tables' own: acts within violations
    (:func:`act_orders`), the headline (:func:`people_orders`), the claims
    (:func:`claim_orders`), the counts of people on the lists (:func:`listed_orders`), the
    strata of the capture histories (:func:`strata_orders`)."""
    return [
        *act_orders(cells),
        *people_orders(cells),
        *claim_orders(cells),
        *listed_orders(cells),
        *strata_orders(cells),
    ]


def _slacks(orders: Iterable[Relation], cells: Mapping[Cell, int]) -> list[Cell]:
    """The cells of *orders* that are not cells of the tables: never published unknowns."""
    found = {c for order in orders for c in (order.whole, *order.parts) if c not in cells}
    return sorted(found)


def _attacker(
    cells: Mapping[Cell, int],
    relations: Sequence[Relation],
    hidden: set[Cell],
    previous: Publication | None,
) -> list[Equation]:
    """The attacker's system over this publication and every earlier one (*previous* and
    the reports before it, :attr:`Publication.reports_before`): a cell is one unknown in every
    report where its figure is the same (the reader who takes a figure as unchanged is
    right there, whichever reports apart), known where any of them shows that figure; each
    report's relations and reader's orders (:func:`reader_orders`) join the system, and two
    reports of the same estimate bound the people added between them
    (:func:`behind_across`)."""
    shown: dict[Cell, int | None] = {c: None if c in hidden else v for c, v in cells.items()}
    name: dict[Cell, Unknown] = {c: c for c in cells}
    orders = reader_orders(cells)
    for slack in _slacks(orders, cells):
        shown[slack], name[slack] = None, slack
    relations = [*relations, *orders]
    if previous is None:
        return _equations(relations, shown, name)
    earlier = [*previous.reports_before, previous]
    known: dict[Unknown, int] = {name[c]: v for c, v in shown.items() if v is not None}
    first: dict[tuple[Cell, int | None], Unknown] = {}
    names: list[dict[Cell, Unknown]] = []
    for number, report in enumerate(earlier):
        named: dict[Cell, Unknown] = {}
        for cell, value in report.cells.items():
            figure = report.figures.get(cell)
            same = cell in cells and cells[cell] == figure
            named[cell] = cell if same else first.setdefault((cell, figure), (number, cell))
            if value is not None:
                known[named[cell]] = value
        names.append(named)
    for cell in cells:  # hidden now, shown before with the figure it has now
        if shown[cell] is None and cell in known:
            shown[cell] = known[cell]
    out = _equations(relations, shown, name)
    states: list[_State] = []
    for number, (report, named) in enumerate(zip(earlier, names, strict=True)):
        old_shown = {c: known.get(named[c]) for c in report.cells}
        old_orders = reader_orders(report.figures)
        for slack in _slacks(old_orders, report.figures):
            old_shown[slack], named[slack] = None, (number, slack)
        out += _equations([*report.relations, *old_orders], old_shown, named)
        if PEOPLE in report.cells:
            states.append((report.figures, old_shown, named))
    states.append((cells, shown, name))
    for later, now in enumerate(states):
        for before, then in enumerate(states[:later]):
            out += _behind_between(now, then, (before, (WITHIN, "added between", str(later))))
    return out


_State = tuple[Mapping[Cell, int], Mapping[Cell, int | None], Mapping[Cell, Unknown]]


def _behind_between(now: _State, then: _State, slack: Unknown) -> list[Equation]:
    """Two reports of the same estimate (:func:`behind_across`): the people now, plus the
    records since the estimate then, at most the people then plus the records since it now
    (the difference, *slack*, never published); none when they print no such pair."""
    (figures, shown, name), (old_figures, old_shown, old_name) = now, then
    across = behind_across(figures, old_figures)
    if across is None:
        return []
    cell, exact = across
    terms: dict[Unknown, float] = {} if exact else {slack: 1.0}
    constant = 0.0
    for figure, unknown, sign in (
        (shown[PEOPLE], name[PEOPLE], 1.0),
        (old_shown[cell], old_name[cell], 1.0),
        (old_shown[PEOPLE], old_name[PEOPLE], -1.0),
        (shown[cell], name[cell], -1.0),
    ):
        if figure is None:
            terms[unknown] = terms.get(unknown, 0.0) + sign
        else:
            constant -= sign * figure
    return [(terms, constant)] if any(terms.values()) else []


def _related(
    cells: Mapping[Cell, int], relations: Sequence[Relation], to: set[Cell], skip: set[Cell]
) -> list[Cell]:
    """The cells that share a relation with a cell of *to*, not in *skip*, cheapest first:
    inner cells before margins (a reader's margins are the figures most read), then the
    fewest people hidden, empty cells last (an empty cell gives no cover downwards)."""
    found: set[Cell] = set()
    for relation in relations:
        members = (relation.whole, *relation.parts)
        if any(cell in to for cell in members):
            found.update(c for c in members if c in cells and c not in skip and c not in to)
    return sorted(
        found,
        key=lambda c: (len(c) < 3 or c[0] in PRINTED_AS_SUCH, cells[c] == 0, cells[c], c),
    )


def _cheapest_cover(
    cells: Mapping[Cell, int],
    hidden: set[Cell],
    relations: Sequence[Relation],
    target: Cell,
    attack: Callable[[set[Cell]], _Attack],
    rules: Rules,
    frozen: set[Cell],
) -> Cell | None:
    """The cell to hide next for *target*: the cheapest cell (see :func:`_related`) of a
    relation with the target or with a hidden cell that protects the target or at least
    widens the attacker's interval for it; failing that, the cheapest of the target's own
    relations (a cycle of hidden cells needs several before any helps), or of any."""

    def width(pattern: set[Cell]) -> float:
        low, high = attack(pattern).interval(target, cells[target], True)
        return min(high - low, 10**9) + min(high, 10**9)

    before = width(hidden)
    candidates = _related(cells, relations, hidden | {target}, hidden | frozen)
    for cell in candidates:
        if not attack(hidden | {cell}).narrows(target, cells[target], True, rules):
            return cell
        if width(hidden | {cell}) > before + 1e-6:
            return cell
    own = _related(cells, relations, {target}, hidden | frozen)
    return own[0] if own else candidates[0] if candidates else None


def _release(
    cells: Mapping[Cell, int],
    hidden: set[Cell],
    kept: set[Cell],
    relations: Sequence[Relation],
    safe: Callable[[set[Cell]], bool],
    frozen: set[Cell],
) -> set[Cell]:
    """Minimum loss after the greedy pass: every complementary cell, largest first, is shown
    again when the pattern stays safe without it, and otherwise traded for a smaller cell of
    its relations when that keeps it safe, until nothing changes. Cells in *kept* (small, or
    hidden by an earlier report) stay hidden, cells in *frozen* stay shown. A hidden cell the
    attacker can compute exactly protects nothing, so none is left."""
    changed = True
    while changed:  # each change hides fewer people, so this ends
        changed = False
        for cell in sorted(hidden - kept, key=lambda c: (-cells[c], len(c), c)):
            without = hidden - {cell}
            if safe(without):
                hidden, changed = without, True
                continue
            for smaller in _related(cells, relations, {cell}, hidden | frozen):
                cheaper = cells[smaller] < cells[cell] and len(smaller) >= len(cell)
                if cheaper and safe(without | {smaller}):
                    hidden, changed = without | {smaller}, True
                    break
            if changed:
                break
    return hidden


#: What hiding a total costs per person, against 1 for a cell inside a table: a total is a
#: cell that other published cells add up to (the grand total, a violation's, a year's, an
#: area's), the figures a reader reads first (the chart, the All row and column).
TOTAL_COST = 10


def protect(
    cells: Mapping[Cell, int],
    relations: Sequence[Relation],
    rules: Rules,
    previous: Publication | None = None,
) -> Publication:
    """Hide the small cells and the fewest, smallest others such that no differencing of this
    publication (and of *previous*, when given) narrows a small cell below the rules'
    protection (a greedy cover audited by the attacker's linear programmes, then
    :func:`_release`), a total (a cell others add up to) costing ``TOTAL_COST`` times a cell
    inside the tables. Audited with *previous*, the cells a report made alone would show are
    marked (``Publication.earlier``, made when asked): the report says why they are hidden."""
    primary = _small(cells, rules)
    # hidden whatever else is: small, a merged violation's or district's total, hidden by the
    # earlier report
    kept = primary | {(d, v) for d in OTHER for v in merged_members(relations, d)}
    # the headline and the claims' people are read first, as a total is
    read_first = {c for c in cells if c == PEOPLE or c[0] in PRINTED_AS_SUCH}
    totals = {relation.whole for relation in relations} | read_first
    known_before: set[Cell] = set()
    if previous is not None:
        # hidden once, hidden since: the cells the earlier report published hidden
        kept |= {cell for cell in previous.hidden - previous.sealed if cell in cells}
        known_before = {
            c
            for report in (*previous.reports_before, previous)
            for c, v in report.cells.items()
            if v is not None and cells.get(c) == v
        }
    every = [
        *relations,
        *reader_orders(cells),
        *(previous.relations if previous else []),
    ]

    attacks: dict[frozenset[Cell], _Attack] = {}  # the cover and the release ask again
    decided: dict[frozenset[Cell], list[Cell]] = {}

    def attack(pattern: set[Cell]) -> _Attack:
        key = frozenset(pattern)
        if key not in attacks:
            attacks[key] = _Attack(_attacker(cells, relations, pattern, previous))
        return attacks[key]

    def failing(pattern: set[Cell]) -> list[Cell]:
        key = frozenset(pattern)
        if key not in decided:
            decided[key] = attack(pattern).first_exposed(cells, pattern, primary, rules)
        return decided[key]

    def solve(frozen: set[Cell]) -> set[Cell] | None:
        pattern = set(kept)
        while exposing := failing(pattern):
            extra = _cheapest_cover(cells, pattern, every, exposing[0], attack, rules, frozen)
            if extra is None:  # the failing cell's relations are all hidden or frozen
                return None
            pattern.add(extra)
        return _release(cells, pattern, kept, every, lambda p: not failing(p), frozen)

    def cost(pattern: set[Cell]) -> int:
        return sum(cells[c] * (TOTAL_COST if c in totals else 1) for c in pattern - kept)

    # a total hidden as a complement is tried shown (frozen) with the cover built again
    # around it: the swap of several cells at once that _release's one-for-one trades miss
    frozen = set(known_before)
    best = solve(frozen)
    spared = True
    while best is not None and spared:  # each change costs less, so this ends
        spared = False
        for total in sorted((best - kept) & totals, key=lambda c: (-cells[c], c)):
            other = solve(frozen | {total})
            if other is not None and cost(other) < cost(best):
                best, frozen, spared = other, frozen | {total}, True
                break
    if best is None:  # nothing protects a cell: hide everything, when that protects it
        if previous is not None and (exposing := failing(set(cells))):
            # the earlier report is out for good: hiding this one's figures cannot take
            # back what it showed
            raise ReportUnprotectable(exposing[0], previous.number)
        best = set(cells)
    hidden = best
    return Publication(
        cells={cell: None if cell in hidden else value for cell, value in cells.items()},
        relations=list(relations),
        primary=primary,
        figures=dict(cells),
        alone=None if previous is None else _alone(cells, relations, rules, hidden),
    )


def _small(cells: Mapping[Cell, int], rules: Rules) -> set[Cell]:
    """The cells under the threshold, each protected (primary): every count of people, but
    not a count of records beside the headline (:func:`beside_cell`: records, not people by a
    category) nor of people on the lists (:func:`listed_cell`: a small one is printed "<5",
    and the capture histories give it exactly, docs/reports.md): audited only for what they
    tell of the others."""
    return {c for c, v in cells.items() if 0 < v < rules.threshold and c[0] not in (BESIDE, LISTED)}


def _alone(
    cells: Mapping[Cell, int], relations: Sequence[Relation], rules: Rules, hidden: set[Cell]
) -> Callable[[], set[Cell]]:
    """What a report of *cells* made alone hides, made once, when first asked
    (:attr:`Publication.earlier`); with no protection of its own when every cell *hidden*
    is one a report made alone hides too (small, or a merged violation's or district's
    total)."""
    whatever = _small(cells, rules)
    whatever |= {(d, v) for d in OTHER for v in merged_members(relations, d)}
    made: list[set[Cell]] = []

    def alone() -> set[Cell]:
        if not made:
            asked = hidden <= whatever
            made.append(hidden if asked else _protected(cells, relations, rules, None).hidden)
        return made[0]

    return alone


def report_tables(
    cases: Sequence[Case],
    rules: Rules,
    acts: Mapping[str, int] | None = None,
    previous: Publication | None = None,
    groups: Groups | None = None,
) -> tuple[dict[Cell, int], list[Relation]]:
    """The tables of *cases* before protection: coarsened (:func:`coarsen`, *groups* or
    by default what *previous* merged merged first), tabulated (:func:`tables`), the merged
    violations' and districts' own totals with them."""
    groups = groups if groups is not None else groups_of(cases, rules, previous)
    people = Counter(case.violation for case in cases)
    places = Counter(case.district or UNKNOWN for case in cases)
    merged = {name: people[name] for name in groups["violation"]}
    areas = {name: places[name] for name in groups["district"]}
    return tables(coarsen(cases, rules, previous, groups), acts, merged, areas)


def publish(
    cases: Sequence[Case],
    rules: Rules | None = None,
    previous: Publication | None = None,
    acts: Mapping[str, int] | None = None,
    people: int | None = None,
    beside: Mapping[Cell, int] | None = None,
) -> Publication:
    """The public tables of *cases* (and of people by act): coarsened, tabulated, protected
    (the same tables, rules and earlier report protected once: :data:`_MADE`). *people*,
    the people documented printed as the report's headline, is audited with them
    (:func:`people_orders`; hidden when it must be, never in a table); under the threshold
    it is printed "<5" and left out (every figure of such a report is hidden anyway).
    *beside*, the figures printed beside the tables (the people documented by each official
    claim's date, :func:`claim_cell`; the counts of records beside the headline,
    :func:`beside_cell`), are audited with them the same way (:func:`claim_orders`,
    :func:`people_orders`), a small claim hidden as a small cell is."""
    rules = rules or Rules()
    refused: ReportUnprotectable | None = None
    for groups in _groupings(cases, rules, previous):
        # the recoding reads *previous* (what it merged is merged first), so the key's cells
        # are the recoded ones and *previous* is part of the key
        cells, relations = report_tables(cases, rules, acts, previous, groups)
        if people is not None and people >= rules.threshold:
            cells[PEOPLE] = people
        cells.update(beside or {})
        try:
            return _protected(cells, relations, rules, previous)
        except ReportUnprotectable as error:
            refused = refused or error  # the figure as the report's own grouping has it
    assert refused is not None  # the first grouping is always tried
    raise refused


#: How many more violations (or districts) a merged group may take, one at a time, when no
#: pattern of hidden cells protects a report against the one published before it.
COARSER = 3


def _groupings(
    cases: Sequence[Case], rules: Rules, previous: Publication | None
) -> Iterable[dict[str, list[str]]]:
    """The groupings a report is tried with, in order: its own (:func:`groups_of`), then,
    after an earlier report, "other violations" and then "other districts" with one, two,
    ... :data:`COARSER` more members (the next smallest): a group that lost a member since
    (its records corrected to another violation) took a new one, and the first report's
    figure for that one, less the group's, gives the rest away whatever this report hides
    (stop 24's known leak); merged further, the group is another figure altogether."""
    first = groups_of(cases, rules, previous)
    yield first
    if previous is None:
        return  # hiding every cell always protects a report made alone
    tried = [first]
    for dimension in OTHER:
        for more in range(1, COARSER + 1):
            groups = groups_of(cases, rules, previous, {dimension: more})
            if groups not in tried:
                tried.append(groups)
                yield groups


def _protected(
    cells: Mapping[Cell, int],
    relations: Sequence[Relation],
    rules: Rules,
    previous: Publication | None,
) -> Publication:
    """:func:`protect`, once per tables, rules and earlier report (:data:`_MADE`); a copy,
    so that whoever keeps the result (``made_on``, ``number``) changes nothing kept."""
    key = _made_from(cells, relations, rules, previous)
    with _MADE_LOCK:
        made = _MADE.get(key)
    if made is None:
        try:
            made = protect(cells, relations, rules, previous)
        except ReportUnprotectable as refused:
            made = refused
        with _MADE_LOCK:
            _MADE[key] = made
            while len(_MADE) > _MADE_SIZE:
                _MADE.popitem(last=False)
    if isinstance(made, ReportUnprotectable):
        raise ReportUnprotectable(made.cell, previous.number if previous is not None else 0)
    return replace(
        made,
        cells=dict(made.cells),
        relations=list(made.relations),
        primary=set(made.primary),
        figures=dict(made.figures),
    )


#: The publications made lately, by what they were made from (:func:`_made_from`): the draft
#: opened again, Publish pressed again after a refused repeat, a report made again because a
#: list came in meanwhile and went, protect nothing twice (seconds on the demo vault each).
#: A refusal is kept the same way: a report nothing protects tries every coarser grouping
#: (up to 1 + 2 x ``COARSER`` protections), and the draft, then Publish, asked them all again.
#: In memory only, as the vault's figures are while a report is made.
_MADE: OrderedDict[str, Publication | ReportUnprotectable] = OrderedDict()
_MADE_LOCK = threading.Lock()
_MADE_SIZE = 8


def _made_from(
    cells: Mapping[Cell, int],
    relations: Sequence[Relation],
    rules: Rules,
    previous: Publication | None,
) -> str:
    """SHA-256 of everything :func:`protect` reads: the tables, the rules, the earlier report."""
    before = None
    if previous is not None:
        before = [
            [sorted(report.cells.items()), report.relations, sorted(report.figures.items())]
            for report in (*previous.reports_before, previous)
        ]
    text = json.dumps([sorted(cells.items()), list(relations), asdict(rules), before], default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
