"""The differencing attacker, shared by the disclosure tests, the report's and the demo's.

Written from the published cells alone: it rebuilds the relations from the cells' names
(every row and column of a table adds up to its margin, every margin to the total, counts
never negative) and asks, for each small cell, the smallest and largest value it can take
(linear programmes, scipy's HiGHS). A published small cell, or an interval narrower than the
protection width or wholly below the threshold, fails :func:`check_safe`. Reports published
one after another are attacked together (:func:`attack_every`: all of them at once, and
:func:`check_every_safe` asks for every report's small cells), the attacker assuming every
cell whose figure did not change is the same unknown in each. :func:`published_cells` reads
the cells back from a report's ``tables.csv``, as an outsider holding the report would.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

import numpy as np
from scipy.optimize import linprog

from uncounted.model.vocabulary import counted_as
from uncounted.report.disclosure import (
    OTHER,
    OTHER_AREA,
    OTHER_VIOLATIONS,
    PEOPLE,
    UNKNOWN,
    Case,
    Cell,
    Publication,
    Rules,
    merged_members,
    report_tables,
)
from uncounted.report.document import ReportInput, cell_of_row


def _equations(cells: dict[Cell, int | None]) -> list[tuple[Cell, list[Cell]]]:
    """Every additive relation a reader sees in the published tables."""
    groups: dict[tuple[str, Cell], list[Cell]] = defaultdict(list)
    inner = [cell for cell in cells if len(cell) == 3 and cell[0].endswith("×violation")]
    # a violation with no column, a district with no row: one of those counted together
    rows = {c[1] for c in inner if c[0] == "district×violation"}  # not a year "unknown"
    shown = {"violation": {c[2] for c in inner}, "district": rows}
    other = {"violation": OTHER_VIOLATIONS, "district": OTHER_AREA}
    for cell in cells:
        merged = cell[0] in other and (cell[0], other[cell[0]]) in cells
        if merged and cell[1] not in shown[cell[0]]:
            groups[("merged", (cell[0], other[cell[0]]))].append(cell)
        elif len(cell) == 3 and "×" in cell[0]:  # a claim's relations: _claims
            row, column = cell[0].split("×")
            groups[(cell[0], (row, cell[1]))].append(cell)
            groups[(cell[0], (column, cell[2]))].append(cell)
        elif cell[0] == "month":
            year = cell[1][:4] if cell[1] != "unknown" else "unknown"
            groups[("month", ("year", year))].append(cell)
        elif len(cell) == 2 and cell[0] not in ("act", "beside"):  # acts: no total; beside: _orders
            groups[("", ("all",))].append(cell)
    out = []
    for (_table, whole), parts in groups.items():
        if whole == ("all",):
            for dimension in {p[0] for p in parts}:
                out.append((whole, [p for p in parts if p[0] == dimension]))
        else:
            out.append((whole, parts))
    return out


def _orders(cells: dict[Cell, int | None], truth: dict[Cell, int]) -> list[tuple[Cell, list[Cell]]]:
    """An act's people are among its violation's (the act vocabulary's public counted_as):
    act + slack = violation, the slack never published; where it holds for the figures."""
    within = counted_as("act_types")
    out = []
    for cell in cells:
        whole = ("violation", within.get(cell[-1], ""))
        if cell[0] == "act" and whole in cells and truth[cell] <= truth[whole]:
            out.append((whole, [cell, ("within", cell[1])]))
    out += _claims(cells, truth)
    people = ("people",)
    if people in cells:  # the headline: the grand total counts each person once per violation
        exact = truth[("all",)] == truth[people]  # read as the grand total, rightly
        out.append((("all",), [people] if exact else [people, ("within", "people")]))
        for cell in cells:
            if cell[0] == "violation" and len(cell) == 2:  # a violation's people are people
                out.append((people, [cell, ("within", f"people but {cell[1]}")]))
            elif cell[0] in ("beside", "listed") and cell != ("beside", "links"):
                # records: at least the people; unplaced, a list's people: at most
                out.append(_ordered(cell, people, truth))
        records, links = ("beside", "records"), ("beside", "links")
        rest = truth.get(records, 0) - truth[people] - truth.get(links, 0)
        if records in cells and links in cells and rest >= 0:  # a person of n records: n - 1 links
            out.append((records, [people, links] + ([("within", "records")] if rest else [])))
    for cell in cells:  # an estimate's lowest figure is at least its people on the lists
        if cell[0] == "listed" and (cell[1] == "setting low" or cell[1:3] == ("estimate", "low")):
            of = ("listed", "estimate", "", cell[3]) if cell[1] == "estimate" else None
            of = of or ("listed", "setting", cell[2], cell[3])
            if of in cells:
                out.append(_ordered(cell, of, truth))
    for cell in cells:  # people on the lists of an estimate of one violation: at most its
        if cell[0] == "listed" and cell[-1] and ("violation", cell[-1]) in cells:
            out.append(_ordered(cell, ("violation", cell[-1]), truth))
        left = ("listed", "left out", "", cell[-1])
        whole = ("violation", cell[-1]) if cell[-1] else people
        if cell[:2] == ("listed", "estimate") and left in cells and whole in cells:
            both = ("within", "both", cell[-1])
            out.append((both, [cell, left]))
            truth = {**truth, both: truth[cell] + truth[left]}
            out.append(_ordered(both, whole, truth))
    return out + _strata(cells, truth)


def _strata(cells: dict[Cell, int | None], truth: dict[Cell, int]) -> list[tuple[Cell, list[Cell]]]:
    """histories.csv's strata, ("listed", "stratum", "district,district", violation): a
    stratum's people are its districts' people (of the estimate's violation where the tables
    have that cell for each district, else their totals: at most), at most or at least,
    exactly where equal; the strata together are the histories' people."""
    out: list[tuple[Cell, list[Cell]]] = []
    strata = sorted(c for c in cells if c[:2] == ("listed", "stratum"))
    for cell in strata:
        districts, violation = cell[2].split(","), cell[3]
        parts = [("district×violation", d, violation) for d in districts]
        if not violation or any(p not in truth for p in parts):
            parts = [("district", d) for d in districts]
        if any(p not in truth for p in parts):
            continue
        whole = ("within", "districts", *cell)
        truth = {**truth, whole: sum(truth[p] for p in parts)}
        out += [(whole, parts), _ordered(cell, whole, truth)]
    histories = ("listed", "histories", "", strata[0][3]) if strata else None
    if histories in cells and truth[histories] == sum(truth[c] for c in strata):
        out.append((histories, strata))
    return out


def _ordered(cell: Cell, other: Cell, truth: dict[Cell, int]) -> tuple[Cell, list[Cell]]:
    """*cell* at most or at least *other*, as their figures are: exactly where equal."""
    low, high = sorted(((cell, truth[cell]), (other, truth[other])), key=lambda x: x[1])
    more = [] if low[1] == high[1] else [("within", "order", *cell, *other)]
    return (high[0], [low[0], *more])


def _claims(cells: dict[Cell, int | None], truth: dict[Cell, int]) -> list[tuple[Cell, list[Cell]]]:
    """An official claim's people documented by its month, ("claim", YYYY-MM, violations):
    of any violation, the months up to its own add up to them where nobody is counted
    twice (the reader takes it so), else to at least them; of one violation with a column,
    the years before its own add up to at most them, and with its own year to at least."""
    out: list[tuple[Cell, list[Cell]]] = []
    for claim in [c for c in cells if c[0] == "claim"]:
        month, kinds = claim[1], [k for k in claim[2].split(",") if k]
        if kinds:
            year = month[:4]
            upto = [
                c
                for c in cells
                if c[0] == "year×violation" and c[2] in kinds and c[1] != "unknown"
                if c[1] < year or (c[1] == year and len(month) == 7)
            ]
            before = [c for c in upto if c[1] < year]
        else:
            upto = [c for c in cells if c[0] == "month" and c[1] != "unknown" and c[1] <= month]
            before = []
        total = sum(truth[c] for c in upto)
        if not upto or total < truth[claim]:
            continue
        if not kinds and total == truth[claim]:
            out.append((claim, upto))
        else:  # the months (years) add up to the claim and what it leaves out
            out.append((("within", "sum", *claim), upto))
            out.append((("within", "sum", *claim), [claim, ("within", "more", *claim)]))
        if len(kinds) == 1 and before != upto and truth[claim] >= sum(truth[c] for c in before):
            out.append((claim, [*before, ("within", "of", *claim)]))
    return out + _claims_by_month(cells, truth)


def _claims_by_month(
    cells: dict[Cell, int | None], truth: dict[Cell, int]
) -> list[tuple[Cell, list[Cell]]]:
    """Claims about the same violations, in the order of their months: the later one's people
    less the earlier one's are people first documented in the months between, at most those
    months' figures (each counts every violation); the first, at most the months up to it."""
    out: list[tuple[Cell, list[Cell]]] = []
    months = [c for c in cells if c[0] == "month" and c[1] != "unknown"]
    claims = sorted(c for c in cells if c[0] == "claim" and c[2] and len(c[1]) == 7)
    for kinds in {c[2] for c in claims}:
        earlier: Cell | None = None
        for claim in [c for c in claims if c[2] == kinds]:
            start = earlier[1] if earlier else ""
            between = [m for m in months if start < m[1] <= claim[1]]
            grew = truth[claim] - (truth[earlier] if earlier else 0)
            if between and 0 <= grew <= sum(truth[m] for m in between):
                added = claim if earlier is None else ("within", "grew", *claim)
                if earlier is not None:
                    out.append((claim, [earlier, added]))
                out.append((("within", "months", *claim), between))
                out.append((("within", "months", *claim), [added, ("within", "rest", *claim)]))
            earlier = claim
    return out


def attack(
    reports: list[tuple[Publication, dict[Cell, int]]], targets: set[Cell]
) -> dict[Cell, tuple[float, float]]:
    """Bounds on each target cell of the last report, from all *reports* together
    (:func:`attack_every`)."""
    last = len(reports) - 1
    bounds = attack_every(reports, {(last, cell) for cell in targets})
    return {cell: bounds[(last, cell)] for cell in targets}


Unknown = tuple[Cell, int] | tuple[int, Cell]


def attack_every(
    reports: list[tuple[Publication, dict[Cell, int]]], targets: set[tuple[int, Cell]]
) -> dict[tuple[int, Cell], tuple[float, float]]:
    """Bounds on each target, a cell of a report by its place in *reports* (0 the first),
    from every report's published figures and relations together.

    A report's hidden cell is an unknown: one per cell and figure, so a cell whose true
    figure did not change between two reports, whichever and however far apart, is the same
    unknown in both (the attacker's best guess, and the strongest: it is given which did
    not), and a known constant wherever any report published that figure. A relation's
    slack no report publishes is an unknown of its own report. Two reports of the same
    estimate, whichever, bound the people added between them by the records added
    (:func:`_behind_across`)."""
    names: dict[tuple[int, Cell], Unknown] = {}
    known: dict[Unknown, int] = {}
    for number, (publication, truth) in enumerate(reports):
        for cell, value in publication.cells.items():
            names[(number, cell)] = (cell, truth[cell])
            if value is not None:
                known[(cell, truth[cell])] = value
    orders = [_orders(publication.cells, truth) for publication, truth in reports]
    for number, among in enumerate(orders):
        for whole, parts in among:  # a cell no report publishes: an unknown of its own
            for slack in [whole, *parts]:
                if slack not in reports[number][0].cells:
                    names[(number, slack)] = (number, slack)
    pairs = _behind_across(reports)
    variables = sorted(
        {names[t] for t in targets} | {n for n in names.values() if n not in known}, key=repr
    )
    variables += [
        (len(reports), ("within", "added", str(i), str(j)))
        for i, j, _c, exact in pairs
        if not exact
    ]
    index = {name: i for i, name in enumerate(variables)}

    def term(number: int, cell: Cell, sign: float, vector: np.ndarray) -> float:
        """Adds *cell* of report *number* to *vector* (an unknown) or returns its constant."""
        name = names[(number, cell)]
        if name in index:
            vector[index[name]] += sign
            return 0.0
        return sign * known[name]

    rows, right = [], []
    for number, (publication, _truth) in enumerate(reports):
        for whole, parts in _equations(publication.cells) + orders[number]:
            vector = np.zeros(len(variables))
            constant = sum(
                term(number, c, s, vector) for c, s in [(whole, -1.0)] + [(p, 1.0) for p in parts]
            )
            if vector.any():
                rows.append(vector)
                right.append(-constant)
            else:
                assert constant == 0, f"published figures disagree: {whole}"
    for i, j, cell, exact in pairs:  # people then + records since now <= people now + ...
        vector = np.zeros(len(variables))
        constant = sum(
            term(number, c, sign, vector)
            for number, c, sign in (
                (j, ("people",), 1.0),
                (i, cell, 1.0),
                (i, ("people",), -1.0),
                (j, cell, -1.0),
            )
        )
        if not exact:
            vector[index[(len(reports), ("within", "added", str(i), str(j)))]] += 1.0
        rows.append(vector)
        right.append(-constant)
    for name, value in known.items():  # a target whose figure some report published
        if name in index:
            vector = np.zeros(len(variables))
            vector[index[name]] = 1.0
            rows.append(vector)
            right.append(float(value))
    bounds = {}
    system = {"A_eq": np.array(rows), "b_eq": np.array(right)} if rows else {}
    for target in targets:
        objective = np.zeros(len(variables))
        objective[index[names[target]]] = 1.0
        low = linprog(objective, **system, method="highs")
        high = linprog(-objective, **system, method="highs")
        assert low.status == 0, "the true figures must be feasible"
        bounds[target] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return bounds


def _behind_across(
    reports: list[tuple[Publication, dict[Cell, int]]],
) -> list[tuple[int, int, Cell, bool]]:
    """Two reports of the same estimate (the same "behind" cell: its run's time) each print
    the records added or changed since it: each record adds one person at most, so the people
    grew by at most the difference (exactly, where they did). Every such pair of reports
    (earlier, later, the cell, exact), where it holds for the truth."""
    people = ("people",)
    out = []
    for j, (after, new) in enumerate(reports):
        for i, (before, old) in enumerate(reports[:j]):
            if people not in before.cells or people not in after.cells:
                continue
            for cell in after.cells:
                if cell[:2] == ("beside", "behind") and cell in before.cells:
                    added, grew = new[cell] - old[cell], new[people] - old[people]
                    if added >= grew:
                        out.append((i, j, cell, added == grew))
    return out


def check_safe(reports: list[tuple[Publication, dict[Cell, int]]], rules: Rules) -> None:
    publication, truth = reports[-1]
    for cell, value in publication.cells.items():
        assert value is None or value == truth[cell], f"{cell} published wrong"
        records = cell[0] in ("beside", "listed")  # records, people on the lists: never small
        assert value is None or records or not 0 < value < rules.threshold, f"{cell} small"
    small = {c for c, value in truth.items() if 0 < value < rules.threshold}
    small = {c for c in small if c[0] not in ("beside", "listed", "within")}
    for cell, (low, high) in attack(reports, small).items():
        assert low <= truth[cell] + 1e-6 <= high + 2e-6, (cell, truth[cell], low, high)
        assert high - low >= rules.width - 1e-6, f"{cell} narrowed to [{low}, {high}]"
        assert high >= rules.threshold - 1e-6, f"{cell} shown to be small: [{low}, {high}]"


def check_every_safe(reports: list[tuple[Publication, dict[Cell, int]]], rules: Rules) -> None:
    """:func:`check_safe` for every report of *reports*, each read with every other: no small
    cell of any of them, an earlier report's included, is narrowed by all of them together
    (a cell 3 in report No. 1 and grown since is an unknown of report No. 1's)."""
    targets = set()
    for number, (publication, truth) in enumerate(reports):
        for cell, value in publication.cells.items():
            assert value is None or value == truth[cell], f"{number}: {cell} published wrong"
            records = cell[0] in ("beside", "listed")
            assert value is None or records or not 0 < value < rules.threshold, (number, cell)
        small = {c for c, value in truth.items() if 0 < value < rules.threshold}
        targets |= {(number, c) for c in small if c[0] not in ("beside", "listed", "within")}
    for (number, cell), (low, high) in attack_every(reports, targets).items():
        value = reports[number][1][cell]
        assert low <= value + 1e-6 <= high + 2e-6, (number, cell, value, low, high)
        assert high - low >= rules.width - 1e-6, f"{number}: {cell} narrowed to [{low}, {high}]"
        assert high >= rules.threshold - 1e-6, f"{number}: {cell} shown small: [{low}, {high}]"


def truth_of(
    cases: list[Case],
    rules: Rules,
    acts: dict[str, int] | None = None,
    previous: Publication | None = None,
    like: Publication | None = None,
) -> dict[Cell, int]:
    """The true cells of a report of *cases*, recoded as it is after *previous* (the
    districts and violations it merged are merged first: the labels a reader sees say so),
    or as the published report *like* groups them (a reader knows which violations "other
    violations" holds: the report names them; and the region's districts)."""
    groups = None
    if like is not None:
        groups = {dimension: merged_members(like.relations, dimension) for dimension in OTHER}
    return report_tables(cases, rules, acts, previous, groups)[0]


def knowing_merged_areas(
    publication: Publication, truth: dict[Cell, int], cases: list[Case]
) -> tuple[Publication, dict[Cell, int]]:
    """*publication* read by an attacker who knows which districts it counts under "other
    districts" (the region's districts are public; those it shows are in its area table) and
    so has an unknown for each one's total: a district of *cases* with no row of its own."""
    rows = {cell[1] for cell in publication.cells if cell[0] == "district×violation"}
    places = Counter(case.district or UNKNOWN for case in cases)
    merged = {("district", d): n for d, n in places.items() if d not in rows}
    cells = {**publication.cells, **dict.fromkeys(merged)}
    return Publication(cells=cells, relations=[]), {**truth, **merged}


def truth_of_report(data: ReportInput, rules: Rules) -> dict[Cell, int]:
    """The true cells of a report made of *data* (its cases and its people by act)."""
    return truth_of(list(data.cases), rules, dict(data.acts))


def published_cells(tables_csv: bytes) -> Publication:
    """The cells a report's tables.csv publishes (an empty figure is a hidden cell), named
    back to the cells of the disclosure control (its grand total is the row "all
    violations"); the headline's row is left to the callers that give the attacker the
    people documented (the tables' cells are what is read here)."""
    cells: dict[Cell, int | None] = {}
    for row in csv.DictReader(io.StringIO(tables_csv.decode("utf-8"))):
        cell = cell_of_row(row["table"], row["row"], row["column"])
        if cell != PEOPLE:
            cells[cell] = int(row["people"]) if row["people"] else None
    return Publication(cells=cells, relations=[])


def read_back(
    tables_csv: bytes, data: ReportInput, rules: Rules
) -> tuple[Publication, dict[Cell, int]]:
    """A report's tables.csv as an outsider reads it, with an unknown for each district it
    counts under "other districts" (:func:`knowing_merged_areas`), and the true figures of
    *data*: the merged districts' totals are the only true cells the CSV leaves out."""
    published = published_cells(tables_csv)
    truth = truth_of_report(data, rules)
    shown = {cell: value for cell, value in truth.items() if cell in published.cells}
    read, known = knowing_merged_areas(published, shown, list(data.cases))
    assert known == truth, "the CSV leaves out a cell other than a merged district's total"
    return read, truth
